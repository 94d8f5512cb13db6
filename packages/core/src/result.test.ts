import { describe, expect, it } from "vitest";
import { ChargekitError } from "./errors.js";
import { andThen, err, mapResult, ok, type Result, unwrap, unwrapOr } from "./result.js";

const half = (n: number): Result<number, string> => (n % 2 === 0 ? ok(n / 2) : err(`${n} is odd`));

describe("Result", () => {
  it("narrows on ok", () => {
    const r = half(4);
    expect(r.ok && r.value).toBe(2);
    const e = half(3);
    expect(!e.ok && e.error).toBe("3 is odd");
  });

  it("maps and chains only successes", () => {
    expect(mapResult(half(8), (n) => n + 1)).toEqual(ok(5));
    expect(mapResult(half(7), (n) => n + 1)).toEqual(err("7 is odd"));
    expect(andThen(half(8), half)).toEqual(ok(2));
    expect(andThen(half(6), half)).toEqual(err("3 is odd"));
  });

  it("unwraps, throwing the failure", () => {
    expect(unwrap(half(2))).toBe(1);
    expect(() => unwrap(half(1))).toThrow('unwrap() on a failed result: "1 is odd"');
    const error = new ChargekitError("CONFLICT", "slot taken");
    expect(() => unwrap(err(error))).toThrow(error);
    expect(unwrapOr(half(1), 0)).toBe(0);
    expect(unwrapOr(half(6), 0)).toBe(3);
  });
});

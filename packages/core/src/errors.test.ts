import { describe, expect, it, vi } from "vitest";
import { ChargekitError, isChargekitError, toChargekitError } from "./errors.js";

describe("ChargekitError", () => {
  it("carries a literal code, details, cause and a name", () => {
    const cause = new Error("socket closed");
    const error = new ChargekitError("TIMEOUT", "call timed out", { details: { action: "Reset" }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ChargekitError");
    expect(error.code).toBe("TIMEOUT");
    expect(error.details).toEqual({ action: "Reset" });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({
      name: "ChargekitError",
      code: "TIMEOUT",
      message: "call timed out",
      details: { action: "Reset" },
    });
  });

  it("defaults details to an empty object and leaves cause unset", () => {
    const error = new ChargekitError("INTERNAL", "boom");
    expect(error.details).toEqual({});
    expect("cause" in error).toBe(false);
  });

  it("accepts package-specific codes through its type parameter", () => {
    const error = new ChargekitError<"SLOT_TAKEN">("SLOT_TAKEN", "taken");
    expect(isChargekitError(error, "SLOT_TAKEN")).toBe(true);
    expect(isChargekitError(error, "TIMEOUT")).toBe(false);
  });
});

describe("isChargekitError", () => {
  it("recognises errors made by a second copy of the package", async () => {
    vi.resetModules();
    const copy = await import("./errors.js");
    expect(copy.ChargekitError).not.toBe(ChargekitError);
    const foreign = new copy.ChargekitError("CONFLICT", "from the other copy");
    expect(foreign instanceof ChargekitError).toBe(false);
    expect(isChargekitError(foreign)).toBe(true);
    expect(isChargekitError(foreign, "CONFLICT")).toBe(true);
    expect(copy.isChargekitError(new ChargekitError("CONFLICT", "x"))).toBe(true);
  });

  it("says no to look-alikes", () => {
    expect(isChargekitError(new Error("x"))).toBe(false);
    expect(isChargekitError({ code: "INTERNAL", message: "x" })).toBe(false);
    expect(isChargekitError(null)).toBe(false);
    expect(isChargekitError("ChargekitError")).toBe(false);
  });
});

describe("toChargekitError", () => {
  it("passes a ChargekitError through", () => {
    const error = new ChargekitError("NOT_FOUND", "no station");
    expect(toChargekitError(error)).toBe(error);
  });

  it("wraps an Error as the cause, keeping its message", () => {
    const original = new TypeError("bad");
    const wrapped = toChargekitError(original);
    expect(wrapped.code).toBe("INTERNAL");
    expect(wrapped.message).toBe("bad");
    expect(wrapped.cause).toBe(original);
  });

  it("describes thrown non-errors, including ones JSON cannot show", () => {
    expect(toChargekitError("oops").message).toBe('non-error value thrown: "oops"');
    expect(toChargekitError({ a: 1 }, "PORT_FAILURE").code).toBe("PORT_FAILURE");
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(toChargekitError(cyclic).message).toBe("non-error value thrown: [object Object]");
    expect(toChargekitError(undefined).message).toBe("non-error value thrown: undefined");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retryDelay } from "./backoff.js";

describe("reconnect back-off (OCPP 2.0.1 §5.3)", () => {
  const params = { waitMinimumMs: 1000, randomRangeMs: 500, repeatTimes: 3 };

  it("waits the minimum plus random, doubling up to repeatTimes, then constant", () => {
    const zero = () => 0;
    expect([0, 1, 2, 3, 4, 10].map((n) => retryDelay(n, params, zero))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(retryDelay(0, params, () => 0.5)).toBe(1250);
  });

  it("stays within [min·2^k, min·2^k + range] for every attempt and random value", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const base = params.waitMinimumMs * 2 ** Math.min(attempt, params.repeatTimes);
        const delay = retryDelay(attempt, params, () => r);
        expect(delay).toBeGreaterThanOrEqual(base);
        expect(delay).toBeLessThanOrEqual(base + params.randomRangeMs);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a negative or fractional attempt", () => {
    expect(() => retryDelay(-1, params)).toThrow(/attempt/);
    expect(() => retryDelay(1.5, params)).toThrow(/attempt/);
  });
});

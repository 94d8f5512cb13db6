import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { erlangC } from "./erlang.js";

/** The textbook Erlang C formula, summed directly (the oracle for the stable recursion). */
function direct(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  let factorial = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    if (k > 0) factorial *= k;
    sum += a ** k / factorial;
  }
  const top = (a ** c / (factorial * c)) * (c / (c - a));
  return top / (sum + top);
}

describe("Erlang C", () => {
  it("matches a worked example: λ = 2/h, μ = 1/h, 3 servers", () => {
    const r = erlangC({ arrivalRate: 2, serviceRate: 1, servers: 3 });
    expect(r.probabilityOfWaiting).toBeCloseTo(4 / 9, 10);
    expect(r.meanWait).toBeCloseTo(4 / 9, 10);
    expect(r.meanWaitWhenWaiting).toBe(1);
  });

  it("agrees with the direct formula", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (c, rho) => {
        const mu = 0.5;
        const lambda = rho * c * mu;
        expect(erlangC({ arrivalRate: lambda, serviceRate: mu, servers: c }).probabilityOfWaiting).toBeCloseTo(
          direct(lambda, mu, c),
          9,
        );
      }),
    );
  });

  it("reports an unstable queue as certain, unbounded waiting, and refuses nonsense", () => {
    expect(erlangC({ arrivalRate: 4, serviceRate: 1, servers: 3 }).meanWait).toBe(Infinity);
    expect(() => erlangC({ arrivalRate: 1, serviceRate: 0, servers: 1 })).toThrow("serviceRate > 0");
  });
});

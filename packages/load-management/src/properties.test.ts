import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryProblem } from "./arbitrary-problem.test-util.js";
import { planHorizon } from "./horizon.js";
import { allocate, toPreviousRound } from "./realtime.js";
import { verifyAllocation } from "./verify/verify-allocation.js";
import { verifyPlan } from "./verify/verify-plan.js";

const solve = (problem: Parameters<typeof allocate>[0], at: number) => allocate(problem, { at });

describe("every real-time allocation passes the independent verifier", () => {
  it("on random trees, sessions, external limits and events (properties 1–10)", () => {
    fc.assert(
      fc.property(arbitraryProblem(), (problem) => {
        const allocation = allocate(problem, { at: 1000 });
        const report = verifyAllocation(problem, allocation, { solve });
        expect(report.violations).toEqual([]);
        expect(report.checked).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }),
      { numRuns: 300 },
    );
  });

  it("in a second round with stickiness, hysteresis and ramps", () => {
    fc.assert(
      fc.property(arbitraryProblem(), fc.integer({ min: 0, max: 2 }), (problem, ramp) => {
        const settings = {
          ...problem.settings,
          hysteresisCurrent: 0.5,
          ...(ramp > 0 ? { rampCurrentPerSecond: ramp, rampPowerPerSecond: ramp * 500 } : {}),
        };
        const first = allocate({ ...problem, settings }, { at: 900 });
        const next = { ...problem, settings, previous: toPreviousRound(first) };
        const allocation = allocate(next, { at: 1000 });
        const report = verifyAllocation(next, allocation, { solve });
        expect(report.violations).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("every horizon plan passes the independent verifier", () => {
  for (const policy of ["fair", "earliestDeadline", "leastLaxity"] as const) {
    it(`under the ${policy} policy`, () => {
      fc.assert(
        fc.property(arbitraryProblem({ maxConnectors: 6, timeScale: 36_000 }), (problem) => {
          const options = { start: 0, end: 3000 * 36_000, slot: 15 * 60_000, policy };
          const plan = planHorizon(problem, options);
          const report = verifyPlan(problem, plan, { plan: (p) => planHorizon(p, options) });
          expect(report.violations).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });
  }
});

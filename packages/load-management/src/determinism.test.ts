import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryProblem } from "./arbitrary-problem.test-util.js";
import { planHorizon } from "./horizon.js";
import type { AllocationProblem } from "./model/problem.js";
import { allocate, toPreviousRound } from "./realtime.js";

/** The same problem with every list shuffled by fast-check. */
function shuffled(problem: AllocationProblem): fc.Arbitrary<AllocationProblem> {
  const perm = <T>(items: readonly T[] | undefined) =>
    fc.shuffledSubarray([...(items ?? [])], { minLength: items?.length ?? 0, maxLength: items?.length ?? 0 });
  return fc
    .record({
      nodes: perm(problem.site.nodes),
      connectors: perm(problem.site.connectors),
      sessions: perm(problem.sessions),
      externalLimits: perm(problem.externalLimits),
      demandResponse: perm(problem.demandResponse),
    })
    .map((r) => ({
      ...problem,
      site: { nodes: r.nodes, connectors: r.connectors },
      sessions: r.sessions,
      externalLimits: r.externalLimits,
      demandResponse: r.demandResponse,
    }));
}

describe("determinism", () => {
  it("a real-time round gives byte-identical output whatever the order of the input lists", () => {
    fc.assert(
      fc.property(
        arbitraryProblem().chain((p) => fc.tuple(fc.constant(p), shuffled(p))),
        ([problem, other]) => {
          expect(JSON.stringify(allocate(other, { at: 1000 }))).toBe(JSON.stringify(allocate(problem, { at: 1000 })));
          const previous = toPreviousRound(allocate(problem, { at: 900 }));
          const again = { ...problem, previous };
          expect(JSON.stringify(allocate({ ...other, previous }, { at: 1000 }))).toBe(
            JSON.stringify(allocate(again, { at: 1000 })),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("so does a plan", () => {
    fc.assert(
      fc.property(
        arbitraryProblem({ maxConnectors: 5, timeScale: 36_000 }).chain((p) => fc.tuple(fc.constant(p), shuffled(p))),
        ([problem, other]) => {
          const options = { start: 0, end: 3000 * 36_000, policy: "leastLaxity" as const };
          expect(JSON.stringify(planHorizon(other, options))).toBe(JSON.stringify(planHorizon(problem, options)));
        },
      ),
      { numRuns: 30 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryProblem } from "./arbitrary-problem.test-util.js";
import { planHorizon } from "./horizon.js";
import type { AllocationProblem } from "./model/problem.js";
import { prepareSite } from "./prepare.js";
import { allocate, toPreviousRound } from "./realtime.js";
import { randomSite } from "./testing/random-site.js";

/**
 * A prepared site keeps scratch memory and what it worked out (admission order, constraint matrix, connector
 * lookups) from one round to the next. Whatever changes between rounds, a round on it must give the same bytes as a
 * round on a fresh index of the site.
 */
describe("a prepared site reused over many rounds", () => {
  it("gives the same bytes as a fresh solve while sessions come and go, limits change and rounds chain", () => {
    fc.assert(
      fc.property(
        arbitraryProblem({ maxNodes: 8, maxConnectors: 12 }),
        fc.array(
          fc.record({
            keep: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
            reverse: fc.boolean(),
            // a session moved in time or up a class keeps its connector: what was remembered must not hold
            shift: fc.array(fc.integer({ min: -400, max: 400 }), { minLength: 12, maxLength: 12 }),
            promote: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
            at: fc.integer({ min: 800, max: 1600 }),
            chain: fc.boolean(),
            continuous: fc.boolean(),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        (problem, rounds) => {
          const prepared = prepareSite(structuredClone(problem.site));
          let last: ReturnType<typeof allocate> | undefined;
          for (const round of rounds) {
            const sessions = problem.sessions
              .map((s, k) => ({
                ...s,
                arrival: Math.max(0, s.arrival + (round.shift[k] ?? 0)),
                ...(round.promote[k] === true ? { priority: (s.priority ?? 0) + 1 } : {}),
              }))
              .filter((_, k) => round.keep[k] !== false);
            if (round.reverse) sessions.reverse();
            const base: AllocationProblem = { ...problem, sessions };
            const input = round.chain && last !== undefined ? { ...base, previous: toPreviousRound(last) } : base;
            const options = { at: round.at, ...(round.continuous ? { continuous: true } : {}) };
            const fresh = allocate(input, options);
            const reused = allocate({ ...input, site: prepared.site }, { ...options, prepared });
            expect(JSON.stringify(reused)).toBe(JSON.stringify(fresh));
            last = fresh;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives the same bytes as a fresh solve on a large site, round after round and across plans", () => {
    // limits too tight for every minimum: the admission order decides who charges
    const problem = randomSite({ seed: 7, connectors: 600, tightness: [0.15, 0.35] });
    const prepared = prepareSite(problem.site);
    const at = 86_400_000;
    const mirrored = problem.sessions.map((s) => ({ ...s, arrival: at - s.arrival }));
    const promoted = problem.sessions.map((s, k) => (k % 2 === 0 ? { ...s, priority: (s.priority ?? 0) + 1 } : s));
    // the same sessions on the same connectors, some now charging on one phase only (other rows, other coefficients)
    const rephased = problem.sessions.map((s, k) => {
      if (k % 4 !== 0) return s;
      const { phases, ...rest } = s;
      return phases === 1 ? rest : { ...rest, phases: 1 as const };
    });
    const variants: AllocationProblem[] = [
      problem,
      { ...problem, sessions: problem.sessions.slice(1) },
      { ...problem, sessions: problem.sessions.slice(0, -1) },
      { ...problem, sessions: problem.sessions.filter((_, k) => k % 3 !== 0) },
      problem,
      { ...problem, sessions: mirrored },
      { ...problem, sessions: promoted },
      problem,
      { ...problem, sessions: rephased },
      // a power limit where there was none: other rows, the same sessions
      { ...problem, externalLimits: [{ id: "hems", node: "grid", limits: { importPower: 300_000 } }] },
      problem,
    ];
    for (const variant of variants) {
      expect(JSON.stringify(allocate(variant, { at, prepared }))).toBe(
        JSON.stringify(allocate({ ...variant, site: structuredClone(variant.site) }, { at })),
      );
    }
    const options = { start: at, end: at + 3_600_000 };
    expect(JSON.stringify(planHorizon(problem, { ...options, prepared }))).toBe(
      JSON.stringify(planHorizon({ ...problem, site: structuredClone(problem.site) }, options)),
    );
    expect(JSON.stringify(allocate(problem, { at, prepared }))).toBe(
      JSON.stringify(allocate({ ...problem, site: structuredClone(problem.site) }, { at })),
    );
  });
});

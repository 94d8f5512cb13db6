import type { Allocation } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import { checkBounds } from "./check-bounds.js";
import { checkCapacity } from "./check-capacity.js";
import { checkEfficiency } from "./check-efficiency.js";
import { checkFairness } from "./check-fairness.js";
import { checkDeterminism, checkTightening } from "./check-relational.js";
import { checkSchedules } from "./check-schedules.js";
import type { PropertyNumber, VerificationReport, Violation } from "./types.js";
import { snapshot } from "./view.js";

/**
 * Options of {@link verifyAllocation}.
 *
 * @category Verifier
 */
export interface VerifyOptions {
  /**
   * The solver to re-run for the relational properties: 8 (the same input in another order gives the same output)
   * and 9 (a lower limit is met in the same solve without raising the sessions below it by more than a step). The
   * verifier only calls it; it shares no code with it.
   */
  readonly solve?: (problem: AllocationProblem, at: number) => Allocation;
}

/** Most violations a report lists. */
export const MAX_VIOLATIONS = 1000;

/**
 * Checks a real-time allocation against the definition of a correct allocation (properties 1–7 and 10; 8 and 9
 * too when `options.solve` is given) with its own reading of the model: its own limit intersection, phase
 * mapping, grids, admission order and load sums. It shares no code with the solver, so a solver bug cannot hide
 * behind the same bug here.
 *
 * @example
 * ```ts
 * const allocation = allocate(problem, { at });
 * const report = verifyAllocation(problem, allocation, { solve: (p, t) => allocate(p, { at: t }) });
 * if (!report.ok) console.error(report.violations);
 * ```
 * @category Verifier
 */
export function verifyAllocation(
  problem: AllocationProblem,
  allocation: Allocation,
  options: VerifyOptions = {},
): VerificationReport {
  const out: Violation[] = [];
  const view = snapshot(problem, allocation.at, allocation.setpoints, { usePrevious: true });
  for (const message of view.problems) out.push({ property: 1, message });
  checkCoverage(problem, allocation, out);
  checkBounds(view, out);
  checkCapacity(view, out);
  checkEfficiency(view, out);
  checkFairness(view, out);
  checkSchedules(allocation.schedules, allocation.setpoints, allocation.at, out);
  const checked: PropertyNumber[] = [1, 2, 3, 4, 5, 6, 7, 10];
  if (options.solve !== undefined) {
    checkDeterminism(problem, allocation, options.solve, out);
    checkTightening(problem, allocation, view, options.solve, out);
    checked.push(8, 9);
  }
  return { ok: out.length === 0, violations: out.slice(0, MAX_VIOLATIONS), checked: checked.sort((a, b) => a - b) };
}

/** Every connector has exactly one setpoint, and it names the session present on it (or none). */
function checkCoverage(problem: AllocationProblem, allocation: Allocation, out: Violation[]): void {
  const t = allocation.at;
  const present = new Map<string, string>();
  for (const s of problem.sessions) {
    if (s.arrival <= t && (s.departure === undefined || t < s.departure)) present.set(s.connector, s.id);
  }
  const seen = new Set<string>();
  for (const setpoint of allocation.setpoints) {
    if (seen.has(setpoint.connector))
      out.push({ property: 1, message: "two setpoints", connector: setpoint.connector });
    seen.add(setpoint.connector);
    const expected = present.get(setpoint.connector);
    if (setpoint.session !== expected) {
      out.push({
        property: 1,
        message: `names session ${String(setpoint.session)}, present is ${String(expected)}`,
        connector: setpoint.connector,
      });
    }
    if (expected === undefined && setpoint.value !== 0) {
      out.push({ property: 1, message: `idle connector set to ${setpoint.value}`, connector: setpoint.connector });
    }
  }
  for (const c of problem.site.connectors) {
    if (!seen.has(c.id)) out.push({ property: 1, message: "no setpoint", connector: c.id });
  }
}

import { validatePowerSchedule } from "@chargekit/core";
import type { Plan } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import type { Session } from "../model/session.js";
import type { Connector } from "../model/site.js";
import { checkBounds } from "./check-bounds.js";
import { checkCapacity } from "./check-capacity.js";
import { checkEfficiency } from "./check-efficiency.js";
import { checkFairness } from "./check-fairness.js";
import { permuted } from "./check-relational.js";
import { checkSchedules } from "./check-schedules.js";
import type { PropertyNumber, VerificationReport, Violation } from "./types.js";
import { MAX_VIOLATIONS } from "./verify-allocation.js";
import { snapshot } from "./view.js";

const HOUR = 3_600_000;

/**
 * Options of {@link verifyPlan}.
 *
 * @category Verifier
 */
export interface VerifyPlanOptions {
  /** The planner to re-run with the input lists permuted (property 8); the verifier only calls it. */
  readonly plan?: (problem: AllocationProblem) => Plan;
}

/** Every instant in (start, end) where an input changes, by the verifier's own reading. */
function changes(problem: AllocationProblem, start: number, end: number): number[] {
  const out = new Set<number>();
  const add = (t: number | undefined) => {
    if (t !== undefined && t > start && t < end) out.add(t);
  };
  for (const n of problem.site.nodes) for (const c of n.changes ?? []) add(c.from);
  for (const x of problem.externalLimits ?? []) {
    add(x.from);
    add(x.until);
  }
  for (const e of problem.demandResponse ?? []) {
    add(e.start);
    add(e.end);
  }
  for (const s of problem.sessions) {
    add(s.arrival);
    add(s.departure);
  }
  return [...out];
}

function powerPerUnit(connector: Connector, session: Session): number {
  if (connector.kind === "DC") return 1;
  if (connector.wiring === "line-to-line") return connector.voltage ?? 400;
  return (connector.voltage ?? 230) * (session.phases ?? connector.phases ?? 3);
}

function laxity(connector: Connector, session: Session, t: number, remaining: number | undefined, unit: number) {
  if (session.departure === undefined) return Number.POSITIVE_INFINITY;
  const connectorMax =
    session.mode === "discharge"
      ? (connector.discharge?.max ?? 0)
      : connector.kind === "AC"
        ? connector.maxCurrent
        : connector.maxPower;
  const evMax = connector.kind === "AC" ? (session.maxCurrent ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  const full = Math.min(Math.min(connectorMax, evMax) * unit, session.maxPower ?? Number.POSITIVE_INFINITY);
  const needed = remaining === undefined || !(full > 0) ? 0 : (Math.max(0, remaining) * HOUR) / full;
  return session.departure - t - needed;
}

/**
 * Checks a horizon plan slot by slot with the verifier's own model: slots cover the horizon and split at every input
 * change; in each slot properties 1–7 hold with the energy still needed as a bound (taken from the plan's own
 * earlier slots) and the policy's order (earliest deadline or least laxity as classes within a priority); each
 * connector's schedule carries its slot setpoints (10). With `options.plan`, property 8 too.
 *
 * @category Verifier
 */
export function verifyPlan(
  problem: AllocationProblem,
  plan: Plan,
  options: VerifyPlanOptions = {},
): VerificationReport {
  const out: Violation[] = [];
  const { previous: _ignored, ...base } = problem;
  const slots = plan.slots;
  if (slots[0]?.start !== plan.start || slots[slots.length - 1]?.end !== plan.end) {
    out.push({ property: 10, message: "the slots do not cover the horizon" });
  }
  const bounds = new Set<number>();
  slots.forEach((slot, k) => {
    bounds.add(slot.start);
    if (k > 0 && slots[k - 1]?.end !== slot.start)
      out.push({ property: 10, message: "slots are not back to back", slot: slot.start });
  });
  for (const t of changes(problem, plan.start, plan.end)) {
    if (!bounds.has(t)) out.push({ property: 3, message: `an input changes at ${t} inside a slot`, slot: t });
  }
  for (const entry of plan.schedules) {
    const valid = validatePowerSchedule(entry.schedule);
    if (!valid.ok) out.push({ property: 10, message: valid.error.message, connector: entry.connector });
  }
  const connectors = new Map(problem.site.connectors.map((c) => [c.id, c]));
  const left = new Map<string, number>();
  for (const s of problem.sessions) {
    const amount = s.mode === "discharge" ? s.energyAvailable : s.energyNeeded;
    if (amount !== undefined) left.set(s.id, amount);
  }
  for (const slot of slots) {
    const hours = (slot.end - slot.start) / HOUR;
    const energyCap = new Map<string, number>();
    const policyKey = new Map<string, number>();
    for (const s of problem.sessions) {
      if (!(s.arrival <= slot.start && (s.departure === undefined || slot.start < s.departure))) continue;
      const connector = connectors.get(s.connector);
      if (connector === undefined) continue;
      const unit = powerPerUnit(connector, s);
      const remaining = left.get(s.id);
      if (remaining !== undefined) energyCap.set(s.id, remaining > 1e-3 ? remaining / (unit * hours) : 0);
      if (plan.policy === "earliestDeadline") policyKey.set(s.id, s.departure ?? Number.POSITIVE_INFINITY);
      if (plan.policy === "leastLaxity") policyKey.set(s.id, laxity(connector, s, slot.start, remaining, unit));
    }
    const found: Violation[] = [];
    const view = snapshot(base, slot.start, slot.setpoints, {
      energyCap,
      policyKey,
      policy: plan.policy,
      usePrevious: false,
    });
    for (const message of view.problems) found.push({ property: 1, message });
    checkBounds(view, found);
    checkCapacity(view, found);
    checkEfficiency(view, found);
    checkFairness(view, found);
    checkSchedules(plan.schedules, slot.setpoints, slot.start, found, slot.start);
    for (const v of found) out.push({ ...v, slot: slot.start });
    for (const s of view.sessions) {
      const before = left.get(s.session.id);
      if (before !== undefined)
        left.set(s.session.id, before - Math.min(Math.max(0, before), s.magnitude * s.powerCoef * hours));
    }
    if (out.length >= MAX_VIOLATIONS) break;
  }
  const checked: PropertyNumber[] = [1, 2, 3, 4, 5, 6, 7, 10];
  if (options.plan !== undefined) {
    const reference = JSON.stringify(plan);
    for (const by of [0, 1]) {
      if (JSON.stringify(options.plan(by === 0 ? problem : permuted(problem, by + 1))) !== reference) {
        out.push({
          property: 8,
          message: by === 0 ? "the same input gave another plan" : "permuting the input changed the plan",
        });
        break;
      }
    }
    checked.push(8);
  }
  return { ok: out.length === 0, violations: out.slice(0, MAX_VIOLATIONS), checked: checked.sort((a, b) => a - b) };
}

import { describe, expect, it } from "vitest";
import { MAX_PLAN_SLOTS, planHorizon } from "./horizon.js";
import type { PlanPolicy } from "./model/allocation.js";
import type { AllocationProblem } from "./model/problem.js";
import { verifyPlan } from "./verify/verify-plan.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 21, 8);

const problem: AllocationProblem = {
  site: {
    nodes: [{ id: "grid", limits: { importCurrent: 16 } }],
    connectors: [
      { id: "a", node: "grid", kind: "AC", maxCurrent: 32 },
      { id: "b", node: "grid", kind: "AC", maxCurrent: 32 },
      { id: "c", node: "grid", kind: "AC", maxCurrent: 16 },
    ],
  },
  sessions: [
    { id: "soon", connector: "a", arrival: T0, departure: T0 + 2 * HOUR, energyNeeded: 16_000 },
    { id: "late", connector: "b", arrival: T0, departure: T0 + 8 * HOUR, energyNeeded: 11_000 },
    { id: "small", connector: "c", arrival: T0 + 3 * HOUR, departure: T0 + 9 * HOUR, energyNeeded: 1_000 },
  ],
};

function plan(policy: PlanPolicy) {
  const options = { start: T0, end: T0 + 10 * HOUR, policy };
  const result = planHorizon(problem, options);
  expect(verifyPlan(problem, result, { plan: (p) => planHorizon(p, options) }).violations).toEqual([]);
  return result;
}

const energy = (p: ReturnType<typeof plan>, session: string) =>
  p.energy.find((e) => e.session === session)?.planned ?? 0;

describe("horizon planning", () => {
  it("fair sharing splits the node, and the early leaver falls short", () => {
    const fair = plan("fair");
    expect(fair.slots[0]?.setpoints.map((s) => s.value)).toEqual([8, 8, 0]);
    // 8 A each for 1 h 45; in the last quarter "late" needs only 7.8 A and "soon" takes the rest
    expect(fair.slots[7]?.setpoints.map((s) => s.value)).toEqual([8.2, 7.8, 0]);
    expect(energy(fair, "soon")).toBeCloseTo((7 * 8 + 8.2) * 690 * 0.25, 6);
    expect(energy(fair, "soon")).toBeLessThan(16_000);
  });

  it("earliest deadline first serves the early leaver first (above every minimum)", () => {
    const edf = plan("earliestDeadline");
    expect(edf.slots[0]?.setpoints.map((s) => s.value)).toEqual([10, 6, 0]);
    expect(energy(edf, "soon")).toBeGreaterThan(energy(plan("fair"), "soon"));
    expect(energy(edf, "late")).toBeCloseTo(11_000, -2);
  });

  it("least laxity first agrees here and never plans more energy than needed", () => {
    const llf = plan("leastLaxity");
    expect(llf.slots[0]?.setpoints.map((s) => s.value)).toEqual([10, 6, 0]);
    for (const e of llf.energy) if (e.needed !== undefined) expect(e.planned).toBeLessThanOrEqual(e.needed + 1e-6);
  });

  it("a session that got its energy drops to 0, named by limitedBy energy", () => {
    const fair = plan("fair");
    const last = fair.slots.find((s) => s.start >= T0 + 9 * HOUR - 1);
    expect(last?.setpoints.find((s) => s.connector === "b")).toMatchObject({ value: 0 });
    const small = fair.slots.filter((s) => s.start >= T0 + 3 * HOUR).map((s) => s.setpoints[2]);
    expect(small.some((s) => s?.limitedBy.kind === "energy" && s.value === 0)).toBe(true);
  });

  it("schedules cover the horizon, merge equal slots and say 0 where no session is", () => {
    const fair = plan("fair");
    const c = fair.schedules.find((s) => s.connector === "c");
    expect(c?.session).toBe("small");
    expect(c?.schedule.start).toBe(T0);
    expect(c?.schedule.end).toBe(T0 + 10 * HOUR);
    expect(c?.schedule.periods[0]).toEqual({ startOffset: 0, limit: 0 });
    expect(c?.schedule.periods[1]?.startOffset).toBe(3 * HOUR);
    const offsets = (c?.schedule.periods ?? []).map((p) => p.startOffset);
    expect(new Set(offsets).size).toBe(offsets.length);
  });

  it("rejects a bad horizon and too many slots", () => {
    expect(() => planHorizon(problem, { start: T0, end: T0 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
    expect(() => planHorizon(problem, { start: T0, slot: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
    expect(() => planHorizon(problem, { start: T0, end: T0 + (MAX_PLAN_SLOTS + 1) * MIN, slot: MIN })).toThrow(
      expect.objectContaining({ code: "LIMIT_EXCEEDED" }),
    );
  });
});

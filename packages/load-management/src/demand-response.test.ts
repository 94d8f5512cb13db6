import { describe, expect, it } from "vitest";
import { planHorizon } from "./horizon.js";
import type { DemandResponseEvent } from "./model/demand-response.js";
import type { AllocationProblem } from "./model/problem.js";
import { allocate } from "./realtime.js";
import { verifyAllocation } from "./verify/verify-allocation.js";
import { verifyPlan } from "./verify/verify-plan.js";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 21, 10);

function problemWith(events: DemandResponseEvent[], extra: Partial<AllocationProblem> = {}): AllocationProblem {
  return {
    site: {
      nodes: [
        { id: "grid", limits: { importCurrent: 63 } },
        { id: "garage", parent: "grid", limits: { importPower: 40_000 } },
      ],
      connectors: ["a", "b", "c"].map((id) => ({ id, node: "garage", kind: "AC" as const, maxCurrent: 32 })),
    },
    sessions: ["a", "b", "c"].map((c, k) => ({ id: `s-${c}`, connector: c, arrival: T0 - 60 * MIN + k })),
    demandResponse: events,
    ...extra,
  };
}

const solve = (p: AllocationProblem, at: number) => allocate(p, { at });

describe("demand response", () => {
  it("a cap arriving mid-round is met in the very round it starts, and announced by validUntil before", () => {
    const event: DemandResponseEvent = {
      id: "dso-1",
      node: "grid",
      start: T0 + 7 * MIN,
      end: T0 + 67 * MIN,
      signal: { capKw: 20 },
    };
    const problem = problemWith([event]);
    const before = allocate(problem, { at: T0 });
    expect(before.validUntil).toBe(T0 + 7 * MIN);
    expect(before.demandResponse).toEqual([]);
    // 40 kW on the garage: 57.97 A of three-phase current, 19.3 A each after rounding (the 0.07 A left is less than a step)
    expect(before.setpoints.map((s) => s.value)).toEqual([19.3, 19.3, 19.3]);
    const unconstrained = before.nodes.find((n) => n.node === "grid")?.importPower ?? 0;
    const during = allocate(problem, { at: T0 + 7 * MIN });
    expect(verifyAllocation(problem, during, { solve }).violations).toEqual([]);
    const grid = during.nodes.find((n) => n.node === "grid");
    expect(grid?.importPower).toBeLessThanOrEqual(20_000);
    expect(during.setpoints.every((s) => s.limitedBy.kind === "demandResponse")).toBe(true);
    expect(during.setpoints[0]?.limitedBy).toEqual({
      kind: "demandResponse",
      event: "dso-1",
      node: "grid",
      direction: "import",
    });
    const [report] = during.demandResponse;
    expect(report).toMatchObject({ event: "dso-1", node: "grid", compliant: true, energyShed: 0 });
    expect(report?.samples[0]?.cap).toBe(20_000);
    expect(report?.samples[0]?.baseline).toBeCloseTo(unconstrained, 6);
    expect(report?.samples[0]?.shed).toBeCloseTo(unconstrained - (grid?.importPower ?? 0), 6);
  });

  it("a plan splits the slot where an event starts and reports the shed energy", () => {
    const event: DemandResponseEvent = {
      id: "dso-1",
      node: "grid",
      start: T0 + 7 * MIN,
      end: T0 + 37 * MIN,
      signal: { capKw: 20 },
    };
    const problem = problemWith([event]);
    const plan = planHorizon(problem, { start: T0, end: T0 + 60 * MIN });
    expect(verifyPlan(problem, plan).violations).toEqual([]);
    expect(plan.slots.map((s) => (s.start - T0) / MIN)).toEqual([0, 7, 15, 30, 37, 45]);
    const [report] = plan.demandResponse;
    expect(report?.samples.map((s) => [(s.start - T0) / MIN, ((s.end ?? 0) - T0) / MIN])).toEqual([
      [7, 15],
      [15, 30],
      [30, 37],
    ]);
    const shed = (report?.samples ?? []).reduce((sum, s) => sum + (s.shed * ((s.end ?? 0) - s.start)) / 3_600_000, 0);
    expect(report?.energyShed).toBeCloseTo(shed, 6);
    expect(report?.energyShed).toBeGreaterThan(9_000);
    // the grid draw before the event is unchanged, during it within the cap
    const powerIn = (slot: number) => plan.slots[slot]?.setpoints.reduce((sum, s) => sum + s.power, 0) ?? 0;
    expect(powerIn(0)).toBeGreaterThan(39_000);
    expect(powerIn(1)).toBeLessThanOrEqual(20_000);
  });

  it("a relative reduction cuts the node's limit; OpenADR SIMPLE levels go through the table", () => {
    const reduction = problemWith([{ id: "r", node: "garage", start: 0, end: T0 * 2, signal: { reduction: 0.5 } }]);
    const cut = allocate(reduction, { at: T0 });
    expect(verifyAllocation(reduction, cut, { solve }).violations).toEqual([]);
    expect(cut.demandResponse[0]?.samples[0]?.cap).toBe(20_000);
    const level2 = problemWith([{ id: "l2", node: "garage", start: 0, end: T0 * 2, signal: { level: 2 } }]);
    expect(allocate(level2, { at: T0 }).demandResponse[0]?.samples[0]?.cap).toBe(16_000);
    const table = problemWith([{ id: "l1", node: "garage", start: 0, end: T0 * 2, signal: { level: 1 } }], {
      settings: { simpleLevels: { 0: { reduction: 0 }, 1: { capKw: 11 }, 2: { capKw: 7 }, 3: { minimumOnly: true } } },
    });
    expect(allocate(table, { at: T0 }).demandResponse[0]?.samples[0]?.cap).toBe(11_000);
  });

  it("level 3 holds every session below the node at its minimum", () => {
    const problem = problemWith([{ id: "l3", node: "garage", start: 0, end: T0 * 2, signal: { level: 3 } }]);
    const allocation = allocate(problem, { at: T0 });
    expect(verifyAllocation(problem, allocation, { solve }).violations).toEqual([]);
    expect(allocation.setpoints.map((s) => s.value)).toEqual([6, 6, 6]);
    expect(allocation.setpoints[0]?.limitedBy).toEqual({
      kind: "demandResponse",
      event: "l3",
      node: "garage",
      direction: "import",
    });
    expect(allocation.demandResponse[0]).toMatchObject({ compliant: true });
  });

  it("an export cap limits what V2G may feed back", () => {
    const problem: AllocationProblem = {
      site: {
        nodes: [{ id: "grid", limits: { importCurrent: 63, exportCurrent: 32 } }],
        connectors: [{ id: "a", node: "grid", kind: "AC", maxCurrent: 32, discharge: { min: 6, max: 32 } }],
      },
      sessions: [{ id: "s", connector: "a", arrival: 0, mode: "discharge" }],
      demandResponse: [{ id: "x", node: "grid", start: 0, end: T0 * 2, signal: { capKw: 6.9 }, direction: "export" }],
    };
    const allocation = allocate(problem, { at: T0 });
    expect(verifyAllocation(problem, allocation, { solve }).violations).toEqual([]);
    expect(allocation.setpoints[0]).toMatchObject({
      value: -10,
      limitedBy: { kind: "demandResponse", event: "x", direction: "export" },
    });
  });
});

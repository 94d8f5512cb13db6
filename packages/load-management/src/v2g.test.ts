import { describe, expect, it } from "vitest";
import type { AllocationProblem } from "./model/problem.js";
import { allocate } from "./realtime.js";
import { verifyAllocation } from "./verify/verify-allocation.js";

const solve = (p: AllocationProblem, at: number) => allocate(p, { at });

function problem(allowNetting: boolean): AllocationProblem {
  return {
    site: {
      nodes: [{ id: "grid", limits: { importCurrent: 16, exportCurrent: 10 } }],
      connectors: [
        { id: "v2g", node: "grid", kind: "AC", maxCurrent: 32, discharge: { min: 6, max: 32 } },
        { id: "ev", node: "grid", kind: "AC", maxCurrent: 32 },
      ],
    },
    sessions: [
      { id: "giving", connector: "v2g", arrival: 0, mode: "discharge" },
      { id: "taking", connector: "ev", arrival: 1 },
    ],
    settings: { allowNetting },
  };
}

describe("V2G export", () => {
  it("discharge stays within the export limit and is not import headroom without netting", () => {
    const p = problem(false);
    const allocation = allocate(p, { at: 10 });
    expect(verifyAllocation(p, allocation, { solve }).violations).toEqual([]);
    const [taking, giving] = allocation.setpoints; // by connector id: "ev", "v2g"
    expect(giving).toMatchObject({
      value: -10,
      limitedBy: { kind: "node", node: "grid", phase: "L1", direction: "export" },
    });
    expect(taking).toMatchObject({ value: 16, limitedBy: { kind: "node", phase: "L1", direction: "import" } });
    expect(allocation.nodes[0]).toMatchObject({ importCurrent: { L1: 16 }, exportCurrent: { L1: 10 } });
  });

  it("with netting allowed the discharge below a node adds to its import headroom", () => {
    const p = problem(true);
    const allocation = allocate(p, { at: 10 });
    expect(verifyAllocation(p, allocation, { solve }).violations).toEqual([]);
    expect(allocation.setpoints.map((s) => s.value)).toEqual([26, -10]);
    expect(allocation.nodes[0]?.importCurrent.L1).toBe(16);
  });

  it("a V2G period carries the setpoint and the discharge limit, with no import", () => {
    const allocation = allocate(problem(false), { at: 10 });
    expect(allocation.schedules.find((s) => s.connector === "v2g")?.schedule.periods).toEqual([
      { startOffset: 0, limit: 0, phases: 3, setpoint: -10, dischargeLimit: 10 },
    ]);
    expect(allocation.setpoints[1]?.power).toBe(-10 * 230 * 3);
  });

  it("a discharging session with nothing left to give gets 0", () => {
    const p = problem(false);
    const allocation = allocate(
      { ...p, sessions: [{ id: "giving", connector: "v2g", arrival: 0, mode: "discharge", energyAvailable: 0 }] },
      { at: 10 },
    );
    expect(allocation.setpoints[1]).toMatchObject({ value: 0, admitted: false, limitedBy: { kind: "energy" } });
  });
});

import { describe, expect, it } from "vitest";
import type { Allocation, Setpoint } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import { allocate } from "../realtime.js";
import type { PropertyNumber } from "./types.js";
import { verifyAllocation } from "./verify-allocation.js";

const problem: AllocationProblem = {
  site: {
    nodes: [{ id: "grid", limits: { importCurrent: 16 } }],
    connectors: [
      { id: "a", node: "grid", kind: "AC", maxCurrent: 32 },
      { id: "b", node: "grid", kind: "AC", maxCurrent: 32 },
      { id: "idle", node: "grid", kind: "AC", maxCurrent: 32 },
    ],
  },
  sessions: [
    { id: "s-a", connector: "a", arrival: 0 },
    { id: "s-b", connector: "b", arrival: 1 },
  ],
};
const good = allocate(problem, { at: 10 });

/** The good allocation with some setpoints replaced (and their schedules kept in step unless `schedules` is false). */
function tampered(changes: Record<string, Partial<Setpoint>>, schedules = true): Allocation {
  const setpoints = good.setpoints.map((s) => ({ ...s, ...changes[s.connector] }) as Setpoint);
  return {
    ...good,
    setpoints,
    schedules: schedules
      ? good.schedules.map((entry) => {
          const s = setpoints.find((x) => x.connector === entry.connector);
          const period = entry.schedule.periods[0];
          return {
            ...entry,
            schedule: { ...entry.schedule, periods: [{ ...period, startOffset: 0, limit: s?.value ?? 0 }] },
          };
        })
      : good.schedules,
  };
}

function broken(p: AllocationProblem, allocation: Allocation, options = {}): PropertyNumber[] {
  return [...new Set(verifyAllocation(p, allocation, options).violations.map((v) => v.property))].sort((x, y) => x - y);
}

describe("the verifier catches a broken allocation", () => {
  it("passes the solver's own allocation", () => {
    expect(good.setpoints.map((s) => s.value)).toEqual([8, 8, 0]);
    expect(verifyAllocation(problem, good).ok).toBe(true);
  });

  it("1: a value between 0 and the minimum, or on an idle connector", () => {
    expect(broken(problem, tampered({ a: { value: 3 } }))).toContain(1);
    expect(broken(problem, tampered({ idle: { value: 6 } }, false))).toContain(1);
  });

  it("2: a value off the 0.1 A grid", () => {
    // the schedule then carries a limit with two decimals too
    expect(broken(problem, tampered({ a: { value: 7.95 } }))).toEqual([2, 10]);
  });

  it("3: a limit exceeded after rounding", () => {
    expect(broken(problem, tampered({ a: { value: 8.1 } }))).toContain(3);
  });

  it("4: import that relies on discharge without netting", () => {
    const v2g: AllocationProblem = {
      site: {
        nodes: [{ id: "grid", limits: { importCurrent: 16, exportCurrent: 10 } }],
        connectors: [
          { id: "a", node: "grid", kind: "AC", maxCurrent: 32 },
          { id: "v", node: "grid", kind: "AC", maxCurrent: 32, discharge: { min: 6, max: 32 } },
        ],
      },
      sessions: [
        { id: "s-a", connector: "a", arrival: 0 },
        { id: "s-v", connector: "v", arrival: 0, mode: "discharge" },
      ],
    };
    const allocation = allocate(v2g, { at: 10 });
    const netted = {
      ...allocation,
      setpoints: allocation.setpoints.map((s) => (s.connector === "a" ? { ...s, value: 26 } : s)),
    };
    expect(broken(v2g, netted)).toContain(4);
  });

  it("5: a session left below its maximum with room to rise, a wrongful rejection, a false limitedBy", () => {
    expect(broken(problem, tampered({ a: { value: 7 } }))).toEqual([5]);
    expect(broken(problem, tampered({ a: { value: 0, admitted: false }, b: { value: 16 } }))).toContain(5);
    expect(broken(problem, tampered({ a: { limitedBy: { kind: "maximum", of: "ev" } } }))).toEqual([5]);
  });

  it("6: an unfair split", () => {
    expect(broken(problem, tampered({ a: { value: 9 }, b: { value: 7 } }))).toEqual([6]);
  });

  it("7: a lower priority above its minimum while a higher one could use it", () => {
    const prioritised = {
      ...problem,
      sessions: [{ ...problem.sessions[0], priority: 1 }, problem.sessions[1]],
    } as AllocationProblem;
    const allocation = allocate(prioritised, { at: 10 });
    expect(allocation.setpoints.map((s) => s.value)).toEqual([10, 6, 0]);
    const swapped = {
      ...allocation,
      setpoints: allocation.setpoints.map((s) =>
        s.connector === "a" ? { ...s, value: 6 } : s.connector === "b" ? { ...s, value: 10 } : s,
      ),
      schedules: allocation.schedules.map((e) => ({
        ...e,
        schedule: {
          ...e.schedule,
          periods: [{ startOffset: 0, limit: e.connector === "a" ? 6 : 10, phases: 3 as const }],
        },
      })),
    };
    expect(broken(prioritised, swapped)).toContain(7);
  });

  it("8: an output that depends on the input order", () => {
    const orderDependent = (p: AllocationProblem, at: number) => {
      const a = allocate(p, { at });
      return p.sessions[0]?.id === "s-a" ? a : { ...a, setpoints: [...a.setpoints].reverse() };
    };
    expect(broken(problem, good, { solve: orderDependent })).toEqual([8]);
  });

  it("9: a tighter limit not met in the same solve", () => {
    const ignoresExternal = (p: AllocationProblem, at: number) => allocate({ ...p, externalLimits: [] }, { at });
    expect(broken(problem, good, { solve: ignoresExternal })).toEqual([9]);
  });

  it("10: a schedule that does not carry the setpoint", () => {
    const wrong = {
      ...good,
      schedules: good.schedules.map((e) => ({
        ...e,
        schedule: { ...e.schedule, periods: [{ startOffset: 0, limit: 7, phases: 3 as const }] },
      })),
    };
    expect(broken(problem, wrong)).toEqual([10]);
    expect(broken(problem, { ...good, schedules: [] })).toEqual([10]);
  });
});

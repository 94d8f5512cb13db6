import { describe, expect, it } from "vitest";
import type { AllocationProblem } from "./model/problem.js";
import type { Session } from "./model/session.js";
import { prepareSite } from "./prepare.js";
import { allocate, toPreviousRound } from "./realtime.js";
import { verifyAllocation } from "./verify/verify-allocation.js";

const solve = (p: AllocationProblem, at: number) => allocate(p, { at });

function site(limit: number, count: number): AllocationProblem["site"] {
  return {
    nodes: [{ id: "grid", limits: { importCurrent: limit } }],
    connectors: Array.from({ length: count }, (_, k) => ({
      id: `c${k}`,
      node: "grid",
      kind: "AC" as const,
      maxCurrent: 32,
    })),
  };
}

/** Two rounds: the first at 100 with `first`, the second at `at` with `second` and the first as previous, `at` ms later. */
function twoRounds(
  limit: number,
  first: Session[],
  second: Session[],
  settings: AllocationProblem["settings"] = {},
  at = 1000,
  secondLimit = limit,
) {
  const count = Math.max(first.length, second.length, 3);
  const one: AllocationProblem = { site: site(limit, count), sessions: first, settings };
  const a = allocate(one, { at: 100 });
  const two: AllocationProblem = {
    site: site(secondLimit, count),
    sessions: second,
    settings,
    previous: toPreviousRound(a),
  };
  const b = allocate(two, { at: 100 + at });
  expect(verifyAllocation(two, b, { solve }).violations).toEqual([]);
  return { a, b };
}

const s = (k: number, arrival = k): Session => ({ id: `s${k}`, connector: `c${k}`, arrival });

describe("stability between rounds", () => {
  it("an admitted session is not shed for a new one of the same priority that arrived earlier", () => {
    const { a, b } = twoRounds(8, [s(1, 10)], [s(1, 10), s(0, 0)]);
    expect(a.setpoints[1]).toMatchObject({ admitted: true, value: 8 });
    expect(b.setpoints[0]).toMatchObject({ session: "s0", admitted: false });
    expect(b.setpoints[1]).toMatchObject({ session: "s1", admitted: true, value: 8, changed: false });
  });

  it("without the previous round the earlier arrival would win", () => {
    const fresh = allocate({ site: site(8, 3), sessions: [s(1, 10), s(0, 0)] }, { at: 1000 });
    expect(fresh.setpoints[0]).toMatchObject({ session: "s0", admitted: true });
  });

  it("a higher priority still takes the place of a sticky session", () => {
    const { b } = twoRounds(8, [s(1, 10)], [s(1, 10), { ...s(0, 20), priority: 1 }]);
    expect(b.setpoints.map((x) => x.admitted)).toEqual([true, false, false]);
  });

  it("an increase below the hysteresis is not applied and not sent", () => {
    // 3 sessions share 20 A (6.7/6.7/6.6); when the limit rises to 21 A each would gain 0.3 A
    const { a, b } = twoRounds(20, [s(0), s(1), s(2)], [s(0), s(1), s(2)], {}, 1000, 21);
    expect(a.setpoints.map((x) => x.value)).toEqual([6.7, 6.7, 6.6]);
    expect(b.setpoints.map((x) => x.value)).toEqual([6.7, 6.7, 6.6]);
    expect(b.setpoints.every((x) => x.limitedBy.kind === "hysteresis" && !x.changed)).toBe(true);
  });

  it("an increase of at least the hysteresis is applied", () => {
    const { b } = twoRounds(20, [s(0), s(1), s(2)], [s(0), s(1), s(2)], {}, 1000, 23);
    expect(b.setpoints.map((x) => x.value)).toEqual([7.7, 7.7, 7.6]);
    expect(b.setpoints.every((x) => x.changed)).toBe(true);
  });

  it("a decrease is applied at once, however small", () => {
    const { b } = twoRounds(20, [s(0), s(1), s(2)], [s(0), s(1), s(2)], {}, 1000, 19.8);
    expect(b.setpoints.map((x) => x.value)).toEqual([6.6, 6.6, 6.6]);
    expect(b.setpoints.map((x) => x.changed)).toEqual([true, true, false]);
  });

  it("a ramp limits increases per second since the previous round, not decreases", () => {
    const settings = { rampCurrentPerSecond: 0.5, hysteresisCurrent: 0 };
    // one session alone: 6 A … 32 A; from 6 A it may rise 0.5 A/s
    const { a, b } = twoRounds(6, [s(0)], [s(0)], settings, 4_000, 40);
    expect(a.setpoints[0]?.value).toBe(6);
    expect(b.setpoints[0]).toMatchObject({ value: 8, limitedBy: { kind: "ramp" } });
    const down = twoRounds(32, [s(0)], [s(0)], settings, 1_000, 10);
    expect(down.b.setpoints[0]?.value).toBe(10);
  });

  it("a session's previous setpoint is the last one carrying its id, on whichever connector", () => {
    const settings = { rampCurrentPerSecond: 1, hysteresisCurrent: 0 };
    const prepared = prepareSite(site(40, 3));
    const round = (setpoints: { connector: string; session: string; value: number }[]) => {
      const problem: AllocationProblem = {
        site: prepared.site,
        sessions: [{ id: "s", connector: "c1", arrival: 0 }],
        settings,
        previous: { at: 0, setpoints: setpoints.map((p) => ({ ...p, admitted: true })) },
      };
      const fresh = allocate({ ...problem, site: site(40, 3) }, { at: 2000 });
      // on a prepared site too, whose rounds remember the connectors of the previous setpoints
      expect(allocate(problem, { at: 2000, prepared })).toEqual(fresh);
      return fresh.setpoints.find((x) => x.session === "s");
    };
    // ramped from its own previous value: 2 s at 1 A/s
    expect(round([{ connector: "c1", session: "s", value: 10 }])?.value).toBe(12);
    // the session moved from c0 to c1; c1's previous setpoint was another session's
    expect(
      round([
        { connector: "c0", session: "s", value: 20 },
        { connector: "c1", session: "gone", value: 30 },
      ])?.value,
    ).toBe(22);
    // two setpoints for the same session: the later one counts
    expect(
      round([
        { connector: "c1", session: "s", value: 10 },
        { connector: "c2", session: "s", value: 14 },
      ])?.value,
    ).toBe(16);
    expect(
      round([
        { connector: "c2", session: "s", value: 14 },
        { connector: "c1", session: "s", value: 10 },
      ])?.value,
    ).toBe(12);
    // none of its own: ramped from its minimum
    expect(round([{ connector: "c1", session: "gone", value: 30 }])?.value).toBe(8);
  });
});

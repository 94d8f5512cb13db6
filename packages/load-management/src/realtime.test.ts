import { describe, expect, it } from "vitest";
import type { AllocationProblem } from "./model/problem.js";
import type { Connector, SiteNode } from "./model/site.js";
import { prepareSite } from "./prepare.js";
import { allocate } from "./realtime.js";
import { verifyAllocation } from "./verify/verify-allocation.js";

const solve = (problem: AllocationProblem, at: number) => allocate(problem, { at });

/** Allocates at `at` and checks the result with the verifier (all ten properties). */
function run(problem: AllocationProblem, at = 100) {
  const allocation = allocate(problem, { at });
  expect(verifyAllocation(problem, allocation, { solve }).violations).toEqual([]);
  const by = (connector: string) => {
    const found = allocation.setpoints.find((s) => s.connector === connector);
    if (found === undefined) throw new Error(`no setpoint for ${connector}`);
    return found;
  };
  return { allocation, by };
}

const ac = (id: string, extra: Partial<Connector> = {}): Connector =>
  ({ id, node: "grid", kind: "AC", maxCurrent: 32, ...extra }) as Connector;
const site = (nodes: SiteNode[], connectors: Connector[]) => ({ nodes, connectors });
const charging = (ids: string[]) => ids.map((c, k) => ({ id: `s-${c}`, connector: c, arrival: k }));

describe("phases", () => {
  it("single-phase EVs on different phases each get the full phase limit", () => {
    const { by } = run({
      site: site(
        [{ id: "grid", limits: { importCurrent: 16 } }],
        [ac("a", { phases: 1 }), ac("b", { phases: 1, rotation: "SRT" }), ac("c", { phases: 1, rotation: "TRS" })],
      ),
      sessions: charging(["a", "b", "c"]),
    });
    expect([by("a").value, by("b").value, by("c").value]).toEqual([16, 16, 16]);
    expect(by("b").limitedBy).toEqual({ kind: "node", node: "grid", phase: "L2", direction: "import" });
    expect(by("c").limitedBy).toEqual({ kind: "node", node: "grid", phase: "L3", direction: "import" });
  });

  it("single-phase EVs on the same phase share it, and the third waits at 0", () => {
    const { by } = run({
      site: site(
        [{ id: "grid", limits: { importCurrent: 16 } }],
        [ac("a", { phases: 1 }), ac("b", { phases: 1 }), ac("c", { phases: 1 })],
      ),
      sessions: charging(["a", "b", "c"]),
    });
    expect([by("a").value, by("b").value, by("c").value]).toEqual([8, 8, 0]);
    expect(by("c")).toMatchObject({ admitted: false, limitedBy: { kind: "node", node: "grid", phase: "L1" } });
  });

  it("a single-phase EV on a three-phase connector loads only the phase its rotation names", () => {
    const limits = { importCurrent: { L1: 32, L2: 10, L3: 32 } };
    const rotated = run({
      site: site([{ id: "grid", limits }], [ac("a", { rotation: "STR" })]),
      sessions: [{ id: "s", connector: "a", arrival: 0, phases: 1 }],
    });
    expect(rotated.by("a")).toMatchObject({ value: 10, phases: 1, limitedBy: { kind: "node", phase: "L2" } });
    const straight = run({
      site: site([{ id: "grid", limits }], [ac("a")]),
      sessions: [{ id: "s", connector: "a", arrival: 0, phases: 1 }],
    });
    expect(straight.by("a")).toMatchObject({ value: 32, limitedBy: { kind: "maximum", of: "connector" } });
    expect(straight.allocation.nodes[0]?.importCurrent).toEqual({ L1: 32, L2: 0, L3: 0 });
  });

  it("a three-phase EV is held by its most loaded phase, others use the rest", () => {
    const { by } = run({
      site: site(
        [{ id: "grid", limits: { importCurrent: 20 } }],
        [ac("three"), ac("one", { phases: 1, rotation: "TRS" })],
      ),
      sessions: charging(["three", "one"]),
    });
    // L3 is shared: 10 + 10; L1 and L2 carry only the three-phase EV
    expect([by("three").value, by("one").value]).toEqual([10, 10]);
  });

  it("line-to-line EVSEs load both lines they sit between (ACN's 208 V wiring)", () => {
    const { allocation } = run({
      site: site(
        [{ id: "grid", limits: { importCurrent: 40 } }],
        [
          ac("ab", { phases: 1, wiring: "line-to-line", voltage: 208, rotation: "RST" }),
          ac("bc", { phases: 1, wiring: "line-to-line", voltage: 208, rotation: "STR" }),
        ],
      ),
      sessions: charging(["ab", "bc"]),
    });
    // line B carries both: 20 + 20
    expect(allocation.setpoints.map((s) => s.value)).toEqual([20, 20]);
    expect(allocation.nodes[0]?.importCurrent).toEqual({ L1: 20, L2: 40, L3: 20 });
    expect(allocation.setpoints[0]?.power).toBe(20 * 208);
  });
});

describe("sharing", () => {
  it("weights split the increment above the minimum", () => {
    const { by } = run({
      site: site([{ id: "grid", limits: { importCurrent: 30 } }], [ac("a"), ac("b")]),
      sessions: [
        { id: "s-a", connector: "a", arrival: 0, weight: 2 },
        { id: "s-b", connector: "b", arrival: 1 },
      ],
    });
    // 12 A of minimums, 18 A of increments split 2:1
    expect([by("a").value, by("b").value]).toEqual([18, 12]);
  });

  it("a higher priority class is served up to its maximum first", () => {
    const { by } = run({
      site: site([{ id: "grid", limits: { importCurrent: 40 } }], [ac("a"), ac("b")]),
      sessions: [
        { id: "s-a", connector: "a", arrival: 5, priority: 1 },
        { id: "s-b", connector: "b", arrival: 0 },
      ],
    });
    expect([by("a").value, by("b").value]).toEqual([32, 8]);
  });

  it("admission follows priority, then arrival, then id", () => {
    const { by } = run({
      site: site([{ id: "grid", limits: { importCurrent: 12 } }], [ac("a"), ac("b"), ac("c")]),
      sessions: [
        { id: "s-a", connector: "a", arrival: 0 },
        { id: "s-b", connector: "b", arrival: 0 },
        { id: "s-c", connector: "c", arrival: 9, priority: 1 },
      ],
    });
    expect([by("a").admitted, by("b").admitted, by("c").admitted]).toEqual([true, false, true]);
  });

  it("rounding never breaks a limit and hands what it freed out again", () => {
    const { allocation } = run({
      site: site([{ id: "grid", limits: { importCurrent: 20 } }], [ac("a"), ac("b"), ac("c")]),
      sessions: charging(["a", "b", "c"]),
    });
    // 20 / 3 = 6.666…: floored to 6.6 each frees 0.2 A, which goes to the first two in line
    expect(allocation.setpoints.map((s) => s.value)).toEqual([6.7, 6.7, 6.6]);
  });

  it("a pilot set is respected", () => {
    const { allocation } = run({
      site: site(
        [{ id: "grid", limits: { importCurrent: 40 } }],
        [ac("a", { allowed: [8, 16, 24, 32] }), ac("b", { allowed: [8, 16, 24, 32] })],
      ),
      sessions: charging(["a", "b"]),
    });
    // 20 A each, floored to 16; the 8 A freed goes to the first in line
    expect(allocation.setpoints.map((s) => s.value)).toEqual([24, 16]);
  });

  it("DC setpoints are in W and load every grid phase with their share", () => {
    const { allocation } = run({
      site: site(
        [{ id: "grid", limits: { importCurrent: 63 } }],
        [{ id: "dc", node: "grid", kind: "DC", maxPower: 150_000 }],
      ),
      sessions: charging(["dc"]),
    });
    expect(allocation.setpoints[0]).toMatchObject({
      unit: "W",
      value: 43_470,
      limitedBy: { kind: "node", phase: "L1" },
    });
    expect(allocation.schedules[0]?.schedule).toMatchObject({
      unit: "W",
      periods: [{ startOffset: 0, limit: 43_470 }],
    });
  });

  it("an EV's own maximum is named as the limit", () => {
    const { by } = run({
      site: site([{ id: "grid", limits: { importCurrent: 63 } }], [ac("a")]),
      sessions: [{ id: "s", connector: "a", arrival: 0, maxCurrent: 13.55 }],
    });
    expect(by("a")).toMatchObject({ value: 13.5, limitedBy: { kind: "maximum", of: "ev" } });
  });

  it("base load counts against every node above it", () => {
    const { by } = run({
      site: site(
        [
          { id: "grid", limits: { importCurrent: 40 }, baseLoad: 10 },
          { id: "garage", parent: "grid", baseLoad: { L1: 8 } },
        ],
        [ac("a", { node: "garage" })],
      ),
      sessions: charging(["a"]),
    });
    expect(by("a")).toMatchObject({ value: 22, limitedBy: { kind: "node", node: "grid", phase: "L1" } });
  });

  it("base load alone over a limit leaves the sessions below it waiting, without crashing", () => {
    const { by } = run({
      site: site([{ id: "grid", limits: { importCurrent: 10 }, baseLoad: 12 }], [ac("a")]),
      sessions: charging(["a"]),
    });
    expect(by("a")).toMatchObject({ value: 0, admitted: false });
  });

  it("an external limit is intersected and named", () => {
    const { by } = run({
      site: site([{ id: "grid", limits: { importCurrent: 32 } }], [ac("a")]),
      sessions: charging(["a"]),
      externalLimits: [{ id: "station-max", node: "grid", from: 0, until: 1000, limits: { importPower: 6_900 } }],
    });
    expect(by("a")).toMatchObject({
      value: 10,
      limitedBy: { kind: "node", phase: "total", externalLimit: "station-max" },
    });
  });

  it("a session that needs no more energy gets 0", () => {
    const { by, allocation } = run({
      site: site([{ id: "grid", limits: { importCurrent: 32 } }], [ac("a"), ac("b")]),
      sessions: [
        { id: "s-a", connector: "a", arrival: 0, energyNeeded: 0 },
        { id: "s-b", connector: "b", arrival: 0, departure: 500 },
      ],
    });
    expect(by("a")).toMatchObject({ value: 0, admitted: false, limitedBy: { kind: "energy" } });
    expect(allocation.validUntil).toBe(500);
  });

  it("limits that change over time apply from their instant", () => {
    const problem: AllocationProblem = {
      site: site(
        [{ id: "grid", limits: { importCurrent: 32 }, changes: [{ from: 200, limits: { importCurrent: 16 } }] }],
        [ac("a")],
      ),
      sessions: charging(["a"]),
    };
    expect(run(problem, 100).by("a").value).toBe(32);
    expect(run(problem, 100).allocation.validUntil).toBe(200);
    expect(run(problem, 200).by("a").value).toBe(16);
  });
});

describe("model errors", () => {
  const base = { site: site([{ id: "grid" }], [ac("a")]), sessions: [] };
  it.each([
    ["two roots", { ...base, site: site([{ id: "grid" }, { id: "other" }], []) }],
    ["a cycle", { ...base, site: site([{ id: "grid" }, { id: "x", parent: "y" }, { id: "y", parent: "x" }], []) }],
    ["an unknown parent", { ...base, site: site([{ id: "grid" }, { id: "x", parent: "nope" }], []) }],
    ["an unknown connector node", { ...base, site: site([{ id: "grid" }], [ac("a", { node: "nope" })]) }],
    ["a session on an unknown connector", { ...base, sessions: [{ id: "s", connector: "nope", arrival: 0 }] }],
    ["a zero weight", { ...base, sessions: [{ id: "s", connector: "a", arrival: 0, weight: 0 }] }],
    [
      "a connector without a finite maximum",
      { ...base, site: site([{ id: "grid" }], [ac("a", { maxCurrent: Number.NaN })]) },
    ],
    [
      "two sessions on one connector",
      {
        ...base,
        sessions: [
          { id: "s1", connector: "a", arrival: 0 },
          { id: "s2", connector: "a", arrival: 1 },
        ],
      },
    ],
  ])("throws INVALID_ARGUMENT for %s", (_, problem) => {
    expect(() => allocate(problem as AllocationProblem, { at: 10 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("a prepared site is reused and frozen, and refuses another site", () => {
    const problem: AllocationProblem = {
      site: site([{ id: "grid", limits: { importCurrent: 20 } }], [ac("a")]),
      sessions: charging(["a"]),
    };
    const prepared = prepareSite(problem.site);
    expect(allocate(problem, { at: 10, prepared })).toEqual(allocate(problem, { at: 10 }));
    expect(Object.isFrozen(problem.site.nodes[0])).toBe(true);
    expect(() => allocate({ ...problem, site: { ...problem.site } }, { at: 10, prepared })).toThrow(/another site/);
  });
});

describe("the allocation object", () => {
  it("builds schedules and node loads when first read, and reads like plain data", () => {
    const problem: AllocationProblem = {
      site: site([{ id: "grid", limits: { importCurrent: 20 } }], [ac("a"), ac("b")]),
      sessions: [
        { id: "s-a", connector: "a", arrival: 0, departure: 500 },
        { id: "s-b", connector: "b", arrival: 1 },
      ],
    };
    const allocation = allocate(problem, { at: 100 });
    expect(Object.keys(allocation)).toEqual(["at", "setpoints", "schedules", "nodes", "demandResponse", "validUntil"]);
    // the same arrays on every read
    expect(allocation.schedules).toBe(allocation.schedules);
    expect(allocation.nodes).toBe(allocation.nodes);
    expect(allocation.schedules.map((s) => [s.connector, s.schedule.periods[0]?.limit, s.schedule.end])).toEqual([
      ["a", 10, 500],
      ["b", 10, 500],
    ]);
    expect(allocation.nodes[0]?.importCurrent).toEqual({ L1: 20, L2: 20, L3: 20 });
    const copy = JSON.parse(JSON.stringify(allocation));
    expect(structuredClone(allocation)).toEqual(copy);
    expect({ ...allocation }).toEqual(copy);
    // assigning replaces, as with a plain property
    (allocation as { schedules: unknown }).schedules = [];
    expect(allocation.schedules).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { loadingOf, prepareTopology } from "./topology.js";

describe("topology", () => {
  const topology = prepareTopology({
    nodes: [{ id: "z-panel", parent: "grid" }, { id: "grid" }, { id: "a-charger", parent: "z-panel", voltage: 220 }],
    connectors: [
      { id: "dc", node: "a-charger", kind: "DC", maxPower: 50_000, gridPhases: 3 },
      { id: "ac", node: "a-charger", kind: "AC", maxCurrent: 32, rotation: "TSR" },
      {
        id: "ll",
        node: "grid",
        kind: "AC",
        maxCurrent: 32,
        phases: 1,
        wiring: "line-to-line",
        voltage: 208,
        rotation: "STR",
      },
    ],
  });

  it("sorts nodes and connectors by id and orders parents before children", () => {
    expect(topology.nodeIds).toEqual(["a-charger", "grid", "z-panel"]);
    expect(topology.connectorList.map((c) => c.spec.id)).toEqual(["ac", "dc", "ll"]);
    expect([...topology.topDown].map((i) => topology.nodeIds[i])).toEqual(["grid", "z-panel", "a-charger"]);
  });

  it("maps EV phases to grid phases through the rotation", () => {
    const ac = topology.connectors.get("ac");
    if (ac === undefined) throw new Error("missing");
    expect(loadingOf(ac, 1)).toMatchObject({ phases: [2], powerCoef: 230, evPhases: 1, bits: 4 });
    expect(loadingOf(ac, 2)).toMatchObject({ phases: [2, 1], powerCoef: 460 });
    expect(() => loadingOf({ ...ac, loadings: [] }, 3)).not.toThrow();
    const ll = topology.connectors.get("ll");
    if (ll === undefined) throw new Error("missing");
    expect(loadingOf(ll, undefined)).toMatchObject({ phases: [1, 2], phaseCoef: 1, powerCoef: 208 });
    const dc = topology.connectors.get("dc");
    if (dc === undefined) throw new Error("missing");
    expect(loadingOf(dc, undefined)).toMatchObject({ phases: [0, 1, 2], powerCoef: 1, scale: 690 });
  });
});

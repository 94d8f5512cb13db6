import { SiteId } from "@chargekit/core";
import {
  type Allocation,
  allocate,
  type DemandResponseEvent,
  type PreparedSite,
  type PreviousRound,
  type Session,
  toPreviousRound,
} from "@chargekit/load-management";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/load.js";
import { createEvseDirectory } from "../sites/evse-directory.js";
import { createSiteLimitsBook, type SiteLimits } from "../sites/site-limits.js";
import { siteTreeOf, type UncontrolledLoad } from "../sites/site-tree.js";
import { SitePreparation } from "./site-preparation.js";

const loaded = validateConfig({
  stations: [
    { id: "CP-1", maxCurrent: 32 },
    { id: "CP-2", maxCurrent: 32, evses: 2 },
    { id: "CP-3", maxCurrent: 16, phases: 1 },
  ],
  sites: [
    {
      id: "site",
      name: "Site",
      gridLimit: { L1: 40, L2: 40, L3: 40 },
      stations: ["CP-1"],
      children: [{ id: "garage", limit: { L1: 25, L2: 25, L3: 25 }, stations: ["CP-2", "CP-3"] }],
    },
  ],
});
if (!loaded.ok) throw loaded.error;
const config = loaded.value.config;
const siteId = SiteId.of("site");
const directory = createEvseDirectory(config);
const site = directory.site(siteId);
if (site === undefined) throw new Error("the test site is missing");
const evses = directory.evsesOf(siteId);
const configured = createSiteLimitsBook(config.sites).get(siteId) as SiteLimits;
const sessions: Session[] = evses.map((e, i) => ({ id: `s-${e.ref}`, connector: e.ref, arrival: i }));
const T0 = Date.UTC(2026, 4, 4, 8);

/**
 * Runs the same rounds twice, on one kept preparation and on a tree built fresh each round (the way rounds ran
 * before), each with its own previous round, and returns both lists of allocations and the prepared sites used.
 */
function rounds(
  steps: readonly {
    limits: SiteLimits;
    uncontrolled?: readonly UncontrolledLoad[];
    demandResponse?: readonly DemandResponseEvent[];
  }[],
) {
  const preparation = new SitePreparation(site as NonNullable<typeof site>, evses);
  const kept: Allocation[] = [];
  const fresh: Allocation[] = [];
  const used: PreparedSite[] = [];
  let previousKept: PreviousRound | undefined;
  let previousFresh: PreviousRound | undefined;
  steps.forEach((step, i) => {
    const at = T0 + i * 60_000;
    const uncontrolled = step.uncontrolled ?? [];
    const controlled = sessions.filter((s) => !uncontrolled.some((u) => u.evse.ref === s.connector));
    const common = {
      sessions: controlled,
      demandResponse: step.demandResponse ?? [],
      settings: { hysteresisCurrent: 0.5 },
    };
    const prepared = preparation.of(step.limits, uncontrolled);
    used.push(prepared);
    const a = allocate(
      { ...common, site: prepared.site, ...(previousKept === undefined ? {} : { previous: previousKept }) },
      { at, prepared },
    );
    const tree = siteTreeOf(site as NonNullable<typeof site>, evses, step.limits, uncontrolled);
    const b = allocate(
      { ...common, site: tree, ...(previousFresh === undefined ? {} : { previous: previousFresh }) },
      { at },
    );
    previousKept = toPreviousRound(a);
    previousFresh = toPreviousRound(b);
    kept.push(a);
    fresh.push(b);
  });
  return { kept, fresh, used };
}

const lowered: SiteLimits = { ...configured, gridLimit: { L1: 30, L2: 30, L3: 30 } };
const garageLowered: SiteLimits = {
  ...configured,
  nodes: configured.nodes.map((n) => (n.id === "garage" ? { ...n, limit: { L1: 12, L2: 12, L3: 12 } } : n)),
};

describe("the prepared site of a balancer", () => {
  it("is kept while the limits and base loads are the same (equal copies too), and allocates the same bytes", () => {
    const { kept, fresh, used } = rounds([
      { limits: configured },
      { limits: configured },
      { limits: structuredClone(configured) },
    ]);
    expect(used[1]).toBe(used[0]);
    expect(used[2]).toBe(used[0]);
    expect(JSON.stringify(kept)).toBe(JSON.stringify(fresh));
    expect(kept[0]?.setpoints.length).toBe(sessions.length);
  });

  it("is prepared again when a limit changes, at the root or at a node, and the rounds follow the new tree", () => {
    const { kept, fresh, used } = rounds([
      { limits: configured },
      { limits: lowered },
      { limits: garageLowered },
      { limits: garageLowered },
      { limits: configured },
    ]);
    expect(new Set(used).size).toBe(4);
    expect(used[3]).toBe(used[2]);
    expect(used[1]?.site.nodes.find((n) => n.id === "site")?.limits?.importCurrent).toEqual({ L1: 30, L2: 30, L3: 30 });
    expect(used[2]?.site.nodes.find((n) => n.id === "garage")?.limits?.importCurrent).toEqual({
      L1: 12,
      L2: 12,
      L3: 12,
    });
    expect(JSON.stringify(kept)).toBe(JSON.stringify(fresh));
    const garageLoad = (a: Allocation | undefined) => a?.nodes.find((n) => n.node === "garage")?.importCurrent.L1 ?? 0;
    expect(garageLoad(kept[1])).toBeGreaterThan(12);
    expect(garageLoad(kept[2])).toBeLessThanOrEqual(12);
    expect(garageLoad(kept[4])).toBeGreaterThan(12);
  });

  it("is prepared again when a session becomes uncontrolled (its base load), not for a demand-response event", () => {
    const last = evses.at(-1);
    if (last?.stationId !== "CP-3") throw new Error("CP-3's EVSE is expected last");
    const cp3 = [{ evse: last }];
    const cap: DemandResponseEvent = {
      id: "dso-1",
      node: "site",
      start: T0,
      end: T0 + 3_600_000,
      signal: { capKw: 15 },
    };
    const { kept, fresh, used } = rounds([
      { limits: configured },
      { limits: configured, uncontrolled: cp3 },
      { limits: configured, uncontrolled: cp3, demandResponse: [cap] },
      { limits: configured },
    ]);
    expect(used[1]).not.toBe(used[0]);
    expect(used[1]?.site.nodes.find((n) => n.id === "garage")?.baseLoad).toBeDefined();
    expect(used[2]).toBe(used[1]);
    expect(used[3]).not.toBe(used[1]);
    expect(JSON.stringify(kept)).toBe(JSON.stringify(fresh));
    expect(kept[2]?.nodes.find((n) => n.node === "site")?.importPower).toBeLessThanOrEqual(15_000);
  });
});

import { readFileSync } from "node:fs";
import { SiteId, StationId } from "@chargekit/core";
import { allocate, parseAllocationProblem, verifyAllocation } from "@chargekit/load-management";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { createEvseDirectory } from "./evse-directory.js";
import { configuredLimits, createSiteLimitsBook } from "./site-limits.js";
import { gridLimitW, siteTreeOf, uncontrolledCurrent } from "./site-tree.js";

const demoFile = new URL("../../config/demo.json", import.meta.url).pathname;

function demo(): Config {
  const loaded = validateConfig(JSON.parse(readFileSync(demoFile, "utf8")) as Record<string, unknown>);
  if (!loaded.ok) throw loaded.error;
  return loaded.value.config;
}

describe("site trees from the configuration", () => {
  const config = demo();
  const directory = createEvseDirectory(config);

  it("every demo site is a valid load-management problem: one root with the grid limits, every EVSE a connector", () => {
    for (const site of config.sites) {
      const evses = directory.evsesOf(site.id);
      const tree = siteTreeOf(site, evses, configuredLimits(site));
      const parsed = parseAllocationProblem({ site: tree, sessions: [] });
      expect(parsed.ok, parsed.ok ? "" : parsed.error.message).toBe(true);
      const root = tree.nodes.find((n) => n.parent === undefined);
      expect(root).toMatchObject({ id: site.id, limits: { importCurrent: site.gridLimit } });
      expect(tree.connectors.map((c) => c.id)).toEqual(evses.map((e) => e.ref));
      expect(evses.length).toBe(directory.stationsOf(site.id).reduce((n, s) => n + s.evses, 0));
    }
    expect(directory.at(StationId.of("CP-N06"), 2)?.nodeId).toBe("feeder-b");
    expect(directory.siteOf(StationId.of("CP-G04"))).toBe("office-garage");
  });

  it("an allocation on any set of sessions keeps every node and phase within its limits (independent verifier)", () => {
    const sites = config.sites;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sites.length - 1 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.integer({ min: 10, max: 300 }),
        (s, plugged, gridAmps) => {
          const site = sites[s];
          if (site === undefined) return;
          const evses = directory.evsesOf(site.id);
          const limits = { ...configuredLimits(site), gridLimit: { L1: gridAmps, L2: gridAmps, L3: gridAmps } };
          const problem = {
            site: siteTreeOf(site, evses, limits),
            sessions: evses
              .filter((_, i) => plugged[i % plugged.length])
              .map((e, i) => ({ id: `tx-${i}`, connector: e.ref, arrival: i })),
          };
          const allocation = allocate(problem, { at: 1_000 });
          const report = verifyAllocation(problem, allocation);
          expect(report.violations).toEqual([]);
          const root = allocation.nodes.find((n) => n.node === site.id);
          for (const phase of ["L1", "L2", "L3"] as const) {
            expect(root?.importCurrent[phase] ?? 0).toBeLessThanOrEqual(gridAmps + 1e-9);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("an uncontrolled session is base load at its node, on the phases its wiring uses", () => {
    const garage = config.sites.find((s) => s.id === "office-garage");
    if (garage === undefined) throw new Error("no garage");
    const evses = directory.evsesOf(garage.id);
    const g02 = evses.find((e) => e.stationId === "CP-G02");
    if (g02 === undefined) throw new Error("no CP-G02");
    // CP-G02 is a single-phase station wired SRT: its L1 is the grid's L2
    expect(uncontrolledCurrent({ evse: g02 }, 230)).toEqual({ L1: 0, L2: 16, L3: 0 });
    const tree = siteTreeOf(garage, evses, configuredLimits(garage), [{ evse: g02 }]);
    const node = tree.nodes.find((n) => n.id === g02.nodeId);
    expect(node?.baseLoad).toEqual({ L1: 0, L2: 16, L3: 0 });
    const r06 = directory.at(StationId.of("CP-R06"), 1);
    if (r06 === undefined) throw new Error("no CP-R06");
    const dc = uncontrolledCurrent({ evse: r06 }, 230);
    expect(dc.L1).toBeCloseTo(50_000 / 690, 9);
  });

  it("changed limits replace the configured ones for the nodes given; unknown nodes are refused by field", () => {
    const book = createSiteLimitsBook(config.sites);
    const depot = SiteId.of("depot-nord");
    const changes: unknown[] = [];
    book.events.on("limits:changed", (e) => changes.push(e.limits.gridLimit));
    const next = book.set(depot, {
      gridLimit: { L1: 100, L2: 100, L3: 100 },
      nodes: [{ id: "feeder-a", limit: { L1: 50, L2: 50, L3: 50 } }],
    });
    expect(next.nodes).toEqual([
      { id: "feeder-a", limit: { L1: 50, L2: 50, L3: 50 } },
      { id: "feeder-b", limit: { L1: 100, L2: 100, L3: 100 } },
    ]);
    expect(next.maxPowerKw).toBeUndefined();
    expect(gridLimitW(next, 230)).toBe(69_000);
    expect(changes).toEqual([{ L1: 100, L2: 100, L3: 100 }]);
    expect(() => book.set(depot, { gridLimit: { L1: 1, L2: 1, L3: 1 }, nodes: [{ id: "nope" }] })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
    expect(() => book.set(SiteId.of("nowhere"), { gridLimit: { L1: 1, L2: 1, L3: 1 }, nodes: [] })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(book.configured(depot)?.gridLimit).toEqual({ L1: 250, L2: 250, L3: 250 });
  });
});

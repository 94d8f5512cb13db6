import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "../realtime.js";
import { verifyAllocation } from "../verify/verify-allocation.js";
import { CALTECH_ACN, caltechAcnSite } from "./caltech-acn.js";

const ALL = [...CALTECH_ACN.ccPod, ...CALTECH_ACN.avPod, ...CALTECH_ACN.ab, ...CALTECH_ACN.bc, ...CALTECH_ACN.ca];

describe("the Caltech ACN fixture", () => {
  it("has 54 line-to-line EVSEs with their pilot sets", () => {
    const site = caltechAcnSite();
    expect(site.connectors).toHaveLength(54);
    expect(new Set(ALL).size).toBe(54);
    expect(site.connectors.every((c) => c.kind === "AC" && c.wiring === "line-to-line" && c.voltage === 208)).toBe(
      true,
    );
    expect(site.nodes[0]?.limits).toEqual({ importCurrent: (2 * 150_000) / 3 / 277, importPower: 150_000 });
  });

  it("keeps ACN's linearised secondary and primary constraints, whatever subset of EVSEs is busy", () => {
    fc.assert(
      fc.property(fc.subarray(ALL, { minLength: 1 }), fc.constantFrom(150, 75, 50, 25), (busy, kva) => {
        const problem = {
          site: caltechAcnSite({ transformerKva: kva }),
          sessions: busy.map((id, k) => ({ id: `s-${id}`, connector: id, arrival: k })),
        };
        const allocation = allocate(problem, { at: 1000 });
        expect(verifyAllocation(problem, allocation).ok).toBe(true);
        const sum = (ids: readonly string[]) =>
          allocation.setpoints.filter((s) => ids.includes(s.connector)).reduce((t, s) => t + s.value, 0);
        const ab = sum([...CALTECH_ACN.ccPod, ...CALTECH_ACN.avPod, ...CALTECH_ACN.ab]);
        const bc = sum(CALTECH_ACN.bc);
        const ca = sum(CALTECH_ACN.ca);
        const secondary = (kva * 1000) / 3 / 120 + 1e-9;
        const primary = (4 * kva * 1000) / 3 / 277 + 1e-9;
        expect(Math.max(ab + ca, bc + ab, ca + bc)).toBeLessThanOrEqual(secondary);
        expect(Math.max(ab + bc + 2 * ca, bc + ca + 2 * ab, ca + ab + 2 * bc)).toBeLessThanOrEqual(primary);
        expect(sum(CALTECH_ACN.ccPod)).toBeLessThanOrEqual(80);
        expect(sum(CALTECH_ACN.avPod)).toBeLessThanOrEqual(80);
      }),
      { numRuns: 60 },
    );
  });
});

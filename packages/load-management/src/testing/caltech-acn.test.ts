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
    expect(site.nodes[0]).toMatchObject({
      currentModel: "phasor",
      transformer: { vectorGroup: "Dyn11", turnsRatio: 4, primaryCurrent: 150_000 / 3 / 277 },
      limits: { importCurrent: 150_000 / 3 / 120, importPower: 150_000 },
    });
    expect(caltechAcnSite({ currentModel: "linearised" }).nodes[0]?.limits).toEqual({
      importCurrent: (2 * 150_000) / 3 / 277,
      importPower: 150_000,
    });
  });

  it("keeps ACN's exact phasor constraints, whatever subset of EVSEs is busy", () => {
    fc.assert(
      fc.property(fc.subarray(ALL, { minLength: 1 }), fc.constantFrom(150, 75, 50, 25), (busy, kva) => {
        const problem = {
          site: caltechAcnSite({ transformerKva: kva }),
          sessions: busy.map((id, k) => ({ id: `s-${id}`, connector: id, arrival: k })),
        };
        const allocation = allocate(problem, { at: 1000 });
        expect(verifyAllocation(problem, allocation).violations).toEqual([]);
        const sum = (ids: readonly string[]) =>
          allocation.setpoints.filter((s) => ids.includes(s.connector)).reduce((t, s) => t + s.value, 0);
        // EVSE currents at 30° (A–B), −90° (B–C), 150° (C–A); I_a = AB − CA …, primary (I_a − I_c)/4 …
        const at = (amps: number, degrees: number) => [
          amps * Math.cos((degrees * Math.PI) / 180),
          amps * Math.sin((degrees * Math.PI) / 180),
        ];
        const [ab, bc, ca] = [
          at(sum([...CALTECH_ACN.ccPod, ...CALTECH_ACN.avPod, ...CALTECH_ACN.ab]), 30),
          at(sum(CALTECH_ACN.bc), -90),
          at(sum(CALTECH_ACN.ca), 150),
        ] as number[][];
        const minus = (p: number[] = [], q: number[] = []) => [(p[0] ?? 0) - (q[0] ?? 0), (p[1] ?? 0) - (q[1] ?? 0)];
        const secondary = [minus(ab, ca), minus(bc, ab), minus(ca, bc)];
        const primary = [
          minus(secondary[0], secondary[2]),
          minus(secondary[1], secondary[0]),
          minus(secondary[2], secondary[1]),
        ];
        for (const line of secondary)
          expect(Math.hypot(line[0] ?? 0, line[1] ?? 0)).toBeLessThanOrEqual((kva * 1000) / 3 / 120 + 1e-6);
        for (const line of primary)
          expect(Math.hypot(line[0] ?? 0, line[1] ?? 0) / 4).toBeLessThanOrEqual((kva * 1000) / 3 / 277 + 1e-6);
        expect(sum(CALTECH_ACN.ccPod)).toBeLessThanOrEqual(80);
        expect(sum(CALTECH_ACN.avPod)).toBeLessThanOrEqual(80);
      }),
      { numRuns: 60 },
    );
  });

  it("lets the EVSEs outside the pods draw over 90 % of the rating, where the linearised model stops at 75 %", () => {
    const outside = [...CALTECH_ACN.ab, ...CALTECH_ACN.bc, ...CALTECH_ACN.ca];
    const power = (model: "phasor" | "linearised") => {
      const problem = {
        site: caltechAcnSite({ transformerKva: 50, currentModel: model }),
        sessions: outside.map((id, k) => ({ id: `s-${id}`, connector: id, arrival: k })),
      };
      return allocate(problem, { at: 1000 }).setpoints.reduce((t, s) => t + s.power, 0);
    };
    expect(power("linearised")).toBeLessThanOrEqual(0.75 * 50_000 + 1e-6);
    expect(power("phasor")).toBeGreaterThan(0.9 * 50_000);
    expect(power("phasor")).toBeLessThanOrEqual(50_000);
  });

  it("keeps ACN's linearised secondary and primary constraints, whatever subset of EVSEs is busy", () => {
    fc.assert(
      fc.property(fc.subarray(ALL, { minLength: 1 }), fc.constantFrom(150, 75, 50, 25), (busy, kva) => {
        const problem = {
          site: caltechAcnSite({ transformerKva: kva, currentModel: "linearised" }),
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

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  currentFromPower,
  energyFromPower,
  floorToStep,
  gridPhaseOf,
  gridPhasesUsed,
  kWhToWh,
  PHASE_ROTATIONS,
  PHASES,
  type PhaseCount,
  perPhase,
  powerFromCurrent,
  powerFromEnergy,
  roundToStep,
  whToKWh,
} from "./units.js";

const phaseCount = fc.constantFrom<PhaseCount>(1, 2, 3);

describe("current ↔ power", () => {
  it("converts the way OCPP does (U × I × phases)", () => {
    expect(powerFromCurrent(16, { phases: 3 })).toBe(11_040);
    expect(powerFromCurrent(32, { phases: 1 })).toBe(7_360);
    expect(powerFromCurrent(100, { phases: 1, voltage: 400 })).toBe(40_000);
    expect(currentFromPower(11_040, { phases: 3 })).toBe(16);
    expect(currentFromPower(22_000, { phases: 3, voltage: 230 })).toBeCloseTo(31.884, 3);
  });

  it("round-trips A → W → A within 1e-9 A", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        phaseCount,
        fc.double({ min: 100, max: 1000, noNaN: true }),
        (amps, phases, voltage) => {
          const back = currentFromPower(powerFromCurrent(amps, { phases, voltage }), { phases, voltage });
          expect(Math.abs(back - amps)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it("round-trips W → A → W within 1e-6 W", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500_000, noNaN: true }), phaseCount, (watts, phases) => {
        const back = powerFromCurrent(currentFromPower(watts, { phases }), { phases });
        expect(Math.abs(back - watts)).toBeLessThanOrEqual(1e-6);
      }),
    );
  });

  it("rejects impossible bases", () => {
    expect(() => powerFromCurrent(10, { phases: 4 as PhaseCount })).toThrow("phases must be 1, 2 or 3, got 4");
    expect(() => powerFromCurrent(10, { phases: 3, voltage: 0 })).toThrow("voltage must be a positive finite number");
  });
});

describe("energy", () => {
  it("relates power, time and energy", () => {
    expect(energyFromPower(11_000, 3_600_000)).toBe(11_000);
    expect(energyFromPower(7_200, 15 * 60_000)).toBe(1_800);
    expect(powerFromEnergy(1_800, 15 * 60_000)).toBe(7_200);
    expect(() => powerFromEnergy(1, 0)).toThrow("duration must be positive");
    expect(kWhToWh(12.5)).toBe(12_500);
    expect(whToKWh(12_500)).toBe(12.5);
  });

  it("round-trips energy ↔ power over a positive duration within 1e-9 relative", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 86_400_000 }), (wh, ms) => {
        const back = energyFromPower(powerFromEnergy(wh, ms), ms);
        expect(Math.abs(back - wh)).toBeLessThanOrEqual(1e-9 * Math.max(1, wh));
      }),
    );
  });
});

describe("phase rotation", () => {
  it("maps connector phases to grid phases", () => {
    expect(gridPhaseOf("RST", "L1")).toBe("L1");
    expect(gridPhaseOf("SRT", "L1")).toBe("L2");
    expect(gridPhaseOf("TSR", "L1")).toBe("L3");
    expect(gridPhasesUsed("STR", 1)).toEqual(["L2"]);
    expect(gridPhasesUsed("TRS", 3)).toEqual(["L3", "L1", "L2"]);
  });

  it("is a bijection for every rotation", () => {
    for (const rotation of PHASE_ROTATIONS) {
      expect(new Set(PHASES.map((p) => gridPhaseOf(rotation, p))).size).toBe(3);
    }
    expect(perPhase(0)).toEqual({ L1: 0, L2: 0, L3: 0 });
  });
});

describe("steps", () => {
  it("floors to a step exactly in its decimals", () => {
    expect(floorToStep(0.3, 0.1)).toBe(0.3);
    expect(floorToStep(16.09, 0.1)).toBe(16);
    expect(floorToStep(7.999999, 0.5)).toBe(7.5);
    expect(floorToStep(-0.05, 0.1)).toBe(-0.1);
    expect(floorToStep(0.04, 0.1)).toBe(0);
    expect(floorToStep(123.456, 1e-2)).toBe(123.45);
    expect(roundToStep(16.05, 0.1)).toBe(16.1);
    expect(roundToStep(-16.05, 0.1)).toBe(-16.1);
    expect(() => floorToStep(1, 0)).toThrow("step must be a positive finite number");
  });

  it("never exceeds the value and stays within one step of it", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.constantFrom(0.1, 0.01, 0.5, 1, 6, 0.001),
        (value, step) => {
          const floored = floorToStep(value, step);
          expect(floored).toBeLessThanOrEqual(value);
          expect(value - floored).toBeLessThan(step + 1e-9);
          const decimals = Math.max(0, -Math.floor(Math.log10(step)));
          expect(Number(floored.toFixed(decimals))).toBe(floored);
        },
      ),
    );
  });
});

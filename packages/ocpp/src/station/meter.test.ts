import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { samplesFromV2 } from "./from-v2.js";
import { samplesFromV16 } from "./from-v16.js";
import { mergeReadings } from "./meter.js";
import type { MeterSample } from "./model.js";
import { sampleToV2, sampleToV16 } from "./to-wire.js";

const T = "2026-01-01T10:00:00.000Z";
const at = Date.parse(T);

describe("meter values into neutral samples", () => {
  it("1.6: defaults (energy register, Wh, Sample.Periodic), kWh and kW, phases, SoC", () => {
    const { samples, ignored } = samplesFromV16([
      {
        timestamp: T,
        sampledValue: [
          { value: "1234.5" },
          { value: "7.2", measurand: "Power.Active.Import", unit: "kW", context: "Sample.Clock" },
          { value: "16", measurand: "Current.Import", phase: "L1" },
          { value: "15.5", measurand: "Current.Import", phase: "L2-N", unit: "A" },
          { value: "55", measurand: "SoC", location: "EV", unit: "Percent" },
          { value: "230", measurand: "Voltage", unit: "V" },
          { value: "oops", measurand: "Power.Active.Import" },
          { value: "9", measurand: "Energy.Active.Import.Register", unit: "kWh", location: "Inlet" },
        ],
      },
    ]);
    expect(samples).toEqual([
      { at, context: "Sample.Clock", energyWh: 1234.5, powerW: 7200, currentA: { L1: 16, L2: 15.5 }, soc: 55 },
    ]);
    expect(ignored).toEqual(["Power.Active.Import: not a number"]);
  });

  it("1.6: per-phase energy without a total is summed; a unit that does not fit is ignored", () => {
    const { samples, ignored } = samplesFromV16([
      {
        timestamp: T,
        sampledValue: [
          { value: "1", measurand: "Energy.Active.Import.Register", unit: "kWh", phase: "L1" },
          { value: "2", measurand: "Energy.Active.Import.Register", unit: "kWh", phase: "L2" },
          { value: "3", measurand: "Power.Active.Import", unit: "A" },
        ],
      },
    ]);
    expect(samples[0]?.energyWh).toBe(3000);
    expect(samples[0]?.powerW).toBeUndefined();
    expect(ignored).toEqual(["Power.Active.Import in unit A"]);
  });

  it("2.x: numbers with unitOfMeasure and multiplier", () => {
    const { samples } = samplesFromV2([
      {
        timestamp: T,
        sampledValue: [
          { value: 12.5, unitOfMeasure: { unit: "kWh" }, context: "Transaction.Begin" },
          { value: 11, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W", multiplier: 3 } },
        ],
      },
    ]);
    expect(samples).toEqual([{ at, context: "Transaction.Begin", energyWh: 12_500, powerW: 11_000 }]);
  });

  it("property: neutral → 1.6 / 2.x wire → neutral keeps every reading (to the wire's rounding)", () => {
    const sampleArb: fc.Arbitrary<MeterSample> = fc.record(
      {
        at: fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => ms - (ms % 1000)),
        context: fc.constantFrom("Sample.Periodic", "Transaction.Begin", "Transaction.End", "Trigger" as const),
        energyWh: fc.integer({ min: 0, max: 10_000_000 }),
        powerW: fc.integer({ min: 0, max: 350_000 }),
        currentA: fc.record({ L1: fc.integer({ min: 0, max: 63 }), L2: fc.integer({ min: 0, max: 63 }) }),
        soc: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: ["at", "context"] },
    );
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const mv16 = sampleToV16(sample);
        const mv2 = sampleToV2(sample);
        for (const back of [
          samplesFromV16(mv16.sampledValue.length === 0 ? [] : [mv16]),
          samplesFromV2(mv2.sampledValue.length === 0 ? [] : [mv2]),
        ]) {
          expect(back.ignored).toEqual([]);
          if (back.samples.length === 0) continue;
          expect(back.samples[0]).toEqual(sample);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("latest readings", () => {
  it("a newer sample replaces each field it has; an older one only fills gaps", () => {
    let r = mergeReadings(undefined, { at: 10, context: "Sample.Periodic", energyWh: 100, powerW: 5 });
    r = mergeReadings(r, { at: 20, context: "Sample.Periodic", energyWh: 120 });
    expect(r).toEqual({ at: 20, energyWh: 120, powerW: 5 });
    r = mergeReadings(r, { at: 5, context: "Sample.Periodic", energyWh: 1, soc: 40 });
    expect(r).toEqual({ at: 20, energyWh: 120, powerW: 5, soc: 40 });
  });
});

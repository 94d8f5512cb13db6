import { HOUR, MINUTE } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDay, splitEnergyByDay } from "./daily-energy.js";

describe("splitEnergyByDay", () => {
  it("cuts at local midnight: 2 h at a constant rate from 23:00 Berlin time is half and half", () => {
    const t0 = Date.parse("2026-01-14T22:00:00Z"); // 23:00 in Berlin (UTC+1)
    expect(
      splitEnergyByDay(
        [
          { at: t0, wh: 1_000 },
          { at: t0 + 2 * HOUR, wh: 23_000 },
        ],
        "Europe/Berlin",
      ),
    ).toEqual([
      { day: "2026-01-14", energyWh: 11_000 },
      { day: "2026-01-15", energyWh: 11_000 },
    ]);
  });

  it("follows the local midnight across a DST change (the night is 23 h long)", () => {
    // 2026-03-29: Berlin springs forward at 02:00 local; 22:00 local on the 28th is 21:00Z, midnight is 23:00Z
    const t0 = Date.parse("2026-03-28T21:00:00Z");
    const parts = splitEnergyByDay(
      [
        { at: t0, wh: 0 },
        { at: t0 + 4 * HOUR, wh: 4_000 },
      ],
      "Europe/Berlin",
    );
    expect(parts).toEqual([
      { day: "2026-03-28", energyWh: 2_000 },
      { day: "2026-03-29", energyWh: 2_000 },
    ]);
  });

  it("keeps the total, puts each part on a day the readings span, and ignores a register that goes down", () => {
    const points = fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 10 * 24 * 60 }), wh: fc.integer({ min: 0, max: 100_000 }) }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(points, fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"), (raw, tz) => {
        const base = Date.parse("2026-03-25T00:00:00Z");
        const readings = raw.map((p) => ({ at: base + p.at * MINUTE, wh: p.wh }));
        const parts = splitEnergyByDay(readings, tz);
        const sorted = [...readings].sort((a, b) => a.at - b.at);
        let expected = 0;
        for (let i = 1; i < sorted.length; i++) {
          const d = (sorted[i]?.wh ?? 0) - (sorted[i - 1]?.wh ?? 0);
          if (d > 0) expected += d;
        }
        const total = parts.reduce((s, p) => s + p.energyWh, 0);
        expect(total).toBeCloseTo(expected, 6);
        const first = localDay(sorted[0]?.at ?? 0, tz);
        const last = localDay(sorted[sorted.length - 1]?.at ?? 0, tz);
        for (const part of parts) {
          expect(part.day >= first && part.day <= last).toBe(true);
          expect(part.energyWh).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

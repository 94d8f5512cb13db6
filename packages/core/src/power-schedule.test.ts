import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PowerSchedule, periodAt, validatePowerSchedule } from "./power-schedule.js";
import { HOUR } from "./time.js";

const base: PowerSchedule = {
  start: 1_000_000,
  unit: "A",
  periods: [
    { startOffset: 0, limit: 16, phases: 3 },
    { startOffset: HOUR, limit: 6, phases: 1, phaseToUse: "L2" },
  ],
  end: 1_000_000 + 2 * HOUR,
};

describe("power schedules", () => {
  it("accepts a well-formed schedule", () => {
    expect(validatePowerSchedule(base)).toEqual({ ok: true, value: base });
  });

  it.each([
    [{ ...base, periods: [] }, "it has no periods"],
    [{ ...base, periods: [{ startOffset: 5, limit: 1 }] }, "periods[0].startOffset must be 0 for the first period"],
    [
      {
        ...base,
        periods: [
          { startOffset: 0, limit: 1 },
          { startOffset: 0, limit: 2 },
        ],
      },
      "periods[1].startOffset must be after",
    ],
    [{ ...base, periods: [{ startOffset: 0, limit: -1 }] }, "periods[0].limit must be a finite number ≥ 0, got -1"],
    [{ ...base, periods: [{ startOffset: 0, limit: 1, dischargeLimit: -5 }] }, "periods[0].dischargeLimit"],
    [
      { ...base, periods: [{ startOffset: 0, limit: 1, phaseToUse: "L1" as const }] },
      "phaseToUse is only allowed with phases: 1",
    ],
    [{ ...base, end: base.start + HOUR }, "end must be after the last period's start"],
    [{ ...base, start: 1.5 }, "start must be an integer instant"],
    [{ ...base, unit: "kW" as "W" }, 'unit must be "W" or "A"'],
  ])("rejects a malformed schedule (case %#) naming the field", (schedule, message) => {
    const result = validatePowerSchedule(schedule as PowerSchedule);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain(message);
  });

  it("finds the period in force, half-open at the end", () => {
    expect(periodAt(base, base.start - 1)).toBeUndefined();
    expect(periodAt(base, base.start)?.limit).toBe(16);
    expect(periodAt(base, base.start + HOUR - 1)?.limit).toBe(16);
    expect(periodAt(base, base.start + HOUR)?.limit).toBe(6);
    expect(periodAt(base, base.start + 2 * HOUR)).toBeUndefined();
    const { end: _end, ...openEnded } = base;
    expect(periodAt(openEnded, base.start + 100 * HOUR)?.limit).toBe(6);
  });

  it("periodAt agrees with a linear scan oracle", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { maxLength: 8 }),
        fc.integer({ min: -10, max: 1100 }),
        (offsets, t) => {
          const sorted = [0, ...offsets.sort((a, b) => a - b)];
          const schedule: PowerSchedule = {
            start: 0,
            unit: "W",
            periods: sorted.map((o, i) => ({ startOffset: o, limit: i })),
          };
          const expected = t < 0 ? undefined : sorted.filter((o) => o <= t).length - 1;
          expect(periodAt(schedule, t)?.limit).toBe(expected);
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONVERSION_NOISE, mostRestrictive, quantizeTime, roundPeriod, towardZero } from "./quantize.js";
import type { ProfilePeriod } from "./types.js";

const T = Date.UTC(2026, 10, 21, 17);

/** The period in force at `t` in a plain list anchored at `start` (an oracle: a linear scan). */
function at(start: number, periods: readonly ProfilePeriod[], t: number): ProfilePeriod | undefined {
  let found: ProfilePeriod | undefined;
  for (const p of periods) if (start + p.startOffset <= t) found = p;
  return found;
}

describe("rounding to 0.1", () => {
  it("rounds limits down and setpoints toward zero, never to a larger magnitude", () => {
    expect(towardZero(16.09)).toBe(16);
    expect(towardZero(0.3)).toBe(0.3);
    expect(towardZero(7359.99)).toBe(7359.9);
    expect(towardZero(-3.27)).toBe(-3.2);
    expect(roundPeriod({ startOffset: 0, limit: 6.06, setpoint: -2.19, dischargeLimit: 4.44 })).toEqual({
      startOffset: 0,
      limit: 6,
      setpoint: -2.1,
      dischargeLimit: 4.4,
    });
  });

  it("snaps the float noise of a unit conversion onto the grid, when asked", () => {
    expect(towardZero(16.08 * 230 * 3)).toBe(11_095.1);
    expect(towardZero(16.08 * 230 * 3, CONVERSION_NOISE)).toBe(11_095.2);
    expect(towardZero(79.9999999992, CONVERSION_NOISE)).toBe(79.9);
  });

  it("never grows a magnitude and stays within one step", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        const r = towardZero(v);
        expect(Math.abs(r)).toBeLessThanOrEqual(Math.abs(v));
        expect(Math.abs(v) - Math.abs(r)).toBeLessThan(0.1 + 1e-9);
        expect(Math.abs(Math.round(r * 10) - r * 10)).toBeLessThan(1e-6);
      }),
    );
  });
});

describe("moving boundaries onto whole seconds", () => {
  it("starts a higher limit at the next second and a lower one at the previous", () => {
    const grid = quantizeTime(
      T + 250,
      [
        { startOffset: 0, limit: 16 },
        { startOffset: 1_800_500, limit: 10 },
        { startOffset: 3_600_700, limit: 20 },
      ],
      T + 7_200_250,
    );
    expect(grid).toEqual({
      start: T,
      periods: [
        { startOffset: 0, limit: 16 },
        { startOffset: 1_800_000, limit: 10 },
        { startOffset: 3_601_000, limit: 20 },
      ],
      end: T + 7_201_000,
    });
  });

  it("keeps boundaries that are already whole seconds", () => {
    const periods = [
      { startOffset: 0, limit: 16 },
      { startOffset: 900_000, limit: 8 },
    ];
    expect(quantizeTime(T, periods)).toEqual({ start: T, periods });
  });

  it("gives a second with several sub-second periods their most restrictive values", () => {
    const grid = quantizeTime(T, [
      { startOffset: 0, limit: 16, phases: 3 },
      { startOffset: 1_200, limit: 6, phases: 1 },
      { startOffset: 1_700, limit: 32, phases: 3 },
    ]);
    expect(grid.periods).toEqual([
      { startOffset: 0, limit: 16, phases: 3 },
      { startOffset: 1_000, limit: 6, phases: 1 },
      { startOffset: 2_000, limit: 32, phases: 3 },
    ]);
  });

  it("combines V2G values conservatively: no discharge unless every period allows it", () => {
    expect(
      mostRestrictive([
        { startOffset: 0, limit: 0, setpoint: -10, dischargeLimit: 10 },
        { startOffset: 1, limit: 16 },
      ]),
    ).toEqual({ limit: 0 });
    expect(
      mostRestrictive([
        { startOffset: 0, limit: 0, setpoint: -10, dischargeLimit: 10 },
        { startOffset: 1, limit: 0, setpoint: -4, dischargeLimit: 6 },
      ]),
    ).toEqual({ limit: 0, setpoint: -4, dischargeLimit: 6 });
    expect(
      mostRestrictive([
        { startOffset: 0, limit: 10, setpoint: 8, dischargeLimit: 5 },
        { startOffset: 1, limit: 10, setpoint: -3, dischargeLimit: 5 },
      ]),
    ).toEqual({ limit: 10, setpoint: 0, dischargeLimit: 5 });
  });

  it("never allows more than the input at any instant, and equals it away from boundaries", () => {
    const schedule = fc
      .tuple(
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.record({ gap: fc.integer({ min: 1, max: 5_000 }), limit: fc.integer({ min: 0, max: 320 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
      )
      .map(([shift, raw]) => {
        let offset = 0;
        const periods = raw.map((r, i) => {
          if (i > 0) offset += r.gap;
          return { startOffset: offset, limit: r.limit / 10 };
        });
        return { start: T + shift, periods, end: T + shift + offset + (raw[0]?.gap ?? 1) };
      });
    fc.assert(
      fc.property(schedule, ({ start, periods, end }) => {
        const grid = quantizeTime(start, periods, end);
        expect(grid.start).toBeLessThanOrEqual(start);
        expect(grid.end).toBeGreaterThanOrEqual(end);
        for (let t = start; t < end; t += 97) {
          const original = at(start, periods, t)?.limit ?? Number.NaN;
          const emitted = at(grid.start, grid.periods, t)?.limit ?? Number.NaN;
          expect(emitted).toBeLessThanOrEqual(original);
          // a second with no boundary inside keeps the value exactly
          const second = Math.floor(t / 1000) * 1000;
          const boundaryInside = periods.some((p) => {
            const b = start + p.startOffset;
            return b > second && b < second + 1000;
          });
          if (!boundaryInside && second >= start) expect(emitted).toBe(original);
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { HOUR, MINUTE } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DwellModel, fitDwellModel } from "./dwell-model.js";
import type { SessionRecord } from "./dwell-types.js";

const T0 = Date.UTC(2026, 2, 2, 8); // a Monday, 08:00 UTC

/** Brute-force oracle: the empirical quantile of (d − elapsed) over durations longer than `elapsed`. */
function oracleQuantile(durations: number[], elapsed: number, p: number): number {
  const left = durations.filter((d) => d > elapsed).sort((a, b) => a - b);
  const index = Math.max(0, Math.ceil(p * left.length - 1e-9) - 1);
  return (left[index] as number) - elapsed;
}

describe("dwell model", () => {
  it("with one group, predicts the empirical residual quantiles exactly (brute-force oracle)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 600 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 600 }),
        fc.constantFrom(0.1, 0.25, 0.5, 0.9),
        (minutes, elapsedMinutes, p) => {
          const durations = minutes.map((m) => m * MINUTE);
          const sessions: SessionRecord[] = durations.map((d) => ({ start: T0, end: T0 + d }));
          const model = fitDwellModel(sessions, { maxSamples: 1000 });
          // one arrival time, no sites or drivers: the kernel weighs every session alike
          const elapsed = elapsedMinutes * MINUTE;
          const [q] = model.remaining({ start: T0, now: T0 + elapsed }, [p]);
          if (durations.some((d) => d > elapsed)) expect(q).toBe(oracleQuantile(durations, elapsed, p));
          else expect(q).toBeGreaterThan(0); // beyond every observation: the exponential tail
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is consistent: the probability of having left by the p-quantile is at least p", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minutes: fc.integer({ min: 5, max: 900 }),
            hour: fc.nat({ max: 23 }),
            driver: fc.nat({ max: 3 }),
          }),
          { minLength: 5, maxLength: 200 },
        ),
        fc.nat({ max: 300 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (rows, elapsedMinutes, p) => {
          const sessions = rows.map((r) => {
            const start = T0 + r.hour * HOUR;
            return { start, end: start + r.minutes * MINUTE, driver: `u${r.driver}`, site: "s" };
          });
          const model = fitDwellModel(sessions);
          const query = { start: T0 + 9 * HOUR, now: T0 + 9 * HOUR + elapsedMinutes * MINUTE, driver: "u1", site: "s" };
          const [remaining] = model.remaining(query, [p]) as [number];
          expect(model.doneBy(query, (query.now as number) + remaining)).toBeGreaterThanOrEqual(p - 1e-9);
          expect(model.doneBy(query, query.now as number)).toBe(0);
          const { p10, p50, p90 } = model.residual(query);
          expect(p10).toBeLessThanOrEqual(p50);
          expect(p50).toBeLessThanOrEqual(p90);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("leans on a driver's own history once there is enough of it", () => {
    const sessions: SessionRecord[] = [];
    for (let i = 0; i < 200; i++) sessions.push({ start: T0, end: T0 + 2 * HOUR, driver: `other${i % 50}` });
    for (let i = 0; i < 30; i++) sessions.push({ start: T0, end: T0 + 9 * HOUR, driver: "commuter" });
    const model = fitDwellModel(sessions);
    expect(model.residual({ start: T0, driver: "commuter" }).p50).toBe(9 * HOUR);
    expect(model.residual({ start: T0, driver: "stranger" }).p50).toBe(2 * HOUR);
  });

  it("conditions on the time of day and day type in the given time zone", () => {
    const la = Date.UTC(2026, 2, 2, 16); // 08:00 in Los Angeles (PST, UTC−8), a Monday
    const sessions: SessionRecord[] = [];
    for (let i = 0; i < 50; i++) {
      sessions.push({ start: la, end: la + 9 * HOUR });
      sessions.push({ start: la + 10 * HOUR, end: la + 11 * HOUR }); // 18:00 local: short evening stops
    }
    const model = fitDwellModel(sessions, { timeZone: "America/Los_Angeles" });
    // the next day (a week later would cross the start of daylight saving time on 8 March 2026)
    expect(model.residual({ start: la + 24 * HOUR }).p50).toBe(9 * HOUR);
    expect(model.residual({ start: la + 10 * HOUR + 24 * HOUR }).p50).toBe(HOUR);
    // after the switch to PDT, 08:00 local is 15:00 UTC: still the morning commuters
    expect(model.residual({ start: Date.UTC(2026, 2, 10, 15) }).p50).toBe(9 * HOUR);
  });

  it("round-trips through JSON and refuses a broken one with a clear error", () => {
    const sessions = Array.from({ length: 40 }, (_, i) => ({
      start: T0 + i * HOUR,
      end: T0 + i * HOUR + (i + 1) * 7 * MINUTE,
      site: "a",
    }));
    const model = fitDwellModel(sessions);
    const copy = DwellModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const query = { start: T0 + 3 * HOUR, now: T0 + 4 * HOUR, site: "a" };
    expect(copy.residual(query)).toEqual(model.residual(query));
    expect(copy.fitted).toBe(40);
    expect(() => DwellModel.fromJSON({ format: "nope" })).toThrow("invalid dwell model");
    expect(() => fitDwellModel(sessions, { bandwidth: 0 })).toThrow("bandwidth must be positive");
    expect(() => fitDwellModel(sessions, { timeZone: "Mars/Olympus" })).toThrow("unknown time zone");
  });
});

describe("dwell model: learned slopes", () => {
  it("learns a fixed departure time at a workplace and a fixed stay at a shop", () => {
    const workplace: SessionRecord[] = [];
    const shop: SessionRecord[] = [];
    for (let day = 0; day < 20; day++) {
      for (let h = 7; h <= 10; h += 0.5) {
        const start = T0 + day * 24 * HOUR + (h - 8) * HOUR;
        workplace.push({ start, end: T0 + day * 24 * HOUR + 9 * HOUR, site: "office" }); // everyone leaves at 17:00
        shop.push({ start, end: start + 45 * MINUTE, site: "shop" });
      }
    }
    const office = fitDwellModel(workplace, { shrinkage: { site: 0 } });
    const store = fitDwellModel(shop, { shrinkage: { site: 0 } });
    const at = (h: number) => T0 + 70 * 24 * HOUR + (h - 8) * HOUR; // a weekday, arriving at h o'clock UTC
    // arriving at 07:45 (between the observed half hours) at the office: leave at 17:00, so 9 h 15 min
    expect(office.residual({ start: at(7.75), site: "office" }).p50 / MINUTE).toBeCloseTo(555, -1);
    expect(store.residual({ start: at(7.75), site: "shop" }).p50).toBe(45 * MINUTE);
  });

  it("calibrates a declared stay by what drivers with similar declarations really did", () => {
    const sessions: SessionRecord[] = [];
    for (let i = 0; i < 200; i++) {
      const declaredHours = 1 + (i % 8);
      const start = T0 + i * HOUR;
      // people stay 70 % of what they declare
      sessions.push({ start, end: start + 0.7 * declaredHours * HOUR, declaredEnd: start + declaredHours * HOUR });
    }
    const model = fitDwellModel(sessions);
    const start = T0 + 300 * HOUR;
    const p50 = model.residual({ start, declaredEnd: start + 6 * HOUR }).p50;
    expect(p50 / HOUR).toBeGreaterThan(3.8);
    expect(p50 / HOUR).toBeLessThan(4.6);
  });
});

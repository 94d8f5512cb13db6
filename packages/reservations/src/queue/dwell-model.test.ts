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
    expect(copy.dependence).toBe(model.dependence);
    expect(copy.toJSON().format).toBe("chargekit-dwell/3");
    expect(() => DwellModel.fromJSON({ format: "nope" })).toThrow("invalid dwell model");
    expect(() => DwellModel.fromJSON({ ...model.toJSON(), dependence: 2 })).toThrow("invalid dwell model: dependence");
    expect(() => fitDwellModel(sessions, { dependence: -0.1 })).toThrow("dependence must be");
    expect(() => fitDwellModel(sessions, { bandwidth: 0 })).toThrow("bandwidth must be positive");
    expect(() => fitDwellModel(sessions, { timeZone: "Mars/Olympus" })).toThrow("unknown time zone");
  });

  it("still reads format 2 (before the learned dependence) as independent releases", () => {
    const sessions = Array.from({ length: 40 }, (_, i) => ({ start: T0 + i * HOUR, end: T0 + i * HOUR + HOUR }));
    const { dependence: _, ...v3 } = fitDwellModel(sessions, { dependence: 0.7 }).toJSON();
    const { dependence: __, ...options } = v3.options;
    const old = DwellModel.fromJSON({ ...v3, format: "chargekit-dwell/2", options });
    expect(old.dependence).toBe(0);
    expect(old.residual({ start: T0 }).p50).toBe(HOUR);
  });
});

/** Days at one site: arrivals 07:00–10:00, departures from `leave(day, start, random)`; a seeded LCG. */
function days(count: number, leave: (day: number, start: number, random: () => number) => number): SessionRecord[] {
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4_294_967_296;
  };
  const sessions: SessionRecord[] = [];
  for (let day = 0; day < count; day++) {
    if (day % 7 >= 5) continue; // weekdays only
    const shock = random();
    for (let k = 0; k < 6; k++) {
      const start = T0 + day * 24 * HOUR + Math.round((random() * 3 - 1) * HOUR);
      sessions.push({ start, end: leave(shock, start, random), site: "office", driver: `u${k}-${day % 3}` });
    }
  }
  return sessions;
}

describe("dwell model: learned dependence between concurrent departures", () => {
  it("learns about 0 when departures are independent", () => {
    const model = fitDwellModel(days(120, (_, start, random) => start + Math.round((2 + 7 * random()) * HOUR)));
    expect(model.dependence).toBeLessThan(0.15);
  });

  it("learns a high dependence when a site empties together (a day-wide departure time)", () => {
    // everyone leaves between 15:00 and 19:00 UTC depending on the day, within ±10 min of each other
    const model = fitDwellModel(
      days(120, (shock, start, random) => {
        const day = Math.floor((start - T0 + 12 * HOUR) / (24 * HOUR));
        return T0 + day * 24 * HOUR + Math.round((7 + 4 * shock) * HOUR + (random() - 0.5) * 20 * MINUTE);
      }),
    );
    expect(model.dependence).toBeGreaterThan(0.7);
    expect(model.dependence).toBeLessThanOrEqual(1);
  });

  it("keeps a fixed dependence instead of learning one", () => {
    const sessions = days(30, (_, start, random) => start + Math.round((2 + 7 * random()) * HOUR));
    expect(fitDwellModel(sessions, { dependence: 0.4 }).dependence).toBe(0.4);
    expect(fitDwellModel(sessions.map(({ site: _, ...s }) => s)).dependence).toBe(0); // no site: nothing concurrent
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

import { MINUTE, unwrap } from "@chargekit/core";
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MeterSample, priceMeterSamples } from "./meter-samples.js";
import { parseTariff, type TariffInput } from "./parse-tariff.js";
import { createRunningCost } from "./running-cost.js";
import { DAYS_OF_WEEK, type Tariff, type TariffRestrictions } from "./tariff.js";

// An independent oracle for the restriction semantics: it walks a session second by second, reads the wall clock
// of every second straight from Intl, picks the first matching element per dimension by re-reading the tariff's
// restrictions, and adds up the per-second cost. The engine instead splits meter intervals at computed boundaries
// (time of day, DST changes, durations, energy thresholds) and prices whole periods. Both must agree.

const D = Decimal.clone({ precision: 60 });
const ZONES = ["UTC", "Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"];
// instants around the 2024 DST changes of the zones above
const STARTS = [
  Date.UTC(2024, 2, 30, 22),
  Date.UTC(2024, 2, 10, 5),
  Date.UTC(2024, 3, 6, 13),
  Date.UTC(2024, 9, 26, 23),
  Date.UTC(2024, 10, 3, 4),
  Date.UTC(2024, 5, 15, 10),
];

const hhmm = fc
  .integer({ min: 0, max: 47 })
  .map((h) => `${String(Math.floor(h / 2)).padStart(2, "0")}:${h % 2 ? "30" : "00"}`);
const restrictions: fc.Arbitrary<TariffRestrictions> = fc.record(
  {
    startTime: hhmm,
    endTime: hhmm,
    dayOfWeek: fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }),
    minDuration: fc.integer({ min: 0, max: 240 }).map((m) => m * 60),
    maxDuration: fc.integer({ min: 1, max: 300 }).map((m) => m * 60),
    minKwh: fc.integer({ min: 0, max: 8 }).map((k) => new D(k).times("0.006").toString()),
    maxKwh: fc.integer({ min: 1, max: 12 }).map((k) => new D(k).times("0.006").toString()),
    minPower: fc.constantFrom("3.6", "7.2"),
    maxPower: fc.constantFrom("3.6", "7.2", "11"),
  },
  { requiredKeys: [] },
);
const price = fc.integer({ min: 0, max: 500 }).map((c) => c / 100);
const component = fc.record(
  {
    type: fc.constantFrom("ENERGY", "TIME", "PARKING_TIME", "FLAT"),
    price,
    vat: fc.constantFrom(0, 9, 21),
    stepSize: fc.constant(1),
  },
  { requiredKeys: ["type", "price", "stepSize"] },
);
const tariffArb: fc.Arbitrary<Tariff> = fc
  .record({
    elements: fc.array(
      fc.record(
        { priceComponents: fc.array(component, { minLength: 1, maxLength: 3 }), restrictions },
        {
          requiredKeys: ["priceComponents"],
        },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    minPrice: fc.option(fc.record({ exclVat: price, inclVat: price }), { nil: undefined }),
    maxPrice: fc.option(fc.record({ exclVat: price.map((p) => 5 + p * 10), inclVat: price.map((p) => 6 + p * 12) }), {
      nil: undefined,
    }),
  })
  .map((t) => unwrap(parseTariff({ id: "oracle", currency: "EUR", ...stripUndefined(t) } as TariffInput)));

/** A trace: segments of whole minutes, charging at `whPerSecond` × 3600 W or parked. */
const traceArb = fc.record({
  start: fc.constantFrom(...STARTS),
  offsetMinutes: fc.integer({ min: 0, max: 24 * 60 }),
  whPerSecond: fc.integer({ min: 1, max: 3 }),
  segments: fc.array(fc.record({ minutes: fc.integer({ min: 1, max: 50 }), charging: fc.boolean() }), {
    minLength: 1,
    maxLength: 6,
  }),
});

function samplesOf(t: TraceValue): MeterSample[] {
  const out: MeterSample[] = [];
  let at = t.start + t.offsetMinutes * MINUTE;
  let energy = 0;
  for (const s of t.segments) {
    out.push({ at, energyWh: energy, charging: s.charging, powerW: s.charging ? t.whPerSecond * 3600 : 0 });
    at += s.minutes * MINUTE;
    if (s.charging) energy += s.minutes * 60 * t.whPerSecond;
  }
  out.push({ at, energyWh: energy, charging: false, powerW: 0 });
  return out;
}

interface TraceValue {
  start: number;
  offsetMinutes: number;
  whPerSecond: number;
  segments: { minutes: number; charging: boolean }[];
}

function oracle(tariff: Tariff, trace: TraceValue, timeZone: string): { excl: Decimal; incl: Decimal } {
  const samples = samplesOf(trace);
  const start = (samples[0] as MeterSample).at;
  const end = (samples.at(-1) as MeterSample).at;
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "long",
  });
  let excl = new D(0);
  let incl = new D(0);
  let energy = 0;
  let flatDone = false;
  let segment = 0;
  let segmentEnd = start + (trace.segments[0]?.minutes ?? 0) * MINUTE;
  let wall = { date: "", minute: 0, day: "" };
  for (let t = start; t < end; t += 1000) {
    while (t >= segmentEnd) {
      segment++;
      segmentEnd += (trace.segments[segment]?.minutes ?? 0) * MINUTE;
    }
    const charging = trace.segments[segment]?.charging ?? false;
    if (t % MINUTE === 0 || wall.date === "") {
      const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, x.value]));
      wall = {
        date: `${p["year"]}-${p["month"]}-${p["day"]}`,
        minute: Number(p["hour"]) * 60 + Number(p["minute"]),
        day: String(p["weekday"]).toUpperCase(),
      };
    }
    const powerW = charging ? trace.whPerSecond * 3600 : 0;
    const holds = (r: TariffRestrictions | undefined): boolean => {
      if (r === undefined) return true;
      const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
      if (r.startTime !== undefined || r.endTime !== undefined) {
        const a = r.startTime === undefined ? 0 : m(r.startTime);
        const b = r.endTime === undefined || m(r.endTime) === 0 ? 1440 : m(r.endTime);
        if (a < b ? !(wall.minute >= a && wall.minute < b) : !(wall.minute >= a || wall.minute < b)) return false;
      }
      if (r.dayOfWeek !== undefined && !r.dayOfWeek.includes(wall.day as never)) return false;
      const seconds = (t - start) / 1000;
      if (r.minDuration !== undefined && seconds < r.minDuration) return false;
      if (r.maxDuration !== undefined && seconds >= r.maxDuration) return false;
      if (r.minKwh !== undefined && energy < Number(r.minKwh) * 1000 - 1e-9) return false;
      if (r.maxKwh !== undefined && energy >= Number(r.maxKwh) * 1000 - 1e-9) return false;
      if (r.minPower !== undefined && powerW < Number(r.minPower) * 1000) return false;
      if (r.maxPower !== undefined && powerW >= Number(r.maxPower) * 1000) return false;
      return true;
    };
    const pick = (type: string) => {
      for (const e of tariff.elements) {
        const c = e.priceComponents.find((x) => x.type === type);
        if (c !== undefined && holds(e.restrictions)) return c;
      }
      return undefined;
    };
    const add = (c: { price: string; vat?: string } | undefined, units: Decimal) => {
      if (c === undefined) return;
      const net = new D(c.price).times(units);
      excl = excl.plus(net);
      incl = incl.plus(net.times(new D(c.vat ?? 0).div(100).plus(1)));
    };
    if (!flatDone) {
      const flat = pick("FLAT");
      if (flat !== undefined) {
        add(flat, new D(1));
        flatDone = true;
      }
    }
    if (charging) {
      add(pick("TIME"), new D(1).div(3600));
      add(pick("ENERGY"), new D(trace.whPerSecond).div(1000));
      energy += trace.whPerSecond;
    } else {
      add(pick("PARKING_TIME"), new D(1).div(3600));
    }
  }
  const clamp = (v: Decimal, min?: string, max?: string) => {
    let x = v;
    if (min !== undefined && x.lessThan(min)) x = new D(min);
    if (max !== undefined && x.greaterThan(max)) x = new D(max);
    return x;
  };
  return {
    excl: clamp(excl, tariff.minPrice?.exclVat, tariff.maxPrice?.exclVat),
    incl: clamp(incl, tariff.minPrice?.inclVat, tariff.maxPrice?.inclVat),
  };
}

describe("tariff engine against a second-by-second oracle", () => {
  it("prices random tariffs and meter traces exactly like the oracle, in DST-changing time zones", () => {
    fc.assert(
      fc.property(tariffArb, traceArb, fc.constantFrom(...ZONES), (tariff, trace, timeZone) => {
        const cost = unwrap(priceMeterSamples(tariff, samplesOf(trace), { timeZone }));
        const expected = oracle(tariff, trace, timeZone);
        expect(new D(cost.total.exclVat).minus(expected.excl).abs().toNumber()).toBeLessThan(1e-20);
        expect(new D(cost.total.inclVat).minus(expected.incl).abs().toNumber()).toBeLessThan(1e-20);
      }),
      { numRuns: 60 },
    );
  });
});

describe("running cost", () => {
  const steppedTariff = tariffArb.chain((t) =>
    fc.array(fc.constantFrom(1, 60, 300, 900, 500, 5000), { minLength: 8, maxLength: 8 }).map((steps) => {
      let i = 0;
      return unwrap(
        parseTariff({
          ...t,
          elements: t.elements.map((e) => ({
            ...e,
            priceComponents: e.priceComponents.map((c) => ({ ...c, stepSize: steps[i++ % steps.length] ?? 1 })),
          })),
        }),
      );
    }),
  );

  it("never decreases, stays at or below the final cost, and finishes at exactly the engine's price", () => {
    fc.assert(
      fc.property(steppedTariff, traceArb, fc.constantFrom(...ZONES), (tariff, trace, timeZone) => {
        const samples = samplesOf(trace);
        const running = createRunningCost(tariff, { timeZone });
        const seen: { excl: Decimal; incl: Decimal }[] = [];
        for (const s of samples) {
          const snapshot = unwrap(running.add(s));
          seen.push({ excl: new D(snapshot.cost.exclVat), incl: new D(snapshot.cost.inclVat) });
        }
        for (let i = 1; i < seen.length; i++) {
          const a = seen[i - 1] as { excl: Decimal; incl: Decimal };
          const b = seen[i] as { excl: Decimal; incl: Decimal };
          expect(b.excl.greaterThanOrEqualTo(a.excl)).toBe(true);
          expect(b.incl.greaterThanOrEqualTo(a.incl)).toBe(true);
        }
        const final = unwrap(running.finish());
        const batch = unwrap(priceMeterSamples(tariff, samples, { timeZone }));
        expect(final).toEqual(batch);
        for (const s of seen) {
          expect(s.excl.lessThanOrEqualTo(final.total.exclVat)).toBe(true);
          expect(s.incl.lessThanOrEqualTo(final.total.inclVat)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

function stripUndefined<T extends Record<string, unknown>>(v: T): T {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as T;
}

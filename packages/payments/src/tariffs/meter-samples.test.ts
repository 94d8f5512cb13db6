import { HOUR, MINUTE, unwrap } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { periodsFromMeterSamples, priceMeterSamples } from "./meter-samples.js";
import { parseTariff } from "./parse-tariff.js";
import { priceSession } from "./price-session.js";
import { createRunningCost } from "./running-cost.js";

const t0 = Date.UTC(2024, 0, 15, 16, 0); // a Monday, 17:00 in Amsterdam
const dayNight = unwrap(
  parseTariff({
    id: "day-night",
    currency: "EUR",
    elements: [
      {
        priceComponents: [{ type: "ENERGY", price: 0.4, vat: 21, stepSize: 1 }],
        restrictions: { startTime: "07:00", endTime: "23:00" },
      },
      { priceComponents: [{ type: "ENERGY", price: 0.2, vat: 21, stepSize: 1 }] },
      {
        priceComponents: [{ type: "PARKING_TIME", price: 6, vat: 21, stepSize: 60 }],
        restrictions: { minIdleDuration: 1800 },
      },
    ],
  }),
);

describe("meter samples", () => {
  it("splits at 23:00 local and interpolates the energy across the boundary", () => {
    const periods = unwrap(
      periodsFromMeterSamples(
        dayNight,
        [
          { at: t0 + 5 * HOUR + 30 * MINUTE, energyWh: 0 }, // 22:30 local
          { at: t0 + 6 * HOUR + 30 * MINUTE, energyWh: 10_000 }, // 23:30 local
        ],
        { timeZone: "Europe/Amsterdam" },
      ),
    );
    expect(periods.map((p) => [p.startAt, p.energyWh, p.chargingMs])).toEqual([
      [t0 + 5.5 * HOUR, "5000", 30 * MINUTE],
      [t0 + 6 * HOUR, "5000", 30 * MINUTE],
    ]);
  });

  it("starts idle pricing after 30 idle minutes (an OCPP 2.1 idle-time condition)", () => {
    const cost = unwrap(
      priceMeterSamples(
        dayNight,
        [
          { at: t0, energyWh: 0 },
          { at: t0 + HOUR, energyWh: 11_000, charging: false },
        ],
        { timeZone: "Europe/Amsterdam", endAt: t0 + 2 * HOUR },
      ),
    );
    expect(cost.parkingTime.volume).toBe(String(HOUR));
    expect(cost.parkingTime.billedVolume).toBe(String(30 * MINUTE));
    expect(cost.parkingTime.cost.exclVat).toBe("3");
  });

  it("refuses samples out of order, a register that goes back, and sessions that end early", () => {
    const run = (samples: { at: number; energyWh: number }[], endAt?: number) =>
      priceMeterSamples(dayNight, samples, { timeZone: "UTC", ...(endAt === undefined ? {} : { endAt }) });
    const back = run([
      { at: t0, energyWh: 100 },
      { at: t0 + MINUTE, energyWh: 50 },
    ]);
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.error.message).toContain("energy register went back from 100 Wh to 50 Wh");
    expect(
      run([
        { at: t0 + MINUTE, energyWh: 0 },
        { at: t0, energyWh: 1 },
      ]).ok,
    ).toBe(false);
    expect(run([]).ok).toBe(false);
    expect(run([{ at: t0, energyWh: 0 }], t0 - 1).ok).toBe(false);
    expect(run([{ at: t0, energyWh: Number.NaN }]).ok).toBe(false);
  });

  it("prices periods given directly and refuses unsorted or negative ones", () => {
    const bad = priceSession(
      dayNight,
      { startAt: t0, endAt: t0 + HOUR, periods: [{ startAt: t0, energyWh: -1 }] },
      { timeZone: "UTC" },
    );
    expect(bad.ok).toBe(false);
    const unsorted = priceSession(
      dayNight,
      {
        startAt: t0,
        endAt: t0 + HOUR,
        periods: [
          { startAt: t0 + 1, energyWh: 1 },
          { startAt: t0, energyWh: 1 },
        ],
      },
      { timeZone: "UTC" },
    );
    expect(unsorted.ok).toBe(false);
    expect(priceSession(dayNight, { startAt: t0, endAt: t0, periods: [] }, { timeZone: "Nowhere/City" }).ok).toBe(
      false,
    );
  });

  it("running cost: what a stop now would cost can exceed the accrued cost (step-size round-up)", () => {
    const stepped = unwrap(
      parseTariff({
        id: "per-kwh-block",
        currency: "EUR",
        elements: [{ priceComponents: [{ type: "ENERGY", price: 1, stepSize: 1000 }] }],
      }),
    );
    const running = createRunningCost(stepped, { timeZone: "UTC" });
    unwrap(running.add({ at: t0, energyWh: 0 }));
    const snap = unwrap(running.add({ at: t0 + MINUTE, energyWh: 100 }));
    expect(snap.cost.exclVat).toBe("0.1");
    expect(running.ifStoppedNow().total.exclVat).toBe("1");
    expect(running.add({ at: t0, energyWh: 200 }).ok).toBe(false);
    expect(unwrap(running.finish()).total.exclVat).toBe("1");
  });
});

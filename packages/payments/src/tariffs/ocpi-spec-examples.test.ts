import { HOUR, MINUTE, unwrap } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { money, roundMoney } from "../money/money.js";
import type { ChargingPeriod, ReservationUsage } from "./charging-period.js";
import { type MeterSample, priceMeterSamples } from "./meter-samples.js";
import { parseTariff, type TariffInput } from "./parse-tariff.js";
import { priceSession } from "./price-session.js";
import type { SessionCost } from "./session-cost.js";
import type { Tariff } from "./tariff.js";

// Our own cases for every tariff example of the OCPI 2.2.1 specification text (mod_tariffs, and the step_size
// examples of mod_cdrs). The tariffs are re-expressed from the examples' figures; the expected totals are the
// figures of the text. Where editions of the 2.2.1 text disagree, the reference is the corrected text of the
// release-2.2.1-bugfixes branch (the one the test vectors' README calls "the spec"), and the test says what the
// 2021 publication printed instead.

const T0 = Date.UTC(2019, 5, 3, 8, 0); // Monday 3 June 2019, 10:00 in Berlin

function tariff(elements: TariffInput["elements"], extra: Partial<TariffInput> = {}): Tariff {
  return unwrap(parseTariff({ id: "spec-example", currency: "EUR", elements, ...extra }));
}

function priced(
  t: Tariff,
  periods: ChargingPeriod[],
  endAt: number,
  options: { timeZone?: string; reservation?: ReservationUsage; startAt?: number } = {},
): SessionCost {
  const startAt = options.startAt ?? periods[0]?.startAt ?? endAt;
  return unwrap(
    priceSession(
      t,
      { startAt, endAt, periods, ...(options.reservation === undefined ? {} : { reservation: options.reservation }) },
      { timeZone: options.timeZone ?? "Europe/Berlin" },
    ),
  );
}

function samples(t: Tariff, list: MeterSample[], timeZone = "Europe/Berlin"): SessionCost {
  return unwrap(priceMeterSamples(t, list, { timeZone }));
}

const cents = (amount: string): string => roundMoney(money(amount, "EUR")).amount;

const ENERGY_025 = { type: "ENERGY", price: 0.25, vat: 10, stepSize: 1 } as const;
const START_050 = { type: "FLAT", price: 0.5, vat: 20, stepSize: 1 } as const;

describe("OCPI 2.2.1 mod_tariffs examples", () => {
  it("simple tariff 0.25 per kWh: 20 kWh cost 5.00 / 5.50", () => {
    const cost = priced(
      tariff([{ priceComponents: [ENERGY_025] }]),
      [{ startAt: T0, energyWh: 20_000, chargingMs: HOUR }],
      T0 + HOUR,
    );
    expect(cost.total).toEqual({ exclVat: "5", inclVat: "5.5" });
  });

  it("0.25 per kWh + start fee: 20 kWh cost 5.50 / 6.10", () => {
    const t = tariff([{ priceComponents: [START_050, ENERGY_025] }]);
    const cost = priced(t, [{ startAt: T0, energyWh: 20_000, chargingMs: HOUR }], T0 + HOUR);
    expect(cost.total).toEqual({ exclVat: "5.5", inclVat: "6.1" });
    expect(cost.fixed).toEqual({ exclVat: "0.5", inclVat: "0.6" });
  });

  it("0.25 per kWh + minimum price: 20 kWh cost 5.00 / 5.50, under 2 kWh 0.50 / 0.55", () => {
    const t = tariff([{ priceComponents: [ENERGY_025] }], { minPrice: { exclVat: 0.5, inclVat: 0.55 } });
    const run = (wh: number) => priced(t, [{ startAt: T0, energyWh: wh, chargingMs: HOUR }], T0 + HOUR);
    expect(run(20_000).total).toEqual({ exclVat: "5", inclVat: "5.5" });
    expect(run(1_200).total).toEqual({ exclVat: "0.5", inclVat: "0.55" });
    expect(run(1_999).total).toEqual({ exclVat: "0.5", inclVat: "0.55" });
    expect(run(1_999).adjustment).toEqual({ exclVat: "0.00025", inclVat: "0.000275" });
    expect(run(2_000).priceLimit).toEqual({});
  });

  it("0.25 per kWh + parking fee + start fee: 20 kWh and 40 min parking (billed 45) cost 7.00 / 7.90", () => {
    const t = tariff([
      { priceComponents: [START_050, ENERGY_025, { type: "PARKING_TIME", price: 2, vat: 20, stepSize: 900 }] },
    ]);
    const cost = priced(
      t,
      [
        { startAt: T0, energyWh: 20_000, chargingMs: HOUR },
        { startAt: T0 + HOUR, parkingMs: 40 * MINUTE },
      ],
      T0 + HOUR + 40 * MINUTE,
    );
    expect(cost.total).toEqual({ exclVat: "7", inclVat: "7.9" });
    expect(cost.parkingTime.billedVolume).toBe(String(45 * MINUTE));
  });

  it("0.25 per kWh + start fee + max price: 50 kWh cost 10.00 / 11.00, 30 kWh 8.00 / 8.85", () => {
    const t = tariff([{ priceComponents: [START_050, ENERGY_025] }], {
      maxPrice: { exclVat: 10, inclVat: 11 },
      endDateTime: "2019-06-30T23:59:59Z",
    });
    const run = (wh: number) => priced(t, [{ startAt: T0, energyWh: wh, chargingMs: HOUR }], T0 + HOUR);
    expect(run(50_000).total).toEqual({ exclVat: "10", inclVat: "11" });
    expect(run(50_000).priceLimit).toEqual({ exclVat: "max", inclVat: "max" });
    expect(run(50_000).subtotal).toEqual({ exclVat: "13", inclVat: "14.35" });
    expect(run(30_000).total).toEqual({ exclVat: "8", inclVat: "8.85" });
  });

  it("simple tariff 2 euro per hour: 2.5 hours cost 5.00 / 5.50, parking is free", () => {
    const t = tariff([{ priceComponents: [{ type: "TIME", price: 2, vat: 10, stepSize: 60 }] }]);
    const cost = priced(
      t,
      [
        { startAt: T0, chargingMs: 2.5 * HOUR, energyWh: 20_000 },
        { startAt: T0 + 2.5 * HOUR, parkingMs: HOUR },
      ],
      T0 + 3.5 * HOUR,
    );
    expect(cost.total).toEqual({ exclVat: "5", inclVat: "5.5" });
  });

  it("3 euro per hour, 5 euro per hour parking: 150 min + 42 min (billed 45) cost 11.25 / 12.75", () => {
    const t = tariff([
      {
        priceComponents: [
          { type: "TIME", price: 3, vat: 10, stepSize: 60 },
          { type: "PARKING_TIME", price: 5, vat: 20, stepSize: 300 },
        ],
      },
    ]);
    const cost = priced(
      t,
      [
        { startAt: T0, chargingMs: 150 * MINUTE },
        { startAt: T0 + 150 * MINUTE, parkingMs: 42 * MINUTE },
      ],
      T0 + 192 * MINUTE,
    );
    expect(cost.total).toEqual({ exclVat: "11.25", inclVat: "12.75" });
  });

  it("ad-hoc tariff with alternative text, 1.90 per hour at 5.2 % VAT per 5 min: 2.5 hours cost 4.75 / 5.00", () => {
    const t = tariff([{ priceComponents: [{ type: "TIME", price: 1.9, vat: 5.2, stepSize: 300 }] }], {
      type: "AD_HOC_PAYMENT",
      altText: [{ language: "en", text: "2.00 euro p/hour including VAT." }],
    });
    const cost = priced(t, [{ startAt: T0, chargingMs: 2.5 * HOUR }], T0 + 2.5 * HOUR);
    expect(cost.total.exclVat).toBe("4.75");
    expect(cost.total.inclVat).toBe("4.997");
    expect(cents(cost.total.inclVat)).toBe("5");
  });

  it("tariff not possible with OCPI: 0.40 + 25 % VAT is the 0.50 start fee, 1.90 + 5.2 % is about 2.00 per hour", () => {
    const t = tariff([
      {
        priceComponents: [
          { type: "FLAT", price: 0.4, vat: 25, stepSize: 1 },
          { type: "TIME", price: 1.9, vat: 5.2, stepSize: 300 },
        ],
      },
    ]);
    const cost = priced(t, [{ startAt: T0, chargingMs: HOUR }], T0 + HOUR);
    expect(cost.fixed.inclVat).toBe("0.5");
    expect(cents(cost.chargingTime.cost.inclVat)).toBe("2");
  });

  it("tariff with alternative URL, 0.25 per kWh per 100 Wh: 20.45 kWh is billed as 20.5 kWh; at 0.22 that is 4.51 / 4.96", () => {
    const run = (price: number) =>
      priced(
        tariff([{ priceComponents: [{ type: "ENERGY", price, vat: 10, stepSize: 100 }] }], { type: "PROFILE_CHEAP" }),
        [{ startAt: T0, energyWh: 20_450, chargingMs: HOUR }],
        T0 + HOUR,
      );
    expect(run(0.25).energy.billedVolume).toBe("20500");
    expect(run(0.22).total).toEqual({ exclVat: "4.51", inclVat: "4.961" });
    expect(cents(run(0.22).total.inclVat)).toBe("4.96");
    // The text prints 5.50 / 6.05 at 0.25 per kWh, which does not follow from its own figures: 20.5 × 0.25 = 5.125.
    expect(run(0.25).total).toEqual({ exclVat: "5.125", inclVat: "5.6375" });
  });

  describe("complex tariff (start fee, current bands, weekday and Saturday parking)", () => {
    const t = tariff([
      { priceComponents: [{ type: "FLAT", price: 2.5, vat: 15, stepSize: 1 }] },
      { priceComponents: [{ type: "TIME", price: 1, vat: 20, stepSize: 900 }], restrictions: { maxCurrent: 32 } },
      {
        priceComponents: [{ type: "TIME", price: 2, vat: 20, stepSize: 600 }],
        restrictions: { minCurrent: 32, dayOfWeek: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] },
      },
      {
        priceComponents: [{ type: "TIME", price: 1.25, vat: 20, stepSize: 600 }],
        restrictions: { minCurrent: 32, dayOfWeek: ["SATURDAY", "SUNDAY"] },
      },
      {
        priceComponents: [{ type: "PARKING_TIME", price: 5, vat: 10, stepSize: 300 }],
        restrictions: {
          startTime: "09:00",
          endTime: "18:00",
          dayOfWeek: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
        },
      },
      {
        priceComponents: [{ type: "PARKING_TIME", price: 6, vat: 10, stepSize: 300 }],
        restrictions: { startTime: "10:00", endTime: "17:00", dayOfWeek: ["SATURDAY"] },
      },
    ]);
    const berlin = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+02:00`);

    it("Monday 09:30, 147 min at most 16 A, 42 min parking: 8.70 / 9.94 (parking rounded to 45 min, charging not)", () => {
      const start = berlin("2019-06-03", "09:30");
      const cost = priced(
        t,
        [
          { startAt: start, chargingMs: 147 * MINUTE, energyWh: 8_000, maxCurrentA: 16, minCurrentA: 6 },
          { startAt: start + 147 * MINUTE, parkingMs: 42 * MINUTE },
        ],
        start + 189 * MINUTE,
      );
      expect(cost.periods[0]?.chargingTime?.elementIndex).toBe(1);
      expect(cost.periods[1]?.parkingTime?.elementIndex).toBe(4);
      // release-2.2.1-bugfixes rule: with TIME and PARKING_TIME both used, step_size applies to parking only.
      // The 2021 text also rounded charging to 150 min and printed 8.75 / 10.00.
      expect(cost.total).toEqual({ exclVat: "8.7", inclVat: "9.94" });
    });

    it("Saturday 13:30, 114 min at least 43 A, 71 min parking: 12.375 / 13.975 (parking billed 75 min)", () => {
      const start = berlin("2019-06-08", "13:30");
      const cost = priced(
        t,
        [
          { startAt: start, chargingMs: 114 * MINUTE, energyWh: 30_000, minCurrentA: 43, maxCurrentA: 48 },
          { startAt: start + 114 * MINUTE, parkingMs: 71 * MINUTE },
        ],
        start + 185 * MINUTE,
      );
      expect(cost.periods[0]?.chargingTime?.elementIndex).toBe(3);
      expect(cost.periods[1]?.parkingTime?.elementIndex).toBe(5);
      // the corrected text (ocpi/ocpi#396); the 2021 text rounded charging to 120 min: 12.50 / 14.13
      expect(cost.total).toEqual({ exclVat: "12.375", inclVat: "13.975" });
    });
  });

  it("free of charge tariff: a FLAT price of 0.00 makes any session free", () => {
    const t = tariff([{ priceComponents: [{ type: "FLAT", price: 0, stepSize: 0 }] }]);
    const cost = priced(t, [{ startAt: T0, energyWh: 20_000, chargingMs: HOUR }], T0 + HOUR);
    expect(cost.total).toEqual({ exclVat: "0", inclVat: "0" });
  });

  describe("first hour of parking free, first kWh free", () => {
    const t = tariff([
      {
        priceComponents: [{ type: "PARKING_TIME", price: 0, stepSize: 60 }],
        restrictions: { minDuration: 0, maxDuration: 3600 },
      },
      {
        priceComponents: [{ type: "PARKING_TIME", price: 2, stepSize: 60 }],
        restrictions: { minDuration: 3600, maxDuration: 10800 },
      },
      { priceComponents: [{ type: "PARKING_TIME", price: 3, stepSize: 60 }], restrictions: { minDuration: 10800 } },
      { priceComponents: [{ type: "ENERGY", price: 0, stepSize: 1 }], restrictions: { maxKwh: 1 } },
      { priceComponents: [{ type: "ENERGY", price: 0.2, stepSize: 1 }], restrictions: { minKwh: 1 } },
    ]);

    it("20 kWh and 2.75 hours of parking cost 7.30 when parking starts with the session (the text's reading)", () => {
      const cost = samples(t, [
        { at: T0, energyWh: 0, charging: true },
        { at: T0, energyWh: 20_000, charging: false },
        { at: T0 + 2.75 * HOUR, energyWh: 20_000 },
      ]);
      expect(cost.energy.cost.exclVat).toBe("3.8");
      expect(cost.parkingTime.cost.exclVat).toBe("3.5");
      expect(cost.total.exclVat).toBe("7.3");
    });

    it("min/max_duration count from the session start (ocpi/ocpi#434): after 1 hour of charging it is 10.05", () => {
      const cost = samples(t, [
        { at: T0, energyWh: 0 },
        { at: T0 + HOUR, energyWh: 20_000, charging: false },
        { at: T0 + 3.75 * HOUR, energyWh: 20_000 },
      ]);
      // parking 1 h–3 h at 2.00 and 3 h–3.75 h at 3.00; energy: first kWh free (split at exactly 1 kWh)
      expect(cost.parkingTime.cost.exclVat).toBe("6.25");
      expect(cost.energy.cost.exclVat).toBe("3.8");
      expect(cost.total.exclVat).toBe("10.05");
    });
  });

  describe("reservations", () => {
    const sessionWith20kWh = (start: number): ChargingPeriod[] => [
      { startAt: start, energyWh: 20_000, chargingMs: HOUR },
    ];

    it("5.00 per hour reservation: started 15 minutes after reserving, 20 kWh: 6.75 / 7.60", () => {
      const t = tariff([
        {
          priceComponents: [{ type: "TIME", price: 5, vat: 20, stepSize: 60 }],
          restrictions: { reservation: "RESERVATION" },
        },
        { priceComponents: [START_050, ENERGY_025] },
      ]);
      const start = T0 + 15 * MINUTE;
      const cost = priced(t, sessionWith20kWh(start), start + HOUR, {
        reservation: { startAt: T0, endAt: start, expired: false },
      });
      expect(cost.reservation?.total).toEqual({ exclVat: "1.25", inclVat: "1.5" });
      expect(cost.total).toEqual({ exclVat: "6.75", inclVat: "7.6" });
    });

    it("2.00 reservation fee + 5.00 per hour per 5 min: 13 minutes (billed 15), 20 kWh: 8.75 / 10.00", () => {
      const t = tariff([
        {
          priceComponents: [
            { type: "FLAT", price: 2, vat: 20, stepSize: 1 },
            { type: "TIME", price: 5, vat: 20, stepSize: 300 },
          ],
          restrictions: { reservation: "RESERVATION" },
        },
        { priceComponents: [START_050, ENERGY_025] },
      ]);
      const start = T0 + 13 * MINUTE;
      const cost = priced(t, sessionWith20kWh(start), start + HOUR, {
        reservation: { startAt: T0, endAt: start, expired: false },
      });
      expect(cost.reservation?.billedTimeMs).toBe(String(15 * MINUTE));
      expect(cost.total).toEqual({ exclVat: "8.75", inclVat: "10" });
    });

    const expireFee = tariff([
      {
        priceComponents: [{ type: "FLAT", price: 4, vat: 20, stepSize: 1 }],
        restrictions: { reservation: "RESERVATION_EXPIRES" },
      },
      {
        priceComponents: [{ type: "TIME", price: 2, vat: 20, stepSize: 600 }],
        restrictions: { reservation: "RESERVATION" },
      },
      { priceComponents: [START_050, ENERGY_025] },
    ]);

    it("expiry fee tariff: started 22 minutes after reserving (billed 30), 20 kWh: 6.50 / 7.30", () => {
      const start = T0 + 22 * MINUTE;
      const cost = priced(expireFee, sessionWith20kWh(start), start + HOUR, {
        reservation: { startAt: T0, endAt: start, expired: false },
      });
      expect(cost.total).toEqual({ exclVat: "6.5", inclVat: "7.3" });
    });

    it("expiry fee tariff: a 1-hour reservation that expires costs 6.00 / 7.20 and no start fee", () => {
      const cost = priced(expireFee, [], T0 + HOUR, {
        startAt: T0 + HOUR,
        reservation: { startAt: T0, endAt: T0 + HOUR, expired: true },
      });
      expect(cost.fixed).toEqual({ exclVat: "0", inclVat: "0" });
      expect(cost.total).toEqual({ exclVat: "6", inclVat: "7.2" });
    });

    const expireTime = tariff([
      {
        priceComponents: [{ type: "TIME", price: 6, vat: 20, stepSize: 600 }],
        restrictions: { reservation: "RESERVATION_EXPIRES" },
      },
      {
        priceComponents: [{ type: "TIME", price: 3, vat: 20, stepSize: 600 }],
        restrictions: { reservation: "RESERVATION" },
      },
      { priceComponents: [START_050, ENERGY_025] },
    ]);

    it("expiry time tariff: started 22 minutes after reserving, 20 kWh: 7.00 / 7.90", () => {
      const start = T0 + 22 * MINUTE;
      const cost = priced(expireTime, sessionWith20kWh(start), start + HOUR, {
        reservation: { startAt: T0, endAt: start, expired: false },
      });
      expect(cost.total).toEqual({ exclVat: "7", inclVat: "7.9" });
    });

    it("expiry time tariff: a 1.5-hour reservation that expires costs 9.00 / 10.80", () => {
      const cost = priced(expireTime, [], T0 + 1.5 * HOUR, {
        startAt: T0 + 1.5 * HOUR,
        reservation: { startAt: T0, endAt: T0 + 1.5 * HOUR, expired: true },
      });
      expect(cost.total).toEqual({ exclVat: "9", inclVat: "10.8" });
    });
  });

  describe("step_size when switching tariff elements (charging 1.20 before 17:00 per 30 min, 2.40 after per 15 min, parking 1.00 until 20:00)", () => {
    const t = tariff([
      {
        priceComponents: [
          { type: "TIME", price: 1.2, stepSize: 1800 },
          { type: "PARKING_TIME", price: 1, stepSize: 900 },
        ],
        restrictions: { startTime: "00:00", endTime: "17:00" },
      },
      {
        priceComponents: [
          { type: "TIME", price: 2.4, stepSize: 900 },
          { type: "PARKING_TIME", price: 1, stepSize: 900 },
        ],
        restrictions: { startTime: "17:00", endTime: "20:00" },
      },
      {
        priceComponents: [{ type: "TIME", price: 2.4, stepSize: 900 }],
        restrictions: { startTime: "20:00", endTime: "00:00" },
      },
    ]);
    // local Amsterdam times in January (UTC+1); the meter samples are split at 17:00 and 20:00 local
    const local = (hhmm: string) => Date.parse(`2022-01-13T${hhmm}:00+01:00`);

    it("#1: plug in 16:55, charge 10 min, park 2 min: 0.10 + 0.20 + 0.25 = 0.55", () => {
      const cost = samples(
        t,
        [
          { at: local("16:55"), energyWh: 0, charging: true },
          { at: local("17:05"), energyWh: 1_000, charging: false },
          { at: local("17:07"), energyWh: 1_000 },
        ],
        "Europe/Amsterdam",
      );
      expect(cost.periods.map((p) => p.startAt)).toEqual([local("16:55"), local("17:00"), local("17:05")]);
      expect(cost.total.exclVat).toBe("0.55");
    });

    it("#2: plug in 16:35, charge 35 min and leave: 25 min before 17:00 and 20 billed after: 1.30", () => {
      const cost = samples(
        t,
        [
          { at: local("16:35"), energyWh: 0 },
          { at: local("17:10"), energyWh: 3_000 },
        ],
        "Europe/Amsterdam",
      );
      expect(cost.chargingTime.billedVolume).toBe(String(45 * MINUTE));
      expect(cost.periods[1]?.chargingTime?.billedVolume).toBe(String(20 * MINUTE));
      expect(cost.total.exclVat).toBe("1.3");
    });

    it("free-of-charge element: plug in 19:55, charge 10 min, park 2 min after 20:00 (free): 0.60", () => {
      // no PARKING_TIME component applies after 20:00, so the charging total is rounded to 15 minutes
      const cost = samples(
        t,
        [
          { at: local("19:55"), energyWh: 0, charging: true },
          { at: local("20:05"), energyWh: 1_000, charging: false },
          { at: local("20:07"), energyWh: 1_000 },
        ],
        "Europe/Amsterdam",
      );
      expect(cost.parkingTime.cost.exclVat).toBe("0");
      expect(cost.total.exclVat).toBe("0.6");
    });
  });

  it("max_power bands: 1 kWh at 6 kW, 40 kWh at 48 kW, 0.5 kWh at 4 kW: 0.20 + 20.00 + 0.10 = 20.30", () => {
    const t = tariff([
      { priceComponents: [{ type: "ENERGY", price: 0.2, vat: 20, stepSize: 1 }], restrictions: { maxPower: 16 } },
      { priceComponents: [{ type: "ENERGY", price: 0.35, vat: 20, stepSize: 1 }], restrictions: { maxPower: 32 } },
      { priceComponents: [{ type: "ENERGY", price: 0.5, vat: 20, stepSize: 1 }] },
    ]);
    const cost = samples(t, [
      { at: T0, energyWh: 0, powerW: 6_000 },
      { at: T0 + 10 * MINUTE, energyWh: 1_000, powerW: 48_000 },
      { at: T0 + 60 * MINUTE, energyWh: 41_000, powerW: 4_000 },
      { at: T0 + 67.5 * MINUTE, energyWh: 41_500 },
    ]);
    expect(cost.periods.map((p) => p.energy?.cost.exclVat)).toEqual(["0.2", "20", "0.1"]);
    expect(cost.total.exclVat).toBe("20.3");
  });

  it("max_duration: free for 30 min, then 0.25 per kWh: 5 kWh in 30 min and 1.2 kWh in 10 more cost 0.30", () => {
    const t = tariff([
      { priceComponents: [{ type: "ENERGY", price: 0, vat: 20, stepSize: 1 }], restrictions: { maxDuration: 1800 } },
      { priceComponents: [{ type: "ENERGY", price: 0.25, vat: 20, stepSize: 1 }], restrictions: { maxDuration: 3600 } },
      { priceComponents: [{ type: "ENERGY", price: 0.4, vat: 20, stepSize: 1 }] },
    ]);
    const cost = samples(t, [
      { at: T0, energyWh: 0 },
      { at: T0 + 30 * MINUTE, energyWh: 5_000 },
      { at: T0 + 40 * MINUTE, energyWh: 6_200 },
    ]);
    expect(cost.total.exclVat).toBe("0.3");
  });

  it("step_size multiplier of ENERGY: 115.2 Wh at 0.25 per kWh is 0.029 (step 1), 0.031 (step 25), 0.125 (step 500)", () => {
    const run = (stepSize: number) =>
      priced(
        tariff([{ priceComponents: [{ type: "ENERGY", price: 0.25, stepSize }] }]),
        [{ startAt: T0, energyWh: "115.2", chargingMs: MINUTE }],
        T0 + MINUTE,
      );
    expect(run(1).energy.billedVolume).toBe("116");
    expect(run(1).total.exclVat).toBe("0.029");
    expect(run(25).energy.billedVolume).toBe("125");
    expect(roundMoney(money(run(25).total.exclVat, "EUR"), { mode: "HALF_UP", vat: "total", decimals: 3 }).amount).toBe(
      "0.031",
    );
    expect(run(500).total.exclVat).toBe("0.125");
  });
});

describe("OCPI 2.2.1 mod_cdrs step_size examples", () => {
  it("5.00 per hour before 17:00 and 7.00 after, both per 10 min: 6 + 22 minutes are billed as 6 + 24", () => {
    const t = tariff([
      { priceComponents: [{ type: "TIME", price: 5, stepSize: 600 }], restrictions: { endTime: "17:00" } },
      { priceComponents: [{ type: "TIME", price: 7, stepSize: 600 }], restrictions: { startTime: "17:00" } },
    ]);
    const start = Date.UTC(2022, 0, 13, 16, 54);
    const cost = priced(
      t,
      [
        { startAt: start, chargingMs: 6 * MINUTE },
        { startAt: start + 6 * MINUTE, chargingMs: 22 * MINUTE },
      ],
      start + 28 * MINUTE,
      { timeZone: "UTC" },
    );
    expect(cost.periods.map((p) => p.chargingTime?.billedVolume)).toEqual([String(6 * MINUTE), String(24 * MINUTE)]);
    expect(cost.total.exclVat).toBe("3.3");
  });

  it("charging and parking both per 10 min: 18 minutes charging and 15 parking bill 18 + 20 (only parking rounded)", () => {
    const t = tariff([
      {
        priceComponents: [
          { type: "TIME", price: 1, stepSize: 600 },
          { type: "PARKING_TIME", price: 2, stepSize: 600 },
        ],
      },
    ]);
    const cost = priced(
      t,
      [
        { startAt: T0, chargingMs: 18 * MINUTE },
        { startAt: T0 + 18 * MINUTE, parkingMs: 15 * MINUTE },
      ],
      T0 + 33 * MINUTE,
    );
    expect(cost.chargingTime.billedVolume).toBe(String(18 * MINUTE));
    expect(cost.parkingTime.billedVolume).toBe(String(20 * MINUTE));
  });

  it("energy per 500 Wh: 4.3 kWh then 1.1 kWh are billed as 5.5 kWh in total, not 4.3 + 1.5", () => {
    const t = tariff([
      { priceComponents: [{ type: "ENERGY", price: 0.3, stepSize: 500 }], restrictions: { endTime: "17:00" } },
      { priceComponents: [{ type: "ENERGY", price: 0.4, stepSize: 500 }], restrictions: { startTime: "17:00" } },
    ]);
    const start = Date.UTC(2022, 0, 13, 16, 0);
    const cost = priced(
      t,
      [
        { startAt: start, energyWh: 4_300, chargingMs: HOUR },
        { startAt: start + HOUR, energyWh: 1_100, chargingMs: HOUR },
      ],
      start + 2 * HOUR,
      { timeZone: "UTC" },
    );
    expect(cost.periods.map((p) => p.energy?.billedVolume)).toEqual(["4300", "1200"]);
    expect(cost.energy.billedVolume).toBe("5500");
  });
});

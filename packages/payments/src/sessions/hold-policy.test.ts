import { HOUR, unwrap } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { parseTariff } from "../tariffs/parse-tariff.js";
import { type HoldPolicy, sizeHold } from "./hold-policy.js";

const eur = (a: string | number) => money(a, "EUR");
const tariff = unwrap(
  parseTariff({
    id: "ac",
    currency: "EUR",
    elements: [
      {
        priceComponents: [
          { type: "FLAT", price: 1, vat: 19, stepSize: 1 },
          { type: "ENERGY", price: 0.3, vat: 19, stepSize: 1 },
        ],
      },
    ],
  }),
);
const policy: HoldPolicy = {
  classes: { guest: { min: eur(25), max: eur(80) }, app: { fixed: eur(30) }, fleet: { max: eur(500) } },
  estimateDurationMs: 4 * HOUR,
  roundUpTo: eur(5),
  stopMargin: eur(1),
};
const at = Date.UTC(2026, 0, 5, 9);

describe("hold sizing", () => {
  it("estimates the worst-case session at full EVSE power and clamps it to the class bounds", () => {
    // 11 kW for 4 h = 44 kWh × 0.30 + 1.00 = 14.20 excl., 16.898 incl. → at least 25
    const ac = unwrap(
      sizeHold(
        {
          driverClass: "guest",
          tariff,
          timeZone: "Europe/Berlin",
          at,
          evseMaxPowerW: 11_000,
          stationEnforcesCostLimit: false,
        },
        policy,
      ),
    );
    expect(ac.estimate).toEqual(eur("16.898"));
    expect(ac.holdAmount).toEqual(eur(25));
    expect(ac.enforcement).toEqual({ kind: "csms", stopAt: eur(24) });
    // 150 kW DC for 4 h: 600 kWh → capped at 80
    const dc = unwrap(
      sizeHold(
        {
          driverClass: "guest",
          tariff,
          timeZone: "Europe/Berlin",
          at,
          evseMaxPowerW: 150_000,
          stationEnforcesCostLimit: true,
        },
        policy,
      ),
    );
    expect(dc.holdAmount).toEqual(eur(80));
    expect(dc.enforcement).toEqual({ kind: "station", maxCost: eur(80) });
  });

  it("rounds the estimate up to the configured step", () => {
    // 22 kW × 4 h = 88 kWh × 0.30 + 1 = 27.40 excl., 32.606 incl. → 35
    const d = unwrap(
      sizeHold(
        { driverClass: "fleet", tariff, timeZone: "UTC", at, evseMaxPowerW: 22_000, stationEnforcesCostLimit: false },
        policy,
      ),
    );
    expect(d.basis).toBe("estimate");
    expect(d.holdAmount).toEqual(eur(35));
  });

  it("uses a fixed class amount, then the tariff's preauthorize_amount", () => {
    expect(
      unwrap(
        sizeHold(
          { driverClass: "app", tariff, timeZone: "UTC", at, evseMaxPowerW: 11_000, stationEnforcesCostLimit: false },
          policy,
        ),
      ).basis,
    ).toBe("fixed");
    const withPreauth = { ...tariff, preauthorizeAmount: "42.5" };
    const d = unwrap(
      sizeHold(
        {
          driverClass: "fleet",
          tariff: withPreauth,
          timeZone: "UTC",
          at,
          evseMaxPowerW: 11_000,
          stationEnforcesCostLimit: false,
        },
        policy,
      ),
    );
    expect(d).toMatchObject({ basis: "preauthorize-amount", holdAmount: eur(45) });
  });

  it("refuses unknown classes and foreign currencies", () => {
    expect(
      sizeHold(
        { driverClass: "vip", tariff, timeZone: "UTC", at, evseMaxPowerW: 1, stationEnforcesCostLimit: false },
        policy,
      ).ok,
    ).toBe(false);
    const usd = { classes: { guest: { fixed: money(10, "USD") } } };
    expect(
      sizeHold(
        { driverClass: "guest", tariff, timeZone: "UTC", at, evseMaxPowerW: 1, stationEnforcesCostLimit: false },
        usd,
      ).ok,
    ).toBe(false);
  });
});

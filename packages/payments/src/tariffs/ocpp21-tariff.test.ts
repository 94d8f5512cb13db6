import { createRequire } from "node:module";
import { HOUR, MINUTE, unwrap } from "@chargekit/core";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { priceMeterSamples } from "./meter-samples.js";
import { effectiveTaxPercent, fromOcpp21Tariff, type Ocpp21Tariff } from "./ocpp21-tariff.js";
import { priceSession } from "./price-session.js";

// The official OCPP 2.1 JSON schema (bundled by ocpp-rpc, a dev dependency) checks that our local TariffType shape
// is what a station accepts in SetDefaultTariff.
const require = createRequire(import.meta.url);
const schemas = require("ocpp-rpc/lib/schemas/ocpp2_1.json") as { $id: string }[];
const setDefaultTariff = schemas.find((s) => s.$id === "urn:SetDefaultTariffRequest");
const { $id: _id, ...schema } = setDefaultTariff as { $id: string };
const validate = new Ajv({ strict: false }).compile(schema);

const tariff: Ocpp21Tariff = {
  tariffId: "ac-standard",
  currency: "EUR",
  description: [{ format: "UTF8", language: "en", content: "0.30/kWh, 0.05/min after 1 h, idle 0.10/min" }],
  energy: {
    prices: [{ priceKwh: 0.25, conditions: { minPower: 22000 } }, { priceKwh: 0.3 }],
    taxRates: [
      { type: "VAT", tax: 19 },
      { type: "Local", tax: 5, stack: 1 },
    ],
  },
  chargingTime: { prices: [{ priceMinute: 0.05, conditions: { minChargingTime: 3600 } }] },
  idleTime: { prices: [{ priceMinute: 0.1, conditions: { minIdleTime: 900 } }], taxRates: [{ type: "VAT", tax: 19 }] },
  fixedFee: {
    prices: [{ priceFixed: 0.5, conditions: { paymentBrand: "AMEX" } }, { priceFixed: 0.25 }],
    taxRates: [{ type: "VAT", tax: 19 }],
  },
  maxCost: { exclTax: 40, inclTax: 47.6 },
  validFrom: "2024-01-01T00:00:00Z",
};

describe("OCPP 2.1 TariffType adapter", () => {
  it("its example is a valid SetDefaultTariffRequest.tariff per the official schema", () => {
    expect(validate({ evseId: 0, tariff })).toBe(true);
    expect(validate({ evseId: 0, tariff: { ...tariff, energy: { prices: [{ priceKwh: "0.3" }] } } })).toBe(false);
  });

  it("stacks taxes: 19 % then 5 % on top is 24.95 %", () => {
    expect(
      effectiveTaxPercent([
        { type: "VAT", tax: 19 },
        { type: "Local", tax: 5, stack: 1 },
      ]),
    ).toBe("24.95");
    expect(
      effectiveTaxPercent([
        { type: "A", tax: 10 },
        { type: "B", tax: 5 },
      ]),
    ).toBe("15");
    expect(effectiveTaxPercent(undefined)).toBeUndefined();
  });

  it("converts units (Wh, W, per minute) and keeps the first-match order per dimension", () => {
    const t = unwrap(fromOcpp21Tariff(tariff));
    expect(t.elements[0]).toEqual({
      priceComponents: [{ type: "ENERGY", price: "0.25", vat: "24.95", stepSize: 1 }],
      restrictions: { minPower: "22" },
    });
    expect(t.elements[2]).toEqual({
      priceComponents: [{ type: "TIME", price: "3", stepSize: 1 }],
      restrictions: { minChargingDuration: 3600 },
    });
    expect(t.elements[3]?.priceComponents[0]).toEqual({ type: "PARKING_TIME", price: "6", vat: "19", stepSize: 1 });
    expect(t.maxPrice).toEqual({ exclVat: "40", inclVat: "47.6" });
    expect(t.startDateTime).toBe(Date.UTC(2024, 0, 1));
  });

  it("prices a session as OCPP 2.1 describes: 11 kWh in 2 h at 11 kW, then 30 min idle", () => {
    const t = unwrap(fromOcpp21Tariff(tariff));
    const t0 = Date.UTC(2024, 4, 6, 8);
    const cost = unwrap(
      priceMeterSamples(
        t,
        [
          { at: t0, energyWh: 0, powerW: 11_000 },
          { at: t0 + 2 * HOUR, energyWh: 22_000, charging: false, powerW: 0 },
        ],
        { timeZone: "Europe/Berlin", endAt: t0 + 2 * HOUR + 30 * MINUTE, paymentBrand: "VISA" },
      ),
    );
    // energy 22 kWh × 0.30 (below 22 kW), charging time billed after the first hour: 60 min × 0.05,
    // idle after 15 min: 15 min × 0.10, fixed fee 0.25 (not AMEX)
    expect(cost.energy.cost.exclVat).toBe("6.6");
    expect(cost.chargingTime.cost.exclVat).toBe("3");
    expect(cost.parkingTime.cost.exclVat).toBe("1.5");
    expect(cost.fixed.exclVat).toBe("0.25");
    expect(cost.total.exclVat).toBe("11.35");
    expect(cost.energy.cost.inclVat).toBe("8.2467"); // 6.6 × 1.2495
  });

  it("applies the brand surcharge for the brand named in the condition", () => {
    const t = unwrap(fromOcpp21Tariff(tariff));
    const t0 = Date.UTC(2024, 4, 6, 8);
    const cost = unwrap(
      priceSession(
        t,
        { startAt: t0, endAt: t0 + HOUR, periods: [{ startAt: t0, energyWh: 1000, chargingMs: HOUR, powerW: 1000 }] },
        { timeZone: "UTC", paymentBrand: "amex" },
      ),
    );
    expect(cost.fixed.exclVat).toBe("0.5");
  });

  it("reports bad tariffs as OCPP 2.1 tariffs", () => {
    const bad = fromOcpp21Tariff({ tariffId: "x", currency: "EURO" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain("invalid OCPP 2.1 tariff");
    const free = unwrap(fromOcpp21Tariff({ tariffId: "free", currency: "EUR" }));
    expect(free.elements[0]?.priceComponents[0]?.type).toBe("FLAT");
  });
});

import { HOUR, unwrap } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { parseTariff } from "./parse-tariff.js";
import { priceSession } from "./price-session.js";
import { payableAmount, roundSessionCost } from "./round-cost.js";

const t0 = Date.UTC(2024, 0, 1, 12);
const tariff = unwrap(
  parseTariff({
    id: "mixed-vat",
    currency: "EUR",
    elements: [
      {
        priceComponents: [
          { type: "FLAT", price: "0.333", vat: 21, stepSize: 1 },
          { type: "ENERGY", price: "0.2994", vat: 21, stepSize: 1 },
        ],
      },
    ],
  }),
);
const cost = unwrap(
  priceSession(
    tariff,
    { startAt: t0, endAt: t0 + HOUR, periods: [{ startAt: t0, energyWh: 7_777, chargingMs: HOUR }] },
    { timeZone: "UTC" },
  ),
);

describe("rounding a priced session", () => {
  it("rounds the exact total once with vat: total", () => {
    // fixed 0.333 → 0.40293 incl; energy 7.777 kWh × 0.2994 = 2.3284338 → 2.817404898 incl
    expect(cost.total.inclVat).toBe("3.220334898");
    const r = roundSessionCost(cost, { mode: "HALF_UP", vat: "total" });
    expect(r.total.inclVat.amount).toBe("3.22");
    expect(r.fixed.inclVat.amount).toBe("0.4");
    expect(r.energy.inclVat.amount).toBe("2.82");
    // the rounded lines sum to 3.22 here; the adjustment absorbs any difference
    expect(r.adjustment.inclVat.amount).toBe("0");
  });

  it("sums rounded lines with vat: line, and keeps lines + adjustment = total", () => {
    const r = roundSessionCost(cost, { mode: "UP", vat: "line" });
    expect(r.fixed.inclVat.amount).toBe("0.41");
    expect(r.energy.inclVat.amount).toBe("2.82");
    expect(r.total.inclVat.amount).toBe("3.23");
    expect(payableAmount(cost, { mode: "UP", vat: "total" }).amount).toBe("3.23");
    expect(payableAmount(cost, { mode: "DOWN", vat: "total" }).amount).toBe("3.22");
  });
});

import { describe, expect, it } from "vitest";
import { parseOcpiTariff, parseTariff } from "./parse-tariff.js";
import { selectTariff } from "./tariff.js";

const energy = { type: "ENERGY", price: 0.25, vat: 10, stepSize: 1 };

describe("tariff validation", () => {
  it("normalises numbers to exact decimal strings and instants to epoch ms", () => {
    const parsed = parseTariff({
      id: "t",
      currency: "EUR",
      elements: [{ priceComponents: [energy] }],
      startDateTime: "2024-01-01T00:00:00Z",
    });
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value.elements[0]?.priceComponents[0]).toEqual({
      type: "ENERGY",
      price: "0.25",
      vat: "10",
      stepSize: 1,
    });
    expect(parsed.value.startDateTime).toBe(Date.UTC(2024, 0, 1));
  });

  it("names the field and the rule that failed", () => {
    const cases: [unknown, string][] = [
      [{ id: "t", currency: "EUR", elements: [] }, "elements: needs at least one element"],
      [
        { id: "t", currency: "EUR", elements: [{ priceComponents: [{ ...energy, price: -1 }] }] },
        "price must be at least 0",
      ],
      [{ id: "t", currency: "EUR", elements: [{ priceComponents: [{ ...energy, type: "KWH" }] }] }, "must be one of"],
      [
        { id: "t", currency: "EUR", elements: [{ priceComponents: [energy], restrictions: { startTime: "24:00" } }] },
        "HH:MM",
      ],
      [
        {
          id: "t",
          currency: "EUR",
          elements: [{ priceComponents: [energy], restrictions: { startDate: "2024-02-30" } }],
        },
        "not a calendar date",
      ],
      [
        {
          id: "t",
          currency: "EUR",
          elements: [{ priceComponents: [energy], restrictions: { reservation: "RESERVATION" } }],
        },
        "reservation element may only have FLAT and TIME",
      ],
      [
        {
          id: "t",
          currency: "EUR",
          elements: [{ priceComponents: [energy] }],
          minPrice: { exclVat: 2 },
          maxPrice: { exclVat: 1 },
        },
        "minPrice must not exceed maxPrice",
      ],
      [{ id: "t", currency: "XYZ", elements: [{ priceComponents: [energy] }] }, "currency"],
    ];
    for (const [input, message] of cases) {
      const parsed = parseTariff(input);
      expect(parsed.ok, message).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toContain(message);
    }
  });

  it("reads OCPI snake_case and reports OCPI field names", () => {
    const ok = parseOcpiTariff({
      country_code: "DE",
      party_id: "ALL",
      id: "12",
      currency: "EUR",
      min_price: { excl_vat: 0.5, incl_vat: 0.55 },
      elements: [{ price_components: [{ type: "ENERGY", price: 0.25, step_size: 1 }], restrictions: { max_kwh: 2 } }],
      energy_mix: { is_green_energy: true },
      last_updated: "2018-12-17T16:45:21Z",
    });
    if (!ok.ok) throw ok.error;
    expect(ok.value.minPrice).toEqual({ exclVat: "0.5", inclVat: "0.55" });
    expect(ok.value.elements[0]?.restrictions).toEqual({ maxKwh: "2" });
    const bad = parseOcpiTariff({
      id: "x",
      currency: "EUR",
      elements: [{ price_components: [{ type: "ENERGY", price: 1 }] }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain("elements[0].price_components[0].step_size");
    expect(parseOcpiTariff("not an object").ok).toBe(false);
  });

  it("selects the tariff valid at an instant", () => {
    const make = (id: string, from?: string, to?: string) => {
      const t = parseOcpiTariff({
        id,
        currency: "EUR",
        elements: [{ price_components: [energy] }].map(() => ({
          price_components: [{ type: "ENERGY", price: 0.3, step_size: 1 }],
        })),
        ...(from === undefined ? {} : { start_date_time: from }),
        ...(to === undefined ? {} : { end_date_time: to }),
      });
      if (!t.ok) throw t.error;
      return t.value;
    };
    const old = make("old", undefined, "2024-07-01T00:00:00Z");
    const next = make("new", "2024-07-01T00:00:00Z");
    expect(selectTariff([old, next], Date.UTC(2024, 5, 30))?.id).toBe("old");
    expect(selectTariff([old, next], Date.UTC(2024, 6, 1))?.id).toBe("new");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currency, MINOR_UNITS } from "./currency.js";
import {
  addMoney,
  compareMoney,
  formatMoney,
  fromMinorUnits,
  isMinorUnitExact,
  isNegativeMoney,
  isZeroMoney,
  maxMoney,
  minMoney,
  money,
  moneySchema,
  multiplyMoney,
  parseMoney,
  roundMoney,
  subtractMoney,
  toMinorUnits,
} from "./money.js";
import type { RoundingMode } from "./rounding.js";

describe("money", () => {
  it("keeps amounts as exact canonical decimal text", () => {
    expect(money(0.1, "EUR")).toEqual({ amount: "0.1", currency: "EUR" });
    expect(addMoney(money(0.1, "EUR"), money(0.2, "EUR")).amount).toBe("0.3");
    expect(money("5.50", "EUR").amount).toBe("5.5");
    expect(money("-0", "EUR").amount).toBe("0");
    expect(subtractMoney(money("1", "EUR"), money("1.25", "EUR")).amount).toBe("-0.25");
    expect(multiplyMoney(money("0.25", "EUR"), "1.2").amount).toBe("0.3");
  });

  it("compares, picks and classifies", () => {
    const a = money("5", "EUR");
    const b = money("5.01", "EUR");
    expect(compareMoney(a, b)).toBe(-1);
    expect(minMoney(a, b)).toBe(a);
    expect(maxMoney(a, b)).toBe(b);
    expect(isZeroMoney(money("0.00", "EUR"))).toBe(true);
    expect(isNegativeMoney(money("-0.01", "EUR"))).toBe(true);
    expect(isNegativeMoney(money("0", "EUR"))).toBe(false);
  });

  it("refuses to mix currencies", () => {
    expect(() => addMoney(money(1, "EUR"), money(1, "USD"))).toThrow("cannot add EUR and USD");
  });

  it("rounds with every mode as configured", () => {
    const cases: [RoundingMode, string, string][] = [
      ["HALF_UP", "0.125", "0.13"],
      ["HALF_UP", "-0.125", "-0.13"],
      ["HALF_EVEN", "0.125", "0.12"],
      ["HALF_EVEN", "0.135", "0.14"],
      ["HALF_DOWN", "0.125", "0.12"],
      ["UP", "0.121", "0.13"],
      ["DOWN", "0.129", "0.12"],
      ["CEIL", "-0.129", "-0.12"],
      ["FLOOR", "-0.121", "-0.13"],
    ];
    for (const [mode, input, expected] of cases) {
      expect(roundMoney(money(input, "EUR"), { mode, vat: "total" }).amount, `${mode} ${input}`).toBe(expected);
    }
    expect(roundMoney(money("1.23456", "EUR"), { mode: "HALF_UP", vat: "total", decimals: 3 }).amount).toBe("1.235");
    expect(roundMoney(money("1234.5", "JPY")).amount).toBe("1235");
    expect(roundMoney(money("1.2345", "KWD")).amount).toBe("1.235");
  });

  it("converts to minor units only when exact", () => {
    expect(toMinorUnits(money("12.34", "EUR"))).toBe(1234);
    expect(toMinorUnits(money("500", "JPY"))).toBe(500);
    expect(toMinorUnits(money("1.234", "KWD"))).toBe(1234);
    expect(() => toMinorUnits(money("12.345", "EUR"))).toThrow("not a whole number of minor units");
    expect(() => toMinorUnits(money("0.5", "JPY"))).toThrow("JPY has 0 decimals");
    expect(isMinorUnitExact(money("12.345", "EUR"))).toBe(false);
    expect(fromMinorUnits(1234, currency("KWD"))).toEqual(money("1.234", "KWD"));
  });

  it("round-trips every representable amount through minor units, in every currency", () => {
    const codes = [...MINOR_UNITS.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.integer({ min: -1e12, max: 1e12 }), (code, units) => {
        const c = currency(code);
        const m = fromMinorUnits(units, c);
        expect(isMinorUnitExact(m)).toBe(true);
        expect(toMinorUnits(m)).toBe(units);
        expect(roundMoney(m)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it("validates outside input with messages that name the problem", () => {
    const bad = parseMoney({ amount: "1,50", currency: "EUR" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toBe('invalid money amount "1,50": expected a finite decimal');
    expect(parseMoney({ amount: Number.NaN, currency: "EUR" }).ok).toBe(false);
    expect(parseMoney(null).ok).toBe(false);
    expect(parseMoney({ amount: "1", currency: "eur" }).ok).toBe(false);
    expect(moneySchema.parse({ amount: 2.5, currency: "EUR" })).toEqual({ amount: "2.5", currency: "EUR" });
    expect(moneySchema.safeParse({ amount: "x", currency: "EUR" }).success).toBe(false);
  });

  it("formats for people", () => {
    expect(formatMoney(money("12.5", "EUR"))).toBe("€12.50");
    expect(formatMoney(money("1.234", "KWD"))).toContain("1.234");
  });
});

import { describe, expect, it } from "vitest";
import { currency, MINOR_UNITS, minorUnitExponent, parseCurrency } from "./currency.js";

// CLDR (what Intl uses) publishes the digits in practical use, ISO 4217 the official minor unit; they differ for
// these codes (CLDR says 0 where ISO says 2, and IQD 0 where ISO says 3). Every other code must agree.
const CLDR_DIFFERS = new Set(
  "AFN ALL COP HUF IDR IRR KPW LAK LBP MGA MMK PKR SOS SYP YER IQD BOV CHE CHW COU MXV USN VED UYI CLF UYW".split(" "),
);

describe("ISO 4217 minor units", () => {
  it("has the official exponents for the 0-, 2-, 3- and 4-decimal currencies", () => {
    expect(minorUnitExponent(currency("EUR"))).toBe(2);
    expect(minorUnitExponent(currency("JPY"))).toBe(0);
    expect(minorUnitExponent(currency("KRW"))).toBe(0);
    expect(minorUnitExponent(currency("KWD"))).toBe(3);
    expect(minorUnitExponent(currency("BHD"))).toBe(3);
    expect(minorUnitExponent(currency("CLF"))).toBe(4);
    expect(MINOR_UNITS.size).toBeGreaterThan(150);
  });

  it("agrees with the platform's CLDR data except where CLDR is known to differ from ISO", () => {
    const disagreements: string[] = [];
    for (const [code, exponent] of MINOR_UNITS) {
      const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
        .maximumFractionDigits;
      if (digits !== exponent && !CLDR_DIFFERS.has(code))
        disagreements.push(`${code}: ISO ${exponent}, CLDR ${digits}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("rejects malformed and unknown codes with a message naming the value", () => {
    const lower = parseCurrency("eur");
    expect(lower.ok).toBe(false);
    if (!lower.ok) expect(lower.error.message).toContain('invalid currency "eur"');
    const gold = parseCurrency("XAU");
    expect(gold.ok).toBe(false);
    if (!gold.ok) expect(gold.error.message).toContain('unknown currency "XAU"');
    expect(parseCurrency(42).ok).toBe(false);
    expect(() => currency("EURO")).toThrow("invalid currency");
  });
});

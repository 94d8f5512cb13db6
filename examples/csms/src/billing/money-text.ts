import { type CurrencyCode, type Money, minorUnitExponent } from "@chargekit/payments";

/**
 * A money amount as the API writes it: with exactly the currency's minor-unit digits (`"2.20"`, `"0.00"`, JPY
 * `"150"`). Amounts with more digits than the currency has are written as they are (they are not rounded here).
 */
export function moneyText(amount: string, currency: string): string {
  let exponent: number;
  try {
    exponent = minorUnitExponent(currency as CurrencyCode);
  } catch {
    return amount;
  }
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? amount.slice(1) : amount).split(".");
  if (fraction.length > exponent) return amount;
  const text = exponent === 0 ? whole : `${whole}.${fraction.padEnd(exponent, "0")}`;
  return negative ? `-${text}` : text;
}

/** {@link moneyText} of a `Money`. */
export function moneyOf(m: Money): string {
  return moneyText(m.amount, m.currency);
}

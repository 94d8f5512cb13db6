import { Decimal } from "decimal.js";

/**
 * The decimal constructor every chargekit money and tariff computation uses: 40 significant digits, banker's
 * rounding for intermediate results, plain (non-exponent) notation. A private clone, so a program that changes the
 * global `Decimal` settings does not change chargekit's arithmetic.
 *
 * @internal
 */
export const Dec: typeof Decimal = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});

/**
 * A decimal value as accepted at the API edge: a decimal string (`"0.25"`), a finite number (converted through its
 * shortest round-trip text, so `0.1` is exactly one tenth) or a `Decimal`.
 *
 * @category Money
 */
export type DecimalInput = string | number | Decimal;

/** Converts a {@link DecimalInput} to a Decimal; `undefined` when it is not a finite decimal. @internal */
export function toDecimal(value: DecimalInput): Decimal | undefined {
  try {
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return undefined;
      return new Dec(String(value));
    }
    if (typeof value === "string") {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) return undefined;
      return new Dec(value.trim());
    }
    if (Decimal.isDecimal(value) && value.isFinite()) return new Dec(value);
  } catch {
    return undefined;
  }
  return undefined;
}

/** Canonical decimal text: plain notation, no trailing zeros, `-0` as `0`. @internal */
export function decimalText(value: Decimal): string {
  if (value.isZero()) return "0";
  return value.toFixed();
}

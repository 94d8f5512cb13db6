import { ChargekitError, err, ok, type Result } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { z } from "zod";
import { type CurrencyCode, currencySchema, minorUnitExponent, parseCurrency } from "./currency.js";
import { Dec, type DecimalInput, decimalText, toDecimal } from "./decimal.js";
import { DEFAULT_ROUNDING, type RoundingPolicy, roundDecimal } from "./rounding.js";

/**
 * An amount of money: a canonical decimal string (no float ever touches it) and its ISO 4217 currency. Plain data,
 * so it stores, serialises and compares (`toEqual`) as is. Amounts may carry more decimals than the currency's
 * minor unit (a running cost before rounding); {@link roundMoney} brings them to the minor unit.
 *
 * @category Money
 */
export interface Money {
  /** The amount as canonical decimal text: plain notation, no trailing zeros (`"12.5"`, `"0"`, `"-3"`). */
  readonly amount: string;
  /** The currency. */
  readonly currency: CurrencyCode;
}

/**
 * Creates a {@link Money}, throwing `INVALID_ARGUMENT` for a non-decimal amount or an unknown currency (for values
 * written in the program; use {@link parseMoney} for outside input).
 *
 * @example
 * ```ts
 * const hold = money("50", "EUR"); // { amount: "50", currency: "EUR" }
 * ```
 * @category Money
 */
export function money(amount: DecimalInput, currencyCode: string): Money {
  const parsed = parseMoney({ amount, currency: currencyCode });
  if (!parsed.ok) throw new ChargekitError("INVALID_ARGUMENT", parsed.error.message, { details: parsed.error.details });
  return parsed.value;
}

/**
 * Validates outside input (`{ amount, currency }`) into a {@link Money}; the failure names what is wrong.
 *
 * @category Money
 */
export function parseMoney(value: unknown): Result<Money, ChargekitError> {
  if (typeof value !== "object" || value === null) {
    return err(new ChargekitError("INVALID_INPUT", "invalid money: expected an object { amount, currency }"));
  }
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  const code = parseCurrency(currency);
  if (!code.ok) return code;
  const decimal =
    typeof amount === "string" || typeof amount === "number" ? toDecimal(amount as DecimalInput) : undefined;
  if (decimal === undefined) {
    return err(
      new ChargekitError("INVALID_INPUT", `invalid money amount ${describe(amount)}: expected a finite decimal`, {
        details: { currency: code.value },
      }),
    );
  }
  return ok({ amount: decimalText(decimal), currency: code.value });
}

/**
 * Zod schema of a {@link Money} record (decimal string or number amount), normalising the amount.
 *
 * @category Money
 */
export const moneySchema: z.ZodType<Money, unknown> = z
  .object({ amount: z.union([z.string(), z.number()]), currency: currencySchema })
  .transform((value, context) => {
    const decimal = toDecimal(value.amount);
    if (decimal === undefined) {
      context.addIssue({ code: "custom", message: "amount must be a finite decimal" });
      return z.NEVER;
    }
    return { amount: decimalText(decimal), currency: value.currency };
  });

/** The amount as a Decimal. @internal */
export function amountOf(m: Money): Decimal {
  return new Dec(m.amount);
}

/** Builds a Money from a Decimal. @internal */
export function fromDecimal(value: Decimal, currencyCode: CurrencyCode): Money {
  return { amount: decimalText(value), currency: currencyCode };
}

/**
 * Zero in `currencyCode`.
 *
 * @category Money
 */
export function zeroMoney(currencyCode: CurrencyCode): Money {
  return { amount: "0", currency: currencyCode };
}

function sameCurrency(a: Money, b: Money, operation: string): void {
  if (a.currency !== b.currency) {
    throw new ChargekitError("INVALID_ARGUMENT", `cannot ${operation} ${a.currency} and ${b.currency}`, {
      details: { left: a.currency, right: b.currency },
    });
  }
}

/**
 * `a + b` (same currency, else `INVALID_ARGUMENT`).
 *
 * @category Money
 */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, "add");
  return fromDecimal(amountOf(a).plus(amountOf(b)), a.currency);
}

/**
 * `a − b` (same currency, else `INVALID_ARGUMENT`).
 *
 * @category Money
 */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, "subtract");
  return fromDecimal(amountOf(a).minus(amountOf(b)), a.currency);
}

/**
 * `a × factor`, exact (no rounding).
 *
 * @category Money
 */
export function multiplyMoney(a: Money, factor: DecimalInput): Money {
  const f = toDecimal(factor);
  if (f === undefined) throw new ChargekitError("INVALID_ARGUMENT", `invalid factor ${String(factor)}`);
  return fromDecimal(amountOf(a).times(f), a.currency);
}

/**
 * −1, 0 or 1 as `a` is less than, equal to or greater than `b`.
 *
 * @category Money
 */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, "compare");
  return amountOf(a).comparedTo(amountOf(b)) as -1 | 0 | 1;
}

/**
 * The smaller of two amounts.
 *
 * @category Money
 */
export function minMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) <= 0 ? a : b;
}

/**
 * The larger of two amounts.
 *
 * @category Money
 */
export function maxMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) >= 0 ? a : b;
}

/**
 * True when the amount is zero.
 *
 * @category Money
 */
export function isZeroMoney(m: Money): boolean {
  return amountOf(m).isZero();
}

/**
 * True when the amount is below zero.
 *
 * @category Money
 */
export function isNegativeMoney(m: Money): boolean {
  return amountOf(m).isNegative() && !amountOf(m).isZero();
}

/**
 * Rounds to the currency's minor unit (or `policy.decimals`) with the policy's mode.
 *
 * @example
 * ```ts
 * roundMoney(money("2.2227942", "EUR"), { mode: "HALF_UP", vat: "total" }); // { amount: "2.22", currency: "EUR" }
 * ```
 * @category Money
 */
export function roundMoney(m: Money, policy: RoundingPolicy = DEFAULT_ROUNDING): Money {
  const decimals = policy.decimals ?? minorUnitExponent(m.currency);
  return fromDecimal(roundDecimal(amountOf(m), decimals, policy.mode), m.currency);
}

/**
 * True when the amount has no more decimals than the currency's minor unit.
 *
 * @category Money
 */
export function isMinorUnitExact(m: Money): boolean {
  return amountOf(m).decimalPlaces() <= minorUnitExponent(m.currency);
}

/**
 * The amount as an integer count of minor units (cents for EUR, yen for JPY, fils for KWD), for a payment
 * provider's API. Throws `INVALID_ARGUMENT` when the amount has more decimals than the minor unit (round it with
 * {@link roundMoney} first) or does not fit a safe integer.
 *
 * @example
 * ```ts
 * toMinorUnits(money("12.34", "EUR")); // 1234
 * toMinorUnits(money("1.234", "KWD")); // 1234
 * ```
 * @category Money
 */
export function toMinorUnits(m: Money): number {
  const exponent = minorUnitExponent(m.currency);
  const scaled = amountOf(m).times(new Dec(10).pow(exponent));
  if (!scaled.isInteger()) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      `${m.amount} ${m.currency} is not a whole number of minor units (${m.currency} has ${exponent} decimals)`,
      { details: { amount: m.amount, currency: m.currency } },
    );
  }
  const n = scaled.toNumber();
  if (!Number.isSafeInteger(n)) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      `${m.amount} ${m.currency} does not fit a safe integer of minor units`,
    );
  }
  return n;
}

/**
 * The inverse of {@link toMinorUnits}.
 *
 * @category Money
 */
export function fromMinorUnits(units: number, currencyCode: CurrencyCode): Money {
  if (!Number.isSafeInteger(units)) {
    throw new ChargekitError("INVALID_ARGUMENT", `minor units must be a safe integer, got ${units}`);
  }
  const exponent = minorUnitExponent(currencyCode);
  return fromDecimal(new Dec(units).div(new Dec(10).pow(exponent)), currencyCode);
}

/**
 * Human-readable text through `Intl.NumberFormat` (`"€12.50"`), for receipts and logs.
 *
 * @category Money
 */
export function formatMoney(m: Money, locale = "en"): string {
  const exponent = minorUnitExponent(m.currency);
  const decimals = Math.max(exponent, Math.min(amountOf(m).decimalPlaces(), 20));
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: m.currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(amountOf(m).toNumber());
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (typeof value === "number") return String(value);
  return `(${typeof value})`;
}

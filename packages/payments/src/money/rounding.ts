import { ChargekitError } from "@chargekit/core";
import { Decimal } from "decimal.js";

/**
 * How a money amount is rounded to its currency's minor unit. OCPI leaves rounding to "applicable laws, contracts
 * and currency", so it is configuration, not a constant.
 *
 * - `HALF_UP`: 0.125 → 0.13, −0.125 → −0.13 (most EU invoicing)
 * - `HALF_EVEN`: 0.125 → 0.12, 0.135 → 0.14 (banker's rounding, the IEEE default)
 * - `HALF_DOWN`: 0.125 → 0.12
 * - `UP`: away from zero; `DOWN`: towards zero; `CEIL`: towards +∞; `FLOOR`: towards −∞
 *
 * @category Money
 */
export const ROUNDING_MODES = {
  /** Ties away from zero. */
  HALF_UP: "HALF_UP",
  /** Ties to the even neighbour. */
  HALF_EVEN: "HALF_EVEN",
  /** Ties towards zero. */
  HALF_DOWN: "HALF_DOWN",
  /** Away from zero. */
  UP: "UP",
  /** Towards zero (truncation). */
  DOWN: "DOWN",
  /** Towards +∞. */
  CEIL: "CEIL",
  /** Towards −∞. */
  FLOOR: "FLOOR",
} as const;

/**
 * A rounding mode from {@link ROUNDING_MODES}.
 *
 * @category Money
 */
export type RoundingMode = (typeof ROUNDING_MODES)[keyof typeof ROUNDING_MODES];

/**
 * Rounding as configuration: the mode, where VAT is rounded, and optionally a number of decimals other than the
 * currency's minor unit (California pricing displays 3, OCPI exchanges 4).
 *
 * @category Money
 */
export interface RoundingPolicy {
  /** How ties and remainders are rounded. */
  readonly mode: RoundingMode;
  /**
   * `"total"`: VAT is computed on unrounded net amounts per price component and the totals are rounded once
   * (Finnish rule, UK-compatible). `"line"`: every dimension's sub-total (energy, time, parking, fixed, reservation)
   * is rounded excl. and incl. VAT and the rounded lines are summed (EN 16931 style).
   */
  readonly vat: "total" | "line";
  /** Decimals to round to; the currency's minor unit when absent. */
  readonly decimals?: number;
}

/**
 * The default policy: half-up to the currency's minor unit, VAT rounded once on the total.
 *
 * @category Money
 */
export const DEFAULT_ROUNDING: RoundingPolicy = { mode: "HALF_UP", vat: "total" };

const DECIMAL_MODES: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  HALF_DOWN: Decimal.ROUND_HALF_DOWN,
  UP: Decimal.ROUND_UP,
  DOWN: Decimal.ROUND_DOWN,
  CEIL: Decimal.ROUND_CEIL,
  FLOOR: Decimal.ROUND_FLOOR,
};

/** Rounds a decimal to `decimals` places with `mode`. @internal */
export function roundDecimal(value: Decimal, decimals: number, mode: RoundingMode): Decimal {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) {
    throw new ChargekitError("INVALID_ARGUMENT", `rounding decimals must be an integer from 0 to 12, got ${decimals}`);
  }
  const rounding = DECIMAL_MODES[mode];
  if (rounding === undefined) throw new ChargekitError("INVALID_ARGUMENT", `unknown rounding mode "${String(mode)}"`);
  return value.toDecimalPlaces(decimals, rounding);
}

import { ChargekitError, err, type Instant, ok, parseInstant, type Result } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { Dec, decimalText, toDecimal } from "../money/decimal.js";
import { roundDecimal } from "../money/rounding.js";
import type { ChargingPeriod, SessionUsage } from "./charging-period.js";
import type { CostAmount, SessionCost } from "./session-cost.js";

const HOUR_MS = 3_600_000;

/**
 * Reads the usage of an OCPI 2.2.1 CDR (or Session): `start_date_time`, `end_date_time` and `charging_periods`
 * with their dimension volumes, converted to chargekit units (kWh → Wh, hours → ms, kW → W). `RESERVATION_TIME`
 * volumes become the session's reservation (ending when the first charging period starts). Other CDR fields are
 * not read. Use it to re-price a CDR received from a roaming partner and compare its totals.
 *
 * @category Tariffs
 */
export function usageFromOcpiCdr(cdr: unknown): Result<SessionUsage, ChargekitError> {
  if (typeof cdr !== "object" || cdr === null) return invalid("expected a JSON object");
  const record = cdr as Record<string, unknown>;
  const start = instant(record["start_date_time"], "start_date_time");
  if (!start.ok) return start;
  const end = instant(record["end_date_time"] ?? record["stop_date_time"], "end_date_time");
  if (!end.ok) return end;
  const raw = record["charging_periods"];
  if (!Array.isArray(raw)) return invalid("charging_periods must be an array");
  if (raw.length > 100_000) return invalid("too many charging_periods");
  const periods: ChargingPeriod[] = [];
  let reservationMs = new Dec(0);
  let reservationStart: Instant | undefined;
  for (const [i, entry] of raw.entries()) {
    if (typeof entry !== "object" || entry === null) return invalid(`charging_periods[${i}] must be an object`);
    const p = entry as Record<string, unknown>;
    const at = instant(p["start_date_time"], `charging_periods[${i}].start_date_time`);
    if (!at.ok) return at;
    const dims = p["dimensions"];
    if (!Array.isArray(dims)) return invalid(`charging_periods[${i}].dimensions must be an array`);
    const period: Record<string, unknown> = { startAt: at.value };
    let hasSessionDimension = false;
    for (const [j, dim] of dims.entries()) {
      const d = (typeof dim === "object" && dim !== null ? dim : {}) as Record<string, unknown>;
      const value =
        typeof d["volume"] === "number" || typeof d["volume"] === "string" ? toDecimal(d["volume"]) : undefined;
      if (value === undefined) return invalid(`charging_periods[${i}].dimensions[${j}].volume must be a number`);
      const add = (key: string, v: Decimal): void => {
        const previous = period[key];
        period[key] = decimalText(typeof previous === "string" ? new Dec(previous).plus(v) : v);
      };
      switch (d["type"]) {
        case "ENERGY":
          add("energyWh", value.times(1000));
          hasSessionDimension = true;
          break;
        case "TIME":
          add("chargingMs", value.times(HOUR_MS));
          hasSessionDimension = true;
          break;
        case "PARKING_TIME":
          add("parkingMs", value.times(HOUR_MS));
          hasSessionDimension = true;
          break;
        case "RESERVATION_TIME":
          reservationStart ??= at.value;
          reservationMs = reservationMs.plus(value.times(HOUR_MS));
          break;
        case "CURRENT":
          period["currentA"] = value.toNumber();
          break;
        case "MIN_CURRENT":
          period["minCurrentA"] = value.toNumber();
          break;
        case "MAX_CURRENT":
          period["maxCurrentA"] = value.toNumber();
          break;
        case "POWER":
          period["powerW"] = value.times(1000).toNumber();
          break;
        case "MIN_POWER":
          period["minPowerW"] = value.times(1000).toNumber();
          break;
        case "MAX_POWER":
          period["maxPowerW"] = value.times(1000).toNumber();
          break;
        default:
          // ENERGY_EXPORT, ENERGY_IMPORT, STATE_OF_CHARGE and unknown types do not affect the price
          break;
      }
    }
    if (hasSessionDimension || !dims.some((d) => (d as { type?: unknown })?.type === "RESERVATION_TIME")) {
      periods.push(period as unknown as ChargingPeriod);
    }
  }
  periods.sort((a, b) => a.startAt - b.startAt);
  const usage: SessionUsage = { startAt: start.value, endAt: end.value, periods };
  if (reservationStart === undefined) return ok(usage);
  const reservationEnd = reservationStart + reservationMs.round().toNumber();
  return ok({
    ...usage,
    reservation: { startAt: reservationStart, endAt: reservationEnd, expired: periods.length === 0 },
  });
}

/**
 * The OCPI CDR total fields of a priced session: money as `Price` objects rounded to `decimals` (OCPI numbers
 * carry 4 by default), energy in kWh and times in hours.
 *
 * @category Tariffs
 */
export interface OcpiCdrTotals {
  /** `total_cost`. */
  readonly total_cost: OcpiPrice;
  /** `total_fixed_cost`. */
  readonly total_fixed_cost: OcpiPrice;
  /** `total_energy` (kWh). */
  readonly total_energy: number;
  /** `total_energy_cost`. */
  readonly total_energy_cost: OcpiPrice;
  /** `total_time` (hours). */
  readonly total_time: number;
  /** `total_time_cost`. */
  readonly total_time_cost: OcpiPrice;
  /** `total_parking_time` (hours). */
  readonly total_parking_time: number;
  /** `total_parking_cost`. */
  readonly total_parking_cost: OcpiPrice;
  /** `total_reservation_cost`. */
  readonly total_reservation_cost: OcpiPrice;
}

/**
 * An OCPI `Price` object.
 *
 * @category Tariffs
 */
export interface OcpiPrice {
  /** Price excluding VAT. */
  readonly excl_vat: number;
  /** Price including VAT. */
  readonly incl_vat: number;
}

/**
 * Renders a {@link SessionCost} as OCPI CDR totals. Money is rounded half-up to `decimals` (default 4, the OCPI
 * number precision); the `min_price`/`max_price` adjustment is part of `total_cost` only.
 *
 * @category Tariffs
 */
export function toOcpiCdrTotals(cost: SessionCost, decimals = 4): OcpiCdrTotals {
  const price = (a: CostAmount): OcpiPrice => ({
    excl_vat: roundDecimal(new Dec(a.exclVat), decimals, "HALF_UP").toNumber(),
    incl_vat: roundDecimal(new Dec(a.inclVat), decimals, "HALF_UP").toNumber(),
  });
  const hours = (ms: string | number): number => new Dec(ms).div(HOUR_MS).toDecimalPlaces(6).toNumber();
  return {
    total_cost: price(cost.total),
    total_fixed_cost: price(cost.fixed),
    total_energy: new Dec(cost.energy.volume).div(1000).toNumber(),
    total_energy_cost: price(cost.energy.cost),
    total_time: hours(cost.totalTimeMs),
    total_time_cost: price(cost.chargingTime.cost),
    total_parking_time: hours(cost.parkingTime.volume),
    total_parking_cost: price(cost.parkingTime.cost),
    total_reservation_cost: price(cost.reservation?.total ?? { exclVat: "0", inclVat: "0" }),
  };
}

function instant(value: unknown, name: string): Result<Instant, ChargekitError> {
  if (typeof value !== "string") return invalid(`${name} must be an RFC 3339 date-time`);
  const parsed = parseInstant(value.trim());
  if (!parsed.ok) return invalid(`${name}: ${parsed.error.message}`);
  return parsed;
}

function invalid(message: string): Result<never, ChargekitError> {
  return err(new ChargekitError("INVALID_INPUT", `invalid OCPI CDR: ${message}`));
}

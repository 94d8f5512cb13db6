import type { Decimal } from "decimal.js";
import type { CompiledElement, CompiledRestrictions } from "./compiled-tariff.js";
import type { LocalTime } from "./local-time.js";
import type { TariffDimension } from "./tariff.js";

/**
 * The state of a session at the start of a period, against which restrictions are evaluated.
 *
 * @internal
 */
export interface RestrictionContext {
  readonly local: LocalTime;
  /** ms since the session start. */
  readonly durationMs: number;
  /** Energy charged before the period, Wh. */
  readonly energyWh: Decimal;
  /** Charging time before the period, ms. */
  readonly chargingMs: Decimal;
  /** Idle time before the period, ms. */
  readonly idleMs: Decimal;
  /** Current read by `min_current` (A). */
  readonly currentForMin: Decimal | undefined;
  /** Current read by `max_current` (A). */
  readonly currentForMax: Decimal | undefined;
  /** Power read by `min_power` (W). */
  readonly powerForMin: Decimal | undefined;
  /** Power read by `max_power` (W). */
  readonly powerForMax: Decimal | undefined;
  readonly evseKind: "AC" | "DC" | undefined;
  readonly paymentBrand: string | undefined;
  readonly paymentRecognition: string | undefined;
}

/** True when every restriction of `r` holds in `c` (OCPI: all restrictions are AND-ed). @internal */
export function restrictionsHold(r: CompiledRestrictions, c: RestrictionContext): boolean {
  const minute = c.local.minutes;
  if (r.startMinute !== undefined || r.endMinute !== undefined) {
    const start = r.startMinute ?? 0;
    const end = r.endMinute ?? 1440;
    const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
    if (!inside) return false;
  }
  if (r.startDate !== undefined && c.local.date < r.startDate) return false;
  if (r.endDate !== undefined && c.local.date >= r.endDate) return false;
  if (r.days !== undefined && !r.days.has(c.local.day)) return false;
  if (r.minWh !== undefined && c.energyWh.lessThan(r.minWh)) return false;
  if (r.maxWh !== undefined && !c.energyWh.lessThan(r.maxWh)) return false;
  if (r.minDurationMs !== undefined && c.durationMs < r.minDurationMs) return false;
  if (r.maxDurationMs !== undefined && c.durationMs >= r.maxDurationMs) return false;
  if (r.minChargingMs !== undefined && c.chargingMs.lessThan(r.minChargingMs)) return false;
  if (r.maxChargingMs !== undefined && !c.chargingMs.lessThan(r.maxChargingMs)) return false;
  if (r.minIdleMs !== undefined && c.idleMs.lessThan(r.minIdleMs)) return false;
  if (r.maxIdleMs !== undefined && !c.idleMs.lessThan(r.maxIdleMs)) return false;
  if (r.minCurrent !== undefined && (c.currentForMin === undefined || c.currentForMin.lessThan(r.minCurrent))) {
    return false;
  }
  if (r.maxCurrent !== undefined && (c.currentForMax === undefined || !c.currentForMax.lessThan(r.maxCurrent))) {
    return false;
  }
  if (r.minPowerW !== undefined && (c.powerForMin === undefined || c.powerForMin.lessThan(r.minPowerW))) return false;
  if (r.maxPowerW !== undefined && (c.powerForMax === undefined || !c.powerForMax.lessThan(r.maxPowerW))) return false;
  if (r.evseKind !== undefined && c.evseKind !== r.evseKind) return false;
  if (r.paymentBrand !== undefined && !sameText(c.paymentBrand, r.paymentBrand)) return false;
  if (r.paymentRecognition !== undefined && !sameText(c.paymentRecognition, r.paymentRecognition)) return false;
  return true;
}

/**
 * The first element (in tariff order) of the given kind that prices `dimension` and whose restrictions hold: OCPI's
 * per-dimension selection rule. Session elements are those without a `reservation` restriction.
 *
 * @internal
 */
export function selectElement(
  elements: readonly CompiledElement[],
  dimension: TariffDimension,
  context: RestrictionContext,
  kind: "session" | "RESERVATION" | "RESERVATION_EXPIRES",
): CompiledElement | undefined {
  for (const element of elements) {
    if ((element.reservation ?? "session") !== kind) continue;
    if (!element.components.has(dimension)) continue;
    if (restrictionsHold(element.restrictions, context)) return element;
  }
  return undefined;
}

function sameText(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

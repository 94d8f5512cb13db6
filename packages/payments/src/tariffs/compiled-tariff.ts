import type { Decimal } from "decimal.js";
import { Dec } from "../money/decimal.js";
import { minutesOf } from "./local-time.js";
import type { DayOfWeek, PriceComponent, Tariff, TariffDimension, TariffRestrictions } from "./tariff.js";

/** A price component with decimals parsed once. @internal */
export interface CompiledComponent {
  readonly type: TariffDimension;
  readonly price: Decimal;
  readonly vat: Decimal | undefined;
  /** `1 + vat/100`, or 1 without VAT. */
  readonly vatFactor: Decimal;
  readonly stepSize: number;
  readonly source: PriceComponent;
}

/** Restrictions in chargekit units (Wh, W, A, ms, minutes of day). @internal */
export interface CompiledRestrictions {
  readonly startMinute?: number;
  /** End minute, 1..1440 (`"00:00"` as 1440). */
  readonly endMinute?: number;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly minWh?: Decimal;
  readonly maxWh?: Decimal;
  readonly minCurrent?: Decimal;
  readonly maxCurrent?: Decimal;
  readonly minPowerW?: Decimal;
  readonly maxPowerW?: Decimal;
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  readonly minChargingMs?: number;
  readonly maxChargingMs?: number;
  readonly minIdleMs?: number;
  readonly maxIdleMs?: number;
  readonly days?: ReadonlySet<DayOfWeek>;
  readonly evseKind?: "AC" | "DC";
  readonly paymentBrand?: string;
  readonly paymentRecognition?: string;
}

/** A tariff element ready for evaluation. @internal */
export interface CompiledElement {
  readonly index: number;
  readonly reservation: "RESERVATION" | "RESERVATION_EXPIRES" | undefined;
  readonly restrictions: CompiledRestrictions;
  readonly components: ReadonlyMap<TariffDimension, CompiledComponent>;
}

/** A tariff ready for evaluation. @internal */
export interface CompiledTariff {
  readonly tariff: Tariff;
  readonly elements: readonly CompiledElement[];
  /** Local wall-clock minutes where a time restriction starts or ends. */
  readonly wallMinutes: readonly number[];
  /** Energy thresholds (Wh) where a restriction switches. */
  readonly energyThresholdsWh: readonly Decimal[];
  /** Session-duration thresholds (ms). */
  readonly durationThresholdsMs: readonly number[];
  /** Charging-duration thresholds (ms). */
  readonly chargingThresholdsMs: readonly number[];
  /** Idle-duration thresholds (ms). */
  readonly idleThresholdsMs: readonly number[];
}

const cache = new WeakMap<Tariff, CompiledTariff>();

/** Parses a validated tariff's decimals once (cached per tariff object). @internal */
export function compileTariff(tariff: Tariff): CompiledTariff {
  const cached = cache.get(tariff);
  if (cached !== undefined) return cached;
  const wall = new Set<number>();
  const energy = new Map<string, Decimal>();
  const durations = new Set<number>();
  const charging = new Set<number>();
  const idle = new Set<number>();
  const elements = tariff.elements.map((element, index): CompiledElement => {
    const components = new Map<TariffDimension, CompiledComponent>();
    for (const c of element.priceComponents) {
      // within one element the first component of a dimension counts
      if (components.has(c.type)) continue;
      const vat = c.vat === undefined ? undefined : new Dec(c.vat);
      components.set(c.type, {
        type: c.type,
        price: new Dec(c.price),
        vat,
        vatFactor: vat === undefined ? new Dec(1) : vat.div(100).plus(1),
        stepSize: c.stepSize,
        source: c,
      });
    }
    const restrictions = compileRestrictions(element.restrictions ?? {});
    if (restrictions.startMinute !== undefined) wall.add(restrictions.startMinute);
    if (restrictions.endMinute !== undefined) wall.add(restrictions.endMinute % 1440);
    for (const wh of [restrictions.minWh, restrictions.maxWh]) if (wh !== undefined) energy.set(wh.toString(), wh);
    for (const ms of [restrictions.minDurationMs, restrictions.maxDurationMs]) if (ms !== undefined) durations.add(ms);
    for (const ms of [restrictions.minChargingMs, restrictions.maxChargingMs]) if (ms !== undefined) charging.add(ms);
    for (const ms of [restrictions.minIdleMs, restrictions.maxIdleMs]) if (ms !== undefined) idle.add(ms);
    return { index, reservation: element.restrictions?.reservation, restrictions, components };
  });
  const compiled: CompiledTariff = {
    tariff,
    elements,
    wallMinutes: [...wall],
    energyThresholdsWh: [...energy.values()],
    durationThresholdsMs: [...durations],
    chargingThresholdsMs: [...charging],
    idleThresholdsMs: [...idle],
  };
  cache.set(tariff, compiled);
  return compiled;
}

function compileRestrictions(r: TariffRestrictions): CompiledRestrictions {
  const out: Record<string, unknown> = {};
  if (r.startTime !== undefined) out["startMinute"] = minutesOf(r.startTime);
  if (r.endTime !== undefined) out["endMinute"] = minutesOf(r.endTime) === 0 ? 1440 : minutesOf(r.endTime);
  if (r.startDate !== undefined) out["startDate"] = r.startDate;
  if (r.endDate !== undefined) out["endDate"] = r.endDate;
  if (r.minKwh !== undefined) out["minWh"] = new Dec(r.minKwh).times(1000);
  if (r.maxKwh !== undefined) out["maxWh"] = new Dec(r.maxKwh).times(1000);
  if (r.minCurrent !== undefined) out["minCurrent"] = new Dec(r.minCurrent);
  if (r.maxCurrent !== undefined) out["maxCurrent"] = new Dec(r.maxCurrent);
  if (r.minPower !== undefined) out["minPowerW"] = new Dec(r.minPower).times(1000);
  if (r.maxPower !== undefined) out["maxPowerW"] = new Dec(r.maxPower).times(1000);
  if (r.minDuration !== undefined) out["minDurationMs"] = r.minDuration * 1000;
  if (r.maxDuration !== undefined) out["maxDurationMs"] = r.maxDuration * 1000;
  if (r.minChargingDuration !== undefined) out["minChargingMs"] = r.minChargingDuration * 1000;
  if (r.maxChargingDuration !== undefined) out["maxChargingMs"] = r.maxChargingDuration * 1000;
  if (r.minIdleDuration !== undefined) out["minIdleMs"] = r.minIdleDuration * 1000;
  if (r.maxIdleDuration !== undefined) out["maxIdleMs"] = r.maxIdleDuration * 1000;
  if (r.dayOfWeek !== undefined) out["days"] = new Set(r.dayOfWeek);
  if (r.evseKind !== undefined) out["evseKind"] = r.evseKind;
  if (r.paymentBrand !== undefined) out["paymentBrand"] = r.paymentBrand;
  if (r.paymentRecognition !== undefined) out["paymentRecognition"] = r.paymentRecognition;
  return out as CompiledRestrictions;
}

import { ChargekitError, err, type Instant, ok, type Result } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { Dec, type DecimalInput, decimalText, toDecimal } from "../money/decimal.js";
import type { ChargingPeriod, PricingOptions, ReservationUsage, SessionUsage } from "./charging-period.js";
import { type CompiledComponent, type CompiledElement, type CompiledTariff, compileTariff } from "./compiled-tariff.js";
import { amount, Ledger, Totals } from "./cost-ledger.js";
import { checkTimeZone, localTime } from "./local-time.js";
import { type RestrictionContext, selectElement } from "./restrictions.js";
import type { CostAmount, PeriodCost, PricedFlat, PricedVolume, ReservationCost, SessionCost } from "./session-cost.js";
import type { Tariff } from "./tariff.js";

const ZERO = new Dec(0);
const ONE = new Dec(1);

/** Limit on periods per priced session, to bound work on hostile input. */
export const MAX_PERIODS = 100_000;

interface Selection {
  readonly element: CompiledElement;
  readonly component: CompiledComponent;
  readonly volume: Decimal;
}

interface PeriodDraft {
  readonly startAt: Instant;
  readonly energyWh: Decimal;
  readonly chargingMs: Decimal;
  readonly parkingMs: Decimal;
  readonly energy: Selection | undefined;
  readonly charging: Selection | undefined;
  readonly parking: Selection | undefined;
  readonly flat: { element: CompiledElement; component: CompiledComponent } | undefined;
}

interface ReservationDraft {
  readonly expired: boolean;
  readonly timeMs: Decimal;
  readonly billedMs: Decimal;
  readonly time: Ledger;
  readonly fixed: Ledger;
}

/**
 * Prices periods one by one, in order; shared by {@link priceSession} and the running cost so both compute the
 * same thing. Selection of elements for a period depends only on the periods before it.
 *
 * @internal
 */
export class SessionPricer {
  readonly compiled: CompiledTariff;
  readonly drafts: PeriodDraft[] = [];
  readonly options: PricingOptions;
  readonly startAt: Instant;
  private readonly reservation: ReservationDraft | undefined;
  private energyWh: Decimal = ZERO;
  private chargingMs: Decimal = ZERO;
  private idleMs: Decimal = ZERO;
  private flatCharged = false;
  private readonly accruedLedger = new Ledger();

  constructor(tariff: Tariff, options: PricingOptions, startAt: Instant, reservation?: ReservationUsage) {
    checkTimeZone(options.timeZone);
    this.options = options;
    this.startAt = startAt;
    this.compiled = compileTariff(tariff);
    this.reservation = reservation === undefined ? undefined : draftReservation(this.compiled, reservation, options);
    if (this.reservation !== undefined) {
      this.accruedLedger.addLedger(this.reservation.time);
      this.accruedLedger.addLedger(this.reservation.fixed);
    }
  }

  /** Energy charged so far (Wh). */
  get energySoFarWh(): Decimal {
    return this.energyWh;
  }

  /** Adds the next period; returns an error for bad input (unsorted, negative or non-numeric volumes). */
  add(period: ChargingPeriod): Result<void, ChargekitError> {
    const previous = this.drafts.at(-1);
    if (!Number.isSafeInteger(period.startAt)) return invalid(`period start ${period.startAt} is not an instant`);
    if (previous !== undefined && period.startAt < previous.startAt) {
      return invalid(`periods must be sorted by start: ${period.startAt} comes after ${previous.startAt}`);
    }
    if (this.drafts.length >= MAX_PERIODS) return invalid(`a session may have at most ${MAX_PERIODS} periods`);
    const energyWh = volume(period.energyWh, "energyWh");
    if (!energyWh.ok) return energyWh;
    const chargingMs = volume(period.chargingMs, "chargingMs");
    if (!chargingMs.ok) return chargingMs;
    const parkingMs = volume(period.parkingMs, "parkingMs");
    if (!parkingMs.ok) return parkingMs;
    const e = energyWh.value;
    const c = chargingMs.value;
    const p = parkingMs.value;
    const charging = !e.isZero() || !c.isZero();
    const instant = (primary: number | undefined, fallback: number | undefined): Decimal | undefined => {
      const v = primary ?? fallback;
      if (v !== undefined && Number.isFinite(v)) return new Dec(v);
      return charging ? undefined : ZERO;
    };
    const context: RestrictionContext = {
      local: localTime(period.startAt, this.options.timeZone),
      durationMs: period.startAt - this.startAt,
      energyWh: this.energyWh,
      chargingMs: this.chargingMs,
      idleMs: this.idleMs,
      currentForMin: instant(period.minCurrentA, period.currentA),
      currentForMax: instant(period.maxCurrentA, period.currentA),
      powerForMin: instant(period.minPowerW, period.powerW),
      powerForMax: instant(period.maxPowerW, period.powerW),
      evseKind: this.options.evseKind,
      paymentBrand: this.options.paymentBrand,
      paymentRecognition: this.options.paymentRecognition,
    };
    const pick = (dimension: "ENERGY" | "TIME" | "PARKING_TIME", v: Decimal): Selection | undefined => {
      if (v.isZero()) return undefined;
      const element = selectElement(this.compiled.elements, dimension, context, "session");
      const component = element?.components.get(dimension);
      return element === undefined || component === undefined ? undefined : { element, component, volume: v };
    };
    let flat: PeriodDraft["flat"];
    if (!this.flatCharged) {
      const element = selectElement(this.compiled.elements, "FLAT", context, "session");
      const component = element?.components.get("FLAT");
      if (element !== undefined && component !== undefined) {
        flat = { element, component };
        this.flatCharged = true;
        this.accruedLedger.add(component, ONE);
      }
    }
    const draft: PeriodDraft = {
      startAt: period.startAt,
      energyWh: e,
      chargingMs: c,
      parkingMs: p,
      energy: pick("ENERGY", e),
      charging: pick("TIME", c),
      parking: pick("PARKING_TIME", p),
      flat,
    };
    for (const s of [draft.energy, draft.charging, draft.parking]) {
      if (s !== undefined) this.accruedLedger.add(s.component, s.volume);
    }
    this.drafts.push(draft);
    this.energyWh = this.energyWh.plus(e);
    this.chargingMs = this.chargingMs.plus(c);
    this.idleMs = this.idleMs.plus(p);
    return ok(undefined);
  }

  /** Cost so far without step-size round-up and price limits (never decreases as periods are added). */
  accrued(): CostAmount {
    return this.accruedLedger.amount();
  }

  /** Prices everything added so far as a finished session ending at `endAt`. */
  finish(endAt: Instant): SessionCost {
    const tariff = this.compiled.tariff;
    const drafts = this.drafts;
    const energyDelta = stepDelta(drafts, (d) => d.energy, 1);
    const parkingPriced = drafts.some((d) => d.parking !== undefined);
    const chargingDelta = parkingPriced ? undefined : stepDelta(drafts, (d) => d.charging, 1000);
    const parkingDelta = parkingPriced ? stepDelta(drafts, (d) => d.parking, 1000) : undefined;
    const totals = { energy: new Totals(), charging: new Totals(), parking: new Totals(), fixed: new Totals() };
    const periods: PeriodCost[] = drafts.map((d, i) => {
      const next = drafts[i + 1];
      const priced = (
        s: Selection | undefined,
        delta: { index: number; extra: Decimal } | undefined,
        t: Totals,
      ): PricedVolume | undefined => {
        if (s === undefined) return undefined;
        const billed = delta !== undefined && delta.index === i ? s.volume.plus(delta.extra) : s.volume;
        return {
          elementIndex: s.element.index,
          price: decimalText(s.component.price),
          ...(s.component.vat === undefined ? {} : { vat: decimalText(s.component.vat) }),
          stepSize: s.component.stepSize,
          volume: decimalText(s.volume),
          billedVolume: decimalText(billed),
          cost: t.add(s.component, s.volume, billed),
        };
      };
      totals.energy.addUnpriced(d.energy === undefined ? d.energyWh : ZERO);
      totals.charging.addUnpriced(d.charging === undefined ? d.chargingMs : ZERO);
      totals.parking.addUnpriced(d.parking === undefined ? d.parkingMs : ZERO);
      const energy = priced(d.energy, energyDelta, totals.energy);
      const chargingTime = priced(d.charging, chargingDelta, totals.charging);
      const parkingTime = priced(d.parking, parkingDelta, totals.parking);
      let flat: PricedFlat | undefined;
      if (d.flat !== undefined) {
        const c = d.flat.component;
        flat = {
          elementIndex: d.flat.element.index,
          price: decimalText(c.price),
          ...(c.vat === undefined ? {} : { vat: decimalText(c.vat) }),
          cost: totals.fixed.add(c, ZERO, ONE),
        };
      }
      return {
        startAt: d.startAt,
        endAt: next?.startAt ?? Math.max(endAt, d.startAt),
        ...(energy === undefined ? {} : { energy }),
        ...(chargingTime === undefined ? {} : { chargingTime }),
        ...(parkingTime === undefined ? {} : { parkingTime }),
        ...(flat === undefined ? {} : { flat }),
        energyWh: decimalText(d.energyWh),
        chargingMs: decimalText(d.chargingMs),
        parkingMs: decimalText(d.parkingMs),
      };
    });
    const all = new Ledger();
    for (const t of [totals.energy, totals.charging, totals.parking, totals.fixed]) all.addLedger(t.ledger);
    const r = this.reservation;
    if (r !== undefined) {
      all.addLedger(r.time);
      all.addLedger(r.fixed);
    }
    const subExcl = all.excl();
    const subIncl = all.incl();
    const limitExcl = limit(subExcl, tariff.minPrice?.exclVat, tariff.maxPrice?.exclVat);
    const limitIncl = limit(subIncl, tariff.minPrice?.inclVat, tariff.maxPrice?.inclVat);
    const firstStart = Math.min(this.startAt, drafts[0]?.startAt ?? this.startAt);
    let reservation: ReservationCost | undefined;
    if (r !== undefined) {
      const both = new Ledger();
      both.addLedger(r.time);
      both.addLedger(r.fixed);
      reservation = {
        expired: r.expired,
        timeMs: decimalText(r.timeMs),
        billedTimeMs: decimalText(r.billedMs),
        time: r.time.amount(),
        fixed: r.fixed.amount(),
        total: both.amount(),
      };
    }
    return {
      tariffId: tariff.id,
      currency: tariff.currency,
      startAt: this.startAt,
      endAt,
      totalTimeMs: Math.max(0, endAt - firstStart),
      energy: totals.energy.toDimension(),
      chargingTime: totals.charging.toDimension(),
      parkingTime: totals.parking.toDimension(),
      fixed: totals.fixed.ledger.amount(),
      ...(reservation === undefined ? {} : { reservation }),
      subtotal: amount(subExcl, subIncl),
      adjustment: amount(limitExcl.value.minus(subExcl), limitIncl.value.minus(subIncl)),
      priceLimit: {
        ...(limitExcl.bound === undefined ? {} : { exclVat: limitExcl.bound }),
        ...(limitIncl.bound === undefined ? {} : { inclVat: limitIncl.bound }),
      },
      total: amount(limitExcl.value, limitIncl.value),
      periods,
    };
  }
}

/**
 * Prices a session with an OCPI 2.2.1 tariff, exactly as the specification describes:
 *
 * 1. per period and per dimension, the first element (in tariff order) with a component of that dimension whose
 *    restrictions all hold at the period's start (reservation elements only price reservations);
 * 2. FLAT once per session, in the first period where a FLAT component applies;
 * 3. `step_size` once per session on the total billed volume: ENERGY with the last applied ENERGY component's step;
 *    for time, when a PARKING_TIME component applied only the parking total is rounded, else the charging total;
 *    the extra volume is billed in the last period of that dimension at its price;
 * 4. VAT per component on the unrounded net amount (no `vat` means no VAT);
 * 5. `min_price` and `max_price` on the excl. and incl. VAT totals separately.
 *
 * The result is unrounded; {@link roundSessionCost} applies a rounding policy. Bad input (unsorted periods,
 * negative volumes, an unknown time zone) is returned as an error.
 *
 * @example
 * ```ts
 * const cost = priceSession(tariff, { startAt, endAt, periods: [{ startAt, energyWh: 20_000 }] }, { timeZone: "Europe/Berlin" });
 * if (cost.ok) console.log(cost.value.total); // { exclVat: "5", inclVat: "5.5" }
 * ```
 * @category Tariffs
 */
export function priceSession(
  tariff: Tariff,
  usage: SessionUsage,
  options: PricingOptions,
): Result<SessionCost, ChargekitError> {
  if (!Number.isSafeInteger(usage.startAt) || !Number.isSafeInteger(usage.endAt)) {
    return invalid("session start and end must be integer instants");
  }
  const first = usage.periods[0]?.startAt ?? usage.startAt;
  const reservation = usage.reservation;
  if (reservation !== undefined && !(reservation.endAt >= reservation.startAt)) {
    return invalid("reservation end must not be before its start");
  }
  let pricer: SessionPricer;
  try {
    pricer = new SessionPricer(tariff, options, Math.min(usage.startAt, first), reservation);
  } catch (error) {
    return err(error as ChargekitError);
  }
  for (const period of usage.periods) {
    const added = pricer.add(period);
    if (!added.ok) return added;
  }
  const last = usage.periods.at(-1)?.startAt ?? usage.startAt;
  if (usage.endAt < last) return invalid(`session end ${usage.endAt} is before its last period start ${last}`);
  return ok(pricer.finish(usage.endAt));
}

function draftReservation(
  compiled: CompiledTariff,
  reservation: ReservationUsage,
  options: PricingOptions,
): ReservationDraft {
  const context: RestrictionContext = {
    local: localTime(reservation.startAt, options.timeZone),
    durationMs: 0,
    energyWh: ZERO,
    chargingMs: ZERO,
    idleMs: ZERO,
    currentForMin: ZERO,
    currentForMax: ZERO,
    powerForMin: ZERO,
    powerForMax: ZERO,
    evseKind: options.evseKind,
    paymentBrand: options.paymentBrand,
    paymentRecognition: options.paymentRecognition,
  };
  const select = (dimension: "TIME" | "FLAT", kind: "RESERVATION" | "RESERVATION_EXPIRES") =>
    selectElement(compiled.elements, dimension, context, kind)?.components.get(dimension);
  const timeComponent = reservation.expired
    ? (select("TIME", "RESERVATION_EXPIRES") ?? select("TIME", "RESERVATION"))
    : select("TIME", "RESERVATION");
  const timeMs = new Dec(Math.max(0, reservation.endAt - reservation.startAt));
  const billedMs = timeComponent === undefined ? timeMs : roundUp(timeMs, timeComponent.stepSize * 1000);
  const time = new Ledger();
  if (timeComponent !== undefined) time.add(timeComponent, billedMs);
  const fixed = new Ledger();
  const fees = [select("FLAT", "RESERVATION"), reservation.expired ? select("FLAT", "RESERVATION_EXPIRES") : undefined];
  for (const fee of fees) if (fee !== undefined) fixed.add(fee, ONE);
  return { expired: reservation.expired, timeMs, billedMs, time, fixed };
}

/** Where and how much the step-size round-up of a dimension's billed total adds (unit: Wh = 1, s = 1000 ms). */
function stepDelta(
  drafts: readonly PeriodDraft[],
  pick: (d: PeriodDraft) => Selection | undefined,
  unit: number,
): { index: number; extra: Decimal } | undefined {
  let total = ZERO;
  let lastIndex = -1;
  for (const [i, d] of drafts.entries()) {
    const s = pick(d);
    if (s === undefined) continue;
    total = total.plus(s.volume);
    lastIndex = i;
  }
  const last = lastIndex < 0 ? undefined : pick(drafts[lastIndex] as PeriodDraft);
  if (last === undefined) return undefined;
  const extra = roundUp(total, last.component.stepSize * unit).minus(total);
  return extra.isZero() ? undefined : { index: lastIndex, extra };
}

function roundUp(value: Decimal, step: number): Decimal {
  if (!(step > 0)) return value;
  return value.div(step).ceil().times(step);
}

function limit(
  value: Decimal,
  min: string | undefined,
  max: string | undefined,
): { value: Decimal; bound?: "min" | "max" } {
  if (min !== undefined && value.lessThan(min)) return { value: new Dec(min), bound: "min" };
  if (max !== undefined && value.greaterThan(max)) return { value: new Dec(max), bound: "max" };
  return { value };
}

function volume(value: DecimalInput | undefined, name: string): Result<Decimal, ChargekitError> {
  if (value === undefined) return ok(ZERO);
  const d = toDecimal(value);
  if (d === undefined) return invalid(`${name} ${String(value)} is not a finite decimal`);
  if (d.isNegative() && !d.isZero()) return invalid(`${name} ${String(value)} is negative`);
  return ok(d);
}

function invalid(message: string): Result<never, ChargekitError> {
  return err(new ChargekitError("INVALID_INPUT", `cannot price the session: ${message}`));
}

import { ChargekitError, err, type Instant, ok, type Result } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { Dec, decimalText, toDecimal } from "../money/decimal.js";
import type { ChargingPeriod, ReservationUsage } from "./charging-period.js";
import { checkTimeZone } from "./local-time.js";
import type { MeterPricingOptions, MeterSample } from "./meter-samples.js";
import { PeriodSplitter, type TracePoint } from "./period-splitter.js";
import { MAX_PERIODS, SessionPricer } from "./price-session.js";
import type { CostAmount, SessionCost } from "./session-cost.js";
import type { Tariff } from "./tariff.js";

/**
 * The running cost of a session at one moment.
 *
 * @category Tariffs
 */
export interface RunningCostSnapshot {
  /** Time of the last sample. */
  readonly at: Instant;
  /** Energy charged so far, Wh. */
  readonly energyWh: string;
  /**
   * Cost accrued so far: every period priced at its unit price (no step-size round-up yet), the fixed fee and any
   * reservation, bounded by the tariff's `min_price` and `max_price`. It never decreases as samples arrive and never
   * exceeds the final cost, so it is what a station may display as the running cost.
   */
  readonly cost: CostAmount;
}

/**
 * Tracks the cost of a session while it runs, from meter samples as they arrive (OCPP MeterValues, running-cost
 * updates to the station). `finish()` gives exactly what {@link priceMeterSamples} gives for the same samples.
 *
 * @category Tariffs
 */
export interface RunningCost {
  /** Adds the next sample (in time order); bad samples are refused and leave the state unchanged. */
  add(sample: MeterSample): Result<RunningCostSnapshot, ChargekitError>;
  /** The running cost after the last sample. */
  current(): RunningCostSnapshot;
  /**
   * What the session would cost if it ended at the last sample (step-size round-up and price limits applied).
   * Can be above {@link RunningCost.current} and can move down when a new tariff element switches rounding; use it
   * to compare with a hold or cost limit.
   */
  ifStoppedNow(): SessionCost;
  /** The final price of the session, ending at `endAt` (default: the last sample). */
  finish(endAt?: Instant): Result<SessionCost, ChargekitError>;
}

/**
 * Creates a {@link RunningCost} for a session starting at `options.startAt` (default: the first sample).
 *
 * @example
 * ```ts
 * const running = createRunningCost(tariff, { timeZone: "Europe/Amsterdam", startAt: t0 });
 * running.add({ at: t0, energyWh: 0 });
 * running.add({ at: t0 + 15 * MINUTE, energyWh: 2_750 });
 * console.log(running.current().cost.inclVat);
 * ```
 * @category Tariffs
 */
export function createRunningCost(tariff: Tariff, options: MeterPricingOptions): RunningCost {
  checkTimeZone(options.timeZone);
  const reservation: ReservationUsage | undefined = options.reservation;
  let pricer: SessionPricer | undefined;
  let splitter: PeriodSplitter | undefined;
  let last: (TracePoint & { sample: MeterSample }) | undefined;
  let startAt = options.startAt;
  let periodCount = 0;

  const snapshot = (): RunningCostSnapshot => {
    if (pricer === undefined || last === undefined) {
      const empty = new SessionPricer(tariff, options, startAt ?? 0, reservation).accrued();
      return { at: startAt ?? 0, energyWh: "0", cost: bounded(tariff, empty) };
    }
    return {
      at: last.at,
      energyWh: decimalText(pricer.energySoFarWh),
      cost: bounded(tariff, pricer.accrued()),
    };
  };

  return {
    add(sample) {
      if (!Number.isSafeInteger(sample.at)) return invalid("sample has no integer instant");
      const energy = toDecimal(sample.energyWh);
      if (energy === undefined) return invalid(`energyWh ${String(sample.energyWh)} is not a finite decimal`);
      if (last !== undefined) {
        if (sample.at < last.at) return invalid(`sample at ${sample.at} is before the previous one at ${last.at}`);
        if (energy.lessThan(last.energyWh)) {
          return invalid(
            `energy register went back from ${decimalText(last.energyWh)} Wh to ${decimalText(energy)} Wh`,
          );
        }
      }
      if (pricer === undefined || splitter === undefined) {
        const start = startAt ?? sample.at;
        if (start > sample.at) return invalid("the session cannot start after its first meter sample");
        startAt = start;
        pricer = new SessionPricer(tariff, options, start, reservation);
        splitter = new PeriodSplitter(tariff, options.timeZone, start);
        if (start < sample.at)
          feed(
            pricer,
            splitter.interval({ at: start, energyWh: energy }, { at: sample.at, energyWh: energy }, false, 0, 0),
          );
      } else if (last !== undefined) {
        const charging = last.sample.charging ?? energy.greaterThan(last.energyWh);
        const periods = splitter.interval(
          last,
          { at: sample.at, energyWh: energy },
          charging,
          last.sample.powerW,
          last.sample.currentA,
        );
        periodCount += periods.length;
        if (periodCount > MAX_PERIODS) return invalid(`a session may have at most ${MAX_PERIODS} periods`);
        feed(pricer, periods);
      }
      last = { at: sample.at, energyWh: energy, sample };
      return ok(snapshot());
    },
    current: snapshot,
    ifStoppedNow() {
      if (pricer === undefined || last === undefined) {
        return new SessionPricer(tariff, options, startAt ?? 0, reservation).finish(startAt ?? 0);
      }
      return pricer.finish(last.at);
    },
    finish(endAt) {
      if (pricer === undefined || splitter === undefined || last === undefined) {
        return invalid("no meter sample was added");
      }
      const end = endAt ?? last.at;
      if (end < last.at) return invalid("the session cannot end before its last meter sample");
      if (end > last.at) {
        feed(pricer, splitter.interval(last, { at: end, energyWh: last.energyWh }, false, 0, 0));
        last = {
          at: end,
          energyWh: last.energyWh,
          sample: { at: end, energyWh: decimalText(last.energyWh), charging: false },
        };
      }
      return ok(pricer.finish(end));
    },
  };
}

function feed(pricer: SessionPricer, periods: readonly ChargingPeriod[]): void {
  for (const period of periods) {
    const added = pricer.add(period);
    if (!added.ok) throw added.error;
  }
}

function bounded(tariff: Tariff, accrued: CostAmount): CostAmount {
  const clamp = (value: Decimal, min: string | undefined, max: string | undefined): string => {
    let v = value;
    if (min !== undefined && v.lessThan(min)) v = new Dec(min);
    if (max !== undefined && v.greaterThan(max)) v = new Dec(max);
    return decimalText(v);
  };
  return {
    exclVat: clamp(new Dec(accrued.exclVat), tariff.minPrice?.exclVat, tariff.maxPrice?.exclVat),
    inclVat: clamp(new Dec(accrued.inclVat), tariff.minPrice?.inclVat, tariff.maxPrice?.inclVat),
  };
}

function invalid(message: string): Result<never, ChargekitError> {
  return err(new ChargekitError("INVALID_INPUT", `invalid meter sample: ${message}`));
}

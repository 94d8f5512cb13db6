import { ChargekitError, err, type Instant, ok, type Result } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { type DecimalInput, decimalText, toDecimal } from "../money/decimal.js";
import type { ChargingPeriod, PricingOptions, ReservationUsage } from "./charging-period.js";
import { checkTimeZone } from "./local-time.js";
import { PeriodSplitter } from "./period-splitter.js";
import { MAX_PERIODS, priceSession } from "./price-session.js";
import type { SessionCost } from "./session-cost.js";
import type { Tariff } from "./tariff.js";

/**
 * A meter reading during a session, as a station reports it (OCPP MeterValues / TransactionEvent): the cumulative
 * imported energy register and optionally the instantaneous power and current. The state a sample reports holds
 * until the next sample.
 *
 * @category Tariffs
 */
export interface MeterSample {
  /** When the reading was taken. */
  readonly at: Instant;
  /** Cumulative energy register, Wh (`Energy.Active.Import.Register`); must never decrease within a session. */
  readonly energyWh: DecimalInput;
  /** Instantaneous power, W; the interval's average power is used when absent. */
  readonly powerW?: number;
  /** Instantaneous current summed over phases, A. */
  readonly currentA?: number;
  /** Whether the EV is charging from this sample on; inferred from the energy delta when absent. */
  readonly charging?: boolean;
}

/**
 * Options of {@link periodsFromMeterSamples} and {@link priceMeterSamples}.
 *
 * @category Tariffs
 */
export interface MeterPricingOptions extends PricingOptions {
  /** Session start; defaults to the first sample. Time before the first sample counts as parking. */
  readonly startAt?: Instant;
  /** Session end; defaults to the last sample. Time after the last sample counts as parking. */
  readonly endAt?: Instant;
  /** The reservation before the session, if any. */
  readonly reservation?: ReservationUsage;
}

/**
 * Turns meter samples into charging periods, starting a new period at every instant where a restriction of
 * `tariff` can change its verdict: local time-of-day, date and weekday boundaries (DST-aware, in
 * `options.timeZone`), session-duration thresholds, charging- and idle-time thresholds, and energy thresholds
 * (energy interpolated linearly between samples, split exactly at the threshold). This is what OCPI asks of a CPO
 * building a CDR ("a new Charging Period at every moment relevant for the total costs").
 *
 * @category Tariffs
 */
export function periodsFromMeterSamples(
  tariff: Tariff,
  samples: readonly MeterSample[],
  options: MeterPricingOptions,
): Result<ChargingPeriod[], ChargekitError> {
  try {
    checkTimeZone(options.timeZone);
  } catch (error) {
    return err(error as ChargekitError);
  }
  const first = samples[0];
  if (first === undefined) return invalid("at least one meter sample is needed");
  if (samples.length > MAX_PERIODS) return invalid(`at most ${MAX_PERIODS} meter samples per session`);
  const readings: Decimal[] = [];
  for (const [i, s] of samples.entries()) {
    if (!Number.isSafeInteger(s.at)) return invalid(`sample ${i} has no integer instant`);
    const e = toDecimal(s.energyWh);
    if (e === undefined) return invalid(`sample ${i} energyWh ${String(s.energyWh)} is not a finite decimal`);
    const previous = samples[i - 1];
    const previousEnergy = readings[i - 1];
    if (previous !== undefined && previousEnergy !== undefined) {
      if (s.at < previous.at) return invalid(`samples must be in time order: sample ${i} is before sample ${i - 1}`);
      if (e.lessThan(previousEnergy)) {
        return invalid(
          `energy register went back from ${decimalText(previousEnergy)} Wh to ${decimalText(e)} Wh at sample ${i}`,
        );
      }
    }
    readings.push(e);
  }
  const startAt = options.startAt ?? first.at;
  const last = samples.at(-1) as MeterSample;
  const endAt = options.endAt ?? last.at;
  if (startAt > first.at) return invalid("the session cannot start after its first meter sample");
  if (endAt < last.at) return invalid("the session cannot end before its last meter sample");

  const splitter = new PeriodSplitter(tariff, options.timeZone, startAt);
  const periods: ChargingPeriod[] = [];
  const firstEnergy = readings[0] as Decimal;
  if (startAt < first.at) {
    periods.push(
      ...splitter.interval(
        { at: startAt, energyWh: firstEnergy },
        { at: first.at, energyWh: firstEnergy },
        false,
        0,
        0,
      ),
    );
  }
  for (let i = 0; i + 1 < samples.length; i++) {
    const s = samples[i] as MeterSample;
    const next = samples[i + 1] as MeterSample;
    const e0 = readings[i] as Decimal;
    const e1 = readings[i + 1] as Decimal;
    const charging = s.charging ?? e1.greaterThan(e0);
    periods.push(
      ...splitter.interval({ at: s.at, energyWh: e0 }, { at: next.at, energyWh: e1 }, charging, s.powerW, s.currentA),
    );
    if (periods.length > MAX_PERIODS) return invalid(`the samples split into more than ${MAX_PERIODS} periods`);
  }
  const lastEnergy = readings.at(-1) as Decimal;
  if (endAt > last.at) {
    periods.push(
      ...splitter.interval({ at: last.at, energyWh: lastEnergy }, { at: endAt, energyWh: lastEnergy }, false, 0, 0),
    );
  }
  return ok(periods);
}

/**
 * Prices a session from its meter samples: {@link periodsFromMeterSamples} then {@link priceSession}.
 *
 * @example
 * ```ts
 * const cost = priceMeterSamples(tariff, [
 *   { at: t0, energyWh: 0 },
 *   { at: t0 + HOUR, energyWh: 11_000 },
 * ], { timeZone: "Europe/Amsterdam" });
 * ```
 * @category Tariffs
 */
export function priceMeterSamples(
  tariff: Tariff,
  samples: readonly MeterSample[],
  options: MeterPricingOptions,
): Result<SessionCost, ChargekitError> {
  const periods = periodsFromMeterSamples(tariff, samples, options);
  if (!periods.ok) return periods;
  const first = samples[0] as MeterSample;
  const last = samples.at(-1) as MeterSample;
  return priceSession(
    tariff,
    {
      startAt: options.startAt ?? first.at,
      endAt: options.endAt ?? last.at,
      periods: periods.value,
      ...(options.reservation === undefined ? {} : { reservation: options.reservation }),
    },
    options,
  );
}

function invalid(message: string): Result<never, ChargekitError> {
  return err(new ChargekitError("INVALID_INPUT", `invalid meter samples: ${message}`));
}

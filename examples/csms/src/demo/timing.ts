import { type Duration, MINUTE, SECOND } from "@chargekit/core";
import { type EvModel, FLEET_EVS } from "@chargekit/ocpp";

/** How the demo fleet's drivers behave, in real time: what a {@link demoTiming} works out from a time scale. */
export interface DemoTiming {
  /** Demo minutes per real minute (20: a 90-minute stay lasts 4.5 real minutes). */
  readonly timeScale: number;
  /** Mean stay of a driver at a charger. */
  readonly meanStay: Duration;
  /** Shortest stay. */
  readonly minStay: Duration;
  /** How far ahead a reserving driver books (uniform between the two). */
  readonly reserveLead: readonly [Duration, Duration];
  /** How late (or, negative, early) a driver with a reservation or a queue claim turns up, at most. */
  readonly lateness: Duration;
  /** How long a queued driver waits before giving up. */
  readonly patience: Duration;
  /** How long a queued driver takes to answer "your charger is ready". */
  readonly answerDelay: Duration;
  /** How long a driver whose start was refused takes to unplug and leave. */
  readonly leaveAfterRefusal: Duration;
  /** How often queued drivers look at their phone (offers, patience). */
  readonly tick: Duration;
  /** Meter values interval of the simulated stations, in seconds (`MeterValueSampleInterval`). */
  readonly meterIntervalSec: number;
}

/** The time scale `npm start` runs the demo at: 20 demo minutes per real minute. */
export const DEFAULT_TIME_SCALE = 20;

/**
 * The driver timings of a time scale. Stays, leads, patience and lateness are demo times divided by the scale, so
 * at the default a 90-minute stay lasts 4.5 real minutes; reactions (answering an offer, leaving after a refusal,
 * meter intervals) stay on a human or device scale, and every timer is at least a second.
 *
 * @example
 * ```ts
 * const timing = demoTiming(20);
 * timing.meanStay; // 270000 (4.5 minutes)
 * ```
 */
export function demoTiming(timeScale: number = DEFAULT_TIME_SCALE): DemoTiming {
  if (!(timeScale >= 1) || !Number.isFinite(timeScale)) {
    throw new RangeError(`the demo time scale must be a number ≥ 1, got ${timeScale}`);
  }
  const scaled = (demo: Duration): Duration => Math.max(SECOND, Math.round(demo / timeScale));
  return {
    timeScale,
    meanStay: scaled(90 * MINUTE),
    minStay: scaled(20 * MINUTE),
    reserveLead: [scaled(15 * MINUTE), scaled(60 * MINUTE)],
    lateness: scaled(10 * MINUTE),
    patience: scaled(120 * MINUTE),
    answerDelay: 5 * SECOND,
    leaveAfterRefusal: 20 * SECOND,
    tick: 5 * SECOND,
    meterIntervalSec: 15,
  };
}

/**
 * An EV whose battery is `timeScale` times smaller: it takes the same power, so its state of charge climbs as fast
 * in real time as the full-size car's would in demo time (a 60 kWh car charging for a demo hour at 11 kW gains
 * 18 %, in three real minutes at scale 20).
 */
export function scaledEv(model: EvModel, timeScale: number): EvModel {
  return { ...model, batteryWh: Math.max(100, Math.round(model.batteryWh / timeScale)) };
}

/** The cars demo drivers bring: the simulator's fleet EVs, their batteries scaled to the demo's time. */
export function demoEvs(timeScale: number): readonly EvModel[] {
  return FLEET_EVS.map((model) => scaledEv(model, timeScale));
}

import { type Duration, floorToStep, type Instant, roundToStep, SECOND } from "@chargekit/core";
import type { ProfilePeriod } from "./types.js";

/**
 * The resolution of every limit, setpoint and discharge limit chargekit writes: 0.1 of the unit (A or W). OCPP 1.6
 * limits "accept at most one digit fraction"; 2.x stations get the same resolution.
 *
 * @category Smart charging
 */
export const LIMIT_STEP = 0.1;

/**
 * Relative float noise of a unit conversion: `16.08 × 230 × 3` computes to 11095.199999999999, which stands for
 * 11095.2. Rounding after a conversion treats a value this close to a multiple of 0.1 as that multiple. @internal
 */
export const CONVERSION_NOISE = 1e-12;

/**
 * `value` rounded toward zero to {@link LIMIT_STEP}: never a larger magnitude than asked — except that a value
 * within `noise` (relative) of a multiple of 0.1 is that multiple, for values that come out of a unit conversion.
 * @internal
 */
export function towardZero(value: number, noise = 0): number {
  const magnitude = Math.abs(value);
  const nearest = roundToStep(magnitude, LIMIT_STEP);
  const rounded =
    noise > 0 && Math.abs(nearest - magnitude) <= noise * Math.max(1, magnitude)
      ? nearest
      : floorToStep(magnitude, LIMIT_STEP);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** A period's values rounded toward zero to 0.1 ({@link towardZero}): limits and discharge limits down, setpoints toward 0. @internal */
export function roundPeriod(period: ProfilePeriod, noise = 0): ProfilePeriod {
  return withValues(period.startOffset, {
    ...period,
    ...(period.limit === undefined ? {} : { limit: towardZero(period.limit, noise) }),
    ...(period.setpoint === undefined ? {} : { setpoint: towardZero(period.setpoint, noise) }),
    ...(period.dischargeLimit === undefined ? {} : { dischargeLimit: towardZero(period.dischargeLimit, noise) }),
  });
}

/** Periods on a whole-second grid: what {@link quantizeTime} returns. @internal */
export interface SecondGrid {
  /** The first period's start: the schedule's start rounded down to a whole second (ms). */
  readonly start: Instant;
  /** Periods with offsets in whole seconds (ms multiples of 1000) from `start`. */
  readonly periods: readonly ProfilePeriod[];
  /** The end rounded up to a whole second, when there is one. */
  readonly end?: Instant;
}

/**
 * Moves period boundaries onto whole seconds without ever allowing more than the periods allow: every second that
 * a boundary falls inside takes the most restrictive values of all periods overlapping it
 * ({@link mostRestrictive}). So a higher limit starts at the next whole second, a lower one at the previous whole
 * second, and a boundary already on a whole second stays where it is. The grid starts at `start` rounded down and
 * ends at `end` rounded up, so it covers `[start, end)`.
 *
 * @internal
 */
export function quantizeTime(start: Instant, periods: readonly ProfilePeriod[], end?: Instant): SecondGrid {
  const bounds = periods.map((p) => start + p.startOffset);
  const stops = [...bounds.slice(1), end ?? Number.POSITIVE_INFINITY];
  const points = new Set<number>();
  for (const b of bounds) {
    points.add(floorSecond(b));
    points.add(ceilSecond(b));
  }
  if (end !== undefined) points.add(ceilSecond(end));
  const grid = [...points].sort((a, b) => a - b);
  const origin = grid[0] ?? floorSecond(start);
  const out: ProfilePeriod[] = [];
  let first = 0;
  for (let j = 0; j < grid.length; j++) {
    const p = grid[j] as number;
    const next = grid[j + 1];
    if (next === undefined && end !== undefined) break;
    const q = next ?? Number.POSITIVE_INFINITY;
    while ((stops[first] as number) <= p) first++;
    const overlapping: ProfilePeriod[] = [];
    for (let i = first; i < periods.length && (bounds[i] as number) < q; i++)
      overlapping.push(periods[i] as ProfilePeriod);
    const merged = withValues(p - origin, mostRestrictive(overlapping));
    const last = out[out.length - 1];
    if (last === undefined || !sameValues(last, merged)) out.push(merged);
  }
  const head = periods[0];
  if (out.length === 0 && head !== undefined) out.push(withValues(0, head));
  return end === undefined ? { start: origin, periods: out } : { start: origin, periods: out, end: ceilSecond(end) };
}

/**
 * The most restrictive combination of periods that share one second: the lowest limit (none only when none has
 * one), the lowest discharge limit (no discharge if any period allows none), the fewest phases, a setpoint only when
 * every period has one (the one nearest zero, 0 when their signs differ, then kept inside the combined limits), and
 * the first period's `phaseToUse` and operation mode (a switch inside a second waits for the next whole second).
 *
 * @internal
 */
export function mostRestrictive(periods: readonly ProfilePeriod[]): Omit<ProfilePeriod, "startOffset"> {
  const [head, ...rest] = periods;
  if (head === undefined) return {};
  if (rest.length === 0) return head;
  const limit = minDefined(periods.map((p) => p.limit));
  const dischargeLimit = periods.some((p) => p.dischargeLimit === undefined)
    ? undefined
    : minDefined(periods.map((p) => p.dischargeLimit));
  const phases = minDefined(periods.map((p) => p.phases)) as ProfilePeriod["phases"];
  const setpoints = periods.map((p) => p.setpoint);
  let setpoint = setpoints.some((s) => s === undefined) ? undefined : nearestZero(setpoints as number[]);
  if (setpoint !== undefined) {
    if (limit !== undefined) setpoint = Math.min(setpoint, limit);
    setpoint = Math.max(setpoint, -(dischargeLimit ?? 0));
  }
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(phases === undefined ? {} : { phases }),
    ...(phases === 1 && head.phaseToUse !== undefined ? { phaseToUse: head.phaseToUse } : {}),
    ...(setpoint === undefined ? {} : { setpoint: setpoint === 0 ? 0 : setpoint }),
    ...(dischargeLimit === undefined ? {} : { dischargeLimit }),
    ...(head.operationMode === undefined ? {} : { operationMode: head.operationMode }),
  };
}

/** The value nearest zero when all share a sign, else 0. @internal */
export function nearestZero(values: readonly number[]): number {
  if (values.every((v) => v >= 0)) return Math.min(...values);
  if (values.every((v) => v <= 0)) return Math.max(...values);
  return 0;
}

/** True when two periods carry the same values (offsets aside). @internal */
export function sameValues(a: ProfilePeriod, b: ProfilePeriod): boolean {
  return (
    a.limit === b.limit &&
    a.phases === b.phases &&
    a.phaseToUse === b.phaseToUse &&
    a.setpoint === b.setpoint &&
    a.dischargeLimit === b.dischargeLimit &&
    a.operationMode === b.operationMode
  );
}

/** A period at `startOffset` with the defined values of `values` (no `undefined` properties). @internal */
export function withValues(startOffset: Duration, values: Omit<ProfilePeriod, "startOffset">): ProfilePeriod {
  return {
    startOffset,
    ...(values.limit === undefined ? {} : { limit: values.limit }),
    ...(values.phases === undefined ? {} : { phases: values.phases }),
    ...(values.phaseToUse === undefined ? {} : { phaseToUse: values.phaseToUse }),
    ...(values.setpoint === undefined ? {} : { setpoint: values.setpoint }),
    ...(values.dischargeLimit === undefined ? {} : { dischargeLimit: values.dischargeLimit }),
    ...(values.operationMode === undefined ? {} : { operationMode: values.operationMode }),
  };
}

function minDefined(values: readonly (number | undefined)[]): number | undefined {
  let out: number | undefined;
  for (const v of values) if (v !== undefined && (out === undefined || v < out)) out = v;
  return out;
}

/** `t` rounded down to a whole second. @internal */
export function floorSecond(t: number): number {
  return Math.floor(t / SECOND) * SECOND;
}

/** `t` rounded up to a whole second. @internal */
export function ceilSecond(t: number): number {
  return Math.ceil(t / SECOND) * SECOND;
}

import { ChargekitError } from "./errors.js";
import { err, ok, type Result } from "./result.js";

/**
 * A point in time as integer milliseconds since the Unix epoch (UTC). Stored and compared as a plain number.
 *
 * @category Time
 */
export type Instant = number;

/**
 * A length of time in milliseconds.
 *
 * @category Time
 */
export type Duration = number;

/** One second in ms. @category Time */
export const SECOND: Duration = 1000;
/** One minute in ms. @category Time */
export const MINUTE: Duration = 60 * SECOND;
/** One hour in ms. @category Time */
export const HOUR: Duration = 60 * MINUTE;
/** One day (24 h) in ms. @category Time */
export const DAY: Duration = 24 * HOUR;

/**
 * A half-open interval `[start, end)` of instants: `start` is inside, `end` is not, so back-to-back intervals
 * (`[8:00, 9:00)` and `[9:00, 10:00)`) do not overlap. `start === end` is the empty interval.
 *
 * @category Time
 */
export interface Interval {
  /** First instant inside the interval. */
  readonly start: Instant;
  /** First instant after the interval. */
  readonly end: Instant;
}

/**
 * True when `value` is a safe integer, i.e. a valid {@link Instant}.
 *
 * @category Time
 */
export function isInstant(value: unknown): value is Instant {
  return Number.isSafeInteger(value);
}

/**
 * Creates an interval, checking that both ends are integer instants and `start <= end`.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` naming the bad end.
 * @category Time
 */
export function interval(start: Instant, end: Instant): Interval {
  if (!isInstant(start))
    throw new ChargekitError("INVALID_ARGUMENT", `interval start must be an integer instant, got ${start}`);
  if (!isInstant(end))
    throw new ChargekitError("INVALID_ARGUMENT", `interval end must be an integer instant, got ${end}`);
  if (end < start) {
    throw new ChargekitError("INVALID_ARGUMENT", `interval end ${end} is before its start ${start}`, {
      details: { start, end },
    });
  }
  return { start, end };
}

/**
 * Length of an interval in ms.
 *
 * @category Time
 */
export function duration(i: Interval): Duration {
  return i.end - i.start;
}

/**
 * True for the empty interval (`start === end`), which contains and overlaps nothing.
 *
 * @category Time
 */
export function isEmpty(i: Interval): boolean {
  return i.end <= i.start;
}

/**
 * True when `t` lies in `[start, end)`.
 *
 * @category Time
 */
export function contains(i: Interval, t: Instant): boolean {
  return i.start <= t && t < i.end;
}

/**
 * True when every instant of `inner` lies in `outer` (the empty interval lies in everything).
 *
 * @category Time
 */
export function containsInterval(outer: Interval, inner: Interval): boolean {
  return isEmpty(inner) || (outer.start <= inner.start && inner.end <= outer.end);
}

/**
 * True when the two intervals share at least one instant. Touching intervals (`a.end === b.start`) do not overlap.
 *
 * @category Time
 */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end && !isEmpty(a) && !isEmpty(b);
}

/**
 * The common part of two intervals, or `undefined` when they do not overlap.
 *
 * @category Time
 */
export function intersect(a: Interval, b: Interval): Interval | undefined {
  if (!overlaps(a, b)) return undefined;
  return { start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) };
}

/**
 * Grows an interval by `before` ms at its start and `after` ms at its end (negative values shrink it; the result
 * never turns inside out, it becomes empty at the shrunk start instead).
 *
 * @example
 * ```ts
 * // a reservation occupies its window plus early-start allowance and grace
 * const occupancy = expand(window, 10 * MINUTE, 15 * MINUTE);
 * ```
 * @category Time
 */
export function expand(i: Interval, before: Duration, after: Duration): Interval {
  const start = i.start - before;
  return { start, end: Math.max(start, i.end + after) };
}

/**
 * Moves an interval by `offset` ms.
 *
 * @category Time
 */
export function shift(i: Interval, offset: Duration): Interval {
  return { start: i.start + offset, end: i.end + offset };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Parses an RFC 3339 date-time with an explicit offset (what OCPP and OCPI send: `2026-11-21T09:30:00Z`,
 * `2026-11-21T10:30:00.123+01:00`) into an {@link Instant}; sub-millisecond digits are truncated.
 *
 * @category Time
 */
export function parseInstant(text: string): Result<Instant, ChargekitError> {
  if (typeof text !== "string" || !RFC3339.test(text)) {
    return err(
      new ChargekitError(
        "INVALID_INPUT",
        `invalid date-time ${JSON.stringify(text)}: expected RFC 3339 with an offset`,
      ),
    );
  }
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
  if (!Number.isFinite(ms)) {
    return err(new ChargekitError("INVALID_INPUT", `invalid date-time ${JSON.stringify(text)}: no such date`));
  }
  return ok(ms);
}

/**
 * Formats an instant as an RFC 3339 UTC string with milliseconds (`2026-11-21T09:30:00.000Z`).
 *
 * @category Time
 */
export function formatInstant(t: Instant): string {
  return new Date(t).toISOString();
}

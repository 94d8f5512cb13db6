import { ChargekitError, DAY, type Instant, MINUTE } from "@chargekit/core";
import { DAYS_OF_WEEK, type DayOfWeek } from "./tariff.js";

/**
 * The wall-clock reading of an instant in a time zone.
 *
 * @internal
 */
export interface LocalTime {
  /** `"YYYY-MM-DD"`. */
  readonly date: string;
  /** Minutes since local midnight, 0–1439. */
  readonly minutes: number;
  /** Day of the week. */
  readonly day: DayOfWeek;
  /** Offset from UTC in minutes (positive east of Greenwich). */
  readonly offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch (cause) {
      throw new ChargekitError("INVALID_ARGUMENT", `unknown time zone "${timeZone}"`, { cause });
    }
    if (formatters.size > 256) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Throws `INVALID_ARGUMENT` unless `timeZone` is an IANA zone the platform knows (`"Europe/Amsterdam"`, `"UTC"`).
 *
 * @internal
 */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/**
 * Reads the wall clock of `t` in `timeZone` through the platform's `Intl` (full ICU time-zone data in Node 20+ and
 * browsers), so no time-zone library is needed.
 *
 * @internal
 */
export function localTime(t: Instant, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(t)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const y = parts["year"] ?? 1970;
  const mo = parts["month"] ?? 1;
  const d = parts["day"] ?? 1;
  const h = parts["hour"] ?? 0;
  const mi = parts["minute"] ?? 0;
  const s = parts["second"] ?? 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetMinutes = Math.round((wall - (t - (((t % 1000) + 1000) % 1000))) / MINUTE);
  // 1970-01-01 was a Thursday; index 0 of DAYS_OF_WEEK is Monday.
  const dayIndex = (((Math.floor(Date.UTC(y, mo - 1, d) / DAY) + 3) % 7) + 7) % 7;
  return {
    date: `${String(y).padStart(4, "0")}-${pad(mo)}-${pad(d)}`,
    minutes: h * 60 + mi,
    day: DAYS_OF_WEEK[dayIndex] as DayOfWeek,
    offsetMinutes,
  };
}

/**
 * Every instant in the open interval `(from, to)` at which a wall clock in `timeZone` reads one of `wallMinutes`
 * (minutes after local midnight) on some day, or the zone's UTC offset changes. Pricing restrictions that read
 * the local time, date or weekday can only change value at these instants. The set may contain extra instants
 * (harmless: a period split where nothing changes costs the same).
 *
 * @internal
 */
export function wallClockBoundaries(
  from: Instant,
  to: Instant,
  timeZone: string,
  wallMinutes: readonly number[],
): Instant[] {
  if (!(to > from)) return [];
  const offsets = new Set<number>([localTime(from, timeZone).offsetMinutes]);
  const out = new Set<Instant>();
  for (const transition of offsetTransitions(from, to, timeZone)) {
    out.add(transition);
    offsets.add(localTime(transition, timeZone).offsetMinutes);
  }
  const minutes = [...new Set([0, ...wallMinutes])];
  const firstDay = Math.floor(from / DAY) - 2;
  const lastDay = Math.floor(to / DAY) + 2;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const wall of minutes) {
      for (const offset of offsets) {
        const candidate = day * DAY + wall * MINUTE - offset * MINUTE;
        if (candidate > from && candidate < to) out.add(candidate);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Instants in `(from, to)` where the zone's UTC offset changes (DST). Offsets are probed every 6 hours; inside a
 * probe window with a change, a binary search over whole minutes (time-zone rules change on minute boundaries)
 * finds the first minute with the new offset.
 */
function offsetTransitions(from: Instant, to: Instant, timeZone: string): Instant[] {
  const out: Instant[] = [];
  const step = 6 * 60 * MINUTE;
  let a = from;
  let offsetA = localTime(a, timeZone).offsetMinutes;
  while (a < to) {
    const b = Math.min(to, a + step);
    const offsetB = localTime(b, timeZone).offsetMinutes;
    if (offsetB !== offsetA) {
      let lo = Math.ceil(a / MINUTE);
      let hi = Math.floor(b / MINUTE);
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (localTime(mid * MINUTE, timeZone).offsetMinutes === offsetB) hi = mid;
        else lo = mid + 1;
      }
      const transition = lo * MINUTE;
      if (transition > from && transition < to) out.push(transition);
    }
    a = b;
    offsetA = offsetB;
  }
  return out;
}

/** Minutes after midnight of an `"HH:MM"` text. @internal */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

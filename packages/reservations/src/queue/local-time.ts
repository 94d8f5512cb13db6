import type { Instant } from "@chargekit/core";

/** Local time of day (fractional hours) and whether the day is a weekend, in an IANA time zone. */
export interface LocalHour {
  /** Hours since local midnight, in [0, 24). */
  readonly hour: number;
  /** Saturday or Sunday. */
  readonly weekend: boolean;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const QUARTER_MS = 15 * MINUTE_MS;

/**
 * Returns a function giving the local time of day and day type of an instant in `timeZone` (browser-safe: `Intl`).
 * The zone's UTC offset is looked up once per quarter hour (every offset and every transition is a multiple of 15
 * minutes) and cached.
 *
 * @internal
 */
export function localHours(timeZone: string): (t: Instant) => LocalHour {
  const at = (t: Instant, offset: number): LocalHour => {
    const local = new Date(t + offset);
    const day = local.getUTCDay();
    return {
      hour: (t + offset - Math.floor((t + offset) / 86_400_000) * 86_400_000) / HOUR_MS,
      weekend: day === 0 || day === 6,
    };
  };
  if (timeZone === "UTC") return (t) => at(t, 0);
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const offsets = new Map<number, number>();
  const offsetOf = (t: Instant): number => {
    const key = Math.floor(t / QUARTER_MS);
    const hit = offsets.get(key);
    if (hit !== undefined) return hit;
    const probe = key * QUARTER_MS;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(probe)) if (part.type !== "literal") parts[part.type] = Number(part.value);
    const wall = Date.UTC(
      parts["year"] ?? 1970,
      (parts["month"] ?? 1) - 1,
      parts["day"] ?? 1,
      (parts["hour"] ?? 0) % 24,
      parts["minute"] ?? 0,
    );
    const offset = wall - probe;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
    return offset;
  };
  return (t) => at(t, offsetOf(t));
}

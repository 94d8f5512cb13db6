import type { Instant } from "@chargekit/core";
import type { DailyEnergy } from "../store/session-store.js";

/** A register reading: when, and the cumulative energy register in Wh. */
export interface RegisterPoint {
  /** When. */
  readonly at: Instant;
  /** The register, Wh. */
  readonly wh: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date `YYYY-MM-DD` of `at` in `timeZone` (IANA). */
export function localDay(at: Instant, timeZone: string): string {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(timeZone, format);
  }
  return format.format(at);
}

/** The first millisecond after `from` (exclusive) and at or before `to` whose local day differs from `from`'s. */
function nextDayStart(from: Instant, to: Instant, timeZone: string): Instant {
  const day = localDay(from, timeZone);
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) === day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Splits the energy between consecutive register readings over the local days of `timeZone`, assuming a constant
 * rate between two readings (so a reading every few minutes places energy to the minute). Days are cut at local
 * midnight whatever the offset does (DST changes included). Readings need not be sorted; a register that goes down
 * contributes nothing. The parts add up to the last reading minus the first.
 */
export function splitEnergyByDay(points: readonly RegisterPoint[], timeZone: string): DailyEnergy[] {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  const days = new Map<string, number>();
  const add = (day: string, wh: number) => {
    if (wh > 0) days.set(day, (days.get(day) ?? 0) + wh);
  };
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as RegisterPoint;
    const b = sorted[i] as RegisterPoint;
    const energy = b.wh - a.wh;
    if (energy <= 0) continue;
    if (b.at <= a.at) {
      add(localDay(b.at, timeZone), energy);
      continue;
    }
    let from = a.at;
    while (localDay(from, timeZone) !== localDay(b.at, timeZone)) {
      const cut = nextDayStart(from, b.at, timeZone);
      add(localDay(from, timeZone), (energy * (cut - from)) / (b.at - a.at));
      from = cut;
    }
    add(localDay(from, timeZone), (energy * (b.at - from)) / (b.at - a.at));
  }
  return [...days].map(([day, energyWh]) => ({ day, energyWh })).sort((x, y) => x.day.localeCompare(y.day));
}

import { ChargekitError, type Instant } from "@chargekit/core";
import { recurrencePeriod } from "../target.js";
import type { InstalledProfile, ProfilePeriod } from "../types.js";

/**
 * What anchors a profile in time besides its own fields: the start of the transaction on the EVSE it is evaluated
 * for (anchor of `Relative` profiles) and the start of the requested window (the anchor when no transaction runs,
 * as if one had just started).
 *
 * @internal
 */
export interface AnchorContext {
  /** Start of the transaction on the EVSE, if one runs. */
  readonly transactionStart?: Instant;
  /** Start of the requested composite window. */
  readonly windowStart: Instant;
}

/** The anchor of the schedule occurrence in force at `t` (the latest repetition for `Recurring`), if any. */
function occurrenceAt(profile: InstalledProfile, t: Instant, context: AnchorContext): Instant | undefined {
  const start = profile.schedule.start;
  if (profile.kind === "Recurring") {
    if (start === undefined || profile.recurrency === undefined || t < start) return undefined;
    const period = recurrencePeriod(profile.recurrency);
    return start + Math.floor((t - start) / period) * period;
  }
  if (profile.kind !== "Relative" && start !== undefined) return start;
  return context.transactionStart ?? context.windowStart;
}

/** How long one occurrence of the schedule lasts: its duration, and at most one repetition when recurring. */
function occurrenceLength(profile: InstalledProfile): number {
  const duration = profile.schedule.duration ?? Number.POSITIVE_INFINITY;
  return profile.recurrency === undefined ? duration : Math.min(duration, recurrencePeriod(profile.recurrency));
}

/**
 * The period of `profile` in force at `t`, or undefined when the profile says nothing then: outside
 * `[validFrom, validTo)`, before its anchor, or after its `duration` (a `Recurring` profile's periods past one
 * repetition never run). A profile that says nothing lets a lower stack level speak (OCPP 1.6 §3.13.2, §5.16.4).
 *
 * @internal
 */
export function activePeriod(profile: InstalledProfile, t: Instant, context: AnchorContext): ProfilePeriod | undefined {
  if (profile.validFrom !== undefined && t < profile.validFrom) return undefined;
  if (profile.validTo !== undefined && t >= profile.validTo) return undefined;
  const anchor = occurrenceAt(profile, t, context);
  if (anchor === undefined || t < anchor) return undefined;
  const offset = t - anchor;
  if (offset >= occurrenceLength(profile)) return undefined;
  const periods = profile.schedule.periods;
  let lo = 0;
  let hi = periods.length - 1;
  let found: ProfilePeriod | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid] as ProfilePeriod;
    if (p.startOffset <= offset) {
      found = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Adds to `out` every instant in `(from, to)` at which what `profile` says may change: its validity bounds, and
 * for each occurrence overlapping the window its period starts and its end. Throws `LIMIT_EXCEEDED` once `out`
 * holds more than `limit` instants.
 *
 * @internal
 */
export function addBreakpoints(
  profile: InstalledProfile,
  from: Instant,
  to: Instant,
  context: AnchorContext,
  out: Set<Instant>,
  limit: number,
): void {
  const add = (t: number) => {
    if (t > from && t < to) out.add(t);
    if (out.size > limit) {
      throw new ChargekitError("LIMIT_EXCEEDED", `a composite schedule may change at most ${limit} times`, {
        details: { from, to, profile: profile.id },
      });
    }
  };
  if (profile.validFrom !== undefined) add(profile.validFrom);
  if (profile.validTo !== undefined) add(profile.validTo);
  const length = occurrenceLength(profile);
  const anchors: Instant[] = [];
  if (profile.kind === "Recurring") {
    const start = profile.schedule.start;
    if (start === undefined || profile.recurrency === undefined) return;
    const period = recurrencePeriod(profile.recurrency);
    const first = Math.max(0, Math.floor((from - start) / period));
    for (let k = first; start + k * period < to; k++) anchors.push(start + k * period);
  } else {
    const anchor = occurrenceAt(profile, from, context);
    if (anchor !== undefined) anchors.push(anchor);
  }
  for (const anchor of anchors) {
    add(anchor);
    for (const p of profile.schedule.periods) {
      if (p.startOffset >= length) break;
      add(anchor + p.startOffset);
    }
    add(anchor + length);
  }
}

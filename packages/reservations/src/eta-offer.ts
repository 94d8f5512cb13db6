import type { Instant } from "@chargekit/core";
import { type EvseRef, isEligible } from "./evse.js";
import type { ReservationPolicy } from "./policy.js";
import type { EtaOutcome } from "./requests.js";
import type { Reservation } from "./reservation.js";
import type { SiteBook } from "./site-book.js";

/**
 * The answer to a new arrival time outside the slot's tolerance: the nearest feasible window of the same length at or
 * after the arrival (on the booked EVSE, or any usable eligible one for a site-level hold), `kept` when an earlier
 * arrival finds nothing better than the booked window, `no_slot` beyond the booking horizon. The reservation's own
 * occupancy is ignored while searching.
 *
 * @internal
 */
export function offerSlot(
  book: SiteBook,
  policy: ReservationPolicy,
  r: Reservation,
  arrival: Instant,
  now: Instant,
): EtaOutcome {
  const length = r.window.end - r.window.start;
  const span = policy.earlyStart + length + policy.grace;
  const from = Math.max(arrival, now);
  const candidates = book.evseRefs().filter((ref) => {
    const e = book.evse(ref);
    if (e === undefined || e.status !== "available") return false;
    return r.evse === undefined ? isEligible(e.spec, r) : ref === r.evse;
  });
  let best: { start: Instant; evse: EvseRef } | undefined;
  for (const ref of candidates) {
    const busy = book.evse(ref)?.session !== undefined;
    const searchFrom = Math.max(from - policy.earlyStart, busy ? now + 1 : Number.NEGATIVE_INFINITY);
    const start = book.earliestGap(ref, searchFrom, span, r.id) + policy.earlyStart;
    if (best === undefined || start < best.start || (start === best.start && ref === r.assignedEvse)) {
      best = { start, evse: ref };
    }
  }
  if (best === undefined || best.start - now > policy.maxAdvance) return { kind: "no_slot" };
  if (arrival < r.window.start && best.start >= r.window.start) return { kind: "kept" };
  return {
    kind: "offer",
    offer: {
      window: { start: best.start, end: best.start + length },
      ...(r.evse === undefined ? {} : { evse: r.evse }),
      expiresAt: now + policy.holdTtl,
    },
  };
}

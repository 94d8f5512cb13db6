import type { Instant, Interval, ReservationId, SiteId } from "@chargekit/core";
import type { EvseRef } from "./evse.js";
import type { ReservationPolicy } from "./policy.js";
import type { ReservationStatus } from "./reservation.js";
import type { EvseState, SiteBook } from "./site-book.js";

/**
 * A reservation as seen by planning code (search, queue estimate): what it blocks, without who booked it.
 *
 * @category Engine
 */
export interface ReservationBlock {
  /** The reservation id. */
  readonly id: ReservationId;
  /** What it blocks on the EVSE. */
  readonly occupancy: Interval;
  /** The booked window. */
  readonly window: Interval;
  /** True for a site-level hold (the engine may move it to another eligible EVSE). */
  readonly siteLevel: boolean;
  /** Its status. */
  readonly status: ReservationStatus;
}

/**
 * A read-only view of one site in the engine's in-memory index: answers come from the interval trees, with no
 * store round trip. Carries no driver data.
 *
 * @category Engine
 */
export interface SiteView {
  /** The site. */
  readonly site: SiteId;
  /** The site's booking terms. */
  readonly policy: ReservationPolicy;
  /** Every EVSE with its spec, status and session. */
  evses(): readonly EvseState[];
  /** One EVSE, or `undefined`. */
  evse(ref: EvseRef): EvseState | undefined;
  /** Reservations on `ref` whose occupancy overlaps `[from, to)`, in order. */
  blocks(ref: EvseRef, from: Instant, to: Instant): readonly ReservationBlock[];
  /** The earliest `s >= from` at which `ref` has `length` ms free of reservations. O(log n). */
  earliestFree(ref: EvseRef, from: Instant, length: number): Instant;
  /** Free stretches of at least `minLength` on `ref` within `[from, to)`. */
  freeStretches(ref: EvseRef, from: Instant, to: Instant, minLength: number): Interval[];
}

/** @internal */
export function viewOf(book: SiteBook, policy: ReservationPolicy): SiteView {
  return {
    site: book.site,
    policy,
    evses: () => book.evseRefs().map((ref) => book.evse(ref) as EvseState),
    evse: (ref) => book.evse(ref),
    blocks: (ref, from, to) =>
      book.reservationsOn(ref, from, to).map((r) => ({
        id: r.id,
        occupancy: r.occupancy,
        window: r.window,
        siteLevel: r.evse === undefined,
        status: r.status,
      })),
    earliestFree: (ref, from, length) => book.earliestGap(ref, from, length),
    freeStretches: (ref, from, to, minLength) => book.gaps(ref, from, to, minLength),
  };
}

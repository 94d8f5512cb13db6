import type { Instant } from "@chargekit/core";
import { type EvseRequirement, isEligible, type SiteView } from "@chargekit/reservations";
import type { DemoEvse } from "./demo-stations.js";

/** What a driver looking for a charger knows besides the EVSEs. */
export interface EvseLookup {
  /** The reservation engine's view of the site, when reservations are assembled. */
  readonly view: SiteView | undefined;
  /** EVSEs another demo driver is using or heading to. */
  readonly claimed: ReadonlySet<DemoEvse>;
  /** Now. */
  readonly now: Instant;
}

/** The station is online and accepted, and the EVSE is operative, empty, unreserved and reports Available. */
export function isIdle(evse: DemoEvse, claimed: ReadonlySet<DemoEvse>): boolean {
  const { station } = evse;
  if (claimed.has(evse) || !station.connected || station.registration !== "Accepted") return false;
  const view = station.evse(evse.evseId);
  return (
    view.operative &&
    !view.evConnected &&
    view.transactionRef === undefined &&
    view.reservationId === undefined &&
    view.status === "Available"
  );
}

/** No reservation occupies the EVSE during `[from, to)` (always true without an engine). */
export function isUnbooked(evse: DemoEvse, view: SiteView | undefined, from: Instant, to: Instant): boolean {
  return view === undefined || view.blocks(evse.spec.ref, from, to).length === 0;
}

/**
 * The EVSEs a walk-up driver with `need` may take now: eligible, idle, no reservation during the next `stay`,
 * and not eligible for anyone waiting in the site's queue (who came first).
 */
export function walkUpCandidates(
  evses: readonly DemoEvse[],
  need: EvseRequirement,
  waiting: readonly EvseRequirement[],
  stay: number,
  lookup: EvseLookup,
): DemoEvse[] {
  return evses.filter(
    (e) =>
      isEligible(e.spec, need) &&
      isIdle(e, lookup.claimed) &&
      isUnbooked(e, lookup.view, lookup.now, lookup.now + stay) &&
      !waiting.some((w) => isEligible(e.spec, w)),
  );
}

/**
 * The EVSEs a driver may book for an occupancy `[from, to)`: eligible, idle now (so the slot does not depend on
 * someone else leaving on time) and free of reservations over the occupancy.
 */
export function bookingCandidates(
  evses: readonly DemoEvse[],
  need: EvseRequirement,
  from: Instant,
  to: Instant,
  lookup: EvseLookup,
): DemoEvse[] {
  return evses.filter(
    (e) => isEligible(e.spec, need) && isIdle(e, lookup.claimed) && isUnbooked(e, lookup.view, from, to),
  );
}

/** One of `items`, picked by a random number in `[0, 1)`. */
export function pick<T>(items: readonly T[], random: number): T | undefined {
  return items[Math.min(items.length - 1, Math.floor(random * items.length))];
}

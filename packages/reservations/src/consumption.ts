import type { Instant } from "@chargekit/core";
import { type EvseRef, isEligible } from "./evse.js";
import type { PresentedToken, StartDecision } from "./requests.js";
import type { Reservation } from "./reservation.js";
import type { SiteBook } from "./site-book.js";

/**
 * True when the presented token may use the reservation: the id token or its group (parent) token equals the
 * reservation's id token or group token (OCPP 1.6 §5.13 parentIdTag rule; OCPP 2.0.1 H03 groupIdToken rule).
 *
 * @category Engine
 */
export function tokenMatches(
  reservation: Pick<Reservation, "idToken" | "groupIdToken">,
  presented: PresentedToken,
): boolean {
  for (const token of [presented.idToken, presented.groupIdToken]) {
    if (token === undefined) continue;
    if (token === reservation.idToken || token === reservation.groupIdToken) return true;
  }
  return false;
}

/**
 * The reservation a start on `evse` at `at` with `presented` tokens uses: a confirmed or active reservation whose
 * occupancy contains `at`, with a matching token, booked on that EVSE or (site-level hold) eligible for it. An
 * explicit `reservationId` (from the station's start message) narrows the choice to that one.
 *
 * @internal
 */
export function findConsumable(
  book: SiteBook,
  evse: EvseRef,
  presented: PresentedToken,
  at: Instant,
  reservationId?: number,
): Reservation | undefined {
  const spec = book.evse(evse)?.spec;
  if (spec === undefined) return undefined;
  let best: Reservation | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const ref of book.evseRefs()) {
    const r = book.reservationAt(ref, at);
    if (r === undefined || (r.status !== "confirmed" && r.status !== "active")) continue;
    if (reservationId !== undefined && r.id !== reservationId) continue;
    if (!tokenMatches(r, presented)) continue;
    const usable = r.evse === undefined ? isEligible(spec, r) : r.evse === evse;
    if (!usable) continue;
    const rank = r.evse === evse ? 0 : r.assignedEvse === evse ? 1 : 2;
    if (rank < bestRank || (rank === bestRank && best !== undefined && r.occupancy.start < best.occupancy.start)) {
      best = r;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * Walk-up fairness: may `presented` start on `evse` at `at`? A matching reservation always may. Otherwise an EVSE
 * booked for someone else refuses only inside that booking's occupancy; a site-level hold that the plan keeps on
 * this EVSE refuses only when it cannot move to another eligible EVSE.
 *
 * @internal
 */
export function decideStart(
  book: SiteBook,
  evse: EvseRef,
  presented: PresentedToken,
  at: Instant,
): { decision: StartDecision; consumes?: Reservation } {
  const state = book.evse(evse);
  if (state === undefined) return { decision: { allowed: false, reason: "unknown_evse" } };
  if (state.status !== "available") return { decision: { allowed: false, reason: "evse_unusable" } };
  if (state.session !== undefined) return { decision: { allowed: false, reason: "evse_occupied" } };
  const mine = findConsumable(book, evse, presented, at);
  if (mine !== undefined) return { decision: { allowed: true, reservationId: mine.id }, consumes: mine };
  const held = book.reservationAt(evse, at);
  if (held !== undefined) {
    const movable = held.evse === undefined && book.planEvacuation(evse, [held.id], at).stuck.length === 0;
    if (!movable) return { decision: { allowed: false, reason: "reserved", until: held.occupancy.end } };
  }
  const next = book.nextReservation(evse, at + 1);
  return { decision: next === undefined ? { allowed: true } : { allowed: true, freeUntil: next.occupancy.start } };
}

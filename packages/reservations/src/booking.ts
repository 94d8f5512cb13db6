import type { Instant, ReservationId } from "@chargekit/core";
import type { EvseRef, EvseStatus } from "./evse.js";
import type { ReservationPolicy } from "./policy.js";
import type { ActionRefusal, Actor, BookingRequest } from "./requests.js";
import { bookingTerms, type Reservation } from "./reservation.js";

/**
 * A new `held` reservation for a validated request, placed on `assigned`, with the terms and fees of `policy`.
 *
 * @internal
 */
export function draftReservation(
  request: BookingRequest,
  id: ReservationId,
  assigned: EvseRef,
  policy: ReservationPolicy,
  now: Instant,
): Reservation {
  const terms = bookingTerms(request.window, policy);
  return {
    id,
    version: 1,
    site: request.site,
    ...(request.evse === undefined ? {} : { evse: request.evse }),
    assignedEvse: assigned,
    driver: request.driver,
    idToken: request.idToken,
    ...(request.groupIdToken === undefined ? {} : { groupIdToken: request.groupIdToken }),
    connectorType: request.connectorType,
    minPower: request.minPower ?? 0,
    window: request.window,
    occupancy: terms.occupancy,
    status: "held",
    heldUntil: now + policy.holdTtl,
    ...(terms.noShowAt === undefined ? {} : { noShowAt: terms.noShowAt }),
    lateStopUntil: terms.lateStopUntil,
    freeCancelUntil: Math.max(request.window.start - policy.cancellationCutoff, now + policy.freeCancelWindow),
    fees: {
      ...(policy.noShowFee === null ? {} : { noShow: policy.noShowFee }),
      ...(policy.lateCancellationFee === null ? {} : { lateCancellation: policy.lateCancellationFee }),
    },
    createdAt: now,
    updatedAt: now,
  };
}

/** @internal */
export function owns(actor: Actor, r: Reservation): boolean {
  return actor.driver === undefined || actor.driver === r.driver;
}

/** @internal */
export function refusalOf(refusal: "ended" | "hold_lapsed" | "not_confirmed", r: Reservation): ActionRefusal {
  return refusal === "ended" ? { reason: "ended", status: r.status } : { reason: refusal };
}

/** @internal */
export function removalReason(status: EvseStatus): "evse_faulted" | "evse_unavailable" {
  return status === "faulted" ? "evse_faulted" : "evse_unavailable";
}

/** @internal */
export function checkWindow(
  window: { readonly start: Instant; readonly end: Instant },
  policy: ReservationPolicy,
  now: Instant,
): "window_in_past" | "window_too_short" | "window_too_long" | "too_far_ahead" | undefined {
  if (window.start < now) return "window_in_past";
  const length = window.end - window.start;
  if (length < policy.minWindow) return "window_too_short";
  if (length > policy.maxWindow) return "window_too_long";
  if (window.start - now > policy.maxAdvance) return "too_far_ahead";
  return undefined;
}

/** @internal */
export function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

import type { IdToken, Instant, Interval, ReservationId, SiteId } from "@chargekit/core";
import type { ConnectorType, EvseRef, EvseStatus } from "./evse.js";
import type { Reservation } from "./reservation.js";

/**
 * What a CSMS needs to hold an EVSE on the station when a reservation's window opens — the OCPP-neutral form of
 * ReserveNow (OCPP can only hold "from now until expiry"). Map it to 1.6 `ReserveNow.req` (connector 0 when `evse`
 * is absent, `parentIdTag` = `groupIdToken`) or 2.0.1 `ReserveNowRequest` (no `evseId` when `evse` is absent).
 * Sending it again for the same `reservationId` replaces the hold on the station (both OCPP versions).
 *
 * @category Events
 */
export interface StationReservation {
  /** The reservation id (OCPP `reservationId` / `id`). */
  readonly reservationId: ReservationId;
  /** The site. */
  readonly site: SiteId;
  /** The EVSE to hold; absent for a site-level hold (keep any eligible EVSE free). */
  readonly evse?: EvseRef;
  /** The EVSE the engine's plan keeps for a site-level hold, for stations that need a concrete one. */
  readonly plannedEvse: EvseRef;
  /** Who may use it. */
  readonly idToken: IdToken;
  /** Group (parent) token whose members may use it too. */
  readonly groupIdToken?: IdToken;
  /** The connector type (2.0.1 `connectorType` for site-level holds). */
  readonly connectorType: ConnectorType;
  /** When the station should let it expire (the end of the occupancy). */
  readonly expiresAt: Instant;
}

/**
 * Why the CSMS should withdraw a hold from the station (OCPP CancelReservation).
 *
 * @category Events
 */
export type StationReleaseReason = "cancelled" | "no_show" | "capacity_lost" | "rescheduled";

/**
 * Payload of a lifecycle event: the reservation after the change.
 *
 * @category Events
 */
export interface ReservationChanged {
  /** The reservation as stored after the change. */
  readonly reservation: Reservation;
}

/**
 * Payload of a deadline-driven lifecycle event.
 *
 * @category Events
 */
export interface ReservationDeadline extends ReservationChanged {
  /** True when the deadline was handled after it fell due (the engine was down or busy). */
  readonly late: boolean;
}

/**
 * Payload of `reservation:rescheduled`.
 *
 * @category Events
 */
export interface ReservationRescheduled extends ReservationChanged {
  /** The window before the move. */
  readonly previous: Interval;
}

/**
 * Payload of `reservation:at-risk`.
 *
 * @category Events
 */
export interface ReservationAtRisk extends ReservationChanged {
  /** A session (a walk-up that started anyway) or the EVSE's status is in the way. */
  readonly reason: "evse_occupied" | "evse_unusable";
}

/**
 * Payload of `station-reservation:close`: send CancelReservation.
 *
 * @category Events
 */
export interface StationRelease {
  /** The reservation id the station holds. */
  readonly reservationId: ReservationId;
  /** The site. */
  readonly site: SiteId;
  /** The EVSE held; absent for a site-level hold. */
  readonly evse?: EvseRef;
  /** Why. */
  readonly reason: StationReleaseReason;
}

/**
 * Payload of `evse:available`.
 *
 * @category Events
 */
export interface EvseAvailable {
  /** The site. */
  readonly site: SiteId;
  /** The EVSE that became free for walk-ups. */
  readonly evse: EvseRef;
  /** When. */
  readonly at: Instant;
  /** When the next reservation's occupancy on it begins, if any. */
  readonly until?: Instant;
}

/**
 * Payload of `session:overstay`.
 *
 * @category Events
 */
export interface SessionOverstay {
  /** The site. */
  readonly site: SiteId;
  /** The EVSE. */
  readonly evse: EvseRef;
  /** The session still running. */
  readonly sessionId: string;
  /** The reservation it used. */
  readonly reservationId: ReservationId;
  /** The end of the late-stop allowance. */
  readonly since: Instant;
}

/**
 * Payload of `evse:status`.
 *
 * @category Events
 */
export interface EvseStatusChanged {
  /** The site. */
  readonly site: SiteId;
  /** The EVSE. */
  readonly evse: EvseRef;
  /** Its new status. */
  readonly status: EvseStatus;
  /** When. */
  readonly at: Instant;
}

/**
 * The events of a reservation engine: one per lifecycle change (payload: the reservation after the change), the
 * station instructions, and EVSE availability for queues.
 *
 * @category Events
 */
export interface ReservationEvents {
  /** A reservation was created in `held`. */
  "reservation:held": ReservationChanged;
  /** A held reservation was confirmed. */
  "reservation:confirmed": ReservationChanged;
  /** Its window opened (status `active`); see also `station-reservation:open`. */
  "reservation:activated": ReservationDeadline;
  /** Its window moved (an accepted ETA offer). */
  "reservation:rescheduled": ReservationRescheduled;
  /** A matching token started charging. */
  "reservation:used": ReservationChanged;
  /** It ended unused: hold TTL lapsed or occupancy passed. */
  "reservation:expired": ReservationDeadline;
  /** The driver did not come in time. */
  "reservation:no-show": ReservationDeadline;
  /** Someone cancelled it. */
  "reservation:cancelled": ReservationChanged;
  /** It was removed because its EVSE (or every eligible EVSE) became unusable. */
  "reservation:removed": ReservationChanged;
  /** Any terminal change (after the specific event). */
  "reservation:ended": ReservationChanged;
  /** An open reservation's EVSE is taken by a session or unusable and no other EVSE could take it. */
  "reservation:at-risk": ReservationAtRisk;
  /** Send ReserveNow (or replace the station's hold with this one). */
  "station-reservation:open": StationReservation;
  /** Send CancelReservation: the station still holds an EVSE for a reservation that ended early. */
  "station-reservation:close": StationRelease;
  /** An EVSE became free for walk-ups (a queue may offer it). */
  "evse:available": EvseAvailable;
  /** A session that used a reservation is still running past the late-stop allowance. */
  "session:overstay": SessionOverstay;
  /** An EVSE's status changed. */
  "evse:status": EvseStatusChanged;
}

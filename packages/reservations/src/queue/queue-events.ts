import type { DriverId, Instant, SiteId } from "@chargekit/core";
import type { EvseRef } from "../evse.js";
import type { Reservation } from "../reservation.js";

/**
 * Why leaving the queue.
 *
 * @category Queue
 */
export type QueueLeaveReason = "left" | "accepted" | "max_snoozes";

/**
 * What every queue event carries.
 *
 * @category Queue
 */
export interface QueueEventBase {
  /** The site. */
  readonly site: SiteId;
  /** The driver concerned (events go to that driver only). */
  readonly driver: DriverId;
  /** When. */
  readonly at: Instant;
}

/**
 * Payload of `queue:joined` and `queue:position`.
 *
 * @category Queue
 */
export interface QueuePosition extends QueueEventBase {
  /** 1-based place in line. */
  readonly position: number;
}

/**
 * Payload of `queue:left`.
 *
 * @category Queue
 */
export interface QueueLeft extends QueueEventBase {
  /** Why. */
  readonly reason: QueueLeaveReason;
}

/**
 * Payload of `queue:offer`.
 *
 * @category Queue
 */
export interface QueueOffer extends QueueEventBase {
  /** The charger ready for this driver. */
  readonly evse: EvseRef;
  /** Answer before this instant, or it counts as a snooze. */
  readonly expiresAt: Instant;
}

/**
 * Payload of `queue:snoozed`.
 *
 * @category Queue
 */
export interface QueueSnoozed extends QueueEventBase {
  /** Snoozes so far. */
  readonly snoozes: number;
  /** True when the driver did not answer in time. */
  readonly automatic: boolean;
}

/**
 * Payload of `queue:accepted`.
 *
 * @category Queue
 */
export interface QueueAccepted extends QueueEventBase {
  /** The charger. */
  readonly evse: EvseRef;
  /** Held for the driver until then. */
  readonly claimUntil: Instant;
}

/**
 * The events of a {@link SiteQueue}: notifications are events, not polls.
 *
 * @category Queue
 */
export interface QueueEvents {
  /** A driver joined. */
  "queue:joined": QueuePosition;
  /** A driver left. */
  "queue:left": QueueLeft;
  /** A driver moved up. Positions only ever move forward. */
  "queue:position": QueuePosition;
  /** "Your charger is ready": answer with accept or snooze before `expiresAt`. */
  "queue:offer": QueueOffer;
  /** A driver passed on an offer (or did not answer in time) and keeps the place. */
  "queue:snoozed": QueueSnoozed;
  /** A driver accepted; the charger is theirs until `claimUntil`. */
  "queue:accepted": QueueAccepted;
}

/**
 * Why joining failed.
 *
 * @category Queue
 */
export interface QueueJoinRefusal {
  /** `invalid_request` (see `message`), `already_queued` or `queue_full`. */
  readonly reason: "invalid_request" | "already_queued" | "queue_full";
  /** For `invalid_request`: what is wrong, by field. */
  readonly message?: string;
}

/**
 * An accepted charger.
 *
 * @category Queue
 */
export interface QueueClaim {
  /** The charger. */
  readonly evse: EvseRef;
  /** Held until then. */
  readonly claimUntil: Instant;
  /** The short reservation holding it, when the queue has an engine and the driver a token. */
  readonly reservation?: Reservation;
}

/**
 * Why accepting failed: no open offer, or someone took the charger first.
 *
 * @category Queue
 */
export interface QueueClaimRefusal {
  /** `no_offer` or `taken`. */
  readonly reason: "no_offer" | "taken";
}

/**
 * An open offer.
 *
 * @category Queue
 */
export interface OpenOffer {
  /** The charger. */
  readonly evse: EvseRef;
  /** Answer before this instant. */
  readonly expiresAt: Instant;
}

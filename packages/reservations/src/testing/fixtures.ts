import { DriverId, HOUR, IdToken, type Instant, type Interval, ReservationId, SiteId } from "@chargekit/core";
import { EvseRef } from "../evse.js";
import { DEFAULT_POLICY, type ReservationPolicy } from "../policy.js";
import { bookingTerms, type Reservation } from "../reservation.js";

/**
 * Options of {@link sampleReservation}.
 *
 * @category Testing
 */
export interface SampleReservationOptions {
  /** Reservation id; default 1. */
  readonly id?: number;
  /** Site; default `"site-1"`. */
  readonly site?: string;
  /** Booked EVSE; default `"evse-1"`; `null` for a site-level hold (assigned to `assignedEvse`). */
  readonly evse?: string | null;
  /** Witness EVSE for a site-level hold; default `"evse-1"`. */
  readonly assignedEvse?: string;
  /** Driver; default `"driver-1"`. */
  readonly driver?: string;
  /** Token; default `"TOKEN-1"`. */
  readonly idToken?: string;
  /** Window; default one hour starting an hour after `now`. */
  readonly window?: Interval;
  /** Creation instant; default 2026-01-01T00:00Z. */
  readonly now?: Instant;
  /** Policy for the terms; default {@link DEFAULT_POLICY}. */
  readonly policy?: ReservationPolicy;
}

/**
 * A valid `held` {@link Reservation} record for tests of stores and state machines.
 *
 * @category Testing
 */
export function sampleReservation(options: SampleReservationOptions = {}): Reservation {
  const now = options.now ?? Date.UTC(2026, 0, 1);
  const policy = options.policy ?? DEFAULT_POLICY;
  const window = options.window ?? { start: now + HOUR, end: now + 2 * HOUR };
  const terms = bookingTerms(window, policy);
  const evse = options.evse === undefined ? "evse-1" : options.evse;
  const assigned = EvseRef.of(evse ?? options.assignedEvse ?? "evse-1");
  return {
    id: ReservationId.of(options.id ?? 1),
    version: 1,
    site: SiteId.of(options.site ?? "site-1"),
    ...(evse === null ? {} : { evse: assigned }),
    assignedEvse: assigned,
    driver: DriverId.of(options.driver ?? "driver-1"),
    idToken: IdToken.of(options.idToken ?? "TOKEN-1"),
    connectorType: "cType2",
    minPower: 0,
    window,
    occupancy: terms.occupancy,
    status: "held",
    heldUntil: now + policy.holdTtl,
    ...(terms.noShowAt === undefined ? {} : { noShowAt: terms.noShowAt }),
    lateStopUntil: terms.lateStopUntil,
    freeCancelUntil: Math.max(window.start - policy.cancellationCutoff, now + policy.freeCancelWindow),
    fees: {
      ...(policy.noShowFee === null ? {} : { noShow: policy.noShowFee }),
      ...(policy.lateCancellationFee === null ? {} : { lateCancellation: policy.lateCancellationFee }),
    },
    createdAt: now,
    updatedAt: now,
  };
}

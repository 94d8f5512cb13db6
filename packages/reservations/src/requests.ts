import {
  DriverId,
  IdToken,
  type Instant,
  type Interval,
  type ReservationId,
  SiteId,
  type Watts,
} from "@chargekit/core";
import { z } from "zod";
import { type ConnectorType, connectorTypeSchema, EvseRef } from "./evse.js";
import type { AdmissionRefusal } from "./site-book.js";

/**
 * A request to book: a window on one EVSE, or on any eligible EVSE of a site (a site-level hold, OCPP connector 0
 * / no `evseId`, OCPI without `evse_uid`).
 *
 * @category Engine
 */
export interface BookingRequest {
  /** The site. */
  readonly site: SiteId;
  /** The EVSE; leave out for a site-level hold. */
  readonly evse?: EvseRef;
  /** The driver (account) booking. */
  readonly driver: DriverId;
  /** The credential that will use it. */
  readonly idToken: IdToken;
  /** A group (parent) token whose members may use it too. */
  readonly groupIdToken?: IdToken;
  /** The connector type the car needs. */
  readonly connectorType: ConnectorType;
  /** The least power the car needs, in W (default 0). */
  readonly minPower?: Watts;
  /** The charging window `[start, end)`: arrival to planned departure. */
  readonly window: Interval;
}

const instant = z.number().int({ error: "must be an integer instant (epoch ms)" });

/**
 * Schema of a {@link BookingRequest} (for HTTP bodies: validate, then pass on).
 *
 * @category Engine
 */
export const bookingRequestSchema: z.ZodType<BookingRequest> = z
  .object({
    site: SiteId.schema,
    evse: EvseRef.schema.optional(),
    driver: DriverId.schema,
    idToken: IdToken.schema,
    groupIdToken: IdToken.schema.optional(),
    connectorType: connectorTypeSchema,
    minPower: z.number().finite().min(0, { error: "minPower must be 0 or more watts" }).max(10_000_000).optional(),
    window: z
      .object({ start: instant, end: instant })
      .refine((w) => w.start < w.end, { error: "window must have start < end" }),
  })
  .strict() as unknown as z.ZodType<BookingRequest>;

/**
 * Why a booking was refused (an expected outcome, returned).
 * - `invalid_request`: the request broke its schema (`message` names the field).
 * - `unknown_site`: the engine does not manage that site.
 * - `window_in_past`, `window_too_short`, `window_too_long`, `too_far_ahead`: the window breaks the policy.
 * - the {@link AdmissionRefusal} reasons: the EVSE or the site cannot take it.
 * - `driver_limit`: the driver has the maximum number of live reservations.
 * - `conflict`: concurrent writers kept winning the race for the slot; retrying may help.
 *
 * @category Engine
 */
export type BookingRefusal =
  | {
      /** Discriminant. */
      readonly reason: "invalid_request";
      /** What is wrong, by field. */
      readonly message: string;
    }
  | {
      /** Discriminant. */
      readonly reason:
        | "unknown_site"
        | "window_in_past"
        | "window_too_short"
        | "window_too_long"
        | "too_far_ahead"
        | "conflict"
        | AdmissionRefusal;
    }
  | {
      /** Discriminant. */
      readonly reason: "driver_limit";
      /** The limit. */
      readonly max: number;
    };

/**
 * Why an action on an existing reservation was refused.
 * - `not_found`: no such reservation (or not the caller's: ownership is not revealed).
 * - `ended`: it is already terminal (`status` says how it ended).
 * - `hold_lapsed`: the confirmation came after the hold expired.
 * - `not_confirmed`: it is still held.
 * - `offer_expired`: the ETA offer was accepted after its `expiresAt`.
 * - `conflict`: concurrent writers kept changing it; retrying may help.
 *
 * @category Engine
 */
export type ActionRefusal =
  | {
      /** Discriminant. */
      readonly reason: "not_found" | "hold_lapsed" | "not_confirmed" | "offer_expired" | "conflict";
    }
  | {
      /** Discriminant. */
      readonly reason: "ended";
      /** How it ended. */
      readonly status: string;
    };

/**
 * Who is acting on a reservation: pass the driver for requests that come from a driver's app, so one driver can
 * never see or change another's reservation.
 *
 * @category Engine
 */
export interface Actor {
  /** The driver acting; leave out for operator / back-office actions. */
  readonly driver?: DriverId;
}

/**
 * A slot the engine offers after an ETA change; accept it with `acceptOffer` before `expiresAt`.
 *
 * @category Engine
 */
export interface SlotOffer {
  /** The proposed window (same length as the booked one). */
  readonly window: Interval;
  /** The EVSE (the booked one for an EVSE-specific reservation; absent for a site-level hold). */
  readonly evse?: EvseRef;
  /** Until when the offer may be accepted (it is not held: someone else may book it first). */
  readonly expiresAt: Instant;
}

/**
 * The answer to an ETA update.
 * - `kept`: the new arrival stays inside the early-start allowance and the grace; nothing moves.
 * - `offer`: the slot no longer fits; `offer` is the nearest feasible one at or after the new arrival. Accept it
 *   or keep the original.
 * - `no_slot`: nothing feasible within the booking horizon; the original stays.
 *
 * @category Engine
 */
export type EtaOutcome =
  | {
      /** Discriminant. */
      readonly kind: "kept";
    }
  | {
      /** Discriminant. */
      readonly kind: "offer";
      /** The proposal. */
      readonly offer: SlotOffer;
    }
  | {
      /** Discriminant. */
      readonly kind: "no_slot";
    };

/**
 * Tokens presented at an EVSE.
 *
 * @category Engine
 */
export interface PresentedToken {
  /** The id token. */
  readonly idToken?: IdToken;
  /** Its group / parent token, if the CSMS knows it (local list, cache or Authorize). */
  readonly groupIdToken?: IdToken;
}

/**
 * Whether a driver may start charging on an EVSE now (walk-up fairness: a reserved EVSE refuses other tokens only
 * inside the reservation's occupancy).
 *
 * @category Engine
 */
export type StartDecision =
  | {
      /** Discriminant. */
      readonly allowed: true;
      /** The reservation this start will use, if any (put it in the OCPP start message). */
      readonly reservationId?: ReservationId;
      /** A walk-up driver must leave by this instant, when a reservation follows. */
      readonly freeUntil?: Instant;
    }
  | {
      /** Discriminant. */
      readonly allowed: false;
      /** Why. */
      readonly reason: "reserved" | "evse_unusable" | "evse_occupied" | "unknown_evse";
      /** For `reserved`: when the reservation's occupancy ends. */
      readonly until?: Instant;
    };

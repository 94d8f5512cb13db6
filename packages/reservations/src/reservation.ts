import {
  DriverId,
  expand,
  IdToken,
  type Instant,
  type Interval,
  ReservationId,
  SiteId,
  type Watts,
} from "@chargekit/core";
import { z } from "zod";
import { type ConnectorType, connectorTypeSchema, EvseRef } from "./evse.js";
import { type Money, moneySchema } from "./money.js";
import type { ReservationPolicy } from "./policy.js";

/**
 * Every status a reservation can be in. `held`, `confirmed` and `active` are live (they occupy an EVSE); the other
 * five are terminal and each reservation reaches exactly one of them.
 *
 * @category Reservations
 */
export const RESERVATION_STATUSES = [
  "held",
  "confirmed",
  "active",
  "used",
  "expired",
  "no_show",
  "cancelled",
  "removed",
] as const;

/**
 * One of {@link RESERVATION_STATUSES}: `held` (waiting for confirmation, with a TTL) → `confirmed` → `active` (the
 * window is open: the station should hold the EVSE) → `used` | `expired` | `no_show` | `cancelled` | `removed`.
 *
 * @category Reservations
 */
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * The statuses in which a reservation occupies an EVSE.
 *
 * @category Reservations
 */
export type LiveStatus = "held" | "confirmed" | "active";

/**
 * The final statuses.
 *
 * @category Reservations
 */
export type TerminalStatus = Exclude<ReservationStatus, LiveStatus>;

/**
 * True for `held`, `confirmed` and `active`.
 *
 * @category Reservations
 */
export function isLive(status: ReservationStatus): status is LiveStatus {
  return status === "held" || status === "confirmed" || status === "active";
}

/**
 * Why a reservation ended.
 * - `used`: a matching token started charging.
 * - `hold_lapsed`: it was never confirmed within the hold TTL (ends `expired`).
 * - `window_passed`: its occupancy ended unused and the policy has no no-show (ends `expired`).
 * - `no_show`: the driver did not come within the no-show timeout.
 * - `cancelled_by_driver`, `cancelled_by_operator`: someone cancelled it.
 * - `evse_faulted`, `evse_unavailable`: its EVSE stopped being usable while it was open (ends `removed`).
 * - `capacity_lost`: a site-level hold for which no eligible EVSE was left (ends `removed`).
 *
 * @category Reservations
 */
export type EndReason =
  | "used"
  | "hold_lapsed"
  | "window_passed"
  | "no_show"
  | "cancelled_by_driver"
  | "cancelled_by_operator"
  | "evse_faulted"
  | "evse_unavailable"
  | "capacity_lost";

/**
 * How and when a reservation ended.
 *
 * @category Reservations
 */
export interface ReservationEnding {
  /** The terminal status. */
  readonly status: TerminalStatus;
  /** When it ended. */
  readonly at: Instant;
  /** Why. */
  readonly reason: EndReason;
  /** The fee the policy charges for it (no-show, late cancellation), if any. */
  readonly fee?: Money;
  /** For `used`: the session that consumed it. */
  readonly sessionId?: string;
  /** For `used`: the EVSE the session started on. */
  readonly evse?: EvseRef;
}

/**
 * A reservation as the engine and the {@link ReservationStore} keep it.
 *
 * `assignedEvse` is the engine's witness: the EVSE the reservation occupies in the engine's plan. For an
 * EVSE-specific reservation it is `evse`; for a site-level hold (no `evse`) it is the EVSE that the plan keeps
 * free for it, which the engine may move to another eligible EVSE. Because no two live reservations on the same
 * assigned EVSE overlap, site capacity is never exceeded and a concrete assignment always exists.
 *
 * @category Reservations
 */
export interface Reservation {
  /** The reservation id (a 32-bit integer, what OCPP ReserveNow carries). */
  readonly id: ReservationId;
  /** Optimistic-concurrency version, 1 on creation, +1 on every stored change. */
  readonly version: number;
  /** The site. */
  readonly site: SiteId;
  /** The EVSE the driver booked; absent for a site-level hold (any eligible EVSE of the site). */
  readonly evse?: EvseRef;
  /** The EVSE the engine's plan keeps for it (see above). */
  readonly assignedEvse: EvseRef;
  /** The driver (account) who booked it. */
  readonly driver: DriverId;
  /** The credential that may use it. */
  readonly idToken: IdToken;
  /** A group (OCPP 1.6 parent id tag, 2.0.1 group id token) whose members may use it too. */
  readonly groupIdToken?: IdToken;
  /** The connector type the car needs. */
  readonly connectorType: ConnectorType;
  /** The least power the car needs, in W. */
  readonly minPower: Watts;
  /** The booked charging window `[start, end)`. */
  readonly window: Interval;
  /** What it blocks on its EVSE: `[window.start − earlyStart, window.end + grace)`. */
  readonly occupancy: Interval;
  /** Where it is in its lifecycle. */
  readonly status: ReservationStatus;
  /** A `held` reservation expires at this instant unless confirmed before. */
  readonly heldUntil: Instant;
  /** An `active` reservation not used by this instant ends as `no_show`; absent when the policy has no no-show. */
  readonly noShowAt?: Instant;
  /** A session that used it may run until this instant before an overstay is reported. */
  readonly lateStopUntil: Instant;
  /** Cancelling at or after this instant is a late cancellation. */
  readonly freeCancelUntil: Instant;
  /** The fees fixed when it was booked. */
  readonly fees: ReservationFees;
  /** The latest arrival time the driver reported, if any. */
  readonly eta?: Instant;
  /** When it was created. */
  readonly createdAt: Instant;
  /** When it last changed. */
  readonly updatedAt: Instant;
  /** When it was confirmed. */
  readonly confirmedAt?: Instant;
  /** When its window opened. */
  readonly activatedAt?: Instant;
  /** How it ended, once terminal. */
  readonly ending?: ReservationEnding;
}

/**
 * The fees a reservation was booked with.
 *
 * @category Reservations
 */
export interface ReservationFees {
  /** Charged on a no-show. */
  readonly noShow?: Money;
  /** Charged on a late cancellation. */
  readonly lateCancellation?: Money;
}

const instant = z.number().int({ error: "must be an integer instant" });
const intervalSchema = z
  .object({ start: instant, end: instant })
  .refine((i) => i.start < i.end, { error: "interval must have start < end" });

const sessionIdSchema = z.string().min(1).max(128);

/**
 * Schema of a stored {@link Reservation}: adapters and the engine validate records read back from storage with it,
 * so a corrupt record is reported by field instead of breaking the engine.
 *
 * @category Reservations
 */
export const reservationSchema: z.ZodType<Reservation> = z
  .object({
    id: ReservationId.schema,
    version: z.number().int().min(1),
    site: SiteId.schema,
    evse: EvseRef.schema.optional(),
    assignedEvse: EvseRef.schema,
    driver: DriverId.schema,
    idToken: IdToken.schema,
    groupIdToken: IdToken.schema.optional(),
    connectorType: connectorTypeSchema,
    minPower: z.number().finite().min(0),
    window: intervalSchema,
    occupancy: intervalSchema,
    status: z.enum(RESERVATION_STATUSES),
    heldUntil: instant,
    noShowAt: instant.optional(),
    lateStopUntil: instant,
    freeCancelUntil: instant,
    fees: z.object({ noShow: moneySchema.optional(), lateCancellation: moneySchema.optional() }),
    eta: instant.optional(),
    createdAt: instant,
    updatedAt: instant,
    confirmedAt: instant.optional(),
    activatedAt: instant.optional(),
    ending: z
      .object({
        status: z.enum(["used", "expired", "no_show", "cancelled", "removed"]),
        at: instant,
        reason: z.enum([
          "used",
          "hold_lapsed",
          "window_passed",
          "no_show",
          "cancelled_by_driver",
          "cancelled_by_operator",
          "evse_faulted",
          "evse_unavailable",
          "capacity_lost",
        ]),
        fee: moneySchema.optional(),
        sessionId: sessionIdSchema.optional(),
        evse: EvseRef.schema.optional(),
      })
      .optional(),
  })
  .refine((r) => r.evse === undefined || r.evse === r.assignedEvse, {
    error: "an EVSE-specific reservation must be assigned to its own EVSE",
  })
  .refine((r) => isLive(r.status) === (r.ending === undefined), {
    error: "a terminal reservation needs an ending and a live one must not have one",
  }) as unknown as z.ZodType<Reservation>;

/**
 * The timing terms of a booking, derived from its window and the policy at the time of booking.
 *
 * @category Reservations
 */
export interface BookingTerms {
  /** `[window.start − earlyStart, window.end + grace)`. */
  readonly occupancy: Interval;
  /** No-show deadline: `window.start + noShowTimeout`, capped at the occupancy end; absent without no-shows. */
  readonly noShowAt?: Instant;
  /** `window.end + lateStop`. */
  readonly lateStopUntil: Instant;
}

/**
 * Derives occupancy, no-show deadline and late-stop limit of a window under a policy.
 *
 * @category Reservations
 */
export function bookingTerms(window: Interval, policy: ReservationPolicy): BookingTerms {
  const occupancy = expand(window, policy.earlyStart, policy.grace);
  const terms: BookingTerms = { occupancy, lateStopUntil: window.end + policy.lateStop };
  if (policy.noShowTimeout === null) return terms;
  return { ...terms, noShowAt: Math.min(window.start + policy.noShowTimeout, occupancy.end) };
}

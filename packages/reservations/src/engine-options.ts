import type {
  Clock,
  DriverId,
  IdToken,
  Instant,
  Logger,
  ReservationId,
  SiteId,
  WattHours,
  Watts,
} from "@chargekit/core";
import type { EvseRef, EvseSpec } from "./evse.js";
import type { ReservationPolicy } from "./policy.js";
import type { Reservation } from "./reservation.js";
import type { ReservationStore } from "./store.js";

/**
 * One site the engine manages.
 *
 * @category Engine
 */
export interface SiteConfig {
  /** The site. */
  readonly site: SiteId;
  /** Its EVSEs (references unique across all sites of the engine). */
  readonly evses: readonly EvseSpec[];
  /** Overrides of the engine-wide policy for this site. */
  readonly policy?: Partial<ReservationPolicy>;
}

/**
 * Options of {@link createReservationEngine}.
 *
 * @category Engine
 */
export interface ReservationEngineOptions {
  /** Where reservations live; the source of truth across processes. */
  readonly store: ReservationStore;
  /** The sites this engine manages. */
  readonly sites: readonly SiteConfig[];
  /** Time source; default `systemClock`. */
  readonly clock?: Clock;
  /** Overrides of {@link DEFAULT_POLICY} for every site. */
  readonly policy?: Partial<ReservationPolicy>;
  /** Logger; default silent. */
  readonly logger?: Logger;
  /** Limits of the site-level hold planner. */
  readonly planner?: PlannerOptions;
  /** How often a write retries after losing a race to another process (default 3). */
  readonly retries?: number;
}

/**
 * Limits of the planner that places site-level holds: an exact search, bounded so a request never takes long; when
 * it cannot prove a placement within the bounds it refuses (it never over-books).
 *
 * @category Engine
 */
export interface PlannerOptions {
  /** Search steps per request; default 20 000. */
  readonly budget?: number;
  /** Most site-level holds one request may move; default 256. */
  readonly maxComponent?: number;
}

/**
 * A session that started on an EVSE, as the CSMS reports it.
 *
 * @category Engine
 */
export interface SessionStart {
  /** The EVSE. */
  readonly evse: EvseRef;
  /** The session (transaction) id; reporting it again is harmless. */
  readonly sessionId: string;
  /** The token that started it. */
  readonly idToken?: IdToken;
  /** Its group (parent) token, if known. */
  readonly groupIdToken?: IdToken;
  /** The reservation id the station put in its start message, if any. */
  readonly reservationId?: ReservationId;
  /** When it started (default: now). */
  readonly at?: Instant;
  /** Energy the car still needs, in Wh, if known. */
  readonly energyNeeded?: WattHours;
  /** Power allocated to it, in W, if known. */
  readonly power?: Watts;
  /** The driver (account) behind the token, if known (for the dwell model). */
  readonly driver?: DriverId;
  /** The departure the driver stated, if any (for the dwell model). */
  readonly declaredEnd?: Instant;
}

/**
 * What a session start did.
 *
 * @category Engine
 */
export interface SessionStartOutcome {
  /** The reservation the session used, if any. */
  readonly used?: Reservation;
}

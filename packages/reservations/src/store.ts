import type { Capabilities, DriverId, Instant, ReservationId, Result, SiteId } from "@chargekit/core";
import type { EvseRef } from "./evse.js";
import type { Reservation } from "./reservation.js";

/**
 * A stored reservation changing: the record as it should be after the change, and the version it must still have.
 *
 * @category Store
 */
export interface ReservationUpdate {
  /** The new content; the store writes it with `version = expectedVersion + 1` (its own `version` is ignored). */
  readonly next: Reservation;
  /** The version the stored record must have now, or the change is refused as `stale`. */
  readonly expectedVersion: number;
}

/**
 * One atomic change: all of it is stored, or none of it.
 *
 * @category Store
 */
export interface ReservationChange {
  /** New records, each with `version: 1` and a fresh id from {@link ReservationStore.nextId}. */
  readonly creates?: readonly Reservation[];
  /** Changes to stored records, each with the version it expects. */
  readonly updates?: readonly ReservationUpdate[];
  /**
   * Refuse the change when it adds live reservations to this driver and the driver would then have more than `max`
   * (counted across all sites and processes, inside the same transaction).
   */
  readonly driverLimit?: {
    /** The driver. */
    readonly driver: DriverId;
    /** Most live (held, confirmed, active) reservations allowed. */
    readonly max: number;
  };
}

/**
 * Why a store refused a change. Every kind is an expected outcome of concurrent writers, returned, not thrown.
 * - `overlap`: two live reservations would occupy the same assigned EVSE of a site at the same instant.
 * - `stale`: a record's version is not the expected one (another writer changed it first); `actualVersion` is
 *   `undefined` when the record does not exist.
 * - `duplicate`: a created id exists already.
 * - `driver_limit`: the driver would exceed the live-reservation limit.
 *
 * @category Store
 */
export type StoreConflict =
  | {
      /** Discriminant. */
      readonly kind: "overlap";
      /** The record of the change that did not fit. */
      readonly reservationId: ReservationId;
      /** The live record it overlaps. */
      readonly conflictsWith: ReservationId;
      /** The EVSE both are assigned to. */
      readonly evse: EvseRef;
    }
  | {
      /** Discriminant. */
      readonly kind: "stale";
      /** The record. */
      readonly reservationId: ReservationId;
      /** The version the change expected. */
      readonly expectedVersion: number;
      /** The version stored, or `undefined` when there is no such record. */
      readonly actualVersion: number | undefined;
    }
  | {
      /** Discriminant. */
      readonly kind: "duplicate";
      /** The id that exists already. */
      readonly reservationId: ReservationId;
    }
  | {
      /** Discriminant. */
      readonly kind: "driver_limit";
      /** The driver. */
      readonly driver: DriverId;
      /** How many live reservations the driver would have. */
      readonly live: number;
      /** The limit. */
      readonly max: number;
    };

/**
 * Filter of {@link ReservationStore.listLive}.
 *
 * @category Store
 */
export interface LiveFilter {
  /** Only this site. */
  readonly site?: SiteId;
  /** Only this driver. */
  readonly driver?: DriverId;
}

/**
 * Options of {@link ReservationStore.listByDriver}.
 *
 * @category Store
 */
export interface HistoryOptions {
  /** Only reservations whose window ends at or after this instant. */
  readonly since?: Instant;
  /** At most this many (newest window first); default 100, at most 1000. */
  readonly limit?: number;
}

/**
 * The storage port of the reservation engine, in domain terms. The store is the **source of truth for conflicts
 * across processes**: every engine process keeps its own in-memory interval trees as the fast index, and the store
 * refuses any change that would break the rules below, whoever wrote last.
 *
 * Rules every implementation guarantees (the contract suite in `@chargekit/reservations/testing` checks them):
 * 1. A {@link ReservationStore.commit} is atomic and its rules are checked on the state after the whole change
 *    (moving two holds past each other in one change is fine; SQL: a `DEFERRABLE INITIALLY DEFERRED` constraint).
 * 2. No two live (`held`, `confirmed`, `active`) records of one site with the same `assignedEvse` have
 *    overlapping `occupancy` (half-open: touching is fine). With the engine's witness assignment this pairwise rule
 *    also guarantees site-level capacity (SQL: `EXCLUDE USING gist (site WITH =, assigned_evse WITH =, occupancy
 *    WITH &&) WHERE (status IN ('held','confirmed','active'))`, mapping SQLSTATE 23P01 to `overlap`).
 * 3. Optimistic versions: an update names the version it read; any other stored version refuses the change as
 *    `stale` (two concurrent confirmations of one hold: exactly one wins).
 * 4. Terminal records are kept (history, billing); {@link ReservationStore.listLive} leaves them out.
 * Adapters that fail for infrastructure reasons throw `portFailure(...)` from `@chargekit/core`.
 *
 * @category Store
 */
export interface ReservationStore {
  /** Optional features (none are defined yet). */
  readonly capabilities?: Capabilities<never>;
  /** A fresh reservation id, never handed out before (a 32-bit integer ≥ 1, like OCPP's). */
  nextId(): Promise<ReservationId>;
  /** The stored record, or `undefined`. */
  get(id: ReservationId): Promise<Reservation | undefined>;
  /** Applies a change atomically; on success returns the stored records (creates first, then updates, in order). */
  commit(change: ReservationChange): Promise<Result<readonly Reservation[], StoreConflict>>;
  /** Live records, optionally of one site or driver, in order of occupancy start. */
  listLive(filter?: LiveFilter): Promise<readonly Reservation[]>;
  /** A driver's reservations, live and ended, newest window first. */
  listByDriver(driver: DriverId, options?: HistoryOptions): Promise<readonly Reservation[]>;
}

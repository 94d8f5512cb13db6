import { ChargekitError, type DriverId, err, ok, ReservationId, type Result } from "@chargekit/core";
import {
  isLive,
  type Reservation,
  type ReservationChange,
  type ReservationStatus,
  type ReservationStore,
  reservationSchema,
  type StoreConflict,
} from "@chargekit/reservations";
import { LOCK_SPACE, type LockId, lockKey, lockOrder, TAKE_LOCKS } from "../client/advisory-locks.js";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { rollback, type Sql, toSqlClient } from "../client/sql-client.js";
import { guard, SQLSTATE, sqlState } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";
import { reservationSql } from "./reservation-sql.js";

/**
 * Options of {@link createPostgresReservationStore}.
 *
 * @category Stores
 */
export interface PostgresReservationStoreOptions extends PostgresStoreOptions {
  /**
   * Check every record written against `reservationSchema` (a bad one is a programmer error and throws) and every
   * record read (a corrupt row throws `INVALID_INPUT` naming the reservation and the field); default true.
   */
  readonly validate?: boolean;
}

interface StoredRow {
  readonly version: number;
  readonly site: string;
  readonly driver: string;
  readonly status: ReservationStatus;
}

const PORT = "ReservationStore";

/**
 * The `ReservationStore` on PostgreSQL (a server through a `pg` Pool, or embedded PGlite), passing the same
 * contract suite as the memory store. How it keeps the rules across processes:
 *
 * - **No double booking**: `EXCLUDE USING gist (site WITH =, assigned_evse WITH =, occupancy WITH &&)` on live rows
 *   (`btree_gist`), `DEFERRABLE INITIALLY DEFERRED` so the state after the whole change is what counts.
 * - **Site-level capacity**: every commit takes a transaction-scoped advisory lock per site it touches (and per
 *   driver, for the live-reservation limit), always in one global order. Writers of one site run one after the
 *   other; inside the lock the store finds the first overlap itself and answers `overlap` naming both
 *   reservations. A writer that bypasses the locks still meets the exclusion constraint: its SQLSTATE 23P01 makes
 *   the store run the change again, which then returns the typed `overlap`, never a database error.
 * - **Optimistic versions**: the rows an update names are read `FOR UPDATE`; another version is `stale`.
 * - **Ids** come from a 32-bit sequence (`nextval`), distinct across processes.
 *
 * Infrastructure failures throw `PORT_FAILURE`. Run {@link migrate} before the first call.
 *
 * @example
 * ```ts no-run
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const store = createPostgresReservationStore({ client: pool });
 * const engine = createReservationEngine({ store, sites });
 * ```
 * @category Stores
 */
export function createPostgresReservationStore(options: PostgresReservationStoreOptions): ReservationStore {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const q = reservationSql(quoteSchema(schema));
  const sql = toSqlClient(options.client);
  const validate = options.validate ?? true;

  const checkWritten = (r: Reservation): void => {
    if (!validate) return;
    const parsed = reservationSchema.safeParse(r);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new ChargekitError("INVALID_ARGUMENT", `invalid reservation record ${r.id}: ${reasons}`);
    }
  };
  const decode = (row: Record<string, unknown>): Reservation => {
    const record = row["record"];
    if (!validate) return record as Reservation;
    const parsed = reservationSchema.safeParse(record);
    if (parsed.success) return parsed.data;
    const id = (record as { id?: unknown } | null)?.id;
    const reasons = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ChargekitError(
      "INVALID_INPUT",
      `stored reservation ${String(id)} in schema ${schema} is corrupt: ${reasons}`,
      {
        details: { schema, id },
      },
    );
  };

  const apply = async (
    tx: Sql,
    change: ReservationChange,
    written: readonly Reservation[],
  ): Promise<Result<readonly Reservation[], StoreConflict>> => {
    const creates = change.creates ?? [];
    const updates = change.updates ?? [];
    const limit = change.driverLimit;
    const locked = new Set<string>();
    const take = async (sites: Iterable<string>, drivers: Iterable<string>): Promise<void> => {
      const wanted: LockId[] = [];
      for (const site of sites) {
        if (!locked.has(`s:${site}`)) wanted.push([LOCK_SPACE.site, lockKey(`${schema}\u0000${site}`)]);
        locked.add(`s:${site}`);
      }
      for (const driver of drivers) {
        if (!locked.has(`d:${driver}`)) wanted.push([LOCK_SPACE.driver, lockKey(`${schema}\u0000${driver}`)]);
        locked.add(`d:${driver}`);
      }
      if (wanted.length > 0) await tx.rows(TAKE_LOCKS, lockOrder(wanted));
    };
    await take(
      written.map((r) => r.site),
      [...written.map((r) => r.driver), ...(limit === undefined ? [] : [limit.driver])],
    );
    const stored = new Map<number, StoredRow>();
    if (updates.length > 0) {
      for (const row of await tx.rows(q.lockStored, [[...new Set(written.map((r) => r.id))]])) {
        stored.set(Number(row["id"]), {
          version: Number(row["version"]),
          site: String(row["site"]),
          driver: String(row["driver"]),
          status: row["status"] as ReservationStatus,
        });
      }
      // A record moving to another site or driver: lock the old ones too (out of the global order, so this rare
      // case may meet a deadlock, which PostgreSQL breaks and the transaction retries).
      await take(
        [...stored.values()].map((s) => s.site),
        [...stored.values()].map((s) => s.driver),
      );
    }

    const seen = new Set<number>();
    for (const r of creates) {
      if (stored.has(r.id) || seen.has(r.id)) return err({ kind: "duplicate", reservationId: r.id });
      seen.add(r.id);
    }
    for (const u of updates) {
      const before = stored.get(u.next.id);
      if (before === undefined || before.version !== u.expectedVersion || seen.has(u.next.id)) {
        return err({
          kind: "stale",
          reservationId: u.next.id,
          expectedVersion: u.expectedVersion,
          actualVersion: before?.version,
        });
      }
      seen.add(u.next.id);
    }

    if (creates.length > 0) {
      // Without updates the stored ids were not read: the insert itself finds an existing id.
      const inserted = new Set(
        (await tx.rows(q.insertNew, [JSON.stringify(written.slice(0, creates.length))])).map((row) =>
          Number(row["id"]),
        ),
      );
      const taken = creates.find((r) => !inserted.has(r.id));
      if (taken !== undefined) return err({ kind: "duplicate", reservationId: taken.id });
    }
    if (updates.length > 0) await tx.count(q.update, [JSON.stringify(written.slice(creates.length))]);

    let delta = 0;
    if (limit !== undefined) {
      for (const r of written) {
        if (r.driver !== limit.driver) continue;
        const before = stored.get(r.id);
        delta += (isLive(r.status) ? 1 : 0) - (before !== undefined && isLive(before.status) ? 1 : 0);
      }
    }
    const [row] = await tx.rows(q.check, [
      written.map((r) => r.id),
      limit !== undefined && delta > 0 ? limit.driver : null,
    ]);
    if (row?.["id"] !== null && row?.["id"] !== undefined) {
      const id = ReservationId.of(Number(row["id"]));
      const mine = written.find((r) => r.id === id) as Reservation;
      return err({
        kind: "overlap",
        reservationId: id,
        conflictsWith: ReservationId.of(Number(row["other"])),
        evse: mine.assignedEvse,
      });
    }
    if (limit !== undefined && delta > 0) {
      const live = Number(row?.["live"] ?? 0);
      if (live > limit.max) return err({ kind: "driver_limit", driver: limit.driver, live, max: limit.max });
    }
    return ok(written);
  };

  return {
    async nextId() {
      return guard({ port: PORT, operation: "nextId" }, async () => {
        try {
          const [row] = await sql.rows(q.nextId);
          return ReservationId.of(Number(row?.["id"]));
        } catch (error) {
          if (sqlState(error) === SQLSTATE.sequenceExhausted) {
            throw new ChargekitError("LIMIT_EXCEEDED", "reservation ids are exhausted", { cause: error });
          }
          throw error;
        }
      });
    },

    async get(id) {
      return guard({ port: PORT, operation: "get", key: String(id) }, async () => {
        const [row] = await sql.rows(q.get, [id]);
        return row === undefined ? undefined : decode(row);
      });
    },

    async commit(change) {
      const creates = change.creates ?? [];
      const updates = change.updates ?? [];
      for (const r of creates) {
        if (r.version !== 1) throw new ChargekitError("INVALID_ARGUMENT", `created record ${r.id} must have version 1`);
        checkWritten(r);
      }
      for (const u of updates) checkWritten(u.next);
      const written: Reservation[] = [
        ...creates.map((r) => structuredClone(r)),
        ...updates.map((u) => ({ ...structuredClone(u.next), version: u.expectedVersion + 1 })),
      ];
      if (written.length === 0) return ok([]);
      const key = written.map((r) => r.id).join(",");
      return guard({ port: PORT, operation: "commit", key }, () =>
        sql.transaction(
          async (tx) => {
            const result = await apply(tx, change, written);
            return result.ok ? result : rollback(result);
          },
          // 23P01: a writer outside the locks got there first; 23505: the same new id was created at another
          // site meanwhile. Running the change again turns either into its typed result.
          { retryOn: [SQLSTATE.exclusionViolation, SQLSTATE.uniqueViolation] },
        ),
      );
    },

    async listLive(filter = {}) {
      return guard({ port: PORT, operation: "listLive" }, async () => {
        const params: string[] = [];
        if (filter.site !== undefined) params.push(filter.site);
        if (filter.driver !== undefined) params.push(filter.driver);
        const rows = await sql.rows(q.listLive(filter.site !== undefined, filter.driver !== undefined), params);
        return rows.map(decode);
      });
    },

    async listByDriver(driver: DriverId, options = {}) {
      return guard({ port: PORT, operation: "listByDriver", key: driver }, async () => {
        const limit = Math.floor(Math.min(Math.max(1, options.limit ?? 100), 1000));
        const since = options.since ?? Number.MIN_SAFE_INTEGER;
        return (await sql.rows(q.history, [driver, since, limit])).map(decode);
      });
    },
  };
}

import { ChargekitError, type DriverId, err, ok, ReservationId, type Result } from "@chargekit/core";
import { IntervalTree } from "./interval-tree.js";
import { isLive, type Reservation, reservationSchema } from "./reservation.js";
import type { HistoryOptions, LiveFilter, ReservationChange, ReservationStore, StoreConflict } from "./store.js";

/**
 * Options of {@link createMemoryReservationStore}.
 *
 * @category Store
 */
export interface MemoryReservationStoreOptions {
  /** First id handed out by `nextId`; default 1. */
  readonly firstId?: number;
  /** Validate every written record against the schema (a programmer error throws); default true. */
  readonly validate?: boolean;
}

/**
 * The in-memory {@link ReservationStore}: the embedded default and the reference the contract suite runs against.
 * Every change is checked and applied in one synchronous step, so concurrent commits behave like serialised
 * transactions. Records are copied in and out; callers cannot change what is stored.
 *
 * @example
 * ```ts
 * const store = createMemoryReservationStore();
 * const engine = createReservationEngine({ store, sites: [site] });
 * ```
 * @category Store
 */
export function createMemoryReservationStore(options: MemoryReservationStoreOptions = {}): ReservationStore {
  const validate = options.validate ?? true;
  let nextId = options.firstId ?? 1;
  const records = new Map<ReservationId, Reservation>();
  const occupancy = new Map<string, IntervalTree<ReservationId>>();
  const byDriver = new Map<DriverId, Set<ReservationId>>();
  const liveCount = new Map<DriverId, number>();

  const treeOf = (r: Reservation): IntervalTree<ReservationId> => {
    const key = `${r.site}\u0000${r.assignedEvse}`;
    let tree = occupancy.get(key);
    if (tree === undefined) {
      tree = new IntervalTree();
      occupancy.set(key, tree);
    }
    return tree;
  };
  const check = (r: Reservation): void => {
    if (!validate) return;
    const parsed = reservationSchema.safeParse(r);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new ChargekitError("INVALID_ARGUMENT", `invalid reservation record ${r.id}: ${reasons}`);
    }
  };

  const commit = (change: ReservationChange): Result<readonly Reservation[], StoreConflict> => {
    const creates = change.creates ?? [];
    const updates = change.updates ?? [];
    const seen = new Set<ReservationId>();
    for (const r of creates) {
      if (r.version !== 1) throw new ChargekitError("INVALID_ARGUMENT", `created record ${r.id} must have version 1`);
      check(r);
      if (records.has(r.id) || seen.has(r.id)) return err({ kind: "duplicate", reservationId: r.id });
      seen.add(r.id);
    }
    for (const u of updates) {
      check(u.next);
      const stored = records.get(u.next.id);
      if (stored === undefined || stored.version !== u.expectedVersion || seen.has(u.next.id)) {
        return err({
          kind: "stale",
          reservationId: u.next.id,
          expectedVersion: u.expectedVersion,
          actualVersion: stored?.version,
        });
      }
      seen.add(u.next.id);
    }
    const written = [
      ...creates.map((r) => structuredClone(r)),
      ...updates.map((u) => ({ ...structuredClone(u.next), version: u.expectedVersion + 1 })),
    ];
    // Check the final state: lift the old placements, then place every new live record.
    const undo: (() => void)[] = [];
    for (const u of updates) {
      const old = records.get(u.next.id) as Reservation;
      if (!isLive(old.status)) continue;
      treeOf(old).remove(old.occupancy.start, old.id);
      undo.push(() => treeOf(old).insert(old.occupancy.start, old.occupancy.end, old.id));
    }
    for (const r of written) {
      if (!isLive(r.status)) continue;
      const tree = treeOf(r);
      const hit = tree.insert(r.occupancy.start, r.occupancy.end, r.id);
      if (hit !== undefined) {
        for (const step of undo.reverse()) step();
        return err({ kind: "overlap", reservationId: r.id, conflictsWith: hit.value, evse: r.assignedEvse });
      }
      undo.push(() => tree.remove(r.occupancy.start, r.id));
    }
    const delta = new Map<DriverId, number>();
    for (const r of written) {
      const before = records.get(r.id);
      const change = (isLive(r.status) ? 1 : 0) - (before !== undefined && isLive(before.status) ? 1 : 0);
      delta.set(r.driver, (delta.get(r.driver) ?? 0) + change);
    }
    const limit = change.driverLimit;
    if (limit !== undefined) {
      const live = (liveCount.get(limit.driver) ?? 0) + (delta.get(limit.driver) ?? 0);
      if (live > limit.max && (delta.get(limit.driver) ?? 0) > 0) {
        for (const step of undo.reverse()) step();
        return err({ kind: "driver_limit", driver: limit.driver, live, max: limit.max });
      }
    }
    for (const [driver, d] of delta) liveCount.set(driver, (liveCount.get(driver) ?? 0) + d);
    for (const r of written) {
      records.set(r.id, r);
      let mine = byDriver.get(r.driver);
      if (mine === undefined) {
        mine = new Set();
        byDriver.set(r.driver, mine);
      }
      mine.add(r.id);
    }
    return ok(written.map((r) => structuredClone(r)));
  };

  return {
    async nextId() {
      if (nextId > 2_147_483_647) throw new ChargekitError("LIMIT_EXCEEDED", "reservation ids are exhausted");
      return ReservationId.of(nextId++);
    },
    async get(id) {
      const r = records.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    async commit(change) {
      return commit(change);
    },
    async listLive(filter: LiveFilter = {}) {
      const ids = filter.driver === undefined ? records.keys() : (byDriver.get(filter.driver) ?? new Set()).values();
      const out: Reservation[] = [];
      for (const id of ids) {
        const r = records.get(id) as Reservation;
        if (isLive(r.status) && (filter.site === undefined || r.site === filter.site)) out.push(structuredClone(r));
      }
      return out.sort((a, b) => a.occupancy.start - b.occupancy.start || a.id - b.id);
    },
    async listByDriver(driver: DriverId, options: HistoryOptions = {}) {
      const limit = Math.min(Math.max(1, options.limit ?? 100), 1000);
      const since = options.since ?? Number.NEGATIVE_INFINITY;
      return [...(byDriver.get(driver) ?? [])]
        .map((id) => records.get(id) as Reservation)
        .filter((r) => r.window.end >= since)
        .sort((a, b) => b.window.start - a.window.start || b.id - a.id)
        .slice(0, limit)
        .map((r) => structuredClone(r));
    },
  };
}

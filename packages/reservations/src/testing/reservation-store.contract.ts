import { DriverId, HOUR, MINUTE, ReservationId } from "@chargekit/core";
import { defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import { EvseRef } from "../evse.js";
import { transition } from "../lifecycle.js";
import type { Reservation } from "../reservation.js";
import type { ReservationStore, StoreConflict } from "../store.js";
import { type SampleReservationOptions, sampleReservation } from "./fixtures.js";

const T0 = Date.UTC(2026, 0, 1);

function conflictOf(result: { ok: boolean; error?: StoreConflict }): StoreConflict | undefined {
  return result.ok ? undefined : result.error;
}

/**
 * The behaviour every {@link ReservationStore} must show, including the race semantics a database adapter must
 * prove: of two concurrent conflicting confirmations exactly one succeeds and the other gets the conflict result.
 * Each test gets a fresh, empty store from the factory.
 *
 * @example
 * ```ts
 * import { describeReservationStoreContract } from "@chargekit/reservations/testing";
 * describeReservationStoreContract("postgres", async () => createPostgresReservationStore({ pool }), {
 *   dispose: async () => pool.query("TRUNCATE reservations"),
 * });
 * ```
 * @category Testing
 */
export const describeReservationStoreContract = defineContractSuite<ReservationStore>("ReservationStore", (t) => {
  const make = async (store: ReservationStore, options: SampleReservationOptions = {}): Promise<Reservation> =>
    sampleReservation({ now: T0, ...options, id: await store.nextId() });

  t.test("hands out distinct 32-bit ids, also to concurrent callers", async () => {
    const ids = await Promise.all(Array.from({ length: 50 }, () => t.subject().nextId()));
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(ReservationId.is(id) && id >= 1).toBe(true);
  });

  t.test("stores a created record as given, with version 1, and returns copies", async () => {
    const store = t.subject();
    const r = await make(store);
    const result = await store.commit({ creates: [r] });
    expect(result).toEqual({ ok: true, value: [r] });
    const read = await store.get(r.id);
    expect(read).toEqual(r);
    (read as { status: string }).status = "cancelled";
    expect((await store.get(r.id))?.status).toBe("held");
    expect(await store.get(ReservationId.of(999_999))).toBeUndefined();
  });

  t.test("refuses a second record with an existing id", async () => {
    const store = t.subject();
    const r = await make(store);
    await store.commit({ creates: [r] });
    const again = await store.commit({ creates: [{ ...r, window: { start: T0 + 5 * HOUR, end: T0 + 6 * HOUR } }] });
    expect(conflictOf(again)).toEqual({ kind: "duplicate", reservationId: r.id });
  });

  t.test(
    "refuses overlapping live records on one assigned EVSE; touching, other EVSEs and other sites are fine",
    async () => {
      const store = t.subject();
      const a = await make(store, { window: { start: T0 + HOUR, end: T0 + 2 * HOUR } });
      expect((await store.commit({ creates: [a] })).ok).toBe(true);
      const b = await make(store, { window: { start: T0 + 2 * HOUR - MINUTE, end: T0 + 3 * HOUR } });
      expect(conflictOf(await store.commit({ creates: [b] }))).toEqual({
        kind: "overlap",
        reservationId: b.id,
        conflictsWith: a.id,
        evse: a.assignedEvse,
      });
      // a occupies until window end + grace (15 min); the next may start exactly there
      const touching = await make(store, { window: { start: a.occupancy.end + 10 * MINUTE, end: T0 + 4 * HOUR } });
      expect(touching.occupancy.start).toBe(a.occupancy.end);
      expect((await store.commit({ creates: [touching] })).ok).toBe(true);
      const otherEvse = await make(store, { evse: "evse-2", window: a.window });
      const otherSite = await make(store, { site: "site-2", window: a.window });
      const siteLevel = await make(store, { evse: null, assignedEvse: "evse-3", window: a.window });
      expect((await store.commit({ creates: [otherEvse, otherSite, siteLevel] })).ok).toBe(true);
      const siteLevelClash = await make(store, { evse: null, assignedEvse: "evse-3", window: a.window });
      expect(conflictOf(await store.commit({ creates: [siteLevelClash] }))?.kind).toBe("overlap");
    },
  );

  t.test("terminal records no longer block, are kept, and are not listed as live", async () => {
    const store = t.subject();
    const a = await make(store);
    await store.commit({ creates: [a] });
    const cancelled = transition(a, { type: "cancel", at: T0 + MINUTE, by: "driver" }).reservation;
    const done = await store.commit({ updates: [{ next: cancelled, expectedVersion: 1 }] });
    expect(done.ok && done.value[0]?.version).toBe(2);
    const b = await make(store, { window: a.window });
    expect((await store.commit({ creates: [b] })).ok).toBe(true);
    expect((await store.get(a.id))?.status).toBe("cancelled");
    expect((await store.listLive()).map((r) => r.id)).toEqual([b.id]);
    expect((await store.listByDriver(a.driver)).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });

  t.test("optimistic versions: a stale or missing expected version is refused", async () => {
    const store = t.subject();
    const a = await make(store);
    await store.commit({ creates: [a] });
    const confirmed = transition(a, { type: "confirm", at: T0 + MINUTE }).reservation;
    expect((await store.commit({ updates: [{ next: confirmed, expectedVersion: 1 }] })).ok).toBe(true);
    expect(conflictOf(await store.commit({ updates: [{ next: confirmed, expectedVersion: 1 }] }))).toEqual({
      kind: "stale",
      reservationId: a.id,
      expectedVersion: 1,
      actualVersion: 2,
    });
    const ghost = { ...confirmed, id: ReservationId.of(777_777) };
    expect(conflictOf(await store.commit({ updates: [{ next: ghost, expectedVersion: 1 }] }))).toMatchObject({
      kind: "stale",
      actualVersion: undefined,
    });
  });

  t.test("a change is atomic: one refused part leaves everything as it was", async () => {
    const store = t.subject();
    const a = await make(store);
    await store.commit({ creates: [a] });
    const confirmed = transition(a, { type: "confirm", at: T0 + MINUTE }).reservation;
    const fresh = await make(store, { evse: "evse-2" });
    const clash = await make(store, { window: a.window });
    const result = await store.commit({ creates: [fresh, clash], updates: [{ next: confirmed, expectedVersion: 1 }] });
    expect(conflictOf(result)?.kind).toBe("overlap");
    expect(await store.get(fresh.id)).toBeUndefined();
    expect(await store.get(a.id)).toEqual(a);
    expect((await store.commit({ creates: [fresh] })).ok).toBe(true);
  });

  t.test("checks the state after the whole change: two site-level holds may swap EVSEs in one change", async () => {
    const store = t.subject();
    const h1 = await make(store, { evse: null, assignedEvse: "evse-1" });
    const h2 = await make(store, { evse: null, assignedEvse: "evse-2" });
    await store.commit({ creates: [h1, h2] });
    const swapped = await store.commit({
      updates: [
        { next: { ...h1, assignedEvse: EvseRef.of("evse-2") }, expectedVersion: 1 },
        { next: { ...h2, assignedEvse: EvseRef.of("evse-1") }, expectedVersion: 1 },
      ],
    });
    expect(swapped.ok).toBe(true);
    expect((await store.get(h1.id))?.assignedEvse).toBe("evse-2");
  });

  t.test("enforces the per-driver limit of live reservations inside the change", async () => {
    const store = t.subject();
    const driverLimit = { driver: DriverId.of("driver-1"), max: 2 };
    const at = (h: number) => ({ window: { start: T0 + (h + 1) * HOUR, end: T0 + (h + 2) * HOUR } });
    const [r1, r2, r3] = [await make(store, at(0)), await make(store, at(3)), await make(store, at(6))];
    expect((await store.commit({ creates: [r1, r2], driverLimit })).ok).toBe(true);
    expect(conflictOf(await store.commit({ creates: [r3], driverLimit }))).toEqual({
      kind: "driver_limit",
      driver: driverLimit.driver,
      live: 3,
      max: 2,
    });
    const cancelled = transition(r1, { type: "cancel", at: T0, by: "driver" }).reservation;
    expect(
      (await store.commit({ creates: [r3], updates: [{ next: cancelled, expectedVersion: 1 }], driverLimit })).ok,
    ).toBe(true);
    const other = await make(store, { driver: "driver-2", evse: "evse-9" });
    expect((await store.commit({ creates: [other], driverLimit })).ok).toBe(true);
  });

  t.test("lists live records by site and by driver, in order of occupancy", async () => {
    const store = t.subject();
    const late = await make(store, { window: { start: T0 + 5 * HOUR, end: T0 + 6 * HOUR } });
    const early = await make(store, { window: { start: T0 + HOUR, end: T0 + 2 * HOUR } });
    const elsewhere = await make(store, { site: "site-2", driver: "driver-2" });
    await store.commit({ creates: [late, early, elsewhere] });
    expect((await store.listLive()).map((r) => r.id)).toEqual([early.id, elsewhere.id, late.id]);
    expect((await store.listLive({ site: late.site })).map((r) => r.id)).toEqual([early.id, late.id]);
    expect((await store.listLive({ driver: elsewhere.driver })).map((r) => r.id)).toEqual([elsewhere.id]);
    expect((await store.listByDriver(late.driver, { limit: 1 })).map((r) => r.id)).toEqual([late.id]);
    expect((await store.listByDriver(late.driver, { since: T0 + 3 * HOUR })).map((r) => r.id)).toEqual([late.id]);
  });

  t.test("race: two concurrent confirmations of one hold — exactly one succeeds, the other is stale", async () => {
    const store = t.subject();
    const held = await make(store);
    await store.commit({ creates: [held] });
    const confirmed = transition(held, { type: "confirm", at: T0 + MINUTE }).reservation;
    const results = await Promise.all([
      store.commit({ updates: [{ next: confirmed, expectedVersion: 1 }] }),
      store.commit({ updates: [{ next: confirmed, expectedVersion: 1 }] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.map(conflictOf).filter((c) => c !== undefined)).toEqual([
      { kind: "stale", reservationId: held.id, expectedVersion: 1, actualVersion: 2 },
    ]);
    expect((await store.get(held.id))?.version).toBe(2);
  });

  t.test("race: two concurrent confirmed bookings of one slot — exactly one succeeds, the other overlaps", async () => {
    const store = t.subject();
    const confirm = (r: Reservation) => transition(r, { type: "confirm", at: T0 }).reservation;
    const a = confirm(await make(store, { driver: "driver-a" }));
    const b = confirm(
      await make(store, { driver: "driver-b", window: { start: T0 + HOUR + 30 * MINUTE, end: T0 + 3 * HOUR } }),
    );
    const results = await Promise.all([store.commit({ creates: [a] }), store.commit({ creates: [b] })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const conflicts = results.map(conflictOf).filter((c) => c !== undefined);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.kind).toBe("overlap");
    expect(await store.listLive()).toHaveLength(1);
  });

  t.test("race: confirming a hold while another writer expires it and books the slot — exactly one wins", async () => {
    const store = t.subject();
    const held = await make(store, { driver: "driver-a" });
    await store.commit({ creates: [held] });
    const late = held.heldUntil;
    const expired = transition(held, { type: "tick", at: late }).reservation;
    const rival = transition(await make(store, { driver: "driver-b", window: held.window, now: late }), {
      type: "confirm",
      at: late,
    }).reservation;
    const confirmed = transition(held, { type: "confirm", at: late - 1 }).reservation;
    const results = await Promise.all([
      store.commit({ updates: [{ next: expired, expectedVersion: 1 }], creates: [rival] }),
      store.commit({ updates: [{ next: confirmed, expectedVersion: 1 }] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const conflict = results.map(conflictOf).find((c) => c !== undefined);
    expect(conflict?.kind).toBe("stale");
    const live = await store.listLive();
    expect(live).toHaveLength(1);
    expect(["driver-a", "driver-b"]).toContain(live[0]?.driver);
  });

  t.test("race: two writers moving different site-level holds onto one EVSE — exactly one succeeds", async () => {
    const store = t.subject();
    const h1 = await make(store, { evse: null, assignedEvse: "evse-1" });
    const h2 = await make(store, { evse: null, assignedEvse: "evse-2" });
    await store.commit({ creates: [h1, h2] });
    const results = await Promise.all([
      store.commit({ updates: [{ next: { ...h1, assignedEvse: EvseRef.of("evse-3") }, expectedVersion: 1 }] }),
      store.commit({ updates: [{ next: { ...h2, assignedEvse: EvseRef.of("evse-3") }, expectedVersion: 1 }] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.map(conflictOf).find((c) => c !== undefined)?.kind).toBe("overlap");
  });
});

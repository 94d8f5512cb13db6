import { DriverId, HOUR, MINUTE, ReservationId } from "@chargekit/core";
import {
  bookingTerms,
  createMemoryReservationStore,
  DEFAULT_POLICY,
  EvseRef,
  type Reservation,
  type ReservationChange,
  type ReservationStore,
  type StoreConflict,
  transition,
} from "@chargekit/reservations";
import { sampleReservation } from "@chargekit/reservations/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { migrate } from "../migrations/migrate.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createPostgresReservationStore } from "./reservation-store.js";

const T0 = Date.UTC(2026, 0, 1);
const slot = (n: number) => T0 + 2 * HOUR + n * 30 * MINUTE;

/** A create, described by small numbers so collisions are frequent. */
const createArb = fc.record({
  site: fc.integer({ min: 0, max: 1 }),
  evse: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  assigned: fc.integer({ min: 0, max: 2 }),
  driver: fc.integer({ min: 0, max: 2 }),
  start: fc.integer({ min: 0, max: 8 }),
  length: fc.integer({ min: 1, max: 3 }),
  confirmed: fc.boolean(),
  /** Sometimes the id of an existing record: the change must be refused as a duplicate. */
  reuse: fc.option(fc.nat(), { nil: undefined, freq: 6 }),
});
const updateArb = fc.record({
  target: fc.nat(),
  action: fc.constantFrom("confirm", "cancel", "reschedule", "expire"),
  start: fc.integer({ min: 0, max: 8 }),
  assigned: fc.integer({ min: 0, max: 2 }),
  versionSkew: fc.constantFrom(0, 0, 0, -1, 1),
});
const changeArb = fc.record({
  creates: fc.array(createArb, { maxLength: 2 }),
  updates: fc.array(updateArb, { maxLength: 2 }),
  limit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
});

type Plan = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

/** The change a plan means, given the records both stores agree exist so far. */
function build(plan: Plan, known: readonly Reservation[], nextId: () => number): ReservationChange {
  const creates = plan.creates.map((c) => {
    const start = slot(c.start);
    const held = sampleReservation({
      id: c.reuse !== undefined && known.length > 0 ? (known[c.reuse % known.length] as Reservation).id : nextId(),
      site: `site-${c.site}`,
      evse: c.evse === null ? null : `evse-${c.evse}`,
      assignedEvse: `evse-${c.assigned}`,
      driver: `driver-${c.driver}`,
      window: { start, end: start + c.length * 30 * MINUTE },
      now: T0,
    });
    return c.confirmed ? transition(held, { type: "confirm", at: T0 }).reservation : held;
  });
  const updates = plan.updates.flatMap((u) => {
    const r = known[u.target % Math.max(1, known.length)];
    if (r === undefined) return [];
    let next: Reservation;
    if (u.action === "confirm") next = transition(r, { type: "confirm", at: T0 + MINUTE }).reservation;
    else if (u.action === "cancel") next = transition(r, { type: "cancel", at: T0 + MINUTE, by: "driver" }).reservation;
    else if (u.action === "expire") next = transition(r, { type: "tick", at: r.heldUntil }).reservation;
    else {
      const start = slot(u.start);
      const window = { start, end: start + (r.window.end - r.window.start) };
      const assignedEvse = r.evse ?? EvseRef.of(`evse-${u.assigned}`);
      next = transition(r, {
        type: "reschedule",
        at: T0 + MINUTE,
        window,
        terms: bookingTerms(window, DEFAULT_POLICY),
        assignedEvse,
      }).reservation;
    }
    return [{ next, expectedVersion: r.version + u.versionSkew }];
  });
  return {
    creates,
    updates,
    ...(plan.limit === undefined ? {} : { driverLimit: { driver: DriverId.of("driver-0"), max: plan.limit } }),
  };
}

/** What must agree: the kind and the record refused (which of several overlapping records is named may differ). */
function outcome(result: { ok: true; value: readonly Reservation[] } | { ok: false; error: StoreConflict }) {
  if (result.ok) return { ok: true, value: result.value };
  const e = result.error;
  return e.kind === "overlap"
    ? { ok: false, kind: e.kind, reservationId: e.reservationId, evse: e.evse }
    : { ok: false, ...e };
}

async function snapshot(store: ReservationStore, ids: readonly number[]) {
  return {
    live: await store.listLive(),
    site0: await store.listLive({ site: "site-0" as never }),
    drivers: await Promise.all([0, 1, 2].map((d) => store.listByDriver(DriverId.of(`driver-${d}`), { limit: 1000 }))),
    records: await Promise.all(ids.map((id) => store.get(ReservationId.of(id)))),
  };
}

describe("PostgreSQL reservation store against the memory store (model-based, on PGlite)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    const [pglite] = await targets();
    db = await openTestDatabase(pglite ?? { kind: "pglite" });
    await migrate(db.client);
  }, 60_000);
  afterAll(async () => db.close());

  it("gives the same answer to every change and ends in the same state", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(changeArb, { minLength: 1, maxLength: 10 }), async (plans) => {
        await db.truncate();
        const memory = createMemoryReservationStore();
        const postgres = createPostgresReservationStore({ client: db.client });
        let id = 0;
        const ids: number[] = [];
        for (const plan of plans) {
          const known = await memory.listByDriver(DriverId.of("driver-0"), { limit: 1000 });
          const others = (
            await Promise.all([1, 2].map((d) => memory.listByDriver(DriverId.of(`driver-${d}`), { limit: 1000 })))
          ).flat();
          const change = build(
            plan,
            [...known, ...others].sort((a, b) => a.id - b.id),
            () => {
              ids.push(++id);
              return id;
            },
          );
          const expected = outcome(await memory.commit(change));
          const actual = outcome(await postgres.commit(change));
          expect(actual).toEqual(expected);
        }
        expect(await snapshot(postgres, ids)).toEqual(await snapshot(memory, ids));
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

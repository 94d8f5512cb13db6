import { isChargekitError, ReservationId } from "@chargekit/core";
import { transition } from "@chargekit/reservations";
import { sampleReservation } from "@chargekit/reservations/testing";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { toSqlClient } from "../client/sql-client.js";
import { migrate } from "../migrations/migrate.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createPostgresReservationStore } from "./reservation-store.js";

const T0 = Date.UTC(2026, 0, 1);

for (const target of await targets()) {
  describe(`PostgreSQL reservation store on ${target.kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
      await migrate(db.client);
    }, 60_000);
    afterAll(async () => db.close());
    beforeEach(async () => db.truncate());

    it("reports a corrupt stored record by id and field instead of handing it to the engine", async () => {
      const store = createPostgresReservationStore({ client: db.client });
      const r = sampleReservation({ id: 7 });
      await store.commit({ creates: [r] });
      await toSqlClient(db.client).count(
        `UPDATE chargekit.reservations SET record = jsonb_set(record, '{window,end}', '"tomorrow"') WHERE id = 7`,
      );
      const error = await store.get(r.id).catch((e: unknown) => e);
      expect(isChargekitError(error, "INVALID_INPUT")).toBe(true);
      expect(String((error as Error).message)).toMatch(/stored reservation 7 .* corrupt: window\.end/);
      await expect(store.listLive()).rejects.toThrow(/stored reservation 7/);
    });

    it("refuses an invalid record before writing (programmer error), like the memory store", async () => {
      const store = createPostgresReservationStore({ client: db.client });
      const bad = { ...sampleReservation({ id: 1 }), occupancy: { start: T0 + 10, end: T0 } };
      await expect(store.commit({ creates: [bad] })).rejects.toThrow(/invalid reservation record 1/);
      await expect(store.commit({ creates: [{ ...sampleReservation({ id: 2 }), version: 3 }] })).rejects.toThrow(
        /must have version 1/,
      );
    });

    it("says LIMIT_EXCEEDED when the 32-bit ids run out", async () => {
      const store = createPostgresReservationStore({ client: db.client });
      await toSqlClient(db.client).script("ALTER SEQUENCE chargekit.reservation_ids RESTART WITH 2147483647");
      expect(await store.nextId()).toBe(ReservationId.of(2_147_483_647));
      const error = await store.nextId().catch((e: unknown) => e);
      expect(isChargekitError(error, "LIMIT_EXCEEDED")).toBe(true);
    });
  });
}

// A second connection holding an uncommitted insert needs a server: PGlite is a single connection. Without one the
// test is not generated (rather than reported as skipped), and the run says why.
const url = process.env["DATABASE_URL"];
if (url === undefined || url === "") {
  console.info(
    "PostgreSQL reservation store: not generated: a writer that bypasses the store's locks (DATABASE_URL is not set; it needs a second connection, PGlite has one)",
  );
} else {
  describe("a writer that bypasses the store's locks (server)", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase({ kind: "server", url, poolSize: 4 });
      await migrate(db.client);
    }, 60_000);
    afterAll(async () => db.close());

    it("still cannot double-book, and the exclusion violation becomes a typed overlap", async () => {
      const pool = db.client as pg.Pool;
      const store = createPostgresReservationStore({ client: pool });
      const rogue = transition(sampleReservation({ id: 100, driver: "rogue" }), {
        type: "confirm",
        at: T0,
      }).reservation;
      const mine = transition(sampleReservation({ id: 101, driver: "mine" }), { type: "confirm", at: T0 }).reservation;
      // Another program inserts straight into the table, without the advisory locks, and keeps its transaction open.
      const raw = await pool.connect();
      try {
        await raw.query("BEGIN");
        await raw.query(
          `INSERT INTO chargekit.reservations (id, version, site, assigned_evse, driver, status, occupancy, window_start, window_end, record)
           VALUES ($1, 1, $2, $3, $4, $5, int8range($6, $7), $8, $9, $10::jsonb)`,
          [
            rogue.id,
            rogue.site,
            rogue.assignedEvse,
            rogue.driver,
            rogue.status,
            rogue.occupancy.start,
            rogue.occupancy.end,
            rogue.window.start,
            rogue.window.end,
            JSON.stringify(rogue),
          ],
        );
        // The store does not see the uncommitted row, writes its own, and waits at COMMIT for the deferred check.
        const pending = store.commit({ creates: [mine] });
        for (;;) {
          const { rows } = await pool.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query = 'COMMIT'",
          );
          if (rows[0].n > 0) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        await raw.query("COMMIT");
        expect(await pending).toEqual({
          ok: false,
          error: { kind: "overlap", reservationId: mine.id, conflictsWith: rogue.id, evse: mine.assignedEvse },
        });
      } finally {
        raw.release();
      }
      expect((await store.listLive()).map((r) => r.id)).toEqual([rogue.id]);
    }, 30_000);
  });
}

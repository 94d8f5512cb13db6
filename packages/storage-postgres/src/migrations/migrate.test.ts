import { DriverId, isChargekitError } from "@chargekit/core";
import { sampleReservation } from "@chargekit/reservations/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../../test/targets.js";
import { toSqlClient } from "../client/sql-client.js";
import { createPostgresReservationStore } from "../reservations/reservation-store.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { MIGRATIONS } from "./index.js";
import { migrate, migrationScripts } from "./migrate.js";

const versions = MIGRATIONS.map((m) => m.version);

for (const target of await targets()) {
  describe(`migrations on ${target.kind}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(target);
    }, 60_000);
    afterAll(async () => db.close());
    const recorded = async (schema: string) =>
      (
        await toSqlClient(db.client).rows(`SELECT version, name, checksum FROM ${schema}.schema_migrations ORDER BY 1`)
      ).map((r) => ({ version: Number(r["version"]), name: r["name"], checksum: r["checksum"] }));

    it("applies every migration once, records it with name and checksum, and is a no-op the second time", async () => {
      expect(await migrate(db.client, { schema: "m_fresh" })).toEqual({
        schema: "m_fresh",
        applied: versions,
        version: Math.max(...versions),
        unknown: [],
      });
      const rows = await recorded("m_fresh");
      expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{32}$/);
      expect(await migrate(db.client, { schema: "m_fresh" })).toMatchObject({ applied: [], unknown: [] });
      expect(await recorded("m_fresh")).toEqual(rows);
    });

    it("applies each migration exactly once when processes start at the same time", async () => {
      const reports = await Promise.all([1, 2, 3, 4].map(() => migrate(db.client, { schema: "m_race" })));
      expect(reports.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([versions, [], [], []]);
      expect((await recorded("m_race")).map((r) => r.version)).toEqual(versions);
    });

    it("keeps schemas apart: two tenants in one database never see each other's rows", async () => {
      await migrate(db.client, { schema: "tenant_a" });
      await migrate(db.client, { schema: "tenant_b" });
      const a = createPostgresReservationStore({ client: db.client, schema: "tenant_a" });
      const b = createPostgresReservationStore({ client: db.client, schema: "tenant_b" });
      const r = sampleReservation({ id: 1 });
      expect((await a.commit({ creates: [r] })).ok).toBe(true);
      expect(await b.get(r.id)).toBeUndefined();
      expect(await b.listByDriver(DriverId.of("driver-1"))).toEqual([]);
      expect((await b.commit({ creates: [r] })).ok).toBe(true);
    });

    it("refuses to run when an applied migration was edited", async () => {
      await migrate(db.client, { schema: "m_edited" });
      await toSqlClient(db.client).count("UPDATE m_edited.schema_migrations SET checksum = md5('x') WHERE version = 1");
      const error = await migrate(db.client, { schema: "m_edited" }).catch((e: unknown) => e);
      expect(isChargekitError(error, "INVALID_INPUT")).toBe(true);
      expect(String((error as Error).message)).toMatch(/migration 1 \(reservations\).*edited/);
    });

    it("reports versions recorded by a newer release and keeps working", async () => {
      await migrate(db.client, { schema: "m_newer" });
      await toSqlClient(db.client).count(
        "INSERT INTO m_newer.schema_migrations (version, name, checksum) VALUES (999, 'future', 'x')",
      );
      expect(await migrate(db.client, { schema: "m_newer" })).toMatchObject({
        applied: [],
        version: 999,
        unknown: [999],
      });
    });

    it("rolls a failing start-up back whole: no migration half applied, none recorded", async () => {
      const sql = toSqlClient(db.client);
      await sql.script("CREATE SCHEMA m_broken; CREATE TABLE m_broken.payment_sessions (x int)");
      const error = await migrate(db.client, { schema: "m_broken" }).catch((e: unknown) => e);
      expect(isChargekitError(error, "PORT_FAILURE")).toBe(true);
      const tables = await sql.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'm_broken' ORDER BY 1");
      expect(tables.map((t) => t["tablename"])).toEqual(["payment_sessions"]);
    });

    it("names a bad schema before touching the database", async () => {
      await expect(migrate(db.client, { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/invalid schema name/);
      await expect(migrate(db.client, { schema: "pg_catalog" })).rejects.toThrow(/invalid schema name/);
    });

    it("a store on an unmigrated schema fails with PORT_FAILURE that says to run the migrations", async () => {
      const store = createPostgresReservationStore({ client: db.client, schema: "never_migrated" });
      const error = await store.get(sampleReservation().id).catch((e: unknown) => e);
      expect(isChargekitError(error, "PORT_FAILURE")).toBe(true);
      expect(String((error as Error).message)).toMatch(/did the migrations run\?/);
    });
  });
}

describe("migration scripts for external tools", () => {
  it("are the shipped migrations, each preceded by the extension, the schema and its search_path", () => {
    const scripts = migrationScripts({ schema: "ops" });
    expect(scripts.map((s) => s.version)).toEqual(versions);
    for (const [i, script] of scripts.entries()) {
      expect(
        script.sql.startsWith('CREATE EXTENSION IF NOT EXISTS btree_gist;\nCREATE SCHEMA IF NOT EXISTS "ops";\n'),
      ).toBe(true);
      expect(script.sql).toContain(MIGRATIONS[i]?.sql.trim());
    }
  });
});

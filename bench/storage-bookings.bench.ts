// Bookings per second with conflict checking: the memory store, the PostgreSQL store on embedded PGlite (in memory,
// and with a data directory on disk as applications run it), and on the PostgreSQL server (one client, and 16
// concurrent clients on a pool), all booking the same stream in one run.
// DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- storage-bookings
// (without DATABASE_URL the server rows are left out). A fresh database is created for the run and dropped after.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryReservationStore } from "@chargekit/reservations";
import { createPostgresReservationStore, migrate } from "@chargekit/storage-postgres";
import { openTestDatabase, type TestDatabase } from "@chargekit/storage-postgres/testing";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { type Comparison, report, saveResults } from "./lib/compare.js";
import { bookingStream, percentile, run } from "./lib/storage-workload.js";

const BOOKINGS = Number(process.env["BOOKINGS"] ?? 3000);
const CLIENTS = 16;
const stream = bookingStream(BOOKINGS);
const rows: Comparison["rows"][number][] = [];
const notes: Record<string, unknown> = { bookings: BOOKINGS };

function row(name: string, bookings: number, ms: number, latencies: readonly number[]): void {
  const opsPerSecond = (bookings / ms) * 1000;
  rows.push({
    name,
    opsPerSecond,
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    p99Ms: percentile(latencies, 99),
    ratio: opsPerSecond / (rows[0]?.opsPerSecond ?? opsPerSecond),
  });
}

// Memory: replay the stream on fresh stores for at least 1.5 s.
{
  let ms = 0;
  let rounds = 0;
  let accepted = 0;
  const latencies: number[] = [];
  await run(createMemoryReservationStore(), stream); // warm-up
  while (ms < 1500) {
    const r = await run(createMemoryReservationStore(), stream);
    ms += r.ms;
    accepted = r.accepted;
    latencies.push(...r.latencies);
    rounds++;
  }
  notes["accepted"] = accepted;
  row("memory store", rounds * BOOKINGS, ms, latencies);
}

/** PGlite as an application runs it: a data directory on disk (here a temporary one, removed after). */
async function openPGliteOnDisk(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), "chargekit-bench-"));
  const db = await PGlite.create({ dataDir, extensions: { btree_gist } });
  const sql = (text: string) => db.query(text);
  return {
    kind: "pglite",
    client: db,
    url: undefined,
    async truncate() {
      const tables = await sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'chargekit' AND tablename <> 'schema_migrations'",
      );
      await sql(
        `TRUNCATE ${tables.rows.map((r) => `chargekit."${(r as { tablename: string }).tablename}"`).join(", ")}`,
      );
    },
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function onDatabase(name: string, open: () => Promise<TestDatabase>, clients: number): Promise<void> {
  const db = await open();
  try {
    await migrate(db.client);
    const store = createPostgresReservationStore({ client: db.client });
    await run(store, bookingStream(200, 20, 6, 99)); // warm-up on other slots
    await db.truncate();
    const r = await run(store, stream, clients);
    // One client books in stream order, so it must accept exactly what the memory store accepted. Concurrent
    // clients change who wins a collision, so only the exclusion constraint's guarantee is checked for them.
    const live = (await store.listLive()).length;
    if (live !== r.accepted) throw new Error(`${name}: ${r.accepted} bookings accepted but ${live} stored`);
    if (clients === 1 && r.accepted !== notes["accepted"]) {
      throw new Error(`${name} accepted ${r.accepted} bookings, the memory store ${String(notes["accepted"])}`);
    }
    notes[name] = { accepted: r.accepted };
    row(name, BOOKINGS, r.ms, r.latencies);
  } finally {
    await db.close();
  }
}

await onDatabase("PGlite in memory", () => openTestDatabase({ kind: "pglite" }), 1);
await onDatabase("PGlite, data directory on disk (the embedded default)", openPGliteOnDisk, 1);
const url = process.env["DATABASE_URL"];
if (url === undefined || url === "") {
  console.log("DATABASE_URL is not set: the PostgreSQL server rows are left out");
} else {
  await onDatabase("PostgreSQL server, 1 client", () => openTestDatabase({ kind: "server", url, poolSize: 1 }), 1);
  await onDatabase(
    `PostgreSQL server, ${CLIENTS} clients`,
    () => openTestDatabase({ kind: "server", url, poolSize: CLIENTS }),
    CLIENTS,
  );
}

const comparison: Comparison = {
  title: `Bookings with conflict checking (${BOOKINGS} requests, ${String(notes["accepted"])} accepted)`,
  rows,
};
report(comparison);
saveResults("storage-bookings", { ...notes, rows });

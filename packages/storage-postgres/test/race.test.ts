// Races between real OS processes on a PostgreSQL server: they need DATABASE_URL (PGlite is one connection in one
// process, so it cannot race). Without it this file is left out of the run (see test/server-only.ts), and the run
// says so.
import { StationId, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { createPaymentService, money } from "@chargekit/payments";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/migrations/migrate.js";
import { createPostgresTransactionStore } from "../src/ocpp/transaction-store.js";
import { createPostgresPaymentStore } from "../src/payments/payment-store.js";
import { openTestDatabase, type TestDatabase } from "../src/testing/test-database.js";
import type { Outcome } from "./booking-worker.js";
import { createRecordingProvider, PROVIDER_TABLE } from "./recording-provider.js";
import { SERVER_ONLY_REASON } from "./server-only.js";
import { spawnWorker } from "./spawn-worker.js";

const url = process.env["DATABASE_URL"];
const PROCESSES = 2;
const CONNECTIONS = 32;
const ATTEMPTS = 12;
const T0 = Date.UTC(2026, 0, 1);
const here = (file: string) => new URL(file, import.meta.url).pathname;

async function race(file: string, env: Record<string, string>): Promise<unknown[]> {
  const workers = Array.from({ length: PROCESSES }, (_, w) =>
    spawnWorker(here(file), { ...env, RACE_WORKER: String(w), RACE_CONNECTIONS: String(CONNECTIONS) }),
  );
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.result));
}

if (url === undefined || url === "") {
  throw new Error(`test/race.test.ts needs a PostgreSQL server: ${SERVER_ONLY_REASON}`);
}

describe("races between processes on a PostgreSQL server", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ kind: "server", url, poolSize: 4 });
    await migrate(db.client);
  }, 60_000);
  afterAll(async () => db.close());

  it(`${PROCESSES} processes × ${CONNECTIONS} connections booking one set of EVSEs: no double booking, every attempt answered`, async () => {
    const results = (await race("booking-worker.ts", {
      RACE_URL: db.url as string,
      RACE_ATTEMPTS: String(ATTEMPTS),
    })) as { outcomes: Outcome[] }[];
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes).toHaveLength(PROCESSES * CONNECTIONS * ATTEMPTS);
    expect(outcomes.filter((o) => o.kind === "error")).toEqual([]);
    for (const o of outcomes) expect(["booked", "cancelled", "overlap"]).toContain(o.kind);
    const booked = new Set(outcomes.filter((o) => o.kind === "booked").map((o) => o.id));
    const refused = outcomes.filter((o) => o.kind === "overlap").map((o) => o.id);
    expect(booked.size).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0); // the processes really competed for the same slots

    // Independent check, straight from the table: pairwise, no two live rows of one EVSE overlap.
    const { rows } = await (db.client as pg.Pool).query(
      "SELECT id, site, assigned_evse, status, lower(occupancy)::float8 AS s, upper(occupancy)::float8 AS e FROM chargekit.reservations",
    );
    const live = rows.filter((r) => ["held", "confirmed", "active"].includes(r.status));
    for (const [i, a] of live.entries()) {
      for (const b of live.slice(i + 1)) {
        const clash = a.site === b.site && a.assigned_evse === b.assigned_evse && a.s < b.e && b.s < a.e;
        if (clash) throw new Error(`double booking: ${a.id} and ${b.id} on ${a.site}/${a.assigned_evse}`);
      }
    }
    const stored = new Set(rows.map((r) => Number(r.id)));
    for (const id of booked) expect(stored.has(id as number)).toBe(true);
    for (const id of refused) expect(stored.has(id as number)).toBe(false);
    const cancelled = outcomes.filter((o) => o.kind === "cancelled").length;
    expect(live.length).toBe(booked.size - cancelled);
    console.info(
      `booking race: ${outcomes.length} attempts, ${booked.size} booked, ${refused.length} refused as overlap, ${cancelled} cancelled, 0 double bookings`,
    );
  }, 120_000);

  it(`concurrent captures of one payment session from ${PROCESSES} processes × ${CONNECTIONS} services: exactly one provider call`, async () => {
    const pool = db.client as pg.Pool;
    await pool.query(PROVIDER_TABLE);
    const clock = createManualClock(T0);
    const store = createPostgresPaymentStore({ client: pool });
    const service = createPaymentService({
      store,
      provider: createRecordingProvider(pool, "setup", clock.now),
      clock,
      owner: "setup",
    });
    const sessions = Array.from({ length: 8 }, (_, i) => `race-${i}`);
    for (const [i, id] of sessions.entries()) {
      const opened = await service.open({
        sessionId: id,
        paymentMethod: "pm",
        methodKind: "card-present",
        holdAmount: money("40", "EUR"),
      });
      expect(opened.ok && opened.value.state).toBe("Authorized");
      expect((await service.start(id, TransactionId.of(`tx-${i}`))).ok).toBe(true);
    }
    const results = (await race("capture-worker.ts", {
      RACE_URL: db.url as string,
      RACE_SESSIONS: sessions.join(","),
      RACE_COST: "17.5",
      RACE_NOW: String(T0),
    })) as { outcomes: { session: string; ok: boolean; error?: string }[] }[];
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes).toHaveLength(PROCESSES * CONNECTIONS * sessions.length);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);

    const { rows } = await pool.query(
      "SELECT merchant_reference, count(*)::int AS n, count(DISTINCT owner)::int AS owners FROM provider_calls WHERE operation = 'capture' GROUP BY 1 ORDER BY 1",
    );
    expect(rows).toEqual(sessions.map((s) => ({ merchant_reference: s, n: 1, owners: 1 })));
    for (const id of sessions) {
      const stored = await store.get(id);
      expect(stored?.state).toBe("Captured");
      expect(stored?.capturedAmount).toEqual(money("17.5", "EUR"));
    }
    console.info(
      `capture race: ${outcomes.length} concurrent finalize calls on ${sessions.length} sessions, ${rows.length} capture calls`,
    );
  }, 120_000);

  it(`OCPP messages resent to ${PROCESSES} processes × ${CONNECTIONS} connections at once: one id per 1.6 start, each 2.x event applied once`, async () => {
    const results = (await race("transaction-worker.ts", { RACE_URL: db.url as string })) as {
      starts: { key: string; outcome: string; id: string }[];
      events: { seqNo: number; outcome: string }[];
      errors: string[];
    }[];
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const starts = results.flatMap((r) => r.starts);
    const events = results.flatMap((r) => r.events);
    expect(starts).toHaveLength(PROCESSES * CONNECTIONS * 10);
    expect(events).toHaveLength(PROCESSES * CONNECTIONS * 12);
    const idsByKey = new Map<string, Set<string>>();
    for (const s of starts) idsByKey.set(s.key, (idsByKey.get(s.key) ?? new Set()).add(s.id));
    expect([...idsByKey.values()].map((ids) => ids.size)).toEqual(Array.from({ length: 10 }, () => 1));
    expect(new Set(starts.map((s) => s.id)).size).toBe(10);
    expect(starts.filter((s) => s.outcome === "created")).toHaveLength(10);
    expect(events.filter((e) => e.outcome !== "duplicate")).toHaveLength(12); // one created + 11 applied
    const store = createPostgresTransactionStore({ client: db.client });
    const record = await store.get(StationId.of("CP-RACE"), TransactionId.of("tx-2x"));
    expect(record).toMatchObject({
      revision: 12,
      sampleCount: 12,
      seqNos: Array.from({ length: 12 }, (_, i) => i),
      energyWh: 1100,
      complete: true,
    });
    console.info(
      `transaction race: ${starts.length} resent starts → 10 transactions, ${events.length} resent events → 12 applied`,
    );
  }, 120_000);
});

import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ConnectorId, EvseId, isChargekitError, StationId, TransactionId } from "@chargekit/core";
import type { QueuedMessage } from "@chargekit/ocpp";
import { currency, money, type PaymentSession, zeroMoney } from "@chargekit/payments";
import { transition } from "@chargekit/reservations";
import { sampleReservation } from "@chargekit/reservations/testing";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targets } from "../test/targets.js";
import { migrate } from "./migrations/migrate.js";
import { openPostgresStorage } from "./storage.js";

const T0 = Date.UTC(2026, 0, 1);
const worker = new URL("../test/crash-worker.ts", import.meta.url).pathname;
const EUR = currency("EUR");

const session: PaymentSession = {
  id: "pay-1",
  version: 1,
  state: "Authorizing",
  currency: EUR,
  paymentMethod: "pm_card",
  methodKind: "card-present",
  holdAmount: money("50", "EUR"),
  costLimit: money("50", "EUR"),
  authorizedAmount: zeroMoney(EUR),
  increments: 0,
  incrementPending: false,
  capturedAmount: zeroMoney(EUR),
  refundedAmount: zeroMoney(EUR),
  receivableAmount: zeroMoney(EUR),
  captureFailures: 0,
  refunds: [],
  wakeAt: T0 + 60_000,
  createdAt: T0,
  updatedAt: T0,
};

describe("embedded PGlite with a data directory on disk", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "chargekit-pglite-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("keeps everything written across close and reopen", async () => {
    const held = sampleReservation({ id: 1 });
    const confirmed = transition(held, { type: "confirm", at: T0 + 1000 }).reservation;
    const other = sampleReservation({ id: 2, evse: "evse-2", driver: "driver-2" });
    const next: PaymentSession = { ...session, version: 2, transactionId: TransactionId.of("tx-1"), updatedAt: T0 + 5 };
    const cp = StationId.of("CP-1");
    let queued: QueuedMessage | undefined;

    const first = await PGlite.create({ dataDir: dir, extensions: { btree_gist } });
    try {
      const storage = await openPostgresStorage({ client: first });
      expect(storage.migrations.applied.length).toBeGreaterThan(0);
      expect((await storage.reservations.commit({ creates: [held, other] })).ok).toBe(true);
      expect((await storage.reservations.commit({ updates: [{ next: confirmed, expectedVersion: 1 }] })).ok).toBe(true);
      await storage.payments.create(session, {
        addIntents: [
          {
            key: "pay-1:auth",
            sessionId: "pay-1",
            operation: "authorize",
            amount: money("50", "EUR"),
            status: "pending",
            attempts: 0,
            notBefore: T0,
            createdAt: T0,
          },
        ],
        events: [{ sessionId: "pay-1", at: T0, version: 1, type: "open" }],
      });
      await storage.payments.commit({
        session: next,
        expectedVersion: 1,
        completeIntents: ["pay-1:auth"],
        idempotency: [{ key: "cmd:start", sessionId: "pay-1", response: { state: "Authorizing" }, at: T0 + 5 }],
        events: [{ sessionId: "pay-1", at: T0 + 5, version: 2, type: "start", data: { tx: "tx-1" } }],
      });
      await storage.stationCredentials.setPassword("CP-1", "a-station-password-of-some-length");
      await storage.stations.recordStatus(cp, {
        evseId: EvseId.of(1),
        connectorId: ConnectorId.of(1),
        status: "Occupied",
        since: T0,
      });
      await storage.transactions.startV16({
        stationId: cp,
        evseId: EvseId.of(1),
        connectorId: ConnectorId.of(1),
        meterStartWh: 1000,
        at: T0,
        key: "start-1",
      });
      queued = await storage.stationQueue("CP-1").append({
        kind: "stop",
        droppable: false,
        action: "StopTransaction",
        payload: { meterStop: 5000 },
        transactionRef: "local-1",
        attempts: 1,
        createdAt: T0,
      });
    } finally {
      await first.close();
    }

    const second = await PGlite.create({ dataDir: dir, extensions: { btree_gist } });
    try {
      const storage = await openPostgresStorage({ client: second });
      expect(storage.migrations.applied).toEqual([]);
      expect(await storage.reservations.get(held.id)).toEqual({ ...confirmed, version: 2 });
      expect(await storage.reservations.get(other.id)).toEqual(other);
      expect((await storage.reservations.listLive()).map((r) => r.id)).toEqual([held.id, other.id]);
      // the exclusion constraint came back with the data: the slot is still taken
      const clash = sampleReservation({ id: 3, driver: "driver-3" });
      expect((await storage.reservations.commit({ creates: [clash] })).ok).toBe(false);
      expect(await storage.reservations.nextId()).toBeGreaterThanOrEqual(1);
      expect(await storage.payments.get("pay-1")).toEqual(next);
      expect(await storage.payments.findByTransaction(TransactionId.of("tx-1"))).toEqual(next);
      expect(await storage.payments.getIntent("pay-1:auth")).toMatchObject({ status: "done", operation: "authorize" });
      expect(await storage.payments.getIdempotency("cmd:start")).toEqual({
        key: "cmd:start",
        sessionId: "pay-1",
        response: { state: "Authorizing" },
        at: T0 + 5,
      });
      expect((await storage.payments.auditTrail("pay-1")).map((e) => e.type)).toEqual(["open", "start"]);
      expect(await storage.payments.dueSessions({ now: T0 + 60_000, limit: 5 })).toEqual([next]);
      const password = new TextEncoder().encode("a-station-password-of-some-length");
      expect(await storage.stationCredentials.verify("CP-1", password)).toBe("valid");
      expect((await storage.stations.get(cp))?.connectors.map((c) => c.status)).toEqual(["Occupied"]);
      const [transaction] = await storage.transactions.list({ stationId: cp });
      expect(transaction).toMatchObject({ id: "1", meterStartWh: 1000, started: true });
      expect(await storage.stationQueue("CP-1").list()).toEqual([queued]);
    } finally {
      await second.close();
    }
  }, 60_000);

  it("keeps every committed booking when the process is killed (SIGKILL) without closing", async () => {
    const crashDir = await mkdtemp(join(tmpdir(), "chargekit-crash-"));
    try {
      // start from the run's migrated template (1–2 s instead of a fresh directory's initdb)
      const [pglite] = await targets();
      const template = pglite?.kind === "pglite" ? pglite.template : undefined;
      await (
        await PGlite.create({
          dataDir: crashDir,
          extensions: { btree_gist },
          ...(template ? { loadDataDir: template } : {}),
        })
      ).close();
      const child = spawn(process.execPath, ["--conditions=@chargekit/source", "--import", "tsx", worker], {
        cwd: new URL("..", import.meta.url).pathname,
        env: { ...process.env, CRASH_DIR: crashDir },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
      let committed = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        committed = Number(line.replace("committed ", ""));
        if (committed === 20) break;
      }
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      const db = await PGlite.create({ dataDir: crashDir, extensions: { btree_gist } });
      try {
        const storage = await openPostgresStorage({ client: db });
        expect((await storage.reservations.listLive()).map((r) => r.id)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      } finally {
        await db.close();
      }
    } finally {
      await rm(crashDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("says how to load btree_gist when the directory is reopened without it", async () => {
    const bare = await PGlite.create({ dataDir: dir });
    try {
      const error = await migrate(bare).catch((e: unknown) => e);
      expect(isChargekitError(error, "UNAVAILABLE")).toBe(true);
      expect(String((error as Error).message)).toContain("PGlite.create({ extensions: { btree_gist } })");
    } finally {
      await bare.close();
    }
  }, 60_000);
});

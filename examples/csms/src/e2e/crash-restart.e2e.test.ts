// Crash safety of the CSMS as an operating-system process: stations in the middle of transactions, a reservation
// used and one still ahead, payment holds placed — then SIGKILL. While the server is down the stations go on
// charging and queue their transaction messages (1.6 MeterValues / StopTransaction, 2.0.1 TransactionEvent with
// offline=true), and they have not seen the answers to their last messages before the crash, so they send those
// again. After the restart on the same data, nothing accepted is lost and every message counts once. The payment
// provider is the example's simulated PSP, which keeps its books in the same store as a real PSP keeps them on its
// side: every hold placed before the crash is captured for exactly its session's cost, once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { testKeys } from "../testing/keys.js";
import {
  type ApiCall,
  apiClient,
  energyOf,
  expectStatus,
  type Json,
  provisionPassword,
  registerToken,
  revenueOf,
  transactionPath,
} from "./support/api.js";
import { ChildCsms, freePort } from "./support/child-csms.js";
import { CRASH_GRID_A, CRASH_SITE, writeCrashConfig } from "./support/crash-config.js";
import { readPspBooks } from "./support/psp-books.js";
import { Station16 } from "./support/station-16.js";
import { Station201 } from "./support/station-201.js";
import { storageTargets } from "./support/storage-targets.js";
import type { TestStation } from "./support/test-station.js";
import { until } from "./support/until.js";

const MINUTE = 60_000;
const euros = (energyWh: number) => ((energyWh / 1000) * 0.4 * 1.19).toFixed(2);

for (const target of storageTargets()) {
  describe(`the CSMS process killed with SIGKILL and restarted on the same data (${target.name})`, () => {
    const keys = testKeys();
    let dir = "";
    let csms: ChildCsms;
    let closeStore: () => Promise<void> = async () => {};
    let storage: Record<string, unknown> = {};
    let ocppUrl = "";
    let api: ApiCall;
    const stations: TestStation[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "chargekit-crash-"));
      const store = await target.open(join(dir, "data"));
      closeStore = store.close;
      storage = store.storage;
      const httpPort = await freePort();
      const ocppPort = await freePort([httpPort]);
      const config = await writeCrashConfig({ dir, httpPort, ocppPort, storage: store.storage, keys });
      csms = new ChildCsms(config, `http://127.0.0.1:${httpPort}`);
      ocppUrl = `ws://127.0.0.1:${ocppPort}/ocpp`;
      api = apiClient(csms.http);
      await csms.start();
    }, 180_000);

    afterAll(async () => {
      for (const s of stations) await s.close().catch(() => {});
      await csms?.stop();
      await closeStore();
      if (dir !== "") await rm(dir, { recursive: true, force: true });
    }, 60_000);

    let lastSample = 0;
    /**
     * The stations' EVs charge one minute (of the meters; the test does not wait for it) and the stations report
     * them. Each round gets its own timestamp: a station samples once per interval, and two readings of one instant
     * are one sample.
     */
    async function chargeAMinute(...list: (Station16 | Station201)[]): Promise<void> {
      await until("the clock to move on", () => Date.now() > lastSample + 1);
      for (const s of list) {
        s.drive(MINUTE);
        s.meterValues();
      }
      lastSample = Date.now();
    }

    /** A transaction as the operator API shows it. */
    const detail = async (stationId: string, txId: string): Promise<Json> =>
      expectStatus(api("GET", transactionPath(stationId, txId), keys.operator), 200);

    it("loses no accepted transaction, reservation or payment, and takes the queued messages once", async () => {
      onTestFailed(() => console.error(`server output (tail):\n${csms.log.slice(-20_000)}`));
      const { operator, driverA, driverB } = keys;
      for (const [credential, driver] of [
        [{ kind: "idTag", idTag: "CRASH-A16" }, "driver-a"],
        [{ kind: "idToken", idToken: "CRASH-A201", type: "ISO14443" }, "driver-a"],
        [{ kind: "idTag", idTag: "CRASH-B16" }, "driver-b"],
      ] as const) {
        await registerToken(api, operator, credential, driver);
      }
      const common = { endpoint: ocppUrl, now: Date.now, reconnect: true };
      const cp16 = new Station16({
        ...common,
        identity: "CP-16",
        evses: 2,
        password: await provisionPassword(api, operator, "CP-16"),
      });
      const cp201 = new Station201({
        ...common,
        identity: "CP-201",
        evses: 1,
        password: await provisionPassword(api, operator, "CP-201"),
      });
      stations.push(cp16, cp201);
      for (const s of [cp16, cp201]) {
        await s.connect();
        expect(await s.boot()).toBe("Accepted");
      }

      // two transactions charging, a reservation held on CP-16's second EVSE, another one booked for later
      const t1 = cp16.start(1, "CRASH-A16");
      const t2 = cp201.start(1, "CRASH-A201");
      await until("both TxProfiles", () => {
        const id = t1.id === undefined ? undefined : String(t1.id);
        return (
          id !== undefined &&
          cp16.profiles.txProfile(1, id) !== undefined &&
          cp201.profiles.txProfile(1, t2.transactionId) !== undefined
        );
      });
      for (let i = 0; i < 3; i++) await chargeAMinute(cp16, cp201);
      const soon = Date.now() + 2 * MINUTE;
      const r1 = await expectStatus(
        api("POST", "/api/v1/reservations", driverB, {
          siteId: CRASH_SITE,
          stationId: "CP-16",
          evseId: 2,
          connectorType: "cType2",
          start: new Date(soon).toISOString(),
          end: new Date(soon + 60 * MINUTE).toISOString(),
          idToken: "CRASH-B16",
        }),
        201,
      );
      const later = Date.now() + 5 * 60 * MINUTE;
      const r2 = await expectStatus(
        api("POST", "/api/v1/reservations", driverB, {
          siteId: CRASH_SITE,
          stationId: "CP-201",
          evseId: 1,
          connectorType: "cType2",
          start: new Date(later).toISOString(),
          end: new Date(later + 60 * MINUTE).toISOString(),
          idToken: "CRASH-B16",
        }),
        201,
      );
      await until("ReserveNow to reach CP-16", () => cp16.evse(2).reservation?.id === r1.id);

      // the driver of the first reservation arrives and starts there
      const t3 = cp16.start(2, "CRASH-B16");
      await until("CP-16's second start to be answered", () => t3.id !== undefined);
      await chargeAMinute(cp16, cp201);
      await until("the stations' queues to drain", () => cp16.queue.pending + cp201.queue.pending === 0);

      // what the CSMS accepted before the crash: three transactions, each with its payment hold; the reservations
      const ids = { t1: String(t1.id), t2: t2.transactionId, t3: String(t3.id) };
      const where = [
        ["CP-16", ids.t1],
        ["CP-201", ids.t2],
        ["CP-16", ids.t3],
      ] as const;
      const before = await until("every session's payment hold", async () => {
        const all = await Promise.all(where.map(([s, tx]) => detail(s, tx)));
        return all.every((d) => d.payment?.state === "Active") ? all : undefined;
      });
      expect(before.map((d) => d.status)).toEqual(["active", "active", "active"]);
      expect(before[2].ocpp.reservationId).toBe(r1.id);
      const r1Before = await expectStatus(api("GET", `/api/v1/reservations/${r1.id}`, driverB), 200);
      expect(r1Before.status).toBe("used");
      const r2Before = await expectStatus(api("GET", `/api/v1/reservations/${r2.id}`, driverB), 200);
      expect(r2Before.status).toBe("confirmed");

      // SIGKILL: no shutdown hook runs
      const seenBeforeCrash = cp16.inbound.length;
      await csms.kill();
      await until("both stations to notice", () => !cp16.online() && !cp201.online());
      // the answers to their last messages were lost with the connection: they will send them again
      cp16.queue.forgetAnswers(3); // StartTransaction of t3, then the last MeterValues of t1 and t3
      cp201.queue.forgetAnswers(2); // the last two TransactionEvents of t2 (seqNo 3 and 4)
      // offline, they charge on, t1 and t2 end, and a driver starts t4 (authorized by the station's local list);
      // everything is queued, t4's MeterValues waiting for the id its StartTransaction will be given
      await chargeAMinute(cp16, cp201);
      await chargeAMinute(cp16, cp201);
      await until("the clock to move on", () => Date.now() > lastSample + 1);
      cp16.stop(1);
      cp201.stop(1);
      const t4 = cp16.start(1, "CRASH-A16");
      await chargeAMinute(cp16);
      expect(cp16.queue.pending).toBe(3 + 2 * 2 + 1 + 1 + 2);
      expect(cp201.queue.pending).toBe(2 + 2 + 1);

      // restart on the same data: the stations reconnect by themselves and deliver their queues
      await csms.start();
      await until("the stations to deliver their queues", () => cp16.queue.pending + cp201.queue.pending === 0, {
        timeoutMs: 60_000,
      });
      const settled = (d: Json) =>
        d.cost?.final === true && ["Captured", "Receivable", "Voided"].includes(d.payment?.state);
      const [d1, d2] = await until("t1 and t2 to be settled", async () => {
        const ds = await Promise.all([detail("CP-16", ids.t1), detail("CP-201", ids.t2)]);
        return ds.every(settled) ? ds : undefined;
      });

      // one transaction per start: the resent start of t3 got its id again, the offline start of t4 one new id
      expect(t3.ids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(t3.ids)).toEqual(new Set([Number(ids.t3)]));
      expect(t4.ids).toHaveLength(1);
      expect([t1.status, t2.status, t3.status, t4.status]).toEqual(["Accepted", "Accepted", "Accepted", "Accepted"]);
      const t4Id = String(t4.id);
      const listed = await expectStatus(api("GET", "/api/v1/transactions?limit=100", operator), 200);
      expect(listed.items.map((t: { transactionId: string }) => t.transactionId).sort()).toEqual(
        [...Object.values(ids), t4Id].sort(),
      );

      // energy counted once: the final registers, whatever was sent twice; every sample stored once
      const e1 = cp16.delivered("StopTransaction")[0]?.payload.meterStop - t1.meterStart;
      const e2 =
        cp201.evse(1).meterWh -
        (cp201.delivered("TransactionEvent")[0]?.payload.meterValue[0].sampledValue[0].value ?? 0);
      const distinct = (
        s: TestStation,
        action: string,
        tx: (p: { transactionId?: number; transactionInfo?: { transactionId: string } }) => string | number | undefined,
        id: string,
      ) =>
        new Set(
          s
            .delivered(action)
            .filter((d) => String(tx(d.payload)) === id)
            .map((d) => JSON.stringify(d.payload)),
        ).size;
      expect(d1).toMatchObject({
        status: "ended",
        energyWh: e1,
        ocpp: { complete: true, sampleCount: distinct(cp16, "MeterValues", (p) => p.transactionId, ids.t1) },
      });
      const t2Events = distinct(cp201, "TransactionEvent", (p) => p.transactionInfo?.transactionId, ids.t2);
      expect(t2Events).toBe(t2.seqNo); // seqNo 0 … n-1, each once
      expect(d2).toMatchObject({
        status: "ended",
        energyWh: e2,
        ocpp: { complete: true, offline: true, sampleCount: t2Events },
      });
      const repeats = [...cp16.queue.deliveries, ...cp201.queue.deliveries].filter((d) => d.repeat);
      expect(repeats.length).toBeGreaterThanOrEqual(5);
      const offline = cp201.delivered("TransactionEvent").filter((d) => d.payload.offline === true);
      expect(offline.map((d) => d.payload.seqNo)).toEqual([5, 6, 7]);

      // the costs were computed, and the holds placed before the crash were captured for exactly that: the PSP
      // still had them, so nothing is left owed
      const paid = (d: Json, energy: number, held: Json) => {
        const cost = euros(energy);
        expect(d.cost).toMatchObject({ currency: "EUR", inclVat: cost, final: true });
        expect(d.payment).toMatchObject({
          sessionId: held.payment.sessionId,
          hold: held.payment.hold,
          state: "Captured",
          captured: cost,
          receivable: "0.00",
        });
      };
      paid(d1, e1, before[0]);
      paid(d2, e2, before[1]);

      // t3 runs on, with its reservation and its hold; the reservations are as they were
      const d3 = await detail("CP-16", ids.t3);
      expect(d3).toMatchObject({
        status: "active",
        ocpp: { reservationId: r1.id },
        payment: { sessionId: before[2].payment.sessionId, hold: before[2].payment.hold, state: "Active" },
      });
      expect(d3.energyWh).toBe(cp16.evse(2).meterWh - t3.meterStart);
      // load management picked t3 up again: a new TxProfile for it, within the grid limit
      const resumed = await until("a TxProfile for t3 after the restart", () =>
        cp16.inbound
          .slice(seenBeforeCrash)
          .find(
            (c) =>
              c.method === "SetChargingProfile" &&
              c.params.csChargingProfiles.chargingProfilePurpose === "TxProfile" &&
              String(c.params.csChargingProfiles.transactionId) === ids.t3,
          ),
      );
      expect(resumed.params.connectorId).toBe(2);
      expect(resumed.params.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit).toBeLessThanOrEqual(
        CRASH_GRID_A,
      );
      // t4, started while the server was down, is a session like the others: its hold is placed now
      const d4 = await until("t4's payment hold", async () => {
        const d = await detail("CP-16", t4Id);
        return d.payment?.state === "Active" ? d : undefined;
      });
      expect(d4).toMatchObject({
        status: "active",
        driverId: "driver-a",
        energyWh: cp16.evse(1).meterWh - t4.meterStart,
        ocpp: { sampleCount: distinct(cp16, "MeterValues", (p) => p.transactionId, t4Id) },
      });
      expect(await expectStatus(api("GET", `/api/v1/reservations/${r1.id}`, driverB), 200)).toMatchObject({
        status: "used",
      });
      expect(await expectStatus(api("GET", `/api/v1/reservations/${r2.id}`, driverB), 200)).toMatchObject({
        status: "confirmed",
        window: r2Before.window,
      });
      expect((await expectStatus(api("GET", "/api/v1/sessions", driverA), 200)).items).toHaveLength(3);

      // the reports count each ended session once
      expect(await energyOf(api, operator, CRASH_SITE, Date.now())).toBe(e1 + e2);
      const revenue = await revenueOf(api, operator, CRASH_SITE);
      expect(revenue.sessions).toBe(2);
      expect(revenue.inclVat.toFixed(2)).toBe((Number(euros(e1)) + Number(euros(e2))).toFixed(2));

      // t3 (its hold placed before the crash) and t4 end now: both captured for their cost
      await chargeAMinute(cp16);
      const e3 = cp16.evse(2).meterWh - t3.meterStart;
      const e4 = cp16.evse(1).meterWh - t4.meterStart;
      cp16.stop(2);
      cp16.stop(1);
      const [d3End, d4End] = await until("t3 and t4 to be settled", async () => {
        const ds = await Promise.all([detail("CP-16", ids.t3), detail("CP-16", t4Id)]);
        return ds.every(settled) ? ds : undefined;
      });
      paid(d3End, e3, before[2]);
      paid(d4End, e4, d4);
      const costs = [e1, e2, e3, e4].map(euros);
      const total = costs.reduce((sum, c) => sum + Number(c), 0).toFixed(2);
      const revenueAfter = await revenueOf(api, operator, CRASH_SITE);
      expect([revenueAfter.sessions, revenueAfter.captured.toFixed(2)]).toEqual([4, total]);

      for (const s of [cp16, cp201]) {
        expect(s.queue.errors).toEqual([]);
        expect(s.strictFailures).toEqual([]);
      }

      // the PSP's own books, across both server processes: one hold and one capture per session, nothing else
      await csms.stop();
      const books = await readPspBooks(storage);
      const holders = [...before, d4]; // t1, t2, t3 held before the crash, t4 after it
      expect(books.payments.map((p) => p.merchantReference).sort()).toEqual(
        holders.map((d) => d.payment.sessionId).sort(),
      );
      for (const [i, d] of holders.entries()) {
        const payment = books.payments.find((p) => p.merchantReference === d.payment.sessionId);
        expect(payment?.operations.map((o) => [o.kind, o.amount?.amount])).toEqual([
          ["authorize", String(Number(d.payment.hold))],
          ["capture", String(Number(costs[i]))],
        ]);
        expect(payment?.status).toBe("captured");
      }
      const effects = books.effects.map((e) => e.operation);
      expect(effects.filter((o) => o === "capture")).toHaveLength(4);
      expect(effects.filter((o) => o === "authorize")).toHaveLength(4);
      expect(effects).toHaveLength(8);
      expect(new Set(books.effects.map((e) => e.idempotencyKey)).size).toBe(8);
    }, 300_000);
  });
}

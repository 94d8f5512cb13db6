// The full CSMS (createServer + csmsModules on real ports) driven by ocpp-rpc as an OCPP 1.6 and as an OCPP 2.0.1
// station: Security Profile 1, boot, authorize, a reservation through the driver API and the start that uses it,
// charging under the site limit (the TxProfile arrives and the station's meter obeys it), stop, the cost priced and
// captured, and the operator reports. On embedded PGlite, and on PostgreSQL when DATABASE_URL is set.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MINUTE } from "@chargekit/core";
import { createManualClock, type ManualClock } from "@chargekit/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CsmsHarness, startCsms, TEST_TARIFF } from "../testing/csms-harness.js";
import {
  type ApiCall,
  energyOf,
  expectStatus,
  provisionPassword,
  registerToken,
  revenueOf,
  transactionPath,
} from "./support/api.js";
import { type AnyStation, type PeerCase, V16_CASE, V201_CASE } from "./support/peer-cases.js";
import { VOLTS } from "./support/profile-book.js";
import { storageTargets } from "./support/storage-targets.js";
import { until } from "./support/until.js";

/** The site's grid connection, A per phase: below what one EV takes (32 A), so the profile must bind. */
const GRID_A = 16;
const SITE = "site-a";
/**
 * Manual time moves in steps shorter than the CSMS's 30 s call timeout, so a command that reaches the station just
 * after a step settled is answered before a later step could time it out.
 */
const STEP_MS = 20_000;

const CASES: readonly { peer: PeerCase; identity: string; evses: number; evseId: number; token: string }[] = [
  { peer: V16_CASE, identity: "CP-16", evses: 2, evseId: 2, token: "E2E-TAG-16" },
  { peer: V201_CASE, identity: "CP-201", evses: 1, evseId: 1, token: "E2E-TAG-201" },
];

for (const target of storageTargets()) {
  describe(`a charging session against the assembled CSMS, ocpp-rpc as the station (${target.name})`, () => {
    const clock: ManualClock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
    let csms: CsmsHarness;
    let closeStore: () => Promise<void> = async () => {};
    let api: ApiCall;

    beforeAll(async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "chargekit-e2e-"));
      const store = await target.open(dataDir);
      closeStore = store.close;
      const stations = CASES.map((c) => ({ id: c.identity, evses: c.evses }));
      csms = await startCsms({
        clock,
        dataDir,
        stations,
        overrides: {
          storage: store.storage,
          sites: [
            {
              id: SITE,
              name: "Site A",
              timezone: "Europe/Berlin",
              tariffId: TEST_TARIFF.id,
              gridLimit: { L1: GRID_A, L2: GRID_A, L3: GRID_A },
              stations: stations.map((s) => s.id),
            },
          ],
        },
      });
      api = (method, path, key, body) => csms.api(method, path, key, body);
    }, 120_000);

    afterAll(async () => {
      await csms?.stop();
      await closeStore();
    }, 60_000);

    /** Until the station and the server are quiet: every call answered, no background work queued. */
    async function settle(station: AnyStation): Promise<void> {
      for (let round = 0; round < 4; round++) {
        await station.settled();
        await csms.services.work.idle();
      }
    }

    /**
     * Moves time by `ms`: the server's timers fire (rebalancing, reservation windows, pings), the station's EVs
     * charge for `ms` under the profiles then in force and it reports its meters. Two heartbeats close each step:
     * the second one leaves only after the station answered any ping sent before, so no keep-alive tick finds an
     * unanswered ping when the clock moves on.
     */
    async function step(station: AnyStation, ms: number): Promise<void> {
      await clock.advanceAsync(ms);
      await settle(station);
      station.drive(ms);
      station.meterValues();
      await settle(station);
      await station.heartbeat();
      await station.heartbeat();
    }

    it("refuses a station that does not present its provisioned password", async () => {
      await provisionPassword(api, csms.keys.operator, "CP-16");
      const station = V16_CASE.create({
        endpoint: csms.ocppUrl,
        identity: "CP-16",
        password: "not-the-password-at-all",
        evses: 2,
        now: clock.now,
        reconnect: false,
      });
      await expect(station.connect()).rejects.toMatchObject({ code: 401 });
      expect(station.opened).toBe(0);
    });

    for (const c of CASES) {
      it(`${c.peer.version}: boot, authorize, reserve, start with the reserved token, charge under the site limit, stop, capture, report`, async () => {
        const { operator, driverA } = csms.keys;
        const password = await provisionPassword(api, operator, c.identity);
        await registerToken(api, operator, c.peer.credential(c.token), "driver-a");
        const revenueBefore = await revenueOf(api, operator, SITE);
        const energyBefore = await energyOf(api, operator, SITE, clock.now());

        const station = c.peer.create({
          endpoint: csms.ocppUrl,
          identity: c.identity,
          password,
          evses: c.evses,
          now: clock.now,
          reconnect: false,
        });
        try {
          await station.connect();
          expect(await station.boot()).toBe("Accepted");
          await settle(station);
          const listed = await expectStatus(api("GET", `/api/v1/stations/${c.identity}`, operator), 200);
          expect(listed).toMatchObject({ connected: true, registration: "Accepted", siteId: SITE });
          expect(await station.authorize(c.token)).toBe("Accepted");
          expect(await station.authorize("NOBODY-KNOWS-ME")).not.toBe("Accepted");

          // the driver's app reserves the EVSE; the window opens 10 minutes early and ReserveNow reaches the station
          const start = clock.now() + 15 * MINUTE;
          const booked = await expectStatus(
            api("POST", "/api/v1/reservations", driverA, {
              siteId: SITE,
              stationId: c.identity,
              evseId: c.evseId,
              connectorType: "cType2",
              start: new Date(start).toISOString(),
              end: new Date(start + 60 * MINUTE).toISOString(),
              idToken: c.token,
            }),
            201,
          );
          expect(booked).toMatchObject({ status: "confirmed", driverId: "driver-a" });
          for (let i = 0; i < 20 && station.received("ReserveNow").length === 0; i++) await step(station, STEP_MS);
          const reserveNow = station.received("ReserveNow").map((call) => c.peer.reserveNow(call));
          expect(reserveNow).toEqual([{ reservationId: booked.id, evseId: c.evseId, idToken: c.token }]);
          expect(station.evse(c.evseId).reservation?.id).toBe(booked.id);
          const held = await until("the CSMS to record the station's hold", async () => {
            const r = await expectStatus(api("GET", `/api/v1/reservations/${booked.id}`, driverA), 200);
            return r.station === undefined ? undefined : r;
          });
          expect(held).toMatchObject({ status: "active", station: { stationId: c.identity, status: "held" } });

          // the driver arrives early and starts with the reserved token: the start carries the reservation
          const transactionId = c.peer.start(station, c.evseId, c.token);
          for (let i = 0; i < 5; i++) await step(station, 1_000);
          const txId = transactionId();
          if (txId === undefined) throw new Error("the start was not answered");
          expect(c.peer.startReservationId(station)).toBe(booked.id);
          const used = await expectStatus(api("GET", `/api/v1/reservations/${booked.id}`, driverA), 200);
          expect(used).toMatchObject({ status: "used", ending: { reason: "used" } });

          // a TxProfile for this transaction arrived, within the site's grid limit, and the meter obeys it
          for (let i = 0; i < 60; i++) await step(station, STEP_MS);
          const profiles = station.inbound.flatMap((call) => {
            const seen = call.method === "SetChargingProfile" ? c.peer.txProfile(call) : undefined;
            return seen === undefined ? [] : [seen];
          });
          expect(profiles.length).toBeGreaterThan(0);
          for (const p of profiles) {
            expect(p).toMatchObject({ evseId: c.evseId, transactionId: txId, unit: "A" });
            expect(p.limit).toBeGreaterThanOrEqual(6);
            expect(p.limit).toBeLessThanOrEqual(GRID_A);
          }
          const site = await expectStatus(api("GET", `/api/v1/sites/${SITE}`, operator), 200);
          expect(site.limits.gridLimit).toEqual({ L1: GRID_A, L2: GRID_A, L3: GRID_A });
          expect(site.lastRound.allocatedW).toBeLessThanOrEqual(GRID_A * 3 * VOLTS);
          const samples = station.evse(c.evseId).samples;
          expect(samples.length).toBeGreaterThan(30);
          for (const s of samples) {
            expect(s.limitW).toBeDefined();
            expect(s.powerW).toBeLessThanOrEqual(s.limitW ?? 0);
            expect(s.powerW).toBeLessThanOrEqual(GRID_A * 3 * VOLTS);
          }
          expect(samples.at(-1)?.powerW).toBeGreaterThan(0);

          // the driver's app follows the running cost, the payment hold is in place
          const path = `/api/v1/sessions/${c.identity}/${encodeURIComponent(txId)}`;
          const running = await expectStatus(api("GET", path, driverA), 200);
          expect(running).toMatchObject({ status: "active", payment: { state: "Active" }, cost: { final: false } });
          expect(Number(running.cost.inclVat)).toBeGreaterThan(0);

          // stop: priced and captured
          const meterStart =
            c.peer.version === "ocpp1.6" ? station.delivered("StartTransaction").at(-1)?.payload.meterStart : undefined;
          station.stop(c.evseId);
          await settle(station);
          const ended = await until("the session to be priced and captured", async () => {
            const detail = await expectStatus(api("GET", transactionPath(c.identity, txId), operator), 200);
            return detail.payment?.state === "Captured" ? detail : undefined;
          });
          const energyWh = ended.ocpp.meterStopWh - ended.ocpp.meterStartWh;
          if (meterStart !== undefined) expect(ended.ocpp.meterStartWh).toBe(meterStart);
          expect(ended.ocpp.meterStopWh).toBe(station.evse(c.evseId).meterWh);
          expect(energyWh).toBeGreaterThan(3_000); // 20 minutes at about 11 kW
          const cost = ((energyWh / 1000) * 0.4 * 1.19).toFixed(2);
          expect(ended).toMatchObject({
            status: "ended",
            energyWh,
            driverId: "driver-a",
            cost: { currency: "EUR", inclVat: cost, final: true },
            payment: { state: "Captured", captured: cost, receivable: "0.00" },
            ocpp: { complete: true, offline: false, reservationId: booked.id },
          });
          expect((await expectStatus(api("GET", path, driverA), 200)).cost).toMatchObject({
            inclVat: cost,
            final: true,
          });

          // the operator's reports count it once
          const revenue = await revenueOf(api, operator, SITE);
          expect(revenue.sessions).toBe(revenueBefore.sessions + 1);
          expect((revenue.captured - revenueBefore.captured).toFixed(2)).toBe(cost);
          expect((revenue.inclVat - revenueBefore.inclVat).toFixed(2)).toBe(cost);
          expect((await energyOf(api, operator, SITE, clock.now())) - energyBefore).toBe(energyWh);

          // nothing either side sent broke the OCPP schemas, and the CSMS refused none of the station's messages
          expect(station.strictFailures).toEqual([]);
          expect(station.queue.errors).toEqual([]);
        } finally {
          await station.close();
        }
      }, 180_000);
    }
  });
}

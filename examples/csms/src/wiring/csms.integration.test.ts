import { IdToken, MINUTE, nextEvent } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advanceClock,
  type ConnectedStation,
  type CsmsHarness,
  connectStation,
  settle,
  startCsms,
} from "../testing/csms-harness.js";

const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
let csms: CsmsHarness;

beforeAll(async () => {
  csms = await startCsms({
    clock,
    stations: [
      { id: "CP-16", evses: 2 },
      { id: "CP-201", evses: 1 },
      { id: "CP-OFF", evses: 1 },
    ],
  });
}, 60_000);
afterAll(() => csms?.stop());

/** Moves the clock in short steps, each after the station's traffic and WebSocket pongs were taken. */
async function charge(minutes: number, station: ConnectedStation) {
  await advanceClock(clock, minutes * MINUTE, csms.services, [station]);
}

const cases = [
  {
    version: "ocpp1.6",
    identity: "CP-16",
    token: { value: IdToken.of("TAG-A16") },
    credential: { kind: "idTag", idTag: "TAG-A16" },
  },
  {
    version: "ocpp2.0.1",
    identity: "CP-201",
    token: { value: IdToken.of("TAG-A201"), kind: "ISO14443" },
    credential: { kind: "idToken", idToken: "TAG-A201", type: "ISO14443" },
  },
] as const;

describe("the assembled CSMS with a simulated station", () => {
  for (const c of cases) {
    it(`${c.version}: boot → authorize → start → meter values → stop, with running cost, capture and reports`, async () => {
      const { operator, driverA, driverB } = csms.keys;
      const provisioned = await csms.api("PUT", `/api/v1/stations/${c.identity}/password`, operator, {});
      expect(provisioned.status).toBe(200);
      const token = await csms.api("PUT", "/api/v1/tokens", operator, {
        credential: c.credential,
        driverId: "driver-a",
        billing: { paymentMethod: "pm_card_visa" },
      });
      expect(token.status).toBe(200);

      const sim = await connectStation(csms, {
        identity: c.identity,
        version: c.version,
        password: provisioned.body.password,
        clock,
        config: { MeterValueSampleInterval: "60" },
      });
      expect(sim.station.registration).toBe("Accepted");
      const listed = await csms.api("GET", `/api/v1/stations/${c.identity}`, operator);
      expect(listed.body).toMatchObject({
        id: c.identity,
        connected: true,
        registration: "Accepted",
        siteId: "site-a",
      });

      const started = nextEvent(csms.services.events, "session:started", { filter: (e) => e.stationId === c.identity });
      sim.station.plugIn(1);
      expect(await sim.station.presentToken(1, c.token)).toBe("Authorized");
      await sim.station.settled();
      const session = await started;
      expect(session.driverId).toBe("driver-a");
      await csms.services.work.idle();

      await charge(30, sim);
      const mine = await csms.api("GET", "/api/v1/sessions?status=active", driverA);
      const running = mine.body.items.find((s: { stationId: string }) => s.stationId === c.identity);
      expect(running).toMatchObject({ status: "active", driverId: "driver-a", payment: { state: "Active" } });
      expect(running.cost.final).toBe(false);
      expect(Number(running.cost.inclVat)).toBeGreaterThan(0);
      const path = `/api/v1/sessions/${c.identity}/${encodeURIComponent(session.transactionId)}`;
      expect((await csms.api("GET", path, driverB)).status).toBe(404);
      expect((await csms.api("GET", "/api/v1/sessions", driverB)).body.items).toEqual([]);

      const ended = nextEvent(csms.services.events, "session:cost", {
        filter: (e) => e.stationId === c.identity && e.cost.final,
      });
      expect(await sim.station.presentToken(1, c.token)).toBe("Stopped");
      sim.station.unplug(1);
      await settle(csms.services, [sim.station]);
      await ended;
      await csms.services.work.idle();

      const detail = await csms.api(
        "GET",
        `/api/v1/stations/${c.identity}/transactions/${encodeURIComponent(session.transactionId)}`,
        operator,
      );
      expect(detail.status).toBe(200);
      const energyWh = sim.station.evse(1).meterWh;
      expect(energyWh).toBeGreaterThan(4_000);
      const expected = ((energyWh / 1000) * 0.4 * 1.19).toFixed(2);
      expect(detail.body).toMatchObject({
        status: "ended",
        energyWh,
        driverId: "driver-a",
        cost: { currency: "EUR", inclVat: expected, final: true },
        payment: { state: "Captured", captured: expected },
        ocpp: { complete: true },
      });
      expect((await csms.api("GET", path, driverA)).body.cost.inclVat).toBe(expected);

      const revenue = await csms.api("GET", "/api/v1/reports/revenue", operator);
      expect(revenue.body.items[0]).toMatchObject({ siteId: "site-a", currency: "EUR" });
      const energy = await csms.api("GET", "/api/v1/reports/energy?from=2026-03-01&to=2026-03-03", operator);
      expect(energy.body.items.some((r: { energyWh: number }) => r.energyWh > 0)).toBe(true);
      await sim.close();
    }, 60_000);
  }

  it("answers a command to an offline station with 409 naming it", async () => {
    const res = await csms.api("POST", "/api/v1/stations/CP-OFF/reset", csms.keys.operator, {});
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "STATION_OFFLINE", message: "station CP-OFF is not connected" });
  });
});

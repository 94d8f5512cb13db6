import { IdToken, MINUTE, nextEvent } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import type { InstalledProfile } from "@chargekit/ocpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOCK_STEP_MS, type ConnectedStation, type CsmsHarness } from "../testing/csms-harness.js";
import { startTwoStations, type TwoStations } from "../testing/two-stations.js";

const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
const GRID_AMPS = 20;
let stations: TwoStations;
let csms: CsmsHarness;
let cp16: ConnectedStation;
let cp201: ConnectedStation;

/** The TxProfile limit a station runs on an EVSE (A per phase), if it has one. */
function txLimit(station: ConnectedStation, evseId: number): number | undefined {
  const tx = station.station.profiles.filter((p: InstalledProfile) => p.purpose === "TxProfile" && p.evseId === evseId);
  return tx.at(-1)?.schedule.periods[0]?.limit;
}

beforeAll(async () => {
  stations = await startTwoStations({
    stepMs: 1000,
    clock,
    gridAmps: GRID_AMPS,
    tokens: [
      [{ kind: "idTag", idTag: "TAG-B16" }, "driver-b"],
      [{ kind: "idTag", idTag: "TAG-C" }, "driver-c"],
    ],
  });
  ({ csms, cp16, cp201 } = stations);
}, 90_000);

afterAll(async () => {
  await stations?.stop();
});

describe("load management, reservations and demand response in the assembled CSMS", () => {
  it("two stations charging under a tight site limit: the limits the stations run sum to at most the grid limit", async () => {
    // the safe-start profile of each station caps a new session until its own profile arrives
    expect(cp16.station.profiles.some((p) => p.purpose === "TxDefaultProfile" && p.evseId === 0)).toBe(true);
    cp16.station.plugIn(1);
    expect(await cp16.station.presentToken(1, { value: IdToken.of("TAG-A") })).toBe("Authorized");
    cp201.station.plugIn(1);
    expect(await cp201.station.presentToken(1, { value: IdToken.of("TAG-B"), kind: "ISO14443" })).toBe("Authorized");
    await stations.run(5000);
    const a = txLimit(cp16, 1);
    const b = txLimit(cp201, 1);
    expect(a).toBeGreaterThanOrEqual(6);
    expect(b).toBeGreaterThanOrEqual(6);
    expect((a ?? 0) + (b ?? 0)).toBeLessThanOrEqual(GRID_AMPS);
    expect((a ?? 0) + (b ?? 0)).toBeGreaterThan(GRID_AMPS - 1);
    const site = await csms.api("GET", "/api/v1/sites/site-a", csms.keys.operator);
    expect(site.status).toBe(200);
    expect(site.body.lastRound.allocatedW).toBeLessThanOrEqual(GRID_AMPS * 3 * 230);
    expect(site.body.sessionList.map((s: { running?: number }) => s.running).sort()).toEqual([a, b].sort());
    // the EVs draw what they are allowed (the simulator obeys its composite schedule)
    await stations.run(2 * MINUTE, 10_000);
    const drawn = cp16.station.evse(1).powerW + cp201.station.evse(1).powerW;
    expect(drawn).toBeLessThanOrEqual(GRID_AMPS * 3 * 230 + 1);
    expect(drawn).toBeGreaterThan(0);
  }, 60_000);

  it("a demand-response event lowers the profiles at its start and reports the power shed", async () => {
    const start = new Date(clock.now() + 2 * MINUTE).toISOString();
    const end = new Date(clock.now() + 62 * MINUTE).toISOString();
    const created = await csms.api("POST", "/api/v1/sites/site-a/demand-response", csms.keys.operator, {
      id: "dso-1",
      start,
      end,
      signal: { kind: "cap", capKw: 9 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "dso-1", status: "scheduled", signal: { kind: "cap", capKw: 9 } });
    const before = (txLimit(cp16, 1) ?? 0) + (txLimit(cp201, 1) ?? 0);
    await stations.run(3 * MINUTE, 10_000);
    const during = (txLimit(cp16, 1) ?? 0) + (txLimit(cp201, 1) ?? 0);
    expect(during).toBeLessThan(before);
    expect(during * 3 * 230).toBeLessThanOrEqual(9_000);
    const report = await csms.api("GET", "/api/v1/sites/site-a/demand-response/dso-1", csms.keys.operator);
    expect(report.body).toMatchObject({ status: "active", compliant: true });
    expect(report.body.current.shedW).toBeGreaterThan(0);
    const cancelled = await csms.api("POST", "/api/v1/sites/site-a/demand-response/dso-1/cancel", csms.keys.operator);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.energyShedWh).toBeGreaterThan(0);
    await stations.run(5000);
    expect((txLimit(cp16, 1) ?? 0) + (txLimit(cp201, 1) ?? 0)).toBeGreaterThan(during);
  }, 60_000);

  it("a reservation is held on the station when its window opens, refuses a walk-up, and the reserved token uses it", async () => {
    const windowStart = clock.now() + 30 * MINUTE;
    const booked = await csms.api("POST", "/api/v1/reservations", csms.keys.driverB, {
      siteId: "site-a",
      stationId: "CP-16",
      evseId: 2,
      connectorType: "cType2",
      start: new Date(windowStart).toISOString(),
      end: new Date(windowStart + 60 * MINUTE).toISOString(),
      idToken: "TAG-B16",
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      status: "confirmed",
      evse: { stationId: "CP-16", evseId: 2 },
      driverId: "driver-b",
    });
    const id = booked.body.id as number;
    expect((await csms.api("GET", `/api/v1/reservations/${id}`, csms.keys.driverA)).status).toBe(404);

    // the window opens 10 minutes early: ReserveNow reaches the station
    await stations.run(21 * MINUTE, CLOCK_STEP_MS);
    expect(cp16.station.evse(2).reservationId).toBe(id);
    const active = await csms.api("GET", `/api/v1/reservations/${id}`, csms.keys.driverB);
    expect(active.body).toMatchObject({ status: "active", station: { stationId: "CP-16", evseId: 2, status: "held" } });

    // another driver is refused there (by the station, which holds it, and by the CSMS's walk-up gate)
    cp16.station.plugIn(2);
    expect(await cp16.station.presentToken(2, { value: IdToken.of("TAG-C") })).toBe("Rejected");
    const gate = csms.services.need("startGate");
    expect(gate({ stationId: "CP-16" as never, evseId: 2 as never, token: { value: IdToken.of("TAG-C") } })).toEqual({
      status: "NotAtThisTime",
    });

    // the reserved token starts there and uses the reservation
    const used = nextEvent(csms.services.need("reservations").engine.events, "reservation:used");
    expect(await cp16.station.presentToken(2, { value: IdToken.of("TAG-B16") })).toBe("Authorized");
    await stations.run(5000);
    expect((await used).reservation.id).toBe(id);
    const after = await csms.api("GET", `/api/v1/reservations/${id}`, csms.keys.driverB);
    expect(after.body).toMatchObject({ status: "used", ending: { reason: "used" } });
    // three sessions now share the 20 A
    await stations.run(5000);
    const sum = [txLimit(cp16, 1), txLimit(cp16, 2), txLimit(cp201, 1)].reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(sum).toBeLessThanOrEqual(GRID_AMPS);
  }, 90_000);
});

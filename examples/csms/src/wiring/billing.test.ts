import { IdToken, MINUTE, nextEvent } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { createOcppClient } from "@chargekit/ocpp/ws";
import { createMemoryPaymentProvider } from "@chargekit/payments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advanceClock,
  type ConnectedStation,
  type CsmsHarness,
  connectStation,
  startCsms,
} from "../testing/csms-harness.js";

const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
const provider = createMemoryPaymentProvider({ clock, declinedMethods: { pm_declined: "card_declined" } });
let csms: CsmsHarness;
let cp: ConnectedStation;

const stations = [{ id: "CP-A", evses: 3 }];
const overrides = {
  payments: {
    holdPolicy: { classes: { default: { min: 20, max: 80 }, tight: { fixed: 2 } }, stopMargin: 0.5, roundUpTo: 1 },
  },
};

/** Moves the clock with the server up: short steps, each after the station's traffic and pongs were taken. */
async function run(minutes: number) {
  await advanceClock(clock, minutes * MINUTE, csms.services, [cp]);
}

async function token(id: string, billing: object) {
  const res = await csms.api("PUT", "/api/v1/tokens", csms.keys.operator, {
    credential: { kind: "idToken", idToken: id, type: "ISO14443" },
    driverId: "driver-a",
    billing,
  });
  expect(res.status).toBe(200);
  return { value: IdToken.of(id), kind: "ISO14443" };
}

async function connect() {
  const { password } = (await csms.api("PUT", "/api/v1/stations/CP-A/password", csms.keys.operator, {})).body;
  return connectStation(csms, {
    identity: "CP-A",
    version: "ocpp2.0.1",
    password,
    clock,
    evses: 3,
    config: { MeterValueSampleInterval: "60" },
  });
}

async function sessionOn(evseId: number) {
  const rows = await csms.services.need("storage").sessions.list({ stationId: "CP-A" as never });
  const row = rows.find((r) => r.evseId === evseId);
  if (row === undefined) throw new Error(`no session on EVSE ${evseId}`);
  return (await csms.api("GET", `/api/v1/stations/CP-A/transactions/${row.transactionId}`, csms.keys.operator)).body;
}

beforeAll(async () => {
  csms = await startCsms({ clock, stations, overrides, paymentProvider: provider });
  cp = await connect();
}, 60_000);
afterAll(async () => {
  await cp?.close();
  await csms?.stop();
});

describe("billing and payments", () => {
  it("voids the hold of a session that cost nothing", async () => {
    const t = await token("ZERO", { paymentMethod: "pm_zero" });
    cp.station.plugIn(1, { capacityWh: 50_000, socPercent: 100 } as never);
    expect(await cp.station.presentToken(1, t)).toBe("Authorized");
    await run(2);
    expect(await cp.station.presentToken(1, t)).toBe("Stopped");
    cp.station.unplug(1);
    await run(1);
    const session = await sessionOn(1);
    expect(session).toMatchObject({ status: "ended", energyWh: 0, cost: { inclVat: "0.00", final: true } });
    expect(session.payment).toMatchObject({ state: "Voided", captured: "0.00" });
    expect(provider.effects.filter((e) => e.operation === "capture")).toEqual([]);
  }, 60_000);

  it("asks the station to stop when the hold is declined", async () => {
    const t = await token("DECLINED", { paymentMethod: "pm_declined" });
    cp.station.plugIn(2);
    const ended = nextEvent(csms.services.events, "session:ended", { filter: (e) => e.evseId === 2 });
    expect(await cp.station.presentToken(2, t)).toBe("Authorized");
    await run(2);
    const done = await ended;
    expect(done.stoppedReason).toBe("Remote");
    cp.station.unplug(2);
    await run(1);
    expect((await sessionOn(2)).payment).toMatchObject({ state: "Declined" });
  }, 60_000);

  it("stops a session whose running cost reaches its hold, and captures no more than the hold", async () => {
    const t = await token("TIGHT", { paymentMethod: "pm_tight", driverClass: "tight" });
    cp.station.plugIn(3);
    let over = false;
    const ended = nextEvent(csms.services.events, "session:ended", { filter: (e) => e.evseId === 3 }).finally(() => {
      over = true;
    });
    expect(await cp.station.presentToken(3, t)).toBe("Authorized");
    // 11 kW × 0.476 EUR/kWh: 1.50 EUR after about 17 minutes; charge on until the stop, for an hour at most
    for (let minute = 0; minute < 60 && !over; minute++) await run(1);
    const done = await ended;
    expect(done.stoppedReason).toBe("Remote");
    cp.station.unplug(3);
    await run(1);
    const session = await sessionOn(3);
    expect(session.payment.hold).toBe("2.00");
    expect(Number(session.cost.inclVat)).toBeGreaterThanOrEqual(1.5);
    expect(Number(session.payment.captured) + Number(session.payment.receivable)).toBeCloseTo(
      Number(session.cost.inclVat),
      6,
    );
    expect(Number(session.payment.captured)).toBeLessThanOrEqual(2);
  }, 60_000);

  it("resumes a running session after a restart and settles it with every meter value", async () => {
    const t = await token("RESTART", { paymentMethod: "pm_restart" });
    cp.station.plugIn(1);
    expect(await cp.station.presentToken(1, t)).toBe("Authorized");
    await run(10);
    const before = (await csms.services.need("storage").sessions.list({ active: true }))[0];
    expect(before).toBeDefined();
    // the server stops (stations are disconnected) and starts again on the same data directory
    cp.station.disconnect();
    await cp.client.close();
    await csms.stop({ keepData: true });
    await run0(10); // the station charges on while the server is down
    const resumed: string[] = [];
    csms = await startCsms({ clock, stations, overrides, paymentProvider: provider, dataDir: csms.dataDir });
    expect(
      csms.services
        .need("sessions")
        .active()
        .map((s) => s.transactionId),
    ).toEqual([before?.transactionId]);
    csms.services.events.on("session:started", (e) => resumed.push(e.transactionId));
    const { password } = (await csms.api("PUT", "/api/v1/stations/CP-A/password", csms.keys.operator, {})).body;
    const client = createOcppClient({
      url: csms.ocppUrl,
      identity: "CP-A",
      protocols: ["ocpp2.0.1"],
      password,
      clock,
      reconnect: false,
      pingIntervalMs: 0,
    });
    const reconnected = new Promise<unknown>((resolve) =>
      client.events.on("connection:opened", ({ endpoint }) => void cp.station.connect(endpoint).then(resolve)),
    );
    await client.connect();
    await reconnected;
    cp = { ...cp, client };
    await run(5);
    expect(await cp.station.presentToken(1, t)).toBe("Stopped");
    cp.station.unplug(1);
    await run(1);
    const rows = await csms.services.need("storage").sessions.list({ stationId: "CP-A" as never });
    const row = rows.find((r) => r.transactionId === before?.transactionId);
    expect(row?.endedAt).toBeDefined();
    const detail = (
      await csms.api("GET", `/api/v1/stations/CP-A/transactions/${row?.transactionId}`, csms.keys.operator)
    ).body;
    const energyWh = cp.station.evse(1).meterWh - (detail.ocpp.meterStartWh ?? 0);
    expect(detail.energyWh).toBe(energyWh);
    expect(energyWh).toBeGreaterThan(4_000); // 25 minutes at 11 kW, 10 of them while the server was down
    const expected = ((energyWh / 1000) * 0.4 * 1.19).toFixed(2);
    expect(detail).toMatchObject({ cost: { inclVat: expected }, payment: { state: "Captured", captured: expected } });
    expect(resumed).toEqual([]); // announced once, at start-up, before this listener existed
  }, 60_000);
});

/** Advances the clock without a server (the station queues its messages). */
async function run0(minutes: number) {
  for (let i = 0; i < minutes; i++) await clock.advanceAsync(MINUTE);
}

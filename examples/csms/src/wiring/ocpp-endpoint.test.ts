import { readFileSync } from "node:fs";
import { MINUTE, nextEvent, StationId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { createOcppClient, type OcppClient } from "@chargekit/ocpp/ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.js";
import { CLOCK_STEP_MS, type CsmsHarness, startCsms } from "../testing/csms-harness.js";
import { deferred } from "../testing/deferred.js";
import { selfSignedCertificate } from "../testing/tls.js";

const clock = createManualClock(Date.parse("2026-03-02T09:00:00Z"));
const CONFIGURED = "configured-password-0123";
let csms: CsmsHarness;
const clients: OcppClient[] = [];

function client(identity: string, password: string | undefined, url = csms.ocppUrl, tls?: { ca: Buffer }) {
  const c = createOcppClient({
    url,
    identity,
    protocols: ["ocpp1.6"],
    clock,
    reconnect: false,
    pingIntervalMs: 0,
    ...(password === undefined ? {} : { password }),
    ...(tls === undefined ? {} : { tls }),
  });
  clients.push(c);
  return c;
}

async function boot(c: OcppClient) {
  await c.connect();
  const r = await c.call("ocpp1.6", "BootNotification", { chargePointVendor: "ACME", chargePointModel: "One" });
  if (!r.ok) throw r.error;
  return r.value.status;
}

beforeAll(async () => {
  csms = await startCsms({
    clock,
    stations: [{ id: "CP-1" }, { id: "CP-CFG" }],
    overrides: {
      stations: [{ id: "CP-1" }, { id: "CP-CFG", passwordHash: await hashPassword(CONFIGURED) }],
      sites: [{ id: "site-a", name: "A", gridLimit: { L1: 63, L2: 63, L3: 63 }, stations: ["CP-1", "CP-CFG"] }],
      tariffs: { inline: [] },
    },
  });
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await csms?.stop();
});

describe("the OCPP endpoint", () => {
  it("takes the configured password hash until an operator provisions another one", async () => {
    expect(await boot(client("CP-CFG", CONFIGURED))).toBe("Accepted");
    const set = await csms.api("PUT", "/api/v1/stations/CP-CFG/password", csms.keys.operator, {
      password: "provisioned-password-0456",
    });
    expect(set.body).toEqual({ stationId: "CP-CFG" });
    await expect(client("CP-CFG", CONFIGURED).connect()).rejects.toThrow(/401/);
    expect(await boot(client("CP-CFG", "provisioned-password-0456"))).toBe("Accepted");
    const removed = await csms.api("DELETE", "/api/v1/stations/CP-CFG/password", csms.keys.operator);
    expect(removed.body).toEqual({ stationId: "CP-CFG", removed: true });
    expect(await boot(client("CP-CFG", CONFIGURED))).toBe("Accepted");
  });

  it("refuses a wrong password (401), no password (401) and a station nobody declared or provisioned (404)", async () => {
    await expect(client("CP-1", "not-the-password-000").connect()).rejects.toThrow(/404/); // no password yet
    await csms.api("PUT", "/api/v1/stations/CP-1/password", csms.keys.operator, { password: "cp-1-password-000000" });
    await expect(client("CP-1", "not-the-password-000").connect()).rejects.toThrow(/401/);
    await expect(client("CP-1", undefined).connect()).rejects.toThrow(/401/);
    await expect(client("CP-UNKNOWN", "whatever-password-000").connect()).rejects.toThrow(/404/);
  });

  it("takes a station that went silent for two heartbeat intervals and a minute as offline", async () => {
    const { password } = (await csms.api("PUT", "/api/v1/stations/CP-1/password", csms.keys.operator, {})).body;
    expect(password).toMatch(/^[\w-]{32}$/);
    const station = client("CP-1", password);
    station.handlers.handle("ocpp1.6", "GetLocalListVersion", () => ({ listVersion: 0 }));
    expect(await boot(station)).toBe("Accepted");
    const lastMessageAt = clock.now();
    expect((await csms.api("GET", "/api/v1/stations/CP-1", csms.keys.operator)).body.connected).toBe(true);
    const registry = csms.services.need("registry");
    const closed = nextEvent(registry.events, "station:disconnected", { filter: (e) => e.stationId === "CP-1" });
    const gone = nextEvent(csms.services.events, "station:changed", {
      filter: (e) => e.stationId === "CP-1" && e.change === "disconnected",
    });
    // Silent in OCPP, but alive on the socket: after each step a command round trip (which does not count as a
    // message from the station) lets the server take the pong to the ping it wrote before the command, so its
    // WebSocket keepalive — on this manual clock — never finds a pong that was only slow to cross the loopback.
    while (station.endpoint?.state === "open" && clock.now() < lastMessageAt + 12 * MINUTE) {
      await clock.advanceAsync(CLOCK_STEP_MS);
      if (station.endpoint?.state === "open") await registry.commands.getLocalListVersion(StationId.of("CP-1"));
    }
    const { at, code, reason } = await closed;
    expect({ code, reason }).toEqual({ code: 1001, reason: "no message for 660 s" });
    expect(at).toBeGreaterThan(lastMessageAt + 11 * MINUTE);
    expect(at).toBeLessThanOrEqual(lastMessageAt + 11 * MINUTE + 30_000); // the sweep runs every 30 s
    await gone;
    await csms.services.work.idle();
    expect((await csms.api("GET", "/api/v1/stations/CP-1", csms.keys.operator)).body).toMatchObject({
      connected: false,
      registration: "Accepted",
    });
  });

  it("settles a command in flight at shutdown before it closes stations and storage", async () => {
    const { password } = (await csms.api("PUT", "/api/v1/stations/CP-1/password", csms.keys.operator, {})).body;
    const station = client("CP-1", password);
    const release = deferred();
    const received = deferred();
    station.handlers.handle("ocpp1.6", "Reset", async () => {
      received.resolve();
      await release.promise;
      return { status: "Accepted" };
    });
    expect(await boot(station)).toBe("Accepted");
    const reset = csms.api("POST", "/api/v1/stations/CP-1/reset", csms.keys.operator, { hard: true });
    await received.promise; // the CALL is at the station, unanswered
    const stopped = csms.server.stop("test shutdown");
    release.resolve();
    expect(await reset).toMatchObject({ status: 200, body: { status: "Accepted" } });
    const report = await stopped;
    const modules = new Set(["ocpp-listener", "payments", "stations", "authorization", "ocpp", "storage"]);
    const order = report.hooks.map((h) => h.name).filter((name) => modules.has(name));
    // stations are disconnected first, the store is closed last
    expect(order[0]).toBe("ocpp-listener");
    expect(order[order.length - 1]).toBe("storage");
    expect(report.hooks.every((h) => h.outcome === "ok")).toBe(true);
  });
});

describe("OCPP security profile 2 (TLS and a password)", () => {
  const certificate = selfSignedCertificate("chargekit-ocpp-tls-");
  afterAll(() => certificate.remove());

  it("serves wss:// with the configured certificate and checks the password", async () => {
    const { certFile, keyFile } = certificate;
    const tls = await startCsms({
      clock,
      stations: [{ id: "CP-TLS" }],
      overrides: { ocpp: { port: 0, securityProfile: 2, tls: { certFile, keyFile } } },
    });
    try {
      expect(tls.ocppUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/ocpp$/);
      const { password } = (await tls.api("PUT", "/api/v1/stations/CP-TLS/password", tls.keys.operator, {})).body;
      const ca = readFileSync(certFile);
      expect(await boot(client("CP-TLS", password, tls.ocppUrl, { ca }))).toBe("Accepted");
      await expect(client("CP-TLS", "wrong-password-00000", tls.ocppUrl, { ca }).connect()).rejects.toThrow(/401/);
    } finally {
      await tls.stop();
    }
  }, 60_000);
});

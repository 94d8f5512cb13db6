import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MINUTE, SECOND, type SiteId, silentLogger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { type CsmsServer, createServer } from "../server/create-server.js";
import { csmsModules } from "../wiring/modules.js";
import { type CsmsServices, createServices } from "../wiring/services.js";
import { demoModule } from "./demo-module.js";

// The whole CSMS on the shipped configuration (20 stations on 3 sites) with the demo module, on a manual clock: the
// simulated stations connect over real WebSockets to the server's own OCPP port; the clock moves a few seconds at a
// time once the stations, the drivers and the server's background work have settled.
const clock = createManualClock(Date.parse("2026-03-02T07:00:00Z"));
let dataDir: string;
let server: CsmsServer;
let services: CsmsServices;

const rounds: { siteId: SiteId; allocatedW: number; limitW: number }[] = [];
const samples: { siteId: SiteId; measuredW: number; limitW: number }[] = [];
const longestLine = new Map<SiteId, number>();
const usedIds = new Set<number>();
const bookedAhead = new Set<number>();
const arrivedBy = new Map<string, number>();
let noShows = 0;
let started = 0;
let ended = 0;

async function settle(): Promise<void> {
  const demo = services.need("demo");
  for (let i = 0; i < 3; i++) {
    await demo.idle();
    await services.work.idle();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs the demo for `ms` of simulated time, `step` at a time. */
async function run(ms: number, step = 5 * SECOND): Promise<void> {
  const desk = services.need("queue");
  for (let t = 0; t < ms; t += step) {
    await clock.advanceAsync(step);
    await settle();
    for (const siteId of services.need("reservations").engine.sites()) {
      longestLine.set(siteId, Math.max(longestLine.get(siteId) ?? 0, desk.line(siteId).length));
    }
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "chargekit-demo-"));
  const loaded = loadConfig({
    argv: [],
    env: {
      CHARGEKIT_HTTP_PORT: "0",
      CHARGEKIT_OCPP_PORT: "0",
      CHARGEKIT_DATA_DIR: dataDir,
      CHARGEKIT_LOG_LEVEL: "silent",
    },
  });
  if (!loaded.ok) throw loaded.error;
  const { config } = loaded.value;
  expect(config.demo.enabled).toBe(true);
  services = createServices();
  // a minute of demo time per real second, and twice the arrivals the chargers can take: queues form quickly
  const demo = demoModule(services, { timeScale: 60, load: 2 });
  server = createServer(config, { clock, logger: silentLogger, modules: [...csmsModules(services), demo] });
  await server.start();
  const lm = services.need("loadManagement").manager;
  lm.events.on("round:done", (r) => rounds.push({ siteId: r.siteId, allocatedW: r.allocatedW, limitW: r.limitW }));
  lm.history.events.on("site:power", ({ siteId, sample }) =>
    samples.push({ siteId, measuredW: sample.measuredW, limitW: sample.limitW }),
  );
  const engine = services.need("reservations").engine;
  engine.events.on("reservation:used", ({ reservation }) => usedIds.add(reservation.id));
  engine.events.on("reservation:no-show", () => noShows++);
  services.events.on("session:started", (e) => {
    if (!e.resumed) started++;
  });
  services.events.on("session:ended", () => ended++);
  const traffic = services.need("demo").traffic;
  traffic.events.on("driver:booked", (e) => {
    if (!e.noShow) bookedAhead.add(e.reservationId);
  });
  traffic.events.on("driver:charging", (e) => arrivedBy.set(e.via, (arrivedBy.get(e.via) ?? 0) + 1));
  await services.need("demo").booted();
  await settle();
}, 120_000);

afterAll(async () => {
  await server?.stop("test over");
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe("the demo fleet in the assembled CSMS", () => {
  it("boots all 20 configured stations over WebSockets: online and accepted in the registry", () => {
    const registry = services.need("registry");
    const online = registry.views().filter((v) => v.connected && v.registration === "Accepted");
    expect(online.map((v) => v.id).sort()).toEqual(server.config.stations.map((s) => s.id).sort());
    expect(services.need("demo").online()).toBe(20);
    expect(new Set(online.map((v) => v.version))).toEqual(new Set(["ocpp1.6", "ocpp2.0.1", "ocpp2.1"]));
  });

  it("drives sessions, reservations and queues, with every site's allocation within its limit", async () => {
    await run(20 * MINUTE);
    const stats = services.need("demo").traffic.stats;
    expect(stats.sessionsStarted).toBeGreaterThan(20);
    expect(started).toBeGreaterThan(20);
    expect(ended).toBeGreaterThan(10);
    // drivers got chargers every way: on the spot, with a reservation booked ahead, from a queue offer
    expect(arrivedBy.get("walk-up")).toBeGreaterThan(0);
    expect(arrivedBy.get("reservation")).toBeGreaterThan(0);
    expect(arrivedBy.get("queue")).toBeGreaterThan(0);
    // a reservation booked ahead was used by the session its driver started with the reserved card
    expect([...bookedAhead].some((id) => usedIds.has(id))).toBe(true);
    expect(stats.queueJoins).toBeGreaterThan(0);
    expect(stats.queueAccepted).toBeGreaterThan(0);
    expect(Math.max(...longestLine.values())).toBeGreaterThan(0);
    expect(noShows).toBeGreaterThan(0);
    expect(rounds.length).toBeGreaterThan(0);
    // (the allocation is a sum of per-EVSE setpoints in floating point: 1 mW covers its rounding noise)
    for (const round of rounds) expect(round.allocatedW).toBeLessThanOrEqual(round.limitW + 0.001);
    // the load manager's setpoints reached the simulated stations as charging profiles, which they obey
    const stations = services.need("demo").fleet.stations;
    expect(stations.filter((s) => s.profiles.some((p) => p.purpose === "TxProfile")).length).toBeGreaterThan(5);
    expect(samples.some((s) => s.measuredW > 0)).toBe(true);
    for (const sample of samples) expect(sample.measuredW).toBeLessThanOrEqual(sample.limitW);
  }, 600_000);

  it("stops first at shutdown: the drivers end every running session, then the stations disconnect", async () => {
    const demo = services.need("demo");
    const running = demo.fleet.stations.flatMap((s) => s.evses()).filter((e) => e.transactionRef !== undefined);
    expect(running.length).toBeGreaterThan(0);
    const report = await server.stop("test over");
    expect(report.hooks[0]).toEqual({ name: "demo", outcome: "ok" });
    expect(report.hooks.filter((h) => h.outcome !== "ok")).toEqual([]);
    expect(ended).toBe(started);
    expect(demo.fleet.stations.flatMap((s) => s.evses()).filter((e) => e.evConnected)).toEqual([]);
    expect(demo.online()).toBe(0);
    expect(services.get("demo")).toBeUndefined();
  }, 60_000);
});

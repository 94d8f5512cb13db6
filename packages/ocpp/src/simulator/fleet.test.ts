import { HOUR, MINUTE, nextEvent } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { registryHarness } from "../csms/harness.test-util.js";
import { createStationRegistry } from "../csms/registry.js";
import { createOcppServer } from "../ws/server.js";
import { createFleet } from "./fleet.js";
import { loopbackFleetLink } from "./loopback-link.js";
import { webSocketFleetLink } from "./ws-link.js";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

describe("fleet runner", () => {
  it("12 stations of every version, random drivers for a simulated day: the CSMS gets every session, no rule broken", async () => {
    const h = registryHarness({ heartbeatIntervalSec: 6 * 3600 });
    const fleet = createFleet({
      stations: 12,
      evsesPerStation: 2,
      versions: ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"],
      link: loopbackFleetLink({ attach: (e) => h.registry.attach(e), clock: h.clock }),
      drivers: { kind: "random", meanIntervalMs: 2 * HOUR, meanStayMs: 90 * MINUTE },
      station: { config: { MeterValueSampleInterval: "1800" } },
      clock: h.clock,
      seed: 7,
    });
    await fleet.start();
    expect(h.of("station:booted")).toHaveLength(12);
    for (let t = 0; t < 24; t++) await h.clock.advanceAsync(HOUR);
    await fleet.stop();
    for (let i = 0; i < 5; i++) await h.clock.advanceAsync(MINUTE);
    const stats = fleet.stats();
    expect(stats.arrivals).toBeGreaterThan(50);
    expect(stats.transactionsEnded).toBeGreaterThan(40);
    expect(stats.droppedMessages).toBe(0);
    const ended = h.of("transaction:ended");
    expect(ended.length).toBe(stats.transactionsEnded);
    expect(ended.reduce((sum, e) => sum + e.transaction.energyWh, 0)).toBe(stats.energyWh);
    expect(new Set(ended.map((e) => e.transaction.stationId)).size).toBeGreaterThan(8);
    expect(h.of("protocol:violation")).toEqual([]);
  });

  it("over real WebSockets: stations connect to an OcppServer, boot and charge", async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 8));
    const server = createOcppServer({
      protocols: ["ocpp2.1", "ocpp2.0.1", "ocpp1.6"],
      basePath: "/ocpp",
      pingIntervalMs: 0,
      clock,
    });
    const registry = createStationRegistry({ clock, offlineAfterMs: 0 });
    registry.serve(server);
    const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
    cleanup.push(() => server.close({ timeoutMs: 50 }));
    const fleet = createFleet({
      stations: 3,
      evsesPerStation: 1,
      versions: ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"],
      link: webSocketFleetLink({ url: `ws://127.0.0.1:${port}/ocpp`, reconnect: false, clock }),
      drivers: { kind: "scripted", visits: [0, 1, 2].map((station) => ({ at: 0, station, evseId: 1, stayMs: HOUR })) },
      clock,
    });
    cleanup.push(() => fleet.stop());
    const booted: string[] = [];
    registry.events.on("station:booted", (e) => booted.push(`${e.stationId} ${e.version}`));
    // a station knows it is accepted once the answer to its boot reached it
    const accepted = fleet.stations.map((s) => nextEvent(s.events, "registration:changed"));
    await fleet.start();
    expect((await Promise.all(accepted)).map((e) => e.registration)).toEqual(["Accepted", "Accepted", "Accepted"]);
    expect(booted.sort()).toEqual(["SIM-00001 ocpp1.6", "SIM-00002 ocpp2.0.1", "SIM-00003 ocpp2.1"]);
    const started: string[] = [];
    registry.events.on("transaction:started", (e) => started.push(e.stationId));
    await clock.advanceAsync(1);
    while (started.length < 3) await nextEvent(registry.events, "transaction:started");
    expect(fleet.stats().transactionsStarted).toBe(3);
  });
});

/**
 * Interop: the registry behind our WebSocket server, driven over real sockets by `ocpp-rpc` (an OCPP-J
 * implementation nobody here wrote) scripted as a 1.6 and as a 2.0.1 station.
 */
import { EvseId, nextEvent, StationId, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import * as ocppRpc from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { createOcppServer } from "../ws/server.js";
import { createStationRegistry } from "./registry.js";
import type { StationRegistryEvents } from "./registry-types.js";

interface PeerClient {
  connect(): Promise<unknown>;
  call(method: string, params?: unknown): Promise<unknown>;
  handle(method: string, handler: (context: { params: unknown }) => unknown): void;
  close(options?: { force?: boolean }): Promise<unknown>;
}
const RPCClient = ocppRpc.RPCClient as unknown as new (options: Record<string, unknown>) => PeerClient;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

const cp = StationId.of("RPC-1");

async function setup(version: "ocpp1.6" | "ocpp2.0.1") {
  const clock = createManualClock(Date.UTC(2026, 0, 1, 8));
  const server = createOcppServer({ protocols: [version], basePath: "/ocpp", pingIntervalMs: 0, clock });
  const registry = createStationRegistry({ clock, offlineAfterMs: 0 });
  registry.serve(server);
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  cleanup.push(() => server.close({ timeoutMs: 50 }));
  const events: { name: string; payload: unknown }[] = [];
  for (const name of [
    "station:booted",
    "connector:status",
    "transaction:started",
    "transaction:ended",
    "meter:sample",
    "protocol:violation",
  ] as const) {
    registry.events.on(name, (payload: unknown) => events.push({ name, payload }));
  }
  const of = <K extends keyof StationRegistryEvents>(name: K) =>
    events.filter((e) => e.name === name).map((e) => e.payload as StationRegistryEvents[K]);
  const connected = nextEvent(registry.events, "station:connected");
  const peer = new RPCClient({
    endpoint: `ws://127.0.0.1:${port}/ocpp`,
    identity: "RPC-1",
    protocols: [version],
    reconnect: false,
    strictMode: true,
  });
  cleanup.push(() => peer.close({ force: true }));
  await peer.connect();
  await connected;
  return { registry, peer, of };
}

describe("interop: ocpp-rpc as a 1.6 station", () => {
  it("boot, status, authorize, start, meter values, stop, and a command back", async () => {
    const { registry, peer, of } = await setup("ocpp1.6");
    const boot = (await peer.call("BootNotification", { chargePointVendor: "ACME", chargePointModel: "RPC" })) as {
      status: string;
    };
    expect(boot.status).toBe("Accepted");
    await peer.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Preparing" });
    expect(await peer.call("Authorize", { idTag: "TAG-1" })).toEqual({ idTagInfo: { status: "Accepted" } });
    const start = (await peer.call("StartTransaction", {
      connectorId: 1,
      idTag: "TAG-1",
      meterStart: 500,
      timestamp: "2026-01-01T08:00:00.000Z",
    })) as { transactionId: number };
    expect(start.transactionId).toBe(1);
    await peer.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Charging" });
    await peer.call("MeterValues", {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [
        {
          timestamp: "2026-01-01T08:30:00.000Z",
          sampledValue: [
            { value: "3.5", measurand: "Energy.Active.Import.Register", unit: "kWh" },
            { value: "7000", measurand: "Power.Active.Import", unit: "W" },
          ],
        },
      ],
    });
    peer.handle("RemoteStopTransaction", ({ params }) => {
      expect(params).toEqual({ transactionId: 1 });
      return { status: "Accepted" };
    });
    const stop = await registry.commands.remoteStop(cp, { transactionId: TransactionId.of("1") });
    expect(stop.ok && stop.value.status).toBe("Accepted");
    await peer.call("StopTransaction", {
      transactionId: 1,
      meterStop: 7000,
      timestamp: "2026-01-01T09:00:00.000Z",
      reason: "Remote",
    });
    await peer.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Finishing" });
    expect(of("transaction:ended")[0]?.transaction).toMatchObject({
      energyWh: 6500,
      complete: true,
      stoppedReason: "Remote",
    });
    expect(of("meter:sample")[0]?.sample).toMatchObject({ energyWh: 3500, powerW: 7000 });
    expect(registry.view(cp)?.evses[0]?.connectors[0]).toMatchObject({ status: "Occupied", v16Status: "Finishing" });
    expect(of("protocol:violation")).toEqual([]);
    peer.handle("GetConfiguration", () => ({
      configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "300" }],
    }));
    const config = await registry.commands.getConfiguration(cp, { keys: ["HeartbeatInterval"] });
    expect(config.ok && config.value.values).toEqual([{ key: "HeartbeatInterval", value: "300", readonly: false }]);
  });
});

describe("interop: ocpp-rpc as a 2.0.1 station", () => {
  it("boot, status, a TransactionEvent sequence with a replay, and a command back", async () => {
    const { registry, peer, of } = await setup("ocpp2.0.1");
    await peer.call("BootNotification", { reason: "PowerUp", chargingStation: { vendorName: "ACME", model: "RPC" } });
    await peer.call("StatusNotification", {
      timestamp: "2026-01-01T08:00:00.000Z",
      connectorStatus: "Occupied",
      evseId: 1,
      connectorId: 1,
    });
    const tx = (seqNo: number, eventType: string, triggerReason: string, wh: number, extra: object = {}) =>
      peer.call("TransactionEvent", {
        eventType,
        seqNo,
        triggerReason,
        timestamp: `2026-01-01T08:${String(seqNo * 10).padStart(2, "0")}:00.000Z`,
        transactionInfo: {
          transactionId: "rpc-tx-1",
          ...(eventType === "Ended" ? { stoppedReason: "EVDisconnected" } : {}),
        },
        meterValue: [
          {
            timestamp: `2026-01-01T08:${String(seqNo * 10).padStart(2, "0")}:00.000Z`,
            sampledValue: [
              {
                value: wh,
                context:
                  eventType === "Started"
                    ? "Transaction.Begin"
                    : eventType === "Ended"
                      ? "Transaction.End"
                      : "Sample.Periodic",
              },
            ],
          },
        ],
        ...extra,
      });
    const started = (await tx(0, "Started", "Authorized", 1000, {
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: "TAG-9", type: "ISO14443" },
    })) as {
      idTokenInfo?: { status: string };
    };
    expect(started.idTokenInfo?.status).toBe("Accepted");
    await tx(1, "Updated", "MeterValuePeriodic", 4000);
    await tx(1, "Updated", "MeterValuePeriodic", 4000);
    peer.handle("UnlockConnector", ({ params }) => {
      expect(params).toEqual({ evseId: 1, connectorId: 1 });
      return { status: "Unlocked" };
    });
    const unlock = await registry.commands.unlockConnector(cp, { evseId: EvseId.of(1) });
    expect(unlock.ok && unlock.value.status).toBe("Unlocked");
    await tx(2, "Ended", "EVDeparted", 9000);
    const ended = of("transaction:ended");
    expect(ended).toHaveLength(1);
    expect(ended[0]?.transaction).toMatchObject({
      energyWh: 8000,
      complete: true,
      sampleCount: 3,
      token: { value: "TAG-9", kind: "ISO14443" },
    });
    expect(of("meter:sample")).toHaveLength(3);
    expect(of("protocol:violation")).toEqual([]);
  });
});

import { StationId, TransactionId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { must, registryHarness } from "./harness.test-util.js";

const T = "2026-01-01T08:00:00.000Z";
const boot16 = { chargePointVendor: "ACME", chargePointModel: "X1" };
const boot201 = { reason: "PowerUp", chargingStation: { vendorName: "ACME", model: "X2" } } as const;
const cp = StationId.of("CP-1");

describe("station registry: boot and connection", () => {
  it("accepts a boot, records it, and answers heartbeats with the clock's time", async () => {
    const h = registryHarness({ heartbeatIntervalSec: 120 });
    const station = h.connect("ocpp1.6");
    const boot = await must(station.call("ocpp1.6", "BootNotification", boot16));
    expect(boot).toEqual({ status: "Accepted", currentTime: T, interval: 120 });
    h.clock.advance(5000);
    expect(await must(station.call("ocpp1.6", "Heartbeat", {}))).toEqual({ currentTime: "2026-01-01T08:00:05.000Z" });
    expect(h.of("station:booted")).toEqual([
      {
        stationId: cp,
        version: "ocpp1.6",
        boot: { vendor: "ACME", model: "X1" },
        registration: "Accepted",
        at: Date.parse(T),
      },
    ]);
    const view = h.registry.view(cp);
    expect(view).toMatchObject({ connected: true, registration: "Accepted", lastHeartbeatAt: Date.parse(T) + 5000 });
    expect(await h.registry.stations.get(cp)).toMatchObject({
      registration: "Accepted",
      lastHeartbeatAt: Date.parse(T) + 5000,
    });
  });

  it("answers every CALL but BootNotification with SecurityError until the boot is Accepted", async () => {
    const h = registryHarness({ bootPolicy: () => ({ status: "Pending", intervalSec: 30 }) });
    const station = h.connect("ocpp2.0.1");
    const early = await station.call("ocpp2.0.1", "Heartbeat", {});
    expect(early.ok === false && early.error.remote?.errorCode).toBe("SecurityError");
    expect(await must(station.call("ocpp2.0.1", "BootNotification", boot201))).toMatchObject({
      status: "Pending",
      interval: 30,
    });
    const pending = await station.call("ocpp2.0.1", "StatusNotification", {
      timestamp: T,
      connectorStatus: "Available",
      evseId: 1,
      connectorId: 1,
    });
    expect(pending.ok === false && pending.error.remote?.errorCode).toBe("SecurityError");
    // a message the CSMS triggers may pass while Pending
    station.handle("ocpp2.0.1", "TriggerMessage", () => ({ status: "Accepted" }));
    const triggered = await must(h.registry.commands.triggerMessage(cp, { message: "StatusNotification" }));
    expect(triggered.status).toBe("Accepted");
    const now = await station.call("ocpp2.0.1", "StatusNotification", {
      timestamp: T,
      connectorStatus: "Available",
      evseId: 1,
      connectorId: 1,
    });
    expect(now.ok).toBe(true);
    // remote start is refused locally while Pending
    const start = await h.registry.commands.remoteStart(cp, { token: { value: "A" as never } });
    expect(start.ok === false && start.error.code).toBe("NOT_ACCEPTED");
  });

  it("a station that reconnects without booting keeps its stored registration", async () => {
    const h = registryHarness();
    const first = h.connect("ocpp1.6");
    await must(first.call("ocpp1.6", "BootNotification", boot16));
    await first.close();
    const again = h.connect("ocpp1.6");
    expect((await again.call("ocpp1.6", "Heartbeat", {})).ok).toBe(true);
    expect(h.of("station:disconnected")).toHaveLength(1);
    expect(h.of("station:connected")).toHaveLength(2);
  });

  it("closes the connection of a station silent for too long", async () => {
    const h = registryHarness({ heartbeatIntervalSec: 60, offlineAfterMs: 150_000, sweepIntervalMs: 10_000 });
    const station = h.connect("ocpp1.6");
    await must(station.call("ocpp1.6", "BootNotification", boot16));
    await h.clock.advanceAsync(100_000);
    await must(station.call("ocpp1.6", "Heartbeat", {}));
    await h.clock.advanceAsync(140_000);
    expect(h.of("station:disconnected")).toEqual([]);
    await h.clock.advanceAsync(20_000);
    expect(h.of("station:disconnected")).toMatchObject([{ stationId: cp, code: 1001 }]);
    expect(h.registry.view(cp)?.connected).toBe(false);
  });
});

describe("station registry: 1.6 transactions are idempotent", () => {
  it("a replayed start, meter value and stop make one transaction with the right energy", async () => {
    const h = registryHarness();
    const station = h.connect("ocpp1.6");
    await must(station.call("ocpp1.6", "BootNotification", boot16));
    const start = { connectorId: 1, idTag: "TAG-1", meterStart: 1000, timestamp: T };
    const first = await must(station.call("ocpp1.6", "StartTransaction", start));
    const again = await must(station.call("ocpp1.6", "StartTransaction", start));
    expect(first).toEqual({ idTagInfo: { status: "Accepted" }, transactionId: 1 });
    expect(again).toEqual(first);
    const mv = {
      connectorId: 1,
      transactionId: 1,
      meterValue: [{ timestamp: "2026-01-01T08:15:00.000Z", sampledValue: [{ value: "3500" }] }],
    };
    await must(station.call("ocpp1.6", "MeterValues", mv));
    await must(station.call("ocpp1.6", "MeterValues", mv));
    const stop = {
      transactionId: 1,
      meterStop: 6000,
      timestamp: "2026-01-01T08:30:00.000Z",
      reason: "EVDisconnected",
    } as const;
    await must(station.call("ocpp1.6", "StopTransaction", stop));
    await must(station.call("ocpp1.6", "StopTransaction", stop));
    expect(h.of("transaction:started")).toHaveLength(1);
    expect(h.of("transaction:ended")).toHaveLength(1);
    expect(h.of("meter:sample")).toHaveLength(1);
    const tx = await h.registry.transactions.get(cp, TransactionId.of("1"));
    expect(tx).toMatchObject({
      energyWh: 5000,
      ended: true,
      complete: true,
      stoppedReason: "EVDisconnected",
      sampleCount: 1,
    });
    expect(h.registry.view(cp)?.evses).toMatchObject([{ id: 1, readings: { energyWh: 3500 } }]);
  });

  it("flags an illegal status sequence and still records it", async () => {
    const h = registryHarness();
    const station = h.connect("ocpp1.6");
    await must(station.call("ocpp1.6", "BootNotification", boot16));
    const status = (s: string, ts: string) =>
      must(
        station.call("ocpp1.6", "StatusNotification", {
          connectorId: 1,
          errorCode: "NoError",
          status: s as "Available",
          timestamp: ts,
        }),
      );
    await status("Available", "2026-01-01T08:00:01.000Z");
    await status("Finishing", "2026-01-01T08:00:02.000Z");
    expect(h.of("protocol:violation")).toEqual([
      {
        stationId: cp,
        rule: "status.v16-transition",
        action: "StatusNotification",
        message: "connector 1: Available → Finishing is not in the 1.6 table",
      },
    ]);
    expect(h.registry.view(cp)?.evses[0]?.connectors[0]).toMatchObject({ status: "Occupied", v16Status: "Finishing" });
  });
});

describe("station registry: commands", () => {
  it("a station that is not connected fails at once with NOT_CONNECTED", async () => {
    const h = registryHarness();
    const r = await h.registry.commands.reset(StationId.of("nobody"));
    expect(r.ok === false && r.error.code).toBe("NOT_CONNECTED");
  });

  it("one neutral call maps to each version", async () => {
    const h = registryHarness();
    const v16 = h.connect("ocpp1.6", "CP-16");
    const v2 = h.connect("ocpp2.0.1", "CP-2");
    await must(v16.call("ocpp1.6", "BootNotification", boot16));
    await must(v2.call("ocpp2.0.1", "BootNotification", boot201));
    const got: unknown[] = [];
    v16.handle("ocpp1.6", "ChangeAvailability", ({ payload }) => {
      got.push(payload);
      return { status: "Scheduled" };
    });
    v2.handle("ocpp2.0.1", "ChangeAvailability", ({ payload }) => {
      got.push(payload);
      return { status: "Accepted" };
    });
    const a = await must(
      h.registry.commands.changeAvailability(StationId.of("CP-16"), { operative: false, evseId: 2 as never }),
    );
    const b = await must(
      h.registry.commands.changeAvailability(StationId.of("CP-2"), { operative: false, evseId: 2 as never }),
    );
    expect([a.status, b.status]).toEqual(["Scheduled", "Accepted"]);
    expect(got).toEqual([
      { connectorId: 2, type: "Inoperative" },
      { operationalStatus: "Inoperative", evse: { id: 2 } },
    ]);
  });
});

describe("station registry: a 2.x transaction's chargingState moves its connector", () => {
  const at = (s: number) => `2026-01-01T08:00:${String(s).padStart(2, "0")}.000Z`;
  const event = (
    eventType: "Started" | "Updated" | "Ended",
    seqNo: number,
    chargingState: "Charging" | "EVConnected" | "SuspendedEV" | "Idle" | undefined,
    extra: Record<string, unknown> = {},
  ) =>
    ({
      eventType,
      timestamp: at(seqNo + 2),
      triggerReason:
        eventType === "Started" ? "CablePluggedIn" : eventType === "Ended" ? "EVDeparted" : "ChargingStateChanged",
      seqNo,
      transactionInfo: {
        transactionId: "TX-1",
        ...(chargingState === undefined ? {} : { chargingState }),
        ...(eventType === "Ended" ? { stoppedReason: "EVDisconnected" } : {}),
      },
      ...extra,
    }) as const;
  /** A booted 2.0.1 station whose EVSE 1 connector 1 is Occupied, and a function sending its TransactionEvents. */
  const occupied = async () => {
    const h = registryHarness();
    const station = h.connect("ocpp2.0.1");
    await must(station.call("ocpp2.0.1", "BootNotification", boot201));
    await must(
      station.call("ocpp2.0.1", "StatusNotification", {
        timestamp: at(1),
        connectorStatus: "Occupied",
        evseId: 1,
        connectorId: 1,
      }),
    );
    const send = (payload: ReturnType<typeof event>) =>
      must(station.call("ocpp2.0.1", "TransactionEvent", payload as never));
    return { h, send };
  };
  const states = (h: ReturnType<typeof registryHarness>) =>
    h.of("connector:status").map((e) => e.connector.chargingState);

  it("Started → Updated(SuspendedEV) → Updated(Charging) → Ended: one connector:status per change", async () => {
    const { h, send } = await occupied();
    await send(event("Started", 0, "EVConnected", { evse: { id: 1, connectorId: 1 } }));
    expect(h.registry.view(cp)?.evses[0]?.connectors[0]).toMatchObject({
      status: "Occupied",
      chargingState: "EVConnected",
    });
    await send(event("Updated", 1, "SuspendedEV"));
    await send(event("Updated", 2, "Charging"));
    expect(h.registry.view(cp)?.evses[0]?.connectors[0]).toMatchObject({
      status: "Occupied",
      chargingState: "Charging",
      since: Date.parse(at(4)),
    });
    // a message that changes no state moves nothing
    await send(event("Updated", 3, "Charging"));
    await send(event("Ended", 4, "Idle"));
    expect(states(h)).toEqual([undefined, "EVConnected", "SuspendedEV", "Charging", "Idle"]);
    const last = h.of("connector:status").at(-1);
    expect(last).toMatchObject({
      stationId: cp,
      connector: { evseId: 1, connectorId: 1, status: "Occupied", chargingState: "Idle" },
      previous: { chargingState: "Charging" },
    });
    // the change is stored like a reported status
    expect((await h.registry.stations.get(cp))?.connectors).toMatchObject([{ chargingState: "Idle" }]);
    expect(h.of("protocol:violation")).toEqual([]);
  });

  it("a replayed or late message does not move the connector back", async () => {
    const { h, send } = await occupied();
    await send(event("Started", 0, "EVConnected", { evse: { id: 1, connectorId: 1 } }));
    await send(event("Updated", 2, "Charging"));
    await send(event("Updated", 2, "Charging"));
    // seqNo 1 arrives after seqNo 2 (queued while offline): the newest state stays
    await send(event("Updated", 1, "SuspendedEV"));
    expect(states(h)).toEqual([undefined, "EVConnected", "Charging"]);
    await send(event("Ended", 3, undefined));
    await send(event("Ended", 3, undefined));
    // an Ended without chargingState leaves the state unknown, once
    expect(states(h)).toEqual([undefined, "EVConnected", "Charging", undefined]);
    expect(h.registry.view(cp)?.evses[0]?.connectors[0]?.chargingState).toBeUndefined();
  });

  it("follows the only connector of the EVSE when the transaction names none", async () => {
    const { h, send } = await occupied();
    await send(event("Started", 0, "Charging", { evse: { id: 1 } }));
    expect(h.registry.view(cp)?.evses[0]?.connectors[0]?.chargingState).toBe("Charging");
  });
});

import { MINUTE, StationId, silentLogger, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { createStationRegistry, type StationRegistry } from "@chargekit/ocpp";
import { createLoopbackPair } from "@chargekit/ocpp/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endStaleTransactions } from "./stale-sessions.js";

const clock = createManualClock(Date.parse("2026-03-02T08:00:00Z"));
let registry: StationRegistry;
beforeEach(() => {
  registry = createStationRegistry({ clock });
});
afterEach(() => registry.close());

const iso = () => new Date(clock.now()).toISOString();
const register = (wh: number, context: "Transaction.Begin" | "Sample.Periodic") => [
  {
    timestamp: iso(),
    sampledValue: [{ value: wh, context, measurand: "Energy.Active.Import.Register" as const }],
  },
];

describe("ending the transactions a killed demo run left open", () => {
  it("a 1.6 station reports StopTransaction (PowerLoss) at the last meter reading the CSMS has", async () => {
    const before = createLoopbackPair({ version: "ocpp1.6", identity: "CP-16", clock });
    registry.attach(before.csms);
    await before.station.call("ocpp1.6", "BootNotification", { chargePointVendor: "x", chargePointModel: "y" });
    const start = await before.station.call("ocpp1.6", "StartTransaction", {
      connectorId: 1,
      idTag: "DEMO-001",
      meterStart: 1000,
      timestamp: iso(),
    });
    if (!start.ok) throw start.error;
    const transactionId = start.value.transactionId;
    clock.advance(10 * MINUTE);
    await before.station.call("ocpp1.6", "MeterValues", {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: iso(),
          sampledValue: [
            { value: "3500", context: "Sample.Periodic", measurand: "Energy.Active.Import.Register", unit: "Wh" },
          ],
        },
      ],
    });

    // the process died; the new simulated station boots on a new connection
    const after = createLoopbackPair({ version: "ocpp1.6", identity: "CP-16", clock });
    registry.attach(after.csms);
    await after.station.call("ocpp1.6", "BootNotification", { chargePointVendor: "x", chargePointModel: "y" });
    const open = await registry.transactions.list({ stationId: StationId.of("CP-16"), active: true });
    expect(open).toHaveLength(1);
    expect(await endStaleTransactions(after.station, "ocpp1.6", open, clock, silentLogger)).toBe(1);
    const tx = await registry.transactions.get(StationId.of("CP-16"), TransactionId.of(String(transactionId)));
    expect(tx).toMatchObject({ ended: true, energyWh: 2500, stoppedReason: "PowerLoss" });
    expect(await registry.transactions.list({ stationId: StationId.of("CP-16"), active: true })).toEqual([]);
  });

  it("a 2.0.1 station reports TransactionEvent Ended with the next seqNo: the transaction is complete", async () => {
    const before = createLoopbackPair({ version: "ocpp2.0.1", identity: "CP-2", clock });
    registry.attach(before.csms);
    const boot = { reason: "PowerUp" as const, chargingStation: { vendorName: "x", model: "y" } };
    await before.station.call("ocpp2.0.1", "BootNotification", boot);
    const transactionInfo = { transactionId: "tx-1" };
    await before.station.call("ocpp2.0.1", "TransactionEvent", {
      eventType: "Started",
      timestamp: iso(),
      triggerReason: "Authorized",
      seqNo: 0,
      transactionInfo,
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: "DEMO-002", type: "ISO14443" },
      meterValue: register(1000, "Transaction.Begin"),
    });
    clock.advance(10 * MINUTE);
    await before.station.call("ocpp2.0.1", "TransactionEvent", {
      eventType: "Updated",
      timestamp: iso(),
      triggerReason: "MeterValuePeriodic",
      seqNo: 1,
      transactionInfo,
      meterValue: register(2800, "Sample.Periodic"),
    });

    const after = createLoopbackPair({ version: "ocpp2.0.1", identity: "CP-2", clock });
    registry.attach(after.csms);
    await after.station.call("ocpp2.0.1", "BootNotification", boot);
    const open = await registry.transactions.list({ stationId: StationId.of("CP-2"), active: true });
    expect(await endStaleTransactions(after.station, "ocpp2.0.1", open, clock, silentLogger)).toBe(1);
    const tx = await registry.transactions.get(StationId.of("CP-2"), TransactionId.of("tx-1"));
    expect(tx).toMatchObject({ ended: true, complete: true, energyWh: 1800, stoppedReason: "PowerLoss" });
  });

  it("leaves alone a transaction of the other protocol family (the station cannot speak for it)", async () => {
    const pair = createLoopbackPair({ version: "ocpp1.6", identity: "CP-X", clock });
    registry.attach(pair.csms);
    await pair.station.call("ocpp1.6", "BootNotification", { chargePointVendor: "x", chargePointModel: "y" });
    const foreign = {
      stationId: StationId.of("CP-X"),
      id: TransactionId.of("tx-2x"),
      family: "2.x",
      started: true,
      ended: false,
      startedAt: clock.now(),
      energyWh: 0,
      seqNos: [0],
      complete: false,
      offline: false,
      sampleCount: 0,
      newest: { at: clock.now() },
      revision: 1,
    } as const;
    expect(await endStaleTransactions(pair.station, "ocpp1.6", [foreign], clock, silentLogger)).toBe(0);
  });
});

/**
 * The realistic OCPP message mix of the codec and RPC benchmarks: BootNotification, Heartbeat, StatusNotification,
 * MeterValues with 10 sampled values, TransactionEvent (2.0.1) / StartTransaction (1.6), Authorize — each a CALL
 * frame as a station sends it and the response a CSMS answers with.
 */
export interface MixEntry {
  readonly action: string;
  readonly frame: string;
  readonly messageId: string;
  readonly response: Record<string, unknown>;
}

const NOW = "2026-03-01T12:00:00.000Z";

function sampledValues201(n: number) {
  const measurands = ["Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage", "SoC"];
  return Array.from({ length: n }, (_, i) => ({
    value: 1000 + i * 12.5,
    measurand: measurands[i % measurands.length],
    phase: i % 2 === 0 ? "L1" : "L2",
    unitOfMeasure: { unit: i % 5 === 0 ? "Wh" : "W", multiplier: 0 },
    context: "Sample.Periodic",
  }));
}

function sampledValues16(n: number) {
  const measurands = ["Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage", "SoC"];
  return Array.from({ length: n }, (_, i) => ({
    value: String(1000 + i * 12.5),
    measurand: measurands[i % measurands.length],
    phase: i % 2 === 0 ? "L1" : "L2",
    unit: i % 5 === 0 ? "Wh" : "W",
    context: "Sample.Periodic",
  }));
}

/**
 * The frame as a WebSocket transport hands it over: decoded from its UTF-8 bytes, i.e. one flat string. (A long
 * `JSON.stringify` result can be a V8 rope, which any character-level reader pays to walk; frames never are.)
 */
function wireText(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function entry(messageId: string, action: string, payload: unknown, response: Record<string, unknown>): MixEntry {
  return { action, messageId, frame: wireText(JSON.stringify([2, messageId, action, payload])), response };
}

/** The mix for OCPP 2.0.1. */
export const MIX_201: readonly MixEntry[] = [
  entry(
    "b0f1c5a2-0001",
    "BootNotification",
    {
      reason: "PowerUp",
      chargingStation: { model: "Wallbox X22", vendorName: "ACME", serialNumber: "SN-0001", firmwareVersion: "1.4.2" },
    },
    { currentTime: NOW, interval: 300, status: "Accepted" },
  ),
  entry("b0f1c5a2-0002", "Heartbeat", {}, { currentTime: NOW }),
  entry(
    "b0f1c5a2-0003",
    "StatusNotification",
    { timestamp: NOW, connectorStatus: "Occupied", evseId: 1, connectorId: 1 },
    {},
  ),
  entry(
    "b0f1c5a2-0004",
    "MeterValues",
    { evseId: 1, meterValue: [{ timestamp: NOW, sampledValue: sampledValues201(10) }] },
    {},
  ),
  entry(
    "b0f1c5a2-0005",
    "TransactionEvent",
    {
      eventType: "Updated",
      timestamp: NOW,
      triggerReason: "MeterValuePeriodic",
      seqNo: 12,
      transactionInfo: { transactionId: "TX-8c2e6b1e-4a7f", chargingState: "Charging" },
      evse: { id: 1, connectorId: 1 },
      meterValue: [{ timestamp: NOW, sampledValue: sampledValues201(3) }],
    },
    { totalCost: 3.25 },
  ),
  entry(
    "b0f1c5a2-0006",
    "Authorize",
    { idToken: { idToken: "04A2B3C4D5E6F7", type: "ISO14443" } },
    { idTokenInfo: { status: "Accepted" } },
  ),
];

/** The mix for OCPP 1.6 (StartTransaction in place of TransactionEvent). */
export const MIX_16: readonly MixEntry[] = [
  entry(
    "c1-0001",
    "BootNotification",
    {
      chargePointVendor: "ACME",
      chargePointModel: "Wallbox X22",
      chargePointSerialNumber: "SN-0001",
      firmwareVersion: "1.4.2",
    },
    { currentTime: NOW, interval: 300, status: "Accepted" },
  ),
  entry("c1-0002", "Heartbeat", {}, { currentTime: NOW }),
  entry(
    "c1-0003",
    "StatusNotification",
    { connectorId: 1, errorCode: "NoError", status: "Charging", timestamp: NOW },
    {},
  ),
  entry(
    "c1-0004",
    "MeterValues",
    { connectorId: 1, transactionId: 42, meterValue: [{ timestamp: NOW, sampledValue: sampledValues16(10) }] },
    {},
  ),
  entry(
    "c1-0005",
    "StartTransaction",
    { connectorId: 1, idTag: "04A2B3C4D5E6F7", meterStart: 1200, timestamp: NOW },
    { transactionId: 42, idTagInfo: { status: "Accepted", expiryDate: NOW } },
  ),
  entry("c1-0006", "Authorize", { idTag: "04A2B3C4D5E6F7" }, { idTagInfo: { status: "Accepted" } }),
];

/**
 * Who sends the CALL of each action (the schema files do not say). From OCPP 1.6 ed.2 §4–§5 and the security
 * whitepaper, OCPP 2.0.1 Part 2 and OCPP 2.1 Part 2 (the "Charging Station to CSMS" / "CSMS to Charging Station"
 * message lists). `both` for DataTransfer.
 */
export type Sender = "station" | "csms" | "both";

const STATION_16 = [
  "Authorize",
  "BootNotification",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "LogStatusNotification",
  "MeterValues",
  "SecurityEventNotification",
  "SignCertificate",
  "SignedFirmwareStatusNotification",
  "StartTransaction",
  "StatusNotification",
  "StopTransaction",
];

const STATION_201 = [
  "Authorize",
  "BootNotification",
  "ClearedChargingLimit",
  "FirmwareStatusNotification",
  "Get15118EVCertificate",
  "GetCertificateStatus",
  "Heartbeat",
  "LogStatusNotification",
  "MeterValues",
  "NotifyChargingLimit",
  "NotifyCustomerInformation",
  "NotifyDisplayMessages",
  "NotifyEVChargingNeeds",
  "NotifyEVChargingSchedule",
  "NotifyEvent",
  "NotifyMonitoringReport",
  "NotifyReport",
  "PublishFirmwareStatusNotification",
  "ReportChargingProfiles",
  "ReservationStatusUpdate",
  "SecurityEventNotification",
  "SignCertificate",
  "StatusNotification",
  "TransactionEvent",
];

const STATION_21 = [
  ...STATION_201,
  "BatterySwap",
  "ClosePeriodicEventStream",
  "GetCertificateChainStatus",
  "NotifyDERAlarm",
  "NotifyDERStartStop",
  "NotifyPeriodicEventStream",
  "NotifyPriorityCharging",
  "NotifySettlement",
  "OpenPeriodicEventStream",
  "PullDynamicScheduleUpdate",
  "ReportDERControl",
  "VatNumberValidation",
];

const STATION: Readonly<Record<string, ReadonlySet<string>>> = {
  "ocpp1.6": new Set(STATION_16),
  "ocpp2.0.1": new Set(STATION_201),
  "ocpp2.1": new Set(STATION_21),
};

/** Actions sent as SEND (message type 6, OCPP 2.1): never answered. */
export const SEND_ACTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  "ocpp1.6": new Set(),
  "ocpp2.0.1": new Set(),
  "ocpp2.1": new Set(["NotifyPeriodicEventStream"]),
};

/** Who sends the CALL of `action` in `version`. */
export function senderOf(version: string, action: string): Sender {
  if (action === "DataTransfer") return "both";
  return STATION[version]?.has(action) === true ? "station" : "csms";
}

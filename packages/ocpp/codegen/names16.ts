import type { InlineNamer } from "./ir.js";

/**
 * OCPP 1.6 schemas declare their objects and enums inline. They get the names the 1.6 specification (section 7,
 * "Types") gives them, looked up by `Message.path`, then by `parent.property`, then by property.
 */
const BY_MESSAGE_PATH: Readonly<Record<string, string>> = {
  "BootNotificationResponse.status": "RegistrationStatus",
  "CancelReservationResponse.status": "CancelReservationStatus",
  "ChangeAvailabilityRequest.type": "AvailabilityType",
  "ChangeAvailabilityResponse.status": "AvailabilityStatus",
  "ChangeConfigurationResponse.status": "ConfigurationStatus",
  "ClearCacheResponse.status": "ClearCacheStatus",
  "ClearChargingProfileResponse.status": "ClearChargingProfileStatus",
  "DataTransferResponse.status": "DataTransferStatus",
  "DiagnosticsStatusNotificationRequest.status": "DiagnosticsStatus",
  "FirmwareStatusNotificationRequest.status": "FirmwareStatus",
  "GetCompositeScheduleResponse.status": "GetCompositeScheduleStatus",
  "RemoteStartTransactionResponse.status": "RemoteStartStopStatus",
  "RemoteStopTransactionResponse.status": "RemoteStartStopStatus",
  "ReserveNowResponse.status": "ReservationStatus",
  "ResetRequest.type": "ResetType",
  "ResetResponse.status": "ResetStatus",
  "SendLocalListResponse.status": "UpdateStatus",
  "SetChargingProfileResponse.status": "ChargingProfileStatus",
  "StatusNotificationRequest.status": "ChargePointStatus",
  "TriggerMessageResponse.status": "TriggerMessageStatus",
  "UnlockConnectorResponse.status": "UnlockStatus",
};

const BY_PARENT_PROPERTY: Readonly<Record<string, string>> = {
  "idTagInfo.status": "AuthorizationStatus",
};

const BY_PROPERTY: Readonly<Record<string, string>> = {
  idTagInfo: "IdTagInfo",
  chargingProfilePurpose: "ChargingProfilePurposeType",
  chargingProfileKind: "ChargingProfileKindType",
  recurrencyKind: "RecurrencyKindType",
  chargingRateUnit: "ChargingRateUnitType",
  chargingProfile: "ChargingProfile",
  csChargingProfiles: "ChargingProfile",
  chargingSchedule: "ChargingSchedule",
  chargingSchedulePeriod: "ChargingSchedulePeriod",
  configurationKey: "KeyValue",
  meterValue: "MeterValue",
  transactionData: "MeterValue",
  sampledValue: "SampledValue",
  context: "ReadingContext",
  format: "ValueFormat",
  measurand: "Measurand",
  phase: "Phase",
  location: "Location",
  unit: "UnitOfMeasure",
  localAuthorizationList: "AuthorizationData",
  updateType: "UpdateType",
  errorCode: "ChargePointErrorCode",
  reason: "Reason",
  requestedMessage: "MessageTrigger",
};

/** Names an inline OCPP 1.6 object or enum; an unlisted one stops the generator. */
export const nameInline16: InlineNamer = (message, path) => {
  const last = path[path.length - 1] ?? "";
  const parent = path[path.length - 2];
  const name =
    BY_MESSAGE_PATH[`${message}.${path.join(".")}`] ??
    (parent === undefined ? undefined : BY_PARENT_PROPERTY[`${parent}.${last}`]) ??
    BY_PROPERTY[last];
  if (name === undefined) throw new Error(`no 1.6 type name for ${message}.${path.join(".")}`);
  return name;
};

/** OCPP 2.x declares every object and enum under `definitions`; an inline one stops the generator. */
export const refuseInline: InlineNamer = (message, path) => {
  throw new Error(`unexpected inline object or enum at ${message}.${path.join(".")}`);
};

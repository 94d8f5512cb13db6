import type {
  Amperes,
  ConnectorId,
  EvseId,
  IdToken,
  Instant,
  Phase,
  StationId,
  TransactionId,
  WattHours,
  Watts,
} from "@chargekit/core";
import type { OcppVersion } from "../schema/versions.js";
import type { ConnectorStatus } from "./v2-connector.js";
import type { V16Status } from "./v16-status.js";

/**
 * Where energy transfer stands on an occupied connector (the 2.x `chargingState`; 1.6 statuses map onto it).
 *
 * @category Station model
 */
export type ChargingState = "Idle" | "EVConnected" | "Charging" | "SuspendedEV" | "SuspendedEVSE";

/**
 * Why a meter sample was taken (the same names in every OCPP version).
 *
 * @category Station model
 */
export type ReadingContext =
  | "Interruption.Begin"
  | "Interruption.End"
  | "Other"
  | "Sample.Clock"
  | "Sample.Periodic"
  | "Transaction.Begin"
  | "Transaction.End"
  | "Trigger";

/**
 * One meter sample in neutral units: what the station measured at one instant. Fields the station did not
 * report are absent.
 *
 * @category Station model
 */
export interface MeterSample {
  /** When it was measured. */
  readonly at: Instant;
  /** Why it was taken; `Sample.Periodic` when the station did not say. */
  readonly context: ReadingContext;
  /** The imported-energy register (`Energy.Active.Import.Register`) in Wh: an absolute meter reading. */
  readonly energyWh?: WattHours;
  /** Active power drawn (`Power.Active.Import`) in W. */
  readonly powerW?: Watts;
  /** Current drawn per phase (`Current.Import`) in A; a reading without a phase is read as L1. */
  readonly currentA?: Readonly<Partial<Record<Phase, Amperes>>>;
  /** The EV's state of charge in percent. */
  readonly soc?: number;
}

/**
 * The kinds of driver credential OCPP 2.x names (`IdTokenEnumType`, plus the 2.1 additions). 2.1 allows other
 * text too, which is kept as sent.
 *
 * @category Station model
 */
export type AuthTokenKind =
  | "Central"
  | "eMAID"
  | "ISO14443"
  | "ISO15693"
  | "KeyCode"
  | "Local"
  | "MacAddress"
  | "NoAuthorization"
  | "DirectPayment"
  | "EVCCID"
  | "NEVI"
  | "VIN"
  | (string & {});

/**
 * A driver credential in neutral form: the value, its kind (absent for OCPP 1.6 idTags, which carry none) and
 * the group it belongs to (1.6 `parentIdTag`, 2.x `groupIdToken`).
 *
 * @category Station model
 */
export interface AuthToken {
  /** The credential's value (RFID uid, eMAID, app token …). */
  readonly value: IdToken;
  /** The kind; absent when the station did not say (OCPP 1.6). */
  readonly kind?: AuthTokenKind;
  /** The group (parent) token, when known. */
  readonly group?: IdToken;
}

/**
 * The outcome of authorizing a credential, in 2.x names (1.6 knows the first five; the others read as
 * `Invalid` there).
 *
 * @category Station model
 */
export type AuthorizationStatus =
  | "Accepted"
  | "Blocked"
  | "Expired"
  | "Invalid"
  | "ConcurrentTx"
  | "NoCredit"
  | "NotAllowedTypeEVSE"
  | "NotAtThisLocation"
  | "NotAtThisTime"
  | "Unknown";

/**
 * What a station says about itself at boot, in neutral names.
 *
 * @category Station model
 */
export interface BootInfo {
  /** Manufacturer. */
  readonly vendor: string;
  /** Model. */
  readonly model: string;
  /** Serial number of the station. */
  readonly serialNumber?: string;
  /** Firmware version. */
  readonly firmwareVersion?: string;
  /** SIM card ICCID. */
  readonly iccid?: string;
  /** SIM card IMSI. */
  readonly imsi?: string;
  /** Meter type (1.6). */
  readonly meterType?: string;
  /** Meter serial number (1.6). */
  readonly meterSerialNumber?: string;
  /** Why it booted (2.x `reason`, e.g. `PowerUp`); absent for 1.6. */
  readonly reason?: string;
}

/**
 * Registration state of a station: the answer to its last BootNotification (absent before the first).
 *
 * @category Station model
 */
export type Registration = "Accepted" | "Pending" | "Rejected";

/**
 * One connector in the neutral model.
 *
 * @category Station model
 */
export interface ConnectorView {
  /** The EVSE it belongs to (1.6: the connector number; 0 for the main controller). */
  readonly evseId: EvseId;
  /** Its number within the EVSE (1.6: always 1, or 0 for the main controller). */
  readonly connectorId: ConnectorId;
  /** Availability. */
  readonly status: ConnectorStatus;
  /** Energy-transfer state while Occupied, when known. */
  readonly chargingState?: ChargingState;
  /** The 1.6 status as reported, for 1.6 stations. */
  readonly v16Status?: V16Status;
  /** A fault or warning code the station reported with the status (1.6 `errorCode` other than `NoError`). */
  readonly errorCode?: string;
  /** When the status was reported (the station's timestamp, or receipt time when it sent none). */
  readonly since: Instant;
}

/**
 * The latest readings of an EVSE: each field from the most recent sample that had it.
 *
 * @category Station model
 */
export interface LatestReadings {
  /** Imported-energy register in Wh. */
  readonly energyWh?: WattHours;
  /** Active power in W. */
  readonly powerW?: Watts;
  /** Current per phase in A. */
  readonly currentA?: Readonly<Partial<Record<Phase, Amperes>>>;
  /** State of charge in percent. */
  readonly soc?: number;
  /** When the latest sample was taken. */
  readonly at: Instant;
}

/**
 * One EVSE in the neutral model.
 *
 * @category Station model
 */
export interface EvseView {
  /** The EVSE id (0 = the station as a whole). */
  readonly id: EvseId;
  /** Its connectors. */
  readonly connectors: readonly ConnectorView[];
  /** The transaction running on it, if any. */
  readonly transactionId?: TransactionId;
  /** Its latest meter readings. */
  readonly readings?: LatestReadings;
}

/**
 * One station in the neutral model, whatever OCPP version it speaks.
 *
 * @category Station model
 */
export interface StationView {
  /** The identity. */
  readonly id: StationId;
  /** The version of the current (or last) connection. */
  readonly version?: OcppVersion;
  /** Whether a connection is open now. */
  readonly connected: boolean;
  /** The answer to its last BootNotification. */
  readonly registration?: Registration;
  /** What it said at its last boot. */
  readonly boot?: BootInfo;
  /** When it last booted. */
  readonly bootedAt?: Instant;
  /** When any message from it was last received. */
  readonly lastSeenAt?: Instant;
  /** When its last Heartbeat was received. */
  readonly lastHeartbeatAt?: Instant;
  /** Its EVSEs (those it has reported), by id. */
  readonly evses: readonly EvseView[];
}

import type {
  ConnectorId,
  Duration,
  EvseId,
  Instant,
  PowerSchedule,
  PowerUnit,
  ReservationId,
  TransactionId,
} from "@chargekit/core";
import type { WriteOptions } from "../../smart-charging/capabilities.js";
import type { ProfileTarget } from "../../smart-charging/target.js";
import type { ProfilePurpose } from "../../smart-charging/types.js";
import type { ConfigKey } from "../../station/config-keys.js";
import type { AuthToken } from "../../station/model.js";
import type { AuthorizationDecision } from "../registry-types.js";

/**
 * Remote start (1.6 RemoteStartTransaction, 2.x RequestStartTransaction).
 *
 * @category CSMS commands
 */
export interface RemoteStartRequest {
  /** The credential to start with. */
  readonly token: AuthToken;
  /** The EVSE; the station chooses when omitted. */
  readonly evseId?: EvseId;
  /** 2.x `remoteStartId` (the station echoes it in the transaction); a fresh one is generated when omitted. */
  readonly remoteStartId?: number;
  /** A TxProfile for the transaction to start: its schedule, id and stack level. */
  readonly profile?: {
    /** The limits over time (a `Relative` profile when `relative`, else anchored at the schedule's start). */
    readonly schedule: PowerSchedule;
    /** The profile id. */
    readonly profileId: number;
    /** Its stack level. */
    readonly stackLevel: number;
    /** Count the offsets from the transaction start instead of the schedule's start. */
    readonly relative?: boolean;
  };
}

/**
 * Answer to a remote start.
 *
 * @category CSMS commands
 */
export interface RemoteStartResult {
  /** Accepted or Rejected. */
  readonly status: "Accepted" | "Rejected";
  /** 2.x: the remoteStartId sent (match it in `transaction.remoteStartId`). */
  readonly remoteStartId?: number;
  /** 2.x: the transaction, when one was already running (TxStartPoint before authorization). */
  readonly transactionId?: TransactionId;
}

/**
 * Reset. OCPP 1.6 knows Soft and Hard resets of the whole station; 2.x knows Immediate and OnIdle resets of the
 * station or of one EVSE.
 *
 * @category CSMS commands
 */
export interface ResetRequest {
  /** 1.6: a Hard (reboot) rather than a Soft reset; ignored by 2.x. */
  readonly hard?: boolean;
  /** 2.x: wait until no transaction runs (OnIdle); 1.6 cannot (UNSUPPORTED). */
  readonly whenIdle?: boolean;
  /** 2.x: reset only this EVSE; 1.6 cannot (UNSUPPORTED). */
  readonly evseId?: EvseId;
}

/**
 * Change availability of the station (no EVSE), an EVSE, or (2.x) one connector.
 *
 * @category CSMS commands
 */
export interface ChangeAvailabilityRequest {
  /** Operative (true) or Inoperative. */
  readonly operative: boolean;
  /** The EVSE (1.6: connector); the whole station when omitted. */
  readonly evseId?: EvseId;
  /** 2.x: one connector of the EVSE. */
  readonly connectorId?: ConnectorId;
}

/**
 * One configuration value read from a station.
 *
 * @category CSMS commands
 */
export interface ConfigValue {
  /** The key as asked (or, when reading everything, as the station named it). */
  readonly key: ConfigKey;
  /** Its value, when readable. */
  readonly value?: string;
  /** The station does not let it be changed. */
  readonly readonly?: boolean;
}

/**
 * Result of reading configuration.
 *
 * @category CSMS commands
 */
export interface GetConfigurationResult {
  /** The values read. */
  readonly values: readonly ConfigValue[];
  /** Keys the station does not know (or its version cannot address). */
  readonly unknown: readonly ConfigKey[];
  /** Keys the station refused to read, with its reason. */
  readonly rejected: readonly ConfigRejection[];
}

/**
 * Outcome of setting one key.
 *
 * @category CSMS commands
 */
export type SetConfigurationStatus = "Accepted" | "Rejected" | "RebootRequired" | "NotSupported" | "UnknownKey";

/**
 * Messages a station can be asked to send (2.x names; `DiagnosticsStatusNotification` is 1.6's name for
 * `LogStatusNotification`).
 *
 * @category CSMS commands
 */
export type TriggerableMessage =
  | "BootNotification"
  | "Heartbeat"
  | "MeterValues"
  | "StatusNotification"
  | "FirmwareStatusNotification"
  | "LogStatusNotification"
  | "DiagnosticsStatusNotification"
  | "TransactionEvent"
  | "SignChargingStationCertificate";

/**
 * ReserveNow.
 *
 * @category CSMS commands
 */
export interface ReserveNowRequest {
  /** The reservation id (a 32-bit integer every version carries). */
  readonly reservationId: ReservationId;
  /** When the reservation expires. */
  readonly expiresAt: Instant;
  /** Who may use it (with its group, when any member of the group may). */
  readonly token: AuthToken;
  /** The EVSE (1.6: connector); 1.6 uses connector 0 (any) and 2.x lets the station choose when omitted. */
  readonly evseId?: EvseId;
  /** 2.x: the connector type wanted. */
  readonly connectorType?: string;
}

/**
 * SetChargingProfile from a neutral power schedule: the schedule and where and how to install it (the smart-charging
 * mappers round it so the station is never allowed more than the schedule allows).
 *
 * @category CSMS commands
 */
export interface SetChargingProfileRequest {
  /** The limits over time. */
  readonly schedule: PowerSchedule;
  /** Profile id, EVSE, purpose, stack level, transaction … */
  readonly target: ProfileTarget;
  /** What the station can take (units, periods) beyond what its version allows. */
  readonly write?: WriteOptions;
}

/**
 * ClearChargingProfile: by id, or by any combination of EVSE, purpose and stack level.
 *
 * @category CSMS commands
 */
export interface ClearChargingProfileRequest {
  /** The profile id. */
  readonly profileId?: number;
  /** The EVSE (1.6: connector). */
  readonly evseId?: EvseId;
  /** The purpose. */
  readonly purpose?: Exclude<ProfilePurpose, "ChargingStationExternalConstraints">;
  /** The stack level. */
  readonly stackLevel?: number;
}

/**
 * GetCompositeSchedule.
 *
 * @category CSMS commands
 */
export interface CompositeScheduleRequest {
  /** The EVSE (1.6: connector); 0 for the station's grid connection. */
  readonly evseId: EvseId;
  /** How far ahead. */
  readonly duration: Duration;
  /** The unit wanted; the station's choice when omitted. */
  readonly unit?: PowerUnit;
}

/**
 * One entry of a local authorization list update.
 *
 * @category CSMS commands
 */
export interface LocalListEntry {
  /** The credential. */
  readonly token: AuthToken;
  /** Its authorization; omitted in a Differential update to remove the entry. */
  readonly authorization?: AuthorizationDecision;
}

/**
 * A station's answer that is just a status.
 *
 * @category CSMS commands
 */
export interface CommandStatus<S extends string> {
  /** The station's answer. */
  readonly status: S;
}

/**
 * RemoteStop: the transaction to stop.
 *
 * @category CSMS commands
 */
export interface RemoteStopRequest {
  /** The transaction (1.6: the integer id the CSMS assigned, in decimal). */
  readonly transactionId: TransactionId;
}

/**
 * GetConfiguration: the keys to read, or everything.
 *
 * @category CSMS commands
 */
export interface GetConfigurationRequest {
  /** The keys; every setting when omitted. */
  readonly keys?: readonly ConfigKey[];
}

/**
 * A key the station refused to read.
 *
 * @category CSMS commands
 */
export interface ConfigRejection {
  /** The key. */
  readonly key: ConfigKey;
  /** The station's reason (2.x `attributeStatus`). */
  readonly reason: string;
}

/**
 * One value to write.
 *
 * @category CSMS commands
 */
export interface ConfigWrite {
  /** The key. */
  readonly key: ConfigKey;
  /** The value as text. */
  readonly value: string;
}

/**
 * SetConfiguration: the values to write.
 *
 * @category CSMS commands
 */
export interface SetConfigurationRequest {
  /** The values, written in order (1.6: one ChangeConfiguration each). */
  readonly values: readonly ConfigWrite[];
}

/**
 * The outcome of writing one key.
 *
 * @category CSMS commands
 */
export interface ConfigWriteResult {
  /** The key. */
  readonly key: ConfigKey;
  /** What the station said. */
  readonly status: SetConfigurationStatus;
}

/**
 * The outcome of writing configuration.
 *
 * @category CSMS commands
 */
export interface SetConfigurationResult {
  /** One result per key, in request order for each version. */
  readonly results: readonly ConfigWriteResult[];
}

/**
 * TriggerMessage.
 *
 * @category CSMS commands
 */
export interface TriggerMessageRequest {
  /** The message wanted. */
  readonly message: TriggerableMessage;
  /** The EVSE (1.6: connector) it is about; the whole station when omitted. */
  readonly evseId?: EvseId;
  /** 2.x: the connector. */
  readonly connectorId?: ConnectorId;
}

/**
 * UnlockConnector.
 *
 * @category CSMS commands
 */
export interface UnlockConnectorRequest {
  /** The EVSE (1.6: connector). */
  readonly evseId: EvseId;
  /** 2.x: the connector; 1 by default. */
  readonly connectorId?: ConnectorId;
}

/**
 * CancelReservation.
 *
 * @category CSMS commands
 */
export interface CancelReservationRequest {
  /** The reservation. */
  readonly reservationId: ReservationId;
}

/**
 * The composite schedule read from a station.
 *
 * @category CSMS commands
 */
export interface CompositeScheduleResult {
  /** Accepted, or Rejected (then no schedule). */
  readonly status: "Accepted" | "Rejected";
  /** The composite schedule as a neutral power schedule. */
  readonly schedule?: PowerSchedule;
}

/**
 * SendLocalList.
 *
 * @category CSMS commands
 */
export interface SendLocalListRequest {
  /** The list version after the update. */
  readonly version: number;
  /** Replace the list (`Full`) or change entries (`Differential`). */
  readonly update: "Full" | "Differential";
  /** The entries. */
  readonly entries: readonly LocalListEntry[];
}

/**
 * The local list version a station holds.
 *
 * @category CSMS commands
 */
export interface LocalListVersion {
  /** The version (0 when the station has no list). */
  readonly version: number;
}

/**
 * A DataTransfer message, either way.
 *
 * @category CSMS commands
 */
export interface DataTransferMessage {
  /** The vendor. */
  readonly vendorId: string;
  /** The message id within the vendor's scheme. */
  readonly messageId?: string;
  /** The data (1.6 carries text: other values go as JSON text). */
  readonly data?: unknown;
}

/**
 * The answer to a DataTransfer.
 *
 * @category CSMS commands
 */
export interface DataTransferResult {
  /** Accepted, Rejected, UnknownMessageId or UnknownVendorId. */
  readonly status: "Accepted" | "Rejected" | "UnknownMessageId" | "UnknownVendorId";
  /** Data sent back. */
  readonly data?: unknown;
}

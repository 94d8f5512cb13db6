import type { Clock, EvseId, IdToken, Instant, Logger, StationId, TransactionId, TypedEmitter } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { HandlerSet } from "../rpc/handlers.js";
import type { OcppVersion } from "../schema/versions.js";
import type {
  AuthorizationStatus,
  AuthToken,
  BootInfo,
  ConnectorView,
  MeterSample,
  Registration,
  StationView,
} from "../station/model.js";
import type { DataTransferMessage, DataTransferResult } from "./commands/requests.js";
import type { CsmsCommands } from "./commands/types.js";
import type { ProtocolRule } from "./protocol-rules.js";
import type { StationRecord, StationStore } from "./station-store.js";
import type { TransactionRecord, TransactionStore } from "./transaction-store.js";

/**
 * What the boot policy decides about a BootNotification.
 *
 * @category CSMS
 */
export interface BootDecision {
  /** Accepted, Pending (ask again after `intervalSec`) or Rejected. */
  readonly status: Registration;
  /** Heartbeat interval (Accepted) or retry interval (Pending, Rejected) in seconds; the registry's default when omitted. */
  readonly intervalSec?: number;
}

/**
 * What the boot policy sees.
 *
 * @category CSMS
 */
export interface BootRequest {
  /** The station. */
  readonly stationId: StationId;
  /** The version it connected with. */
  readonly version: OcppVersion;
  /** What it says about itself. */
  readonly boot: BootInfo;
  /** What the CSMS knew about it before this boot (undefined for a first boot). */
  readonly previous: StationRecord | undefined;
}

/**
 * Decides whether a booting station is Accepted, Pending or Rejected. Until Accepted, every CALL of the station
 * other than BootNotification is answered with `SecurityError`.
 *
 * @category CSMS
 */
export type BootPolicy = (request: BootRequest) => BootDecision | Promise<BootDecision>;

/**
 * What an authorizer is asked.
 *
 * @category CSMS
 */
export interface AuthorizationRequest {
  /** The station asking. */
  readonly stationId: StationId;
  /** The credential. */
  readonly token: AuthToken;
  /** Why: an Authorize, a transaction start, its stop, or a transaction message naming a credential. */
  readonly purpose: "authorize" | "start" | "stop" | "transaction";
  /** The EVSE, when known. */
  readonly evseId?: EvseId;
  /** The transaction, when there is one. */
  readonly transactionId?: TransactionId;
}

/**
 * An authorizer's answer.
 *
 * @category CSMS
 */
export interface AuthorizationDecision {
  /** The outcome (1.6 stations receive `Invalid` for the 2.x-only outcomes). */
  readonly status: AuthorizationStatus;
  /** Until when the station may cache the answer. */
  readonly expiresAt?: Instant;
  /** The credential's group (1.6 `parentIdTag`, 2.x `groupIdToken`). */
  readonly group?: IdToken;
}

/**
 * Decides whether a credential may charge: the seam to a payments or authorization package.
 *
 * @category CSMS
 */
export type Authorizer = (request: AuthorizationRequest) => AuthorizationDecision | Promise<AuthorizationDecision>;

/**
 * Answers a station's DataTransfer: `vendorId`, `messageId` and `data` as received (2.x data may be any JSON;
 * 1.6 data is text).
 *
 * @category CSMS
 */
export type DataTransferHandler = (
  request: DataTransferMessage & {
    /** The station. */
    readonly stationId: StationId;
  },
) => DataTransferResult | Promise<DataTransferResult>;

/**
 * Options of {@link createStationRegistry}.
 *
 * @category CSMS
 */
export interface StationRegistryOptions {
  /** Where stations are kept; in memory by default. */
  readonly stations?: StationStore;
  /** Where transactions are kept; in memory by default. */
  readonly transactions?: TransactionStore;
  /** Time source (boot times, offline detection, command timeouts); `systemClock` by default. */
  readonly clock?: Clock;
  /** Logger; silent by default. */
  readonly logger?: Logger;
  /** Boot acceptance; accepts every station by default. */
  readonly bootPolicy?: BootPolicy;
  /** Heartbeat interval handed to Accepted stations, and retry interval for Pending/Rejected ones; 300 s. */
  readonly heartbeatIntervalSec?: number;
  /**
   * A connected station silent for longer than this is taken as gone: its connection is closed and
   * `station:disconnected` emitted. Default: two heartbeat intervals plus a minute. 0 disables the check.
   */
  readonly offlineAfterMs?: number;
  /** How often silent stations are looked for; 30 s. */
  readonly sweepIntervalMs?: number;
  /** Authorizes credentials; accepts every credential by default. */
  readonly authorize?: Authorizer;
  /** Answers a station's DataTransfer; `UnknownVendorId` by default. */
  readonly dataTransfer?: DataTransferHandler;
  /**
   * Answer station notifications the registry does not interpret itself (FirmwareStatusNotification,
   * SecurityEventNotification, NotifyEvent …) with an empty response and emit them as `notification:received`.
   * True by default.
   */
  readonly acknowledgeNotifications?: boolean;
  /** Timeout of commands sent to stations; 30 s. */
  readonly commandTimeoutMs?: number;
}

/**
 * Events of a {@link StationRegistry}, in neutral terms (no OCPP wire payloads except in
 * `notification:received`, the escape hatch for messages the registry does not interpret).
 *
 * @category CSMS
 */
export interface StationRegistryEvents {
  /** A station connected. */
  "station:connected": {
    /** The station. */
    readonly stationId: StationId;
    /** The negotiated version. */
    readonly version: OcppVersion;
    /** When. */
    readonly at: Instant;
  };
  /** A station's connection ended (closed by either side, or by the registry after a silence). */
  "station:disconnected": {
    /** The station. */
    readonly stationId: StationId;
    /** When. */
    readonly at: Instant;
    /** WebSocket close code. */
    readonly code: number;
    /** Why. */
    readonly reason: string;
  };
  /** A station booted and got an answer. */
  "station:booted": {
    /** The station. */
    readonly stationId: StationId;
    /** The version. */
    readonly version: OcppVersion;
    /** What it said. */
    readonly boot: BootInfo;
    /** The answer. */
    readonly registration: Registration;
    /** When. */
    readonly at: Instant;
  };
  /** A connector reported a status. */
  "connector:status": {
    /** The station. */
    readonly stationId: StationId;
    /** The new status. */
    readonly connector: ConnectorView;
    /** The status it replaced, when known. */
    readonly previous: ConnectorView | undefined;
  };
  /**
   * A transaction became known: its Started / StartTransaction arrived, or (2.x, out of order) its first message
   * did (then `transaction.started` is still false).
   */
  "transaction:started": {
    /** The station. */
    readonly stationId: StationId;
    /** The transaction. */
    readonly transaction: TransactionRecord;
  };
  /** A message changed a running transaction (meter values, state, late authorization …). */
  "transaction:updated": {
    /** The station. */
    readonly stationId: StationId;
    /** The transaction after the change. */
    readonly transaction: TransactionRecord;
  };
  /** A transaction's Ended / StopTransaction arrived (once, replays excluded). */
  "transaction:ended": {
    /** The station. */
    readonly stationId: StationId;
    /** The final transaction (`complete` tells whether every message of it arrived). */
    readonly transaction: TransactionRecord;
  };
  /** A meter sample arrived (each sample once per transaction, replays excluded). */
  "meter:sample": {
    /** The station. */
    readonly stationId: StationId;
    /** The EVSE, when known. */
    readonly evseId: EvseId | undefined;
    /** The transaction it belongs to, if any. */
    readonly transactionId: TransactionId | undefined;
    /** The sample. */
    readonly sample: MeterSample;
  };
  /** A station broke a rule of the protocol; the message was still processed. */
  "protocol:violation": {
    /** The station. */
    readonly stationId: StationId;
    /** Which rule. */
    readonly rule: ProtocolRule;
    /** What exactly. */
    readonly message: string;
    /** The action of the message. */
    readonly action: string;
  };
  /** A station notification the registry acknowledges without interpreting it (raw payload). */
  "notification:received": {
    /** The station. */
    readonly stationId: StationId;
    /** The version. */
    readonly version: OcppVersion;
    /** The action, e.g. `FirmwareStatusNotification`. */
    readonly action: string;
    /** The validated payload as received. */
    readonly payload: unknown;
  };
}

/**
 * What a {@link ConnectionSource} announces: a new connection with its endpoint.
 *
 * @category CSMS
 */
export interface OpenedConnection {
  /** The connection. */
  readonly connection: {
    /** Its CSMS-side endpoint. */
    readonly endpoint: RpcEndpoint<"csms">;
  };
}

/**
 * Something that hands out station connections: an `OcppServer` from `@chargekit/ocpp/ws`, or your own.
 *
 * @category CSMS
 */
export interface ConnectionSource {
  /** Handlers every connection falls back to. */
  readonly handlers: HandlerSet<"csms">;
  /** Connection lifecycle. */
  readonly events: {
    /** Listens for new connections. */
    on(event: "connection:opened", listener: (payload: OpenedConnection) => void): unknown;
    /** Stops listening. */
    off(event: "connection:opened", listener: (payload: OpenedConnection) => void): unknown;
  };
}

/**
 * The CSMS-side station registry: per identity the boot info and registration, connection state, last
 * heartbeat, offline detection, EVSEs and connectors with their status, transactions and meter values — in neutral
 * terms, whatever OCPP version each station speaks — plus the typed command API.
 *
 * @category CSMS
 */
export interface StationRegistry {
  /** Typed, neutral events. */
  readonly events: TypedEmitter<StationRegistryEvents>;
  /** CSMS-initiated operations, callable from anywhere in the program. */
  readonly commands: CsmsCommands;
  /** The station store. */
  readonly stations: StationStore;
  /** The transaction store. */
  readonly transactions: TransactionStore;
  /**
   * Serves every connection of `source` (an `OcppServer`): installs the registry's handlers as its fallback
   * handlers and takes each new connection. Returns a function that stops taking new connections.
   */
  serve(source: ConnectionSource): () => void;
  /**
   * Takes one CSMS-side endpoint (e.g. from a loopback pair in tests): installs the handlers on it and follows
   * it until it closes. Returns false (and closes it with 1008) when its identity is not a valid station id.
   */
  attach(endpoint: RpcEndpoint<"csms">): boolean;
  /** The neutral view of one station (connected now, or seen since this registry started). */
  view(stationId: StationId): StationView | undefined;
  /** Views of every station seen since this registry started. */
  views(): StationView[];
  /** The open endpoint of a station, if connected. */
  endpointOf(stationId: StationId): RpcEndpoint<"csms"> | undefined;
  /** Stops the offline sweep (connections stay open; close the server for that). */
  close(): void;
}

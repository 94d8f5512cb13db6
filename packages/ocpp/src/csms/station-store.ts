import type { Capabilities, Instant, StationId } from "@chargekit/core";
import type { OcppVersion } from "../schema/versions.js";
import type { BootInfo, ConnectorView, Registration } from "../station/model.js";

/**
 * What the CSMS keeps about a station across restarts: its registration and boot info, when it last booted and
 * sent a Heartbeat, and the last status of each connector.
 *
 * @category CSMS
 */
export interface StationRecord {
  /** The identity. */
  readonly id: StationId;
  /** The OCPP version it last connected with. */
  readonly version?: OcppVersion;
  /** The answer to its last BootNotification. A station that reconnects without booting keeps it. */
  readonly registration?: Registration;
  /** What it said at its last boot. */
  readonly boot?: BootInfo;
  /** When it last booted. */
  readonly bootedAt?: Instant;
  /** When it last sent a Heartbeat. */
  readonly lastHeartbeatAt?: Instant;
  /** The last status of each connector it reported (ordered by EVSE, then connector). */
  readonly connectors: readonly ConnectorView[];
}

/**
 * A boot to record with {@link StationStore.recordBoot}.
 *
 * @category CSMS
 */
export interface BootRecord {
  /** The version of the connection it booted on. */
  readonly version: OcppVersion;
  /** What it said. */
  readonly boot: BootInfo;
  /** The CSMS's answer. */
  readonly registration: Registration;
  /** When. */
  readonly at: Instant;
}

/**
 * The port through which the CSMS keeps stations. Implementations must pass `describeStationStoreContract`
 * from `@chargekit/ocpp/testing`.
 *
 * @category CSMS
 */
export interface StationStore {
  /** Optional features (none defined yet). */
  readonly capabilities?: Capabilities<never>;
  /** One station. */
  get(id: StationId): Promise<StationRecord | undefined>;
  /** Every station, ordered by identity. */
  list(): Promise<StationRecord[]>;
  /**
   * Records a BootNotification and its answer, creating the station when unknown. A boot starts a new life of
   * the station: the connector statuses reported before it are kept (they are the last known) but a later status
   * with an earlier timestamp is still refused by {@link StationStore.recordStatus}.
   */
  recordBoot(id: StationId, boot: BootRecord): Promise<StationRecord>;
  /**
   * Records a connector status, creating the station when unknown. A status older (by `since`) than the one
   * stored for the same connector is not applied (`applied: false`), so a late replay cannot overwrite a newer
   * status. Returns the status it replaced.
   */
  recordStatus(
    id: StationId,
    status: ConnectorView,
  ): Promise<{
    /** False when a newer status was already stored. */
    readonly applied: boolean;
    /** The status stored before for the connector. */
    readonly previous: ConnectorView | undefined;
  }>;
  /** Records a Heartbeat (the latest time wins), creating the station when unknown. */
  recordHeartbeat(id: StationId, at: Instant): Promise<void>;
}

import type { Clock, Logger, PhaseCount, TypedEmitter } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { OcppVersion } from "../schema/versions.js";
import type { InstalledProfile } from "../smart-charging/types.js";
import type { AuthToken, BootInfo, Registration } from "../station/model.js";
import type { EvModel, EvState } from "./ev-model.js";
import type { TransactionQueueStore } from "./queue-store.js";
import type { StationConfig } from "./station-config.js";
import type { TransactionQueueEvents } from "./transaction-queue.js";

/**
 * The hardware of one simulated EVSE (one connector each).
 *
 * @category Simulator
 */
export interface SimulatedEvseConfig {
  /** Most power it delivers, in W; 11,040 (16 A on three phases) for AC, 50,000 for DC by default. */
  readonly maxPowerW?: number;
  /** AC phases it is wired with; 3. */
  readonly phases?: PhaseCount;
  /** AC or DC; AC. */
  readonly current?: "AC" | "DC";
}

/**
 * Options of {@link createSimulatedStation}.
 *
 * @category Simulator
 */
export interface SimulatedStationOptions {
  /** The station identity. */
  readonly identity: string;
  /** The OCPP version it speaks. */
  readonly version: OcppVersion;
  /** Its EVSEs: a count (AC, 11 kW each) or one configuration per EVSE; 1 by default. */
  readonly evses?: number | readonly SimulatedEvseConfig[];
  /** Time source; `systemClock` by default. */
  readonly clock?: Clock;
  /** Where transaction messages wait while offline; in memory by default (pass the same store to a new station to survive a power cycle). */
  readonly queue?: TransactionQueueStore;
  /** Most transaction messages kept while offline; 1000. */
  readonly queueCapacity?: number;
  /** Configuration overrides by 1.6 key (e.g. `{ MeterValueSampleInterval: "30", TxStartPoint: "EVConnected" }`). */
  readonly config?: Readonly<Record<string, string>>;
  /** What it says at boot; vendor `chargekit`, model `simulator` by default. */
  readonly boot?: Partial<BootInfo>;
  /** Creates 2.x transaction ids and 1.6 local references; random UUIDs by default. */
  readonly newId?: () => string;
  /** The meter register at start, in Wh; 0. */
  readonly initialMeterWh?: number;
  /** Logger. */
  readonly logger?: Logger;
}

/**
 * Events of a {@link SimulatedStation}.
 *
 * @category Simulator
 */
export interface SimulatedStationEvents extends TransactionQueueEvents {
  /** A connector's reported status changed (1.6 or 2.x status name). */
  "status:changed": {
    /** The EVSE. */
    readonly evseId: number;
    /** The status now reported. */
    readonly status: string;
  };
  /** A transaction started at the station. */
  "transaction:started": {
    /** The EVSE. */
    readonly evseId: number;
    /** The station's reference of the transaction (2.x: its id; 1.6: local until the CSMS assigns one). */
    readonly transactionRef: string;
  };
  /** A transaction ended at the station. */
  "transaction:ended": {
    /** The EVSE. */
    readonly evseId: number;
    /** The station's reference. */
    readonly transactionRef: string;
    /** Meter register at start and end (Wh): their difference is what the station measured. */
    readonly meterStartWh: number;
    /** Meter register at the end. */
    readonly meterStopWh: number;
    /** Why. */
    readonly reason: string;
  };
  /** The answer to the station's last BootNotification. */
  "registration:changed": {
    /** Accepted, Pending or Rejected. */
    readonly registration: Registration;
  };
}

/**
 * What the simulator shows of one EVSE.
 *
 * @category Simulator
 */
export interface SimulatedEvseView {
  /** The EVSE. */
  readonly id: number;
  /** The reported status (1.6 or 2.x name). */
  readonly status: string;
  /** A cable is plugged. */
  readonly evConnected: boolean;
  /** The EV's state of charge, when one is plugged. */
  readonly soc?: number;
  /** Power flowing now (W). */
  readonly powerW: number;
  /** The meter register (Wh, rounded down as reported). */
  readonly meterWh: number;
  /** The running transaction's reference. */
  readonly transactionRef?: string;
  /** The running transaction's id at the CSMS (1.6: once assigned). */
  readonly transactionId?: string;
  /** The active reservation. */
  readonly reservationId?: number;
  /** Operative (not made Unavailable). */
  readonly operative: boolean;
}

/**
 * A simulated charging station: the OCPP state machines of the station side, an EV model per EVSE, a durable
 * transaction queue with the spec's retry rules, and the handlers of every CSMS command. Transport-agnostic:
 * connect it to any station-side RPC endpoint (a WebSocket client, a loopback pair).
 *
 * @category Simulator
 */
export interface SimulatedStation {
  /** The identity. */
  readonly identity: string;
  /** The version. */
  readonly version: OcppVersion;
  /** Its configuration. */
  readonly config: StationConfig;
  /** Events. */
  readonly events: TypedEmitter<SimulatedStationEvents>;
  /** The charging profiles installed. */
  readonly profiles: readonly InstalledProfile[];
  /** A connection is open. */
  readonly connected: boolean;
  /** The answer to its last BootNotification (undefined before the first, and after a reset until it booted again). */
  readonly registration: Registration | undefined;
  /**
   * Takes a connected endpoint: boots (unless already Accepted since the last power-up — 1.6 §5.4 / 2.0.1 §5.3),
   * reports connector statuses, starts heartbeats and delivers queued transaction messages. Resolves with the
   * registration.
   */
  connect(endpoint: RpcEndpoint<"station">): Promise<Registration | undefined>;
  /** The connection is gone: heartbeats stop, transaction messages queue up. */
  disconnect(): void;
  /** Plugs an EV in (the default EV at 20 % when none is given). */
  plugIn(evseId: number, ev?: EvState | EvModel): void;
  /** Unplugs the EV. */
  unplug(evseId: number): void;
  /** A driver presents a credential: starts (after authorization) or stops their transaction. */
  presentToken(evseId: number, token: AuthToken): Promise<"Authorized" | "Stopped" | "Rejected">;
  /** The EV pauses (true) or resumes (false) charging by itself. */
  suspendEv(evseId: number, suspended: boolean): void;
  /** A fault appears on an EVSE. */
  fault(evseId: number, errorCode?: string): void;
  /** The fault of an EVSE clears. */
  clearFault(evseId: number): void;
  /** One EVSE. */
  evse(evseId: number): SimulatedEvseView;
  /** Every EVSE. */
  evses(): SimulatedEvseView[];
  /** Messages waiting in the transaction queue. */
  queued(): Promise<number>;
  /** Resolves when nothing is being delivered right now. */
  settled(): Promise<void>;
  /** Stops every timer (the station is switched off; the queue store keeps its messages). */
  stop(): void;
}

import type {
  Capabilities,
  ConnectorId,
  EvseId,
  Instant,
  ReservationId,
  StationId,
  TransactionId,
  WattHours,
} from "@chargekit/core";
import type { AuthToken, ChargingState, MeterSample } from "../station/model.js";

/**
 * The protocol family a transaction came from: 1.6 (Start/StopTransaction, CSMS-assigned integer ids) or 2.x
 * (TransactionEvent, station-assigned ids, seqNo).
 *
 * @category CSMS
 */
export type TransactionFamily = "1.6" | "2.x";

/**
 * A register reading: when, and the imported-energy register in Wh.
 *
 * @category CSMS
 */
export interface RegisterReading {
  /** When it was measured. */
  readonly at: Instant;
  /** The register value in Wh. */
  readonly wh: WattHours;
}

/**
 * A transaction as the CSMS keeps it, in neutral terms. Energy is always a difference of absolute register
 * readings (never a sum of deltas), so a replayed or duplicated message cannot count energy twice.
 *
 * @category CSMS
 */
export interface TransactionRecord {
  /** The station. */
  readonly stationId: StationId;
  /** The transaction id (1.6: the CSMS-assigned integer in decimal; 2.x: the station's id). */
  readonly id: TransactionId;
  /** Where it came from. */
  readonly family: TransactionFamily;
  /** The EVSE, once known. */
  readonly evseId?: EvseId;
  /** The connector, once known. */
  readonly connectorId?: ConnectorId;
  /** The credential, once known (2.x: possibly after the start — late authorization). */
  readonly token?: AuthToken;
  /** The Started (1.6: StartTransaction) message arrived. */
  readonly started: boolean;
  /** The Ended (1.6: StopTransaction) message arrived. */
  readonly ended: boolean;
  /** Start time: the Started's timestamp, or until it arrives the earliest event's. */
  readonly startedAt: Instant;
  /** End time, once ended. */
  readonly endedAt?: Instant;
  /** Register at the start: 1.6 `meterStart`, or the `Transaction.Begin` sample. */
  readonly meterStartWh?: WattHours;
  /** Register at the end: 1.6 `meterStop`, or the `Transaction.End` sample. */
  readonly meterStopWh?: WattHours;
  /** The earliest register reading received. */
  readonly firstRegister?: RegisterReading;
  /** The latest register reading received. */
  readonly lastRegister?: RegisterReading;
  /** Energy delivered so far (final once ended): end (or latest) register minus start register, never below 0. */
  readonly energyWh: WattHours;
  /** The latest energy-transfer state. */
  readonly chargingState?: ChargingState;
  /** Why it ended (2.x `stoppedReason`, 1.6 `reason`); `Local` when the station gave none. */
  readonly stoppedReason?: string;
  /** The remoteStartId of a 2.x remote start. */
  readonly remoteStartId?: number;
  /** The reservation it used. */
  readonly reservationId?: ReservationId;
  /** 2.x: seqNo of the Started message. */
  readonly startedSeqNo?: number;
  /** 2.x: seqNo of the Ended message. */
  readonly endedSeqNo?: number;
  /** 2.x: every seqNo received, ascending. */
  readonly seqNos: readonly number[];
  /**
   * Every message of the transaction arrived: the start and the end, and (2.x) every seqNo between the Started's
   * and the Ended's.
   */
  readonly complete: boolean;
  /** Some of its messages were sent while the station was offline. */
  readonly offline: boolean;
  /** How many distinct meter samples are stored. */
  readonly sampleCount: number;
  /** The seqNo (2.x) or timestamp of the newest message applied, which decides the current state fields. */
  readonly newest: {
    /** Its seqNo (2.x). */
    readonly seqNo?: number;
    /** Its timestamp. */
    readonly at: Instant;
  };
  /** Number of messages applied (replays excluded). */
  readonly revision: number;
}

/**
 * One message about a transaction, in neutral terms, as the registry hands it to the store.
 *
 * @category CSMS
 */
export interface TransactionChange {
  /** The station. */
  readonly stationId: StationId;
  /** The transaction. */
  readonly transactionId: TransactionId;
  /** The family, used when the message creates the record. */
  readonly family: TransactionFamily;
  /**
   * Identity of the message within the transaction: a change with a key already applied is a replay and changes
   * nothing (2.x: `seq:<seqNo>`; 1.6: `start`, `stop`, or `meter:<sample keys>`).
   */
  readonly key: string;
  /** Started, Updated or Ended. */
  readonly kind: "started" | "updated" | "ended";
  /** The station's timestamp of the message. */
  readonly at: Instant;
  /** 2.x seqNo. */
  readonly seqNo?: number;
  /** The EVSE. */
  readonly evseId?: EvseId;
  /** The connector. */
  readonly connectorId?: ConnectorId;
  /** The credential. */
  readonly token?: AuthToken;
  /** Energy-transfer state. */
  readonly chargingState?: ChargingState;
  /** Why it ended. */
  readonly stoppedReason?: string;
  /** 2.x remote start id. */
  readonly remoteStartId?: number;
  /** The reservation used. */
  readonly reservationId?: ReservationId;
  /** Sent while offline (2.x `offline`). */
  readonly offline?: boolean;
  /** 1.6 `meterStart`. */
  readonly meterStartWh?: WattHours;
  /** 1.6 `meterStop`. */
  readonly meterStopWh?: WattHours;
  /** Meter samples carried by the message. */
  readonly samples: readonly MeterSample[];
}

/**
 * The result of {@link TransactionStore.apply}.
 *
 * @category CSMS
 */
export interface ApplyOutcome {
  /** `created` (first message of an unknown transaction), `applied`, or `duplicate` (a replay: nothing changed). */
  readonly outcome: "created" | "applied" | "duplicate";
  /** The record after the change. */
  readonly transaction: TransactionRecord;
  /** The samples of the change that were not stored before (empty for a replay). */
  readonly newSamples: readonly MeterSample[];
}

/**
 * A 1.6 StartTransaction, for {@link TransactionStore.startV16}.
 *
 * @category CSMS
 */
export interface V16Start {
  /** The station. */
  readonly stationId: StationId;
  /** The EVSE (the 1.6 connector number). */
  readonly evseId: EvseId;
  /** The connector within the EVSE (1). */
  readonly connectorId: ConnectorId;
  /** The idTag (absent when it was unusable: empty or with control characters). */
  readonly token?: AuthToken;
  /** `meterStart` in Wh. */
  readonly meterStartWh: WattHours;
  /** The station's timestamp. */
  readonly at: Instant;
  /** The reservation the start used. */
  readonly reservationId?: ReservationId;
  /**
   * The identity of the start message (connector, idTag, meterStart and timestamp): a StartTransaction resent by
   * an offline queue has the same key and must get the same transaction id back.
   */
  readonly key: string;
}

/**
 * A query of {@link TransactionStore.list}.
 *
 * @category CSMS
 */
export interface TransactionQuery {
  /** Only this station's. */
  readonly stationId?: StationId;
  /** Only running (`true`) or only ended (`false`) ones. */
  readonly active?: boolean;
  /** Only those started at or after this instant. */
  readonly from?: Instant;
  /** Only those started before this instant. */
  readonly to?: Instant;
  /** At most this many (newest start first); 100 by default. */
  readonly limit?: number;
}

/**
 * The port through which the CSMS keeps transactions with their meter data, seqNo bookkeeping and the identity
 * of every applied message, so a replayed StartTransaction / StopTransaction / MeterValues / TransactionEvent
 * never makes a second transaction or counts energy twice, also across a restart and across processes.
 *
 * Every implementation runs {@link mergeTransactionChange} (the one definition of how a message changes a
 * record) and must pass `describeTransactionStoreContract` from `@chargekit/ocpp/testing`.
 *
 * @category CSMS
 */
export interface TransactionStore {
  /** Optional features (none defined yet). */
  readonly capabilities?: Capabilities<never>;
  /**
   * Records a 1.6 StartTransaction atomically: a start with the key of a transaction that has not ended gets that
   * transaction back (`replayed`: a station resends a start before its stop, never after); otherwise a new integer
   * id is assigned, unique across every handle on the same storage (every CSMS process), and the transaction is
   * created (`created`).
   */
  startV16(start: V16Start): Promise<{
    /** `created`, or `replayed` for a resent start. */
    readonly outcome: "created" | "replayed";
    /** The transaction. */
    readonly transaction: TransactionRecord;
  }>;
  /**
   * Applies one message atomically: a key already applied to the transaction is a `duplicate` and changes
   * nothing; otherwise the message's new samples are stored (a sample already stored — same instant and
   * context — is skipped) and the record is merged with {@link mergeTransactionChange}, creating it when unknown.
   */
  apply(change: TransactionChange): Promise<ApplyOutcome>;
  /** One transaction. */
  get(stationId: StationId, transactionId: TransactionId): Promise<TransactionRecord | undefined>;
  /** Transactions matching `query`, newest start first. */
  list(query?: TransactionQuery): Promise<TransactionRecord[]>;
  /** The stored samples of a transaction, by time. */
  samples(stationId: StationId, transactionId: TransactionId): Promise<MeterSample[]>;
}

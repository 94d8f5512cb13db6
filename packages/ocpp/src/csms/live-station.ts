import { EvseId, type Instant, type StationId, type TransactionId } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { OcppVersion } from "../schema/versions.js";
import type { BootInfo, ConnectorView, EvseView, LatestReadings, Registration, StationView } from "../station/model.js";
import type { TxPoint } from "../station/tx-points.js";
import type { StationRecord } from "./station-store.js";
import type { TransactionRecord } from "./transaction-store.js";

/**
 * What the registry holds in memory per station: connection, registration, statuses, running transactions and
 * latest readings. Kept small (a few maps) so one process can hold tens of thousands.
 *
 * @internal
 */
export interface LiveStation {
  readonly id: StationId;
  version: OcppVersion | undefined;
  endpoint: RpcEndpoint<"csms"> | undefined;
  /** Resolves once the stored record has been read (registration, statuses). */
  loaded: Promise<void>;
  isLoaded: boolean;
  registration: Registration | undefined;
  boot: BootInfo | undefined;
  bootedAt: Instant | undefined;
  // The three instants below are NaN until known (not undefined): a field that starts as a number stays a
  // number field, updated in place; one that starts undefined would box every new value in a fresh heap object,
  // left for the old generation's collector once the station answered a few messages.
  /** When the station's last message arrived (NaN: never). */
  lastSeenAt: Instant;
  /** When its last Heartbeat arrived (NaN: never). */
  lastHeartbeatAt: Instant;
  /** The heartbeat time last written to the store. */
  storedHeartbeatAt: Instant;
  readonly connectors: Map<string, ConnectorView>;
  /**
   * Connectors that reported since the station last connected or booted: the first status of a connector after
   * either is not checked against the one before (statuses that changed while offline or across a reboot were
   * never sent).
   */
  reportedSinceBoot: Set<string> | undefined;
  readonly evseTransactions: Map<number, TransactionId>;
  readonly openTransactions: Map<TransactionId, TransactionRecord>;
  readonly readings: Map<number, LatestReadings>;
  txPoints: { start?: TxPoint[]; stop?: TxPoint[] } | undefined;
  /** Actions a TriggerMessage asked for while the station was not Accepted, with until when they may pass. */
  readonly triggered: Map<string, Instant>;
  /** Tail of the per-station work chain (messages of one station are processed one after the other). */
  tail: Promise<unknown>;
}

/** Key of a connector in {@link LiveStation.connectors}. @internal */
export function connectorKey(evseId: number, connectorId: number): string {
  return `${evseId}/${connectorId}`;
}

/** A fresh live station. @internal */
export function newLiveStation(id: StationId): LiveStation {
  return {
    id,
    version: undefined,
    endpoint: undefined,
    loaded: Promise.resolve(),
    isLoaded: false,
    registration: undefined,
    boot: undefined,
    bootedAt: undefined,
    lastSeenAt: Number.NaN,
    lastHeartbeatAt: Number.NaN,
    storedHeartbeatAt: Number.NaN,
    connectors: new Map(),
    reportedSinceBoot: undefined,
    evseTransactions: new Map(),
    openTransactions: new Map(),
    readings: new Map(),
    txPoints: undefined,
    triggered: new Map(),
    tail: Promise.resolve(),
  };
}

/** Fills what memory does not know yet from the stored record. @internal */
export function adoptRecord(live: LiveStation, record: StationRecord | undefined): void {
  live.isLoaded = true;
  if (record === undefined) return;
  live.registration ??= record.registration;
  live.boot ??= record.boot;
  live.bootedAt ??= record.bootedAt;
  if (record.lastHeartbeatAt !== undefined) {
    if (Number.isNaN(live.lastHeartbeatAt)) live.lastHeartbeatAt = record.lastHeartbeatAt;
    if (Number.isNaN(live.storedHeartbeatAt)) live.storedHeartbeatAt = record.lastHeartbeatAt;
  }
  for (const c of record.connectors) {
    const key = connectorKey(c.evseId, c.connectorId);
    if (!live.connectors.has(key)) live.connectors.set(key, c);
  }
}

/** Runs `work` after every earlier piece of work of the same station. @internal */
export function serial<T>(live: LiveStation, work: () => Promise<T>): Promise<T> {
  const run = live.tail.then(work, work);
  live.tail = run.catch(() => undefined);
  return run;
}

/** The neutral view of a live station. @internal */
export function viewOf(live: LiveStation): StationView {
  const evses = new Map<number, { connectors: ConnectorView[] }>();
  const evseOf = (id: number) => {
    let e = evses.get(id);
    if (e === undefined) {
      e = { connectors: [] };
      evses.set(id, e);
    }
    return e;
  };
  for (const c of live.connectors.values()) evseOf(c.evseId).connectors.push(c);
  for (const id of live.evseTransactions.keys()) evseOf(id);
  for (const id of live.readings.keys()) evseOf(id);
  const list: EvseView[] = [...evses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, e]) => {
      const transactionId = live.evseTransactions.get(id);
      const readings = live.readings.get(id);
      return {
        id: EvseId.of(id),
        connectors: e.connectors.sort((a, b) => a.connectorId - b.connectorId),
        ...(transactionId === undefined ? {} : { transactionId }),
        ...(readings === undefined ? {} : { readings }),
      };
    });
  return {
    id: live.id,
    connected: live.endpoint !== undefined && live.endpoint.state === "open",
    evses: list,
    ...(live.version === undefined ? {} : { version: live.version }),
    ...(live.registration === undefined ? {} : { registration: live.registration }),
    ...(live.boot === undefined ? {} : { boot: live.boot }),
    ...(live.bootedAt === undefined ? {} : { bootedAt: live.bootedAt }),
    ...(Number.isNaN(live.lastSeenAt) ? {} : { lastSeenAt: live.lastSeenAt }),
    ...(Number.isNaN(live.lastHeartbeatAt) ? {} : { lastHeartbeatAt: live.lastHeartbeatAt }),
  };
}

import { TransactionId } from "@chargekit/core";
import { sampleKey } from "../station/meter.js";
import type { MeterSample } from "../station/model.js";
import { mergeTransactionChange } from "./transaction-merge.js";
import type { TransactionRecord, TransactionStore } from "./transaction-store.js";

interface Entry {
  record: TransactionRecord;
  readonly keys: Set<string>;
  readonly samples: Map<string, MeterSample>;
}

/**
 * Options of {@link createMemoryTransactionStore}.
 *
 * @category CSMS
 */
export interface MemoryTransactionStoreOptions {
  /** The first 1.6 transaction id to assign; 1 by default. */
  readonly firstV16Id?: number;
}

/**
 * The in-memory {@link TransactionStore}: the embedded default and the reference the contract suite describes.
 * Each operation runs to completion before the next (JavaScript's single thread), which makes it atomic.
 *
 * @category CSMS
 */
export function createMemoryTransactionStore(options: MemoryTransactionStoreOptions = {}): TransactionStore {
  const entries = new Map<string, Entry>();
  const v16Starts = new Map<string, string>();
  let nextV16Id = options.firstV16Id ?? 1;
  const keyOf = (stationId: string, transactionId: string) => `${stationId}\u0000${transactionId}`;

  return {
    async startV16(start) {
      const startKey = keyOf(start.stationId, start.key);
      const known = v16Starts.get(startKey);
      const knownEntry = known === undefined ? undefined : entries.get(known);
      // a resend comes before its stop; the same start after the stop is a new transaction
      if (knownEntry !== undefined && !knownEntry.record.ended)
        return { outcome: "replayed", transaction: knownEntry.record };
      const id = TransactionId.of(String(nextV16Id++));
      const record = mergeTransactionChange(
        undefined,
        {
          stationId: start.stationId,
          transactionId: id,
          family: "1.6",
          key: "start",
          kind: "started",
          at: start.at,
          evseId: start.evseId,
          connectorId: start.connectorId,
          ...(start.token === undefined ? {} : { token: start.token }),
          meterStartWh: start.meterStartWh,
          ...(start.reservationId === undefined ? {} : { reservationId: start.reservationId }),
          samples: [],
        },
        [],
      );
      const k = keyOf(start.stationId, id);
      entries.set(k, { record, keys: new Set(["start"]), samples: new Map() });
      v16Starts.set(startKey, k);
      return { outcome: "created", transaction: record };
    },

    async apply(change) {
      const k = keyOf(change.stationId, change.transactionId);
      const entry = entries.get(k);
      if (entry?.keys.has(change.key)) return { outcome: "duplicate", transaction: entry.record, newSamples: [] };
      const samples = entry?.samples ?? new Map<string, MeterSample>();
      const fresh = new Map<string, MeterSample>();
      for (const sample of change.samples) {
        const sk = sampleKey(sample);
        if (!samples.has(sk) && !fresh.has(sk)) fresh.set(sk, sample);
      }
      const newSamples = [...fresh.values()];
      const record = mergeTransactionChange(entry?.record, change, newSamples);
      for (const [sk, s] of fresh) samples.set(sk, s);
      if (entry === undefined) {
        entries.set(k, { record, keys: new Set([change.key]), samples });
        return { outcome: "created", transaction: record, newSamples };
      }
      entry.record = record;
      entry.keys.add(change.key);
      return { outcome: "applied", transaction: record, newSamples };
    },

    async get(stationId, transactionId) {
      return entries.get(keyOf(stationId, transactionId))?.record;
    },

    async list(query = {}) {
      const out: TransactionRecord[] = [];
      for (const { record } of entries.values()) {
        if (query.stationId !== undefined && record.stationId !== query.stationId) continue;
        if (query.active !== undefined && record.ended === query.active) continue;
        if (query.from !== undefined && record.startedAt < query.from) continue;
        if (query.to !== undefined && record.startedAt >= query.to) continue;
        out.push(record);
      }
      out.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
      return out.slice(0, query.limit ?? 100);
    },

    async samples(stationId, transactionId) {
      const entry = entries.get(keyOf(stationId, transactionId));
      if (entry === undefined) return [];
      return [...entry.samples.values()].sort((a, b) => a.at - b.at);
    },
  };
}

import type { MeterSample } from "../station/model.js";
import type { RegisterReading, TransactionChange, TransactionRecord } from "./transaction-store.js";

function isNewer(change: TransactionChange, record: TransactionRecord): boolean {
  const { newest } = record;
  if (change.seqNo !== undefined && newest.seqNo !== undefined) return change.seqNo > newest.seqNo;
  return change.at >= newest.at;
}

function earlier(a: RegisterReading | undefined, b: RegisterReading): RegisterReading {
  return a === undefined || b.at < a.at ? b : a;
}

function later(a: RegisterReading | undefined, b: RegisterReading): RegisterReading {
  return a === undefined || b.at >= a.at ? b : a;
}

function isComplete(record: TransactionRecord): boolean {
  if (!record.started || !record.ended) return false;
  if (record.family === "1.6") return true;
  const { startedSeqNo, endedSeqNo, seqNos } = record;
  if (startedSeqNo === undefined || endedSeqNo === undefined) return false;
  const between = seqNos.filter((s) => s >= startedSeqNo && s <= endedSeqNo).length;
  return between === endedSeqNo - startedSeqNo + 1;
}

function insertSorted(values: readonly number[], value: number): readonly number[] {
  if (values.includes(value)) return values;
  const out = [...values, value];
  out.sort((x, y) => x - y);
  return out;
}

/**
 * Energy of a record: the end register (or, while running, the latest) minus the start register (or the
 * earliest), never below 0. Registers are absolute meter readings, so the same sample received twice cannot add
 * energy.
 *
 * @category CSMS
 */
export function transactionEnergy(
  record: Pick<TransactionRecord, "meterStartWh" | "meterStopWh" | "firstRegister" | "lastRegister">,
): number {
  const start = record.meterStartWh ?? record.firstRegister?.wh;
  const end = record.meterStopWh ?? record.lastRegister?.wh;
  if (start === undefined || end === undefined) return 0;
  return Math.max(0, end - start);
}

/**
 * How one transaction message changes a record — the single definition every {@link TransactionStore} adapter
 * applies inside its atomic update, after it has found which of the message's samples are new:
 *
 * - an unknown transaction is created from whatever message comes first (2.x messages may arrive out of order);
 * - `started`/`ended` set the start/end facts (time, seqNo, 1.6 meterStart/meterStop, stop reason: `Local`
 *   when none is given); a `Transaction.Begin`/`Transaction.End` sample sets the start/end register when the
 *   message did not carry one;
 * - state fields (charging state, EVSE, credential …) follow the newest message by seqNo (2.x) or timestamp;
 *   a credential is never dropped once known (late authorization adds it);
 * - the seqNo is added to the set; new samples update the earliest and latest register readings and the count;
 * - energy is recomputed from the registers.
 *
 * @category CSMS
 */
export function mergeTransactionChange(
  record: TransactionRecord | undefined,
  change: TransactionChange,
  newSamples: readonly MeterSample[],
): TransactionRecord {
  const base: TransactionRecord = record ?? {
    stationId: change.stationId,
    id: change.transactionId,
    family: change.family,
    started: false,
    ended: false,
    startedAt: change.at,
    energyWh: 0,
    seqNos: [],
    complete: false,
    offline: false,
    sampleCount: 0,
    newest: { ...(change.seqNo === undefined ? {} : { seqNo: change.seqNo }), at: change.at },
    revision: 0,
  };
  const newer = record === undefined || isNewer(change, record);
  let next: TransactionRecord = { ...base, revision: base.revision + 1 };

  if (change.kind === "started") {
    next = {
      ...next,
      started: true,
      startedAt: change.at,
      ...(change.seqNo === undefined ? {} : { startedSeqNo: change.seqNo }),
    };
  } else if (!next.started && change.at < next.startedAt) {
    next = { ...next, startedAt: change.at };
  }
  if (change.kind === "ended") {
    next = {
      ...next,
      ended: true,
      endedAt: change.at,
      stoppedReason: change.stoppedReason ?? "Local",
      ...(change.seqNo === undefined ? {} : { endedSeqNo: change.seqNo }),
    };
  }
  if (change.meterStartWh !== undefined) next = { ...next, meterStartWh: change.meterStartWh };
  if (change.meterStopWh !== undefined) next = { ...next, meterStopWh: change.meterStopWh };

  // identity fields: first value wins unless a newer message says otherwise
  const take = <K extends "evseId" | "connectorId" | "chargingState" | "remoteStartId" | "reservationId">(key: K) => {
    const value = change[key];
    if (value !== undefined && (newer || next[key] === undefined)) next = { ...next, [key]: value };
  };
  take("evseId");
  take("connectorId");
  take("chargingState");
  take("remoteStartId");
  take("reservationId");
  if (change.token !== undefined && (newer || next.token === undefined)) next = { ...next, token: change.token };
  if (change.offline === true) next = { ...next, offline: true };
  if (change.seqNo !== undefined) next = { ...next, seqNos: insertSorted(next.seqNos, change.seqNo) };
  if (newer)
    next = { ...next, newest: { ...(change.seqNo === undefined ? {} : { seqNo: change.seqNo }), at: change.at } };

  let { firstRegister, lastRegister } = next;
  for (const sample of newSamples) {
    if (sample.energyWh === undefined) continue;
    const reading = { at: sample.at, wh: sample.energyWh };
    firstRegister = earlier(firstRegister, reading);
    lastRegister = later(lastRegister, reading);
    if (
      sample.context === "Transaction.Begin" &&
      change.meterStartWh === undefined &&
      next.meterStartWh === undefined
    ) {
      next = { ...next, meterStartWh: sample.energyWh };
    }
    if (sample.context === "Transaction.End" && change.meterStopWh === undefined && next.meterStopWh === undefined) {
      next = { ...next, meterStopWh: sample.energyWh };
    }
  }
  next = {
    ...next,
    ...(firstRegister === undefined ? {} : { firstRegister }),
    ...(lastRegister === undefined ? {} : { lastRegister }),
    sampleCount: next.sampleCount + newSamples.length,
  };
  return { ...next, energyWh: transactionEnergy(next), complete: isComplete(next) };
}

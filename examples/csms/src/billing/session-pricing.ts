import type { Instant } from "@chargekit/core";
import type { MeterSample as OcppSample, TransactionRecord } from "@chargekit/ocpp";
import {
  type MeterSample,
  money,
  payableAmount,
  priceMeterSamples,
  type RunningCost,
  roundMoney,
  roundSessionCost,
  type SessionCost,
  type Tariff,
} from "@chargekit/payments";
import type { StoredCost } from "../store/session-store.js";
import type { CostView } from "../wiring/events.js";
import { moneyOf } from "./money-text.js";

/** A station's meter sample as a pricing sample (energy register, power, current summed over phases). */
export function pricingSample(sample: OcppSample): MeterSample | undefined {
  if (sample.energyWh === undefined) return undefined;
  const phases = sample.currentA === undefined ? [] : Object.values(sample.currentA);
  const current = phases.reduce((sum: number, a) => sum + (a ?? 0), 0);
  return {
    at: sample.at,
    energyWh: sample.energyWh,
    ...(sample.powerW === undefined ? {} : { powerW: sample.powerW }),
    ...(phases.length === 0 ? {} : { currentA: current }),
  };
}

/**
 * The pricing samples of a transaction: its start register at its start, every stored sample with an energy
 * register (one stamped after the end counts at the end), its stop register at its end; without any register, zero energy from start to end (time components
 * still apply). Sorted by time; a register below the start's is dropped.
 */
export function samplesOf(record: TransactionRecord, stored: readonly OcppSample[], endAt?: Instant): MeterSample[] {
  const out: MeterSample[] = [];
  const startWh = record.meterStartWh ?? record.firstRegister?.wh;
  if (startWh !== undefined) out.push({ at: record.startedAt, energyWh: startWh });
  for (const s of stored) {
    const p = pricingSample(s);
    if (p === undefined || p.at < record.startedAt) continue;
    // a reading stamped after the stop (a station's clock read twice) counts at the stop
    out.push(endAt !== undefined && p.at > endAt ? { ...p, at: endAt } : p);
  }
  if (record.meterStopWh !== undefined && endAt !== undefined) out.push({ at: endAt, energyWh: record.meterStopWh });
  out.sort((a, b) => a.at - b.at);
  const floor = Number(out[0]?.energyWh ?? 0);
  const clean = out.filter((s, i) => Number(s.energyWh) >= floor && (i === 0 || s.at > (out[i - 1]?.at ?? -1)));
  if (clean.length === 0) {
    clean.push({ at: record.startedAt, energyWh: 0 });
    if (endAt !== undefined && endAt > record.startedAt) clean.push({ at: endAt, energyWh: 0 });
  }
  // the register never decreases within a session: carry the highest reading forward
  let high = floor;
  return clean.map((s) => {
    high = Math.max(high, Number(s.energyWh));
    return { ...s, energyWh: high };
  });
}

/** Prices a finished transaction; the result is exact (round it with {@link storedCostOf}). */
export function priceTransaction(
  tariff: Tariff,
  record: TransactionRecord,
  stored: readonly OcppSample[],
  timeZone: string,
): SessionCost {
  const endAt = record.endedAt ?? record.newest.at;
  const samples = samplesOf(record, stored, endAt);
  const priced = priceMeterSamples(tariff, samples, { timeZone, startAt: record.startedAt, endAt });
  if (!priced.ok) throw priced.error;
  return priced.value;
}

/** The final cost rounded to the currency's minor unit, as stored and charged. */
export function storedCostOf(cost: SessionCost): StoredCost {
  const rounded = roundSessionCost(cost);
  return {
    currency: cost.currency,
    exclVat: moneyOf(rounded.total.exclVat),
    inclVat: moneyOf(payableAmount(cost)),
  };
}

/** The running cost of a session as the API and the bus show it (rounded to the minor unit). */
export function runningView(tariff: Tariff, running: RunningCost): CostView {
  const now = running.current();
  const round = (text: string) => moneyOf(roundMoney(money(text, tariff.currency)));
  return {
    currency: tariff.currency,
    exclVat: round(now.cost.exclVat),
    inclVat: round(now.cost.inclVat),
    final: false,
    energyWh: Number(now.energyWh),
    at: now.at,
  };
}

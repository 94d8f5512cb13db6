import type { Amperes, Instant, Phase } from "@chargekit/core";
import type { LatestReadings, MeterSample, ReadingContext } from "./model.js";

/**
 * One sampled value as both OCPP generations carry it, after the version adapters have read the wire form.
 *
 * @internal
 */
export interface RawSampledValue {
  readonly value: number;
  readonly measurand: string | undefined;
  readonly unit: string | undefined;
  readonly phase: string | undefined;
  readonly location: string | undefined;
  readonly context: string | undefined;
}

const CONTEXTS = new Set<string>([
  "Interruption.Begin",
  "Interruption.End",
  "Other",
  "Sample.Clock",
  "Sample.Periodic",
  "Transaction.Begin",
  "Transaction.End",
  "Trigger",
]);

const ENERGY = "Energy.Active.Import.Register";
const POWER = "Power.Active.Import";
const CURRENT = "Current.Import";
const SOC = "SoC";

/** The factor from `unit` to the neutral unit of `measurand`, or undefined when the unit does not fit. */
function scale(measurand: string, unit: string | undefined): number | undefined {
  switch (measurand) {
    case ENERGY:
      return unit === undefined || unit === "Wh" ? 1 : unit === "kWh" ? 1000 : undefined;
    case POWER:
      return unit === undefined || unit === "W" ? 1 : unit === "kW" ? 1000 : undefined;
    case CURRENT:
      return unit === undefined || unit === "A" ? 1 : undefined;
    case SOC:
      return unit === undefined || unit === "Percent" ? 1 : undefined;
    default:
      return undefined;
  }
}

function phaseOf(phase: string | undefined): Phase | undefined {
  if (phase === undefined) return undefined;
  if (phase === "L1" || phase === "L1-N") return "L1";
  if (phase === "L2" || phase === "L2-N") return "L2";
  if (phase === "L3" || phase === "L3-N") return "L3";
  return undefined;
}

/**
 * Reads the sampled values of one meter value into a neutral {@link MeterSample}: energy register (Wh), active
 * power (W), current per phase (A) and SoC (%), converting kWh/kW, defaulting the measurand to the energy register
 * and the context to `Sample.Periodic` as the specs do. Values measured elsewhere than the outlet (except SoC),
 * other measurands, and units that do not fit are skipped and named in `ignored`.
 *
 * @internal
 */
export function readSample(
  at: Instant,
  values: readonly RawSampledValue[],
): { readonly sample: MeterSample; readonly ignored: readonly string[] } {
  let ignored: string[] | undefined;
  let context: ReadingContext | undefined;
  // totals, per-phase parts (summed when no total is given), current per phase, SoC
  let energy: number | undefined;
  let power: number | undefined;
  let energyByPhase: Partial<Record<Phase, number>> | undefined;
  let powerByPhase: Partial<Record<Phase, number>> | undefined;
  let current: Partial<Record<Phase, Amperes>> | undefined;
  let soc: number | undefined;
  for (const v of values) {
    const measurand = v.measurand ?? ENERGY;
    if (v.context !== undefined && CONTEXTS.has(v.context)) context ??= v.context as ReadingContext;
    const factor = scale(measurand, v.unit);
    if (factor === undefined) {
      if (measurand === ENERGY || measurand === POWER || measurand === CURRENT || measurand === SOC) {
        ignored = note(ignored, `${measurand} in unit ${v.unit ?? "(none)"}`);
      }
      continue;
    }
    if (!Number.isFinite(v.value)) {
      ignored = note(ignored, `${measurand}: not a number`);
      continue;
    }
    if (measurand !== SOC && v.location !== undefined && v.location !== "Outlet") continue;
    const value = v.value * factor;
    const phase = phaseOf(v.phase);
    if (v.phase !== undefined && phase === undefined && measurand !== SOC) {
      ignored = note(ignored, `${measurand} on phase ${v.phase}`);
      continue;
    }
    if (measurand === SOC) soc = value;
    else if (measurand === CURRENT) {
      current ??= {};
      current[phase ?? "L1"] = value;
    } else if (phase === undefined) {
      if (measurand === ENERGY) energy = value;
      else power = value;
    } else if (measurand === ENERGY) {
      energyByPhase ??= {};
      energyByPhase[phase] = value;
    } else {
      powerByPhase ??= {};
      powerByPhase[phase] = value;
    }
  }
  const energyWh = energy ?? sum(energyByPhase);
  const powerW = power ?? sum(powerByPhase);
  // built property by property, in this order (at, context, energyWh, powerW, currentA, soc), absent ones left out
  const sample: Mutable<MeterSample> = { at, context: context ?? "Sample.Periodic" };
  if (energyWh !== undefined) sample.energyWh = energyWh;
  if (powerW !== undefined) sample.powerW = powerW;
  if (current !== undefined) sample.currentA = current;
  if (soc !== undefined) sample.soc = soc;
  return { sample, ignored: ignored ?? NOTHING_IGNORED };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `list` with `message` added (made on the first message: most samples have nothing to report). */
function note(list: string[] | undefined, message: string): string[] {
  const out = list ?? [];
  out.push(message);
  return out;
}

const NOTHING_IGNORED: readonly string[] = Object.freeze([]);

/** The sum of the per-phase parts in the order they came, or undefined when there are none. */
function sum(parts: Partial<Record<Phase, number>> | undefined): number | undefined {
  if (parts === undefined) return undefined;
  let total: number | undefined;
  for (const phase in parts) {
    const part = parts[phase as Phase];
    if (part !== undefined) total = (total ?? 0) + part;
  }
  return total;
}

/**
 * True when the sample carries any reading (energy, power, current or SoC).
 *
 * @category Station model
 */
export function hasReadings(sample: MeterSample): boolean {
  return (
    sample.energyWh !== undefined ||
    sample.powerW !== undefined ||
    sample.currentA !== undefined ||
    sample.soc !== undefined
  );
}

/**
 * Folds a sample into the latest readings: each field is replaced when the sample has it and is not older than
 * what is held (samples may arrive out of order from an offline queue).
 *
 * @category Station model
 */
export function mergeReadings(latest: LatestReadings | undefined, sample: MeterSample): LatestReadings {
  if (latest !== undefined && sample.at < latest.at) {
    return {
      ...(sample.energyWh === undefined || latest.energyWh !== undefined ? {} : { energyWh: sample.energyWh }),
      ...(sample.powerW === undefined || latest.powerW !== undefined ? {} : { powerW: sample.powerW }),
      ...(sample.currentA === undefined || latest.currentA !== undefined ? {} : { currentA: sample.currentA }),
      ...(sample.soc === undefined || latest.soc !== undefined ? {} : { soc: sample.soc }),
      ...latest,
    };
  }
  // the common case, one object built property by property (no spread temporaries): this runs per meter value
  const energyWh = sample.energyWh ?? latest?.energyWh;
  const powerW = sample.powerW ?? latest?.powerW;
  const currentA = sample.currentA ?? latest?.currentA;
  const soc = sample.soc ?? latest?.soc;
  const merged: Mutable<LatestReadings> = { at: sample.at };
  if (energyWh !== undefined) merged.energyWh = energyWh;
  if (powerW !== undefined) merged.powerW = powerW;
  if (currentA !== undefined) merged.currentA = currentA;
  if (soc !== undefined) merged.soc = soc;
  return merged;
}

/**
 * The identity of a sample within a transaction: a replayed message carries the same samples, which must not be
 * stored (or counted) twice. Two samples are the same when taken at the same instant for the same reason.
 *
 * @category Station model
 */
export function sampleKey(sample: Pick<MeterSample, "at" | "context">): string {
  return `${sample.at}|${sample.context}`;
}

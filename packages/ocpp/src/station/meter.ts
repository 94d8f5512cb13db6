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
  const ignored: string[] = [];
  let context: ReadingContext | undefined;
  const totals: { energy?: number; power?: number } = {};
  const phased: { energy: Partial<Record<Phase, number>>; power: Partial<Record<Phase, number>> } = {
    energy: {},
    power: {},
  };
  const current: Partial<Record<Phase, Amperes>> = {};
  let soc: number | undefined;
  for (const v of values) {
    const measurand = v.measurand ?? ENERGY;
    if (v.context !== undefined && CONTEXTS.has(v.context)) context ??= v.context as ReadingContext;
    const factor = scale(measurand, v.unit);
    if (factor === undefined) {
      if (measurand === ENERGY || measurand === POWER || measurand === CURRENT || measurand === SOC) {
        ignored.push(`${measurand} in unit ${v.unit ?? "(none)"}`);
      }
      continue;
    }
    if (!Number.isFinite(v.value)) {
      ignored.push(`${measurand}: not a number`);
      continue;
    }
    if (measurand !== SOC && v.location !== undefined && v.location !== "Outlet") continue;
    const value = v.value * factor;
    const phase = phaseOf(v.phase);
    if (v.phase !== undefined && phase === undefined && measurand !== SOC) {
      ignored.push(`${measurand} on phase ${v.phase}`);
      continue;
    }
    if (measurand === SOC) soc = value;
    else if (measurand === CURRENT) current[phase ?? "L1"] = value;
    else {
      const key = measurand === ENERGY ? "energy" : "power";
      if (phase === undefined) totals[key] = value;
      else phased[key][phase] = value;
    }
  }
  const sum = (p: Partial<Record<Phase, number>>): number | undefined => {
    const parts = Object.values(p);
    return parts.length === 0 ? undefined : parts.reduce((a, b) => a + b, 0);
  };
  const energyWh = totals.energy ?? sum(phased.energy);
  const powerW = totals.power ?? sum(phased.power);
  const sample: MeterSample = {
    at,
    context: context ?? "Sample.Periodic",
    ...(energyWh === undefined ? {} : { energyWh }),
    ...(powerW === undefined ? {} : { powerW }),
    ...(Object.keys(current).length === 0 ? {} : { currentA: current }),
    ...(soc === undefined ? {} : { soc }),
  };
  return { sample, ignored };
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
  return {
    ...latest,
    ...(sample.energyWh === undefined ? {} : { energyWh: sample.energyWh }),
    ...(sample.powerW === undefined ? {} : { powerW: sample.powerW }),
    ...(sample.currentA === undefined ? {} : { currentA: sample.currentA }),
    ...(sample.soc === undefined ? {} : { soc: sample.soc }),
    at: sample.at,
  };
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

import type { PhaseCount, PowerUnit } from "@chargekit/core";
import { convertValue, type ElectricalContext } from "../convert-unit.js";
import { nearestZero, withValues } from "../quantize.js";
import type { ProfilePeriod } from "../types.js";

/** The values of one period, without its offset. @internal */
export type Level = Omit<ProfilePeriod, "startOffset">;

/** A level in a known unit: one input of {@link combine}. @internal */
export interface Term extends Level {
  /** The unit of its values. */
  readonly unit: PowerUnit;
}

/**
 * Converts `value` of a term written for `termPhases` phases into unit `to` for `phases` phases, keeping the
 * current per phase (the physical limit of a cable or fuse): an A limit stays the same per phase; a W limit means
 * `limit / (U × termPhases)` amperes per phase. DC converts with `P = U × I`.
 */
function convertAt(
  value: number,
  from: PowerUnit,
  to: PowerUnit,
  termPhases: PhaseCount,
  phases: PhaseCount,
  electrical: ElectricalContext,
): number {
  if (electrical.dc === true) return convertValue(value, from, to, 1, electrical);
  if (from === "A") return to === "A" ? value : convertValue(value, "A", "W", phases, electrical);
  if (to === "A") return convertValue(value, "W", "A", termPhases, electrical);
  return termPhases === phases ? value : (value * phases) / termPhases;
}

function minOf(values: readonly (number | undefined)[]): number | undefined {
  let out: number | undefined;
  for (const v of values) if (v !== undefined && (out === undefined || v < out)) out = v;
  return out;
}

/**
 * Combines what applies at one instant into the composite's values in unit `to`: the transaction-level term
 * (`primary`: TxProfile, else TxDefaultProfile) and the caps (station maximum, external constraints, the EVSE's own
 * limit). AC phases: the composite uses the fewest phases any term declares (none declared: 3, not written), and
 * every limit is compared as current per phase on that many phases. Limits and discharge limits take the minimum;
 * setpoints the one nearest zero (0 when their signs differ), kept inside the combined limits; `phaseToUse` and the
 * operation mode come from the primary term (the mode from the first cap that has one when it has none).
 *
 * @internal
 */
export function combine(
  primary: Term | undefined,
  caps: readonly Term[],
  to: PowerUnit,
  electrical: ElectricalContext,
): Level {
  const terms = primary === undefined ? caps : [primary, ...caps];
  const phases = electrical.dc === true ? undefined : (minOf(terms.map((t) => t.phases)) as PhaseCount | undefined);
  const basis: PhaseCount = phases ?? 3;
  const converted = (pick: (t: Term) => number | undefined) =>
    terms.map((t) => {
      const v = pick(t);
      return v === undefined ? undefined : convertAt(v, t.unit, to, t.phases ?? 3, basis, electrical);
    });
  const limit = minOf(converted((t) => t.limit));
  const dischargeLimit = minOf(converted((t) => t.dischargeLimit));
  const setpoints = converted((t) => t.setpoint).filter((v): v is number => v !== undefined);
  let setpoint = setpoints.length === 0 ? undefined : nearestZero(setpoints);
  if (setpoint !== undefined) {
    if (limit !== undefined) setpoint = Math.min(setpoint, limit);
    if (dischargeLimit !== undefined) setpoint = Math.max(setpoint, -dischargeLimit);
  }
  const operationMode = primary?.operationMode ?? caps.find((c) => c.operationMode !== undefined)?.operationMode;
  return withValues(0, {
    ...(limit === undefined ? {} : { limit }),
    ...(phases === undefined ? {} : { phases }),
    ...(phases === 1 && primary?.phaseToUse !== undefined ? { phaseToUse: primary.phaseToUse } : {}),
    ...(setpoint === undefined ? {} : { setpoint: setpoint === 0 ? 0 : setpoint }),
    ...(dischargeLimit === undefined ? {} : { dischargeLimit }),
    ...(operationMode === undefined ? {} : { operationMode }),
  });
}

/**
 * The sum of several EVSEs' levels (all in one unit) as one term, for the station's composite: a value is summed
 * only when every EVSE has one (an EVSE without a limit makes the sum unbounded).
 *
 * @internal
 */
export function sumLevels(levels: readonly Level[], unit: PowerUnit): Term {
  const sum = (pick: (l: Level) => number | undefined) => {
    let total = 0;
    for (const l of levels) {
      const v = pick(l);
      if (v === undefined) return undefined;
      total += v;
    }
    return total;
  };
  const limit = levels.length === 0 ? undefined : sum((l) => l.limit);
  const dischargeLimit = levels.length === 0 ? undefined : sum((l) => l.dischargeLimit);
  const setpoint = levels.length === 0 ? undefined : sum((l) => l.setpoint);
  return {
    unit,
    ...(limit === undefined ? {} : { limit }),
    ...(dischargeLimit === undefined ? {} : { dischargeLimit }),
    ...(setpoint === undefined ? {} : { setpoint }),
  };
}

import {
  currentFromPower,
  DEFAULT_NOMINAL_VOLTAGE,
  type PowerUnit,
  powerFromCurrent,
  type Volts,
} from "@chargekit/core";
import type { ProfilePeriod } from "./types.js";

/**
 * What an A ↔ W conversion needs besides the period's own `numberPhases`: the nominal phase-to-neutral voltage
 * (230 V by default, as OCPP prescribes) and whether the EVSE is DC (then `P = U × I` on one "phase").
 *
 * @category Smart charging
 */
export interface ElectricalContext {
  /** Nominal voltage in V; {@link DEFAULT_NOMINAL_VOLTAGE} when omitted. */
  readonly voltage?: Volts;
  /** True for a DC EVSE: conversions use `P = U × I` and ignore `numberPhases`. */
  readonly dc?: boolean;
}

/** The phase count a conversion uses for a period: 1 for DC, else the period's `numberPhases` or 3. @internal */
export function conversionPhases(period: Pick<ProfilePeriod, "phases">, context: ElectricalContext): 1 | 2 | 3 {
  return context.dc === true ? 1 : (period.phases ?? 3);
}

/**
 * Converts one value of a period from unit `from` to `to` with OCPP's formula (`P = U × I × numberPhases`).
 *
 * @internal
 */
export function convertValue(
  value: number,
  from: PowerUnit,
  to: PowerUnit,
  phases: 1 | 2 | 3,
  context: ElectricalContext,
): number {
  if (from === to) return value;
  const basis = { phases, voltage: context.voltage ?? DEFAULT_NOMINAL_VOLTAGE };
  return from === "A" ? powerFromCurrent(value, basis) : currentFromPower(value, basis);
}

/** A period with every value converted from `from` to `to` (not rounded). @internal */
export function convertPeriod(
  period: ProfilePeriod,
  from: PowerUnit,
  to: PowerUnit,
  context: ElectricalContext,
): ProfilePeriod {
  if (from === to) return period;
  const phases = conversionPhases(period, context);
  const convert = (v: number) => convertValue(v, from, to, phases, context);
  return {
    ...period,
    ...(period.limit === undefined ? {} : { limit: convert(period.limit) }),
    ...(period.setpoint === undefined ? {} : { setpoint: convert(period.setpoint) }),
    ...(period.dischargeLimit === undefined ? {} : { dischargeLimit: convert(period.dischargeLimit) }),
  };
}

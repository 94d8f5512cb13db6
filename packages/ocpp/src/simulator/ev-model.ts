import { ChargekitError, type Duration, type PhaseCount, type WattHours, type Watts } from "@chargekit/core";

/**
 * An electric vehicle as the simulator charges it: battery, how much power it takes on AC and DC, and the taper
 * near full.
 *
 * @category Simulator
 */
export interface EvModel {
  /** Usable battery capacity in Wh. */
  readonly batteryWh: WattHours;
  /** Most power the on-board charger takes on AC, in W (e.g. 11,000 for 16 A on three phases). */
  readonly maxAcW: Watts;
  /** AC phases the on-board charger uses. */
  readonly acPhases: PhaseCount;
  /** Most power the battery takes on DC, in W. */
  readonly maxDcW: Watts;
  /** State of charge (%) above which the power tapers linearly down to `minTaperFraction` of the maximum at 100 %. */
  readonly taperFromSoc: number;
  /** Fraction of the maximum still taken just below 100 % (0–1). */
  readonly minTaperFraction: number;
  /** State of charge (%) at which the EV stops charging by itself (its target). */
  readonly targetSoc: number;
}

/**
 * A mid-size EV: 60 kWh, 11 kW on three phases AC, 100 kW DC, taper from 80 %, charges to 100 %.
 *
 * @category Simulator
 */
export const DEFAULT_EV: EvModel = {
  batteryWh: 60_000,
  maxAcW: 11_000,
  acPhases: 3,
  maxDcW: 100_000,
  taperFromSoc: 80,
  minTaperFraction: 0.1,
  targetSoc: 100,
};

/**
 * An EV plugged in, with its state of charge.
 *
 * @category Simulator
 */
export interface EvState {
  /** The vehicle. */
  readonly model: EvModel;
  /** Its state of charge in percent (0–100). */
  readonly soc: number;
}

/**
 * The most power the EV takes now on a connector of kind `current`: its AC or DC maximum, tapered linearly above
 * `taperFromSoc`, and 0 once it reached its target.
 *
 * @example
 * ```ts
 * evAcceptance({ model: DEFAULT_EV, soc: 90 }, "DC"); // 55000: halfway down the taper
 * ```
 * @category Simulator
 */
export function evAcceptance(ev: EvState, current: "AC" | "DC"): Watts {
  const { model, soc } = ev;
  if (soc >= model.targetSoc || soc >= 100) return 0;
  const max = current === "AC" ? model.maxAcW : model.maxDcW;
  if (soc <= model.taperFromSoc) return max;
  const span = 100 - model.taperFromSoc;
  const fraction = 1 - ((soc - model.taperFromSoc) / span) * (1 - model.minTaperFraction);
  return max * fraction;
}

/**
 * The EV after receiving `power` for `duration` ms (the energy goes into the battery; SoC stops at 100).
 *
 * @category Simulator
 */
export function chargeEv(ev: EvState, power: Watts, duration: Duration): EvState {
  if (power < 0 || duration < 0) {
    throw new ChargekitError("INVALID_ARGUMENT", `power and duration must be ≥ 0, got ${power} W for ${duration} ms`);
  }
  const wh = (power * duration) / 3_600_000;
  return { ...ev, soc: Math.min(100, ev.soc + (wh / ev.model.batteryWh) * 100) };
}

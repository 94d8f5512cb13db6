import { DEFAULT_NOMINAL_VOLTAGE, type Instant, PHASES, type Phase, type PhaseCount } from "@chargekit/core";
import type { MeterSample, ReadingContext } from "../station/model.js";
import { chargeEv, type EvState } from "./ev-model.js";

/**
 * The electrical side of one simulated EVSE: its hardware, the meter register, the power flowing and the EV.
 * Power is constant between two updates, so the energy added between them is exact.
 *
 * @internal
 */
export interface EvsePhysics {
  readonly maxPowerW: number;
  readonly phases: PhaseCount;
  readonly current: "AC" | "DC";
  /** The energy register in Wh (fractional; reported rounded down). */
  registerWh: number;
  powerW: number;
  phasesUsed: PhaseCount;
  since: Instant;
  ev: EvState | undefined;
}

/** Brings the register and the EV's SoC up to `now` at the current power. @internal */
export function advance(p: EvsePhysics, now: Instant): void {
  const dt = now - p.since;
  if (dt > 0 && p.powerW > 0) {
    p.registerWh += (p.powerW * dt) / 3_600_000;
    if (p.ev !== undefined) p.ev = chargeEv(p.ev, p.powerW, dt);
  }
  p.since = Math.max(p.since, now);
}

/** The register as the meter shows it: whole Wh (a float sum a hair below a whole Wh counts as that Wh). @internal */
export function meterWh(p: EvsePhysics): number {
  return Math.floor(p.registerWh + 1e-6);
}

/** A meter sample of the EVSE now: register (Wh), power (W), current on the phases in use (A), SoC (%). @internal */
export function sampleOf(p: EvsePhysics, at: Instant, context: ReadingContext): MeterSample {
  const currentA: Partial<Record<Phase, number>> = {};
  if (p.current === "AC") {
    const perPhase = p.powerW / (DEFAULT_NOMINAL_VOLTAGE * p.phasesUsed);
    for (const phase of PHASES.slice(0, p.phasesUsed)) currentA[phase] = Math.round(perPhase * 100) / 100;
  }
  return {
    at,
    context,
    energyWh: meterWh(p),
    powerW: Math.round(p.powerW * 10) / 10,
    ...(p.current === "AC" ? { currentA } : {}),
    ...(p.ev === undefined ? {} : { soc: Math.round(p.ev.soc * 10) / 10 }),
  };
}

import { PHASES, type PhaseCount } from "@chargekit/core";
import type { ChargingState, MeterSample } from "@chargekit/ocpp";

/**
 * What the meters say an EV takes, as the solver's session fields: the phases it charges on and, when it draws
 * clearly less than it is offered, a cap at what it draws (so the rest goes to the others). Empty: nothing known,
 * the EV may take what the connector allows.
 */
export interface EvDemand {
  /** Phases the EV draws on (AC). */
  readonly phases?: PhaseCount;
  /** AC: the EV's own most current per phase, A. */
  readonly maxCurrent?: number;
  /** DC: the EV's own most power, W. */
  readonly maxPower?: number;
}

/** What {@link followMeter} reads. */
export interface MeterReading {
  /** The latest sample of the session. */
  readonly sample: MeterSample;
  /** The session's energy-transfer state, when known. */
  readonly chargingState?: ChargingState | undefined;
}

/** The connector the reading is from. */
export interface ConnectorBasis {
  /** AC or DC. */
  readonly current: "AC" | "DC";
  /** Phases wired (AC). */
  readonly phases: PhaseCount;
  /** The least current an EV is admitted at (AC), A. */
  readonly minCurrent: number;
  /** Phase-to-neutral voltage. */
  readonly voltage: number;
}

/** A phase counts as used when it carries more than this, A. */
const PHASE_IN_USE_A = 1;
/** Drawing this much less than offered (A; DC: × 230 V × 3 in W) marks an EV as taking less. */
const SHORTFALL_A = 2;
/** An EV drawing within this of its offer (A) wants more: the cap is lifted. */
const SATURATED_A = 1;
/** Headroom above what a capped EV draws, A (DC: × 230 V × 3 in W). */
const HEADROOM_A = 1;

/** `value` rounded up to a multiple of `step`, without binary noise (7.3, not 7.300000000000001). */
function roundUp(value: number, step: number): number {
  const steps = Math.ceil(value / step - 1e-9);
  return Number((steps * step).toFixed(6));
}

/**
 * Updates an EV's demand from its latest meter reading and the setpoint it runs (`offered`, in the connector's
 * unit): a suspended EV is held at its minimum; an EV drawing at least {@link SHORTFALL_A} less than offered is
 * capped at what it draws plus {@link HEADROOM_A}; an EV drawing within {@link SATURATED_A} of its offer gets the
 * cap lifted (it wants more); in between the previous demand stands. The phases in use are counted on AC. Pure
 * and deterministic: the same readings give the same demand.
 */
export function followMeter(
  previous: EvDemand,
  reading: MeterReading,
  offered: number | undefined,
  basis: ConnectorBasis,
): EvDemand {
  const { sample } = reading;
  if (basis.current === "DC") {
    if (sample.powerW === undefined || offered === undefined) return previous;
    const unit = basis.voltage * 3;
    // a suspended EV keeps a minimal offer so it can resume
    if (reading.chargingState === "SuspendedEV") return { maxPower: roundUp(HEADROOM_A * unit, 100) };
    if (sample.powerW <= offered - SHORTFALL_A * unit) {
      return { maxPower: roundUp(sample.powerW + HEADROOM_A * unit, 100) };
    }
    if (sample.powerW >= offered - SATURATED_A * unit) return {};
    return previous;
  }
  const measured = measuredPhases(sample);
  let phases = previous.phases;
  let drawn: number;
  let drawing: boolean;
  if (measured !== undefined) {
    const used = measured.filter((a) => a > PHASE_IN_USE_A).length;
    if (used > 0) phases = Math.min(used, basis.phases) as PhaseCount;
    drawn = Math.max(...measured);
    drawing = used > 0;
  } else if (sample.powerW !== undefined) {
    // power alone: spread over the phases the EV is known to use (the phases in use cannot be told from it)
    drawn = sample.powerW / (basis.voltage * (phases ?? basis.phases));
    drawing = drawn > PHASE_IN_USE_A;
  } else return previous;
  const withPhases = (rest: EvDemand): EvDemand =>
    phases === undefined || phases === basis.phases ? rest : { ...rest, phases };
  const keep = (): EvDemand => withPhases(previous.maxCurrent === undefined ? {} : { maxCurrent: previous.maxCurrent });
  if (reading.chargingState === "SuspendedEV") return withPhases({ maxCurrent: basis.minCurrent });
  if (offered === undefined || !drawing) return keep();
  if (drawn <= offered - SHORTFALL_A) {
    return withPhases({ maxCurrent: Math.max(basis.minCurrent, roundUp(drawn + HEADROOM_A, 0.1)) });
  }
  if (drawn >= offered - SATURATED_A) return withPhases({});
  return keep();
}

/** The currents a sample measured on L1–L3 (a phase not reported counts as 0), or `undefined` when none. */
function measuredPhases(sample: MeterSample): number[] | undefined {
  const current = sample.currentA;
  if (current === undefined || Object.keys(current).length === 0) return undefined;
  return PHASES.map((p) => current[p] ?? 0);
}

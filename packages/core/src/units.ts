import { ChargekitError } from "./errors.js";

/**
 * Power in watts (W). Positive is import (drawn from the grid); negative is export (V2G) where a sign is meaningful.
 *
 * @category Units
 */
export type Watts = number;
/**
 * Current in amperes (A), per phase unless stated otherwise.
 *
 * @category Units
 */
export type Amperes = number;
/**
 * Energy in watt-hours (Wh).
 *
 * @category Units
 */
export type WattHours = number;
/**
 * Voltage in volts (V): phase-to-neutral for AC unless stated otherwise.
 *
 * @category Units
 */
export type Volts = number;

/**
 * The three AC phases of a grid connection.
 *
 * @category Units
 */
export const PHASES = ["L1", "L2", "L3"] as const;
/**
 * One AC phase: `"L1" | "L2" | "L3"`.
 *
 * @category Units
 */
export type Phase = (typeof PHASES)[number];

/**
 * A value per phase, e.g. the current drawn on each of L1, L2, L3.
 *
 * @category Units
 */
export type PerPhase<T = number> = Readonly<Record<Phase, T>>;

/**
 * Builds a {@link PerPhase} with the same value on every phase.
 *
 * @category Units
 */
export function perPhase<T>(value: T): PerPhase<T> {
  return { L1: value, L2: value, L3: value };
}

/**
 * How a connector's phases are wired to the grid, as OCPP's `ConnectorPhaseRotation` names it: the letters give,
 * in the connector's L1, L2, L3 order, the grid phase each is wired to (R = L1, S = L2, T = L3). `RST` is standard
 * wiring; `SRT` puts the EV's L1 on the grid's L2.
 *
 * @category Units
 */
export const PHASE_ROTATIONS = ["RST", "RTS", "SRT", "STR", "TRS", "TSR"] as const;
/**
 * One of {@link PHASE_ROTATIONS}.
 *
 * @category Units
 */
export type PhaseRotation = (typeof PHASE_ROTATIONS)[number];

const LETTER_TO_PHASE = { R: "L1", S: "L2", T: "L3" } as const;

/**
 * The grid phase that a connector phase is wired to under `rotation`.
 *
 * @example
 * ```ts
 * gridPhaseOf("SRT", "L1"); // "L2"
 * ```
 * @category Units
 */
export function gridPhaseOf(rotation: PhaseRotation, connectorPhase: Phase): Phase {
  const letter = rotation[PHASES.indexOf(connectorPhase)] as keyof typeof LETTER_TO_PHASE;
  return LETTER_TO_PHASE[letter];
}

/**
 * The grid phases loaded by an EV that charges on its first `phasesUsed` phases (a 1-phase EV uses its L1) through
 * a connector wired with `rotation`.
 *
 * @category Units
 */
export function gridPhasesUsed(rotation: PhaseRotation, phasesUsed: PhaseCount): readonly Phase[] {
  return PHASES.slice(0, phasesUsed).map((phase) => gridPhaseOf(rotation, phase));
}

/**
 * The number of AC phases an EV charges on (OCPP `numberPhases`).
 *
 * @category Units
 */
export type PhaseCount = 1 | 2 | 3;

/**
 * The nominal phase-to-neutral voltage OCPP uses to convert between A and W when a station reports none (230 V).
 *
 * @category Units
 */
export const DEFAULT_NOMINAL_VOLTAGE: Volts = 230;

/**
 * What a current ↔ power conversion needs: the number of phases carrying the current and the nominal
 * phase-to-neutral voltage (for DC: `phases: 1` and the DC voltage).
 *
 * @category Units
 */
export interface ElectricalBasis {
  /** Phases carrying the (per-phase) current. */
  readonly phases: PhaseCount;
  /** Phase-to-neutral voltage; defaults to {@link DEFAULT_NOMINAL_VOLTAGE}. */
  readonly voltage?: Volts;
}

function checkBasis(basis: ElectricalBasis): Volts {
  const voltage = basis.voltage ?? DEFAULT_NOMINAL_VOLTAGE;
  if (!(voltage > 0) || !Number.isFinite(voltage)) {
    throw new ChargekitError("INVALID_ARGUMENT", `voltage must be a positive finite number, got ${voltage}`);
  }
  if (basis.phases !== 1 && basis.phases !== 2 && basis.phases !== 3) {
    throw new ChargekitError("INVALID_ARGUMENT", `phases must be 1, 2 or 3, got ${String(basis.phases)}`);
  }
  return voltage;
}

/**
 * Total power of a per-phase current, the way OCPP converts charging limits: `P = U × I × phases`
 * (3 × 230 V × 16 A = 11,040 W, the same as √3 × 400 V × 16 A).
 *
 * @example
 * ```ts
 * powerFromCurrent(16, { phases: 3 }); // 11040
 * ```
 * @category Units
 */
export function powerFromCurrent(current: Amperes, basis: ElectricalBasis): Watts {
  return current * checkBasis(basis) * basis.phases;
}

/**
 * Per-phase current for a total power: the inverse of {@link powerFromCurrent}.
 *
 * @category Units
 */
export function currentFromPower(power: Watts, basis: ElectricalBasis): Amperes {
  return power / (checkBasis(basis) * basis.phases);
}

const MS_PER_HOUR = 3_600_000;

/**
 * Energy delivered by a constant power over `durationMs` milliseconds.
 *
 * @category Units
 */
export function energyFromPower(power: Watts, durationMs: number): WattHours {
  return (power * durationMs) / MS_PER_HOUR;
}

/**
 * Constant power that delivers `energy` in `durationMs` milliseconds.
 *
 * @category Units
 */
export function powerFromEnergy(energy: WattHours, durationMs: number): Watts {
  if (!(durationMs > 0)) throw new ChargekitError("INVALID_ARGUMENT", `duration must be positive, got ${durationMs}`);
  return (energy * MS_PER_HOUR) / durationMs;
}

/**
 * kWh to Wh.
 *
 * @category Units
 */
export function kWhToWh(kWh: number): WattHours {
  return kWh * 1000;
}

/**
 * Wh to kWh.
 *
 * @category Units
 */
export function whToKWh(wh: WattHours): number {
  return wh / 1000;
}

function decimalsOf(step: number): number {
  const [mantissa = "", exponent] = step.toExponential().split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

function checkStep(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) {
    throw new ChargekitError("INVALID_ARGUMENT", `step must be a positive finite number, got ${step}`);
  }
  return decimalsOf(step);
}

/**
 * The largest multiple of `step` that is ≤ `value`, written exactly in the step's decimals (so
 * `floorToStep(0.3, 0.1)` is `0.3`, not `0.2` or `0.30000000000000004`). Never exceeds `value`, which is what a
 * limit needs.
 *
 * @category Units
 */
export function floorToStep(value: number, step: number): number {
  const decimals = checkStep(step);
  let k = Math.round(value / step);
  let candidate = Number((k * step).toFixed(decimals));
  while (candidate > value) {
    k -= 1;
    candidate = Number((k * step).toFixed(decimals));
  }
  return candidate === 0 ? 0 : candidate;
}

/**
 * The multiple of `step` nearest to `value` (halves away from zero), written exactly in the step's decimals.
 *
 * @category Units
 */
export function roundToStep(value: number, step: number): number {
  const decimals = checkStep(step);
  const k = Math.sign(value) * Math.round(Math.abs(value) / step + 1e-9);
  const rounded = Number((k * step).toFixed(decimals));
  return rounded === 0 ? 0 : rounded;
}

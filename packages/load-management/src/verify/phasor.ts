// The verifier's own phasor arithmetic (no code shared with the solver): unity power factor, positive sequence
// (L1 at 0°, L2 at −120°, L3 at +120°), line-to-line loads at the angle of the voltage between their two lines.
import { PHASOR_LIMIT_USE } from "../model/site.js";
import type { VConstraint, VSession } from "./view.js";

type PhaseName = "L1" | "L2" | "L3";
/** A phasor as [x, y]. */
export type Vec = readonly [number, number];

const DEGREES: Readonly<Record<PhaseName, number>> = { L1: 0, L2: -120, L3: 120 };

function unit(phase: PhaseName): Vec {
  const r = (DEGREES[phase] * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

/**
 * The current phasor each grid line carries per unit of setpoint: `perPhase` A at the phase's angle on each phase
 * (line-to-neutral, DC), or for a line-to-line load between `phases[0]` and `phases[1]`, `perPhase` A at the angle
 * of `V0 − V1` on the first line and the opposite on the second.
 */
export function linePhasors(phases: readonly PhaseName[], perPhase: number, lineToLine: boolean): Map<PhaseName, Vec> {
  const out = new Map<PhaseName, Vec>();
  if (lineToLine) {
    const [a, b] = [unit(phases[0] ?? "L1"), unit(phases[1] ?? "L2")];
    const d: Vec = [a[0] - b[0], a[1] - b[1]];
    const size = Math.hypot(d[0], d[1]);
    out.set(phases[0] ?? "L1", [(perPhase * d[0]) / size, (perPhase * d[1]) / size]);
    out.set(phases[1] ?? "L2", [(-perPhase * d[0]) / size, (-perPhase * d[1]) / size]);
    return out;
  }
  for (const p of phases) {
    const u = unit(p);
    out.set(p, [perPhase * u[0], perPhase * u[1]]);
  }
  return out;
}

/** A limited phasor line: which secondary lines make it up, with which weights. */
export interface VPhasorLine {
  /** Weight per secondary line (1 for the line itself; `±1/n` for a transformer primary line). */
  readonly weights: ReadonlyMap<PhaseName, number>;
  /** The base load's phasor on the line. */
  base: [number, number];
}

/** The phasor a set of secondary line phasors gives on the line. */
export function onLine(line: VPhasorLine, perLine: ReadonlyMap<PhaseName, Vec>): Vec {
  let x = 0;
  let y = 0;
  for (const [phase, w] of line.weights) {
    const v = perLine.get(phase);
    if (v === undefined) continue;
    x += w * v[0];
    y += w * v[1];
  }
  return [x, y];
}

/** Adds a base load (A per phase, line-to-neutral) to the line's base phasor. */
export function addBase(line: VPhasorLine, amps: readonly number[]): void {
  const phases: PhaseName[] = ["L1", "L2", "L3"];
  const v = onLine(
    line,
    new Map(
      phases.map((p, k) => {
        const u = unit(p);
        return [p, [(amps[k] ?? 0) * u[0], (amps[k] ?? 0) * u[1]] as Vec];
      }),
    ),
  );
  line.base[0] += v[0];
  line.base[1] += v[1];
}

type MagnitudeOf = (s: VSession) => number;
const own: MagnitudeOf = (s) => s.magnitude;

function scaled(c: VConstraint, magnitudeOf: MagnitudeOf): Vec[] {
  const out: Vec[] = [];
  for (const m of c.members) {
    const x = magnitudeOf(m.s);
    if (x > 0 && m.vec !== undefined) out.push([m.vec[0] * x, m.vec[1] * x]);
  }
  return out;
}

/** The exact magnitude of the line's current: |base + Σ phasor × setpoint|. */
export function exactLoad(c: VConstraint, magnitudeOf: MagnitudeOf = own): number {
  const line = c.phasor as VPhasorLine;
  let x = line.base[0];
  let y = line.base[1];
  for (const v of scaled(c, magnitudeOf)) {
    x += v[0];
    y += v[1];
  }
  return Math.hypot(x, y);
}

/**
 * The line's load counted with free disposal: the largest magnitude `|base + Σ_S phasor × setpoint|` over every
 * subset S of the loads (what lowering some of them could reach). The best subsets are half-planes — the loads with
 * a positive component along some direction — which change only where a direction is perpendicular to a load, so
 * one direction per arc between those angles covers them all.
 */
export function disposableLoad(c: VConstraint, magnitudeOf: MagnitudeOf = own): number {
  const line = c.phasor as VPhasorLine;
  const vs = scaled(c, magnitudeOf);
  if (vs.length === 0) return Math.hypot(line.base[0], line.base[1]);
  const turn = 2 * Math.PI;
  const cuts: number[] = [];
  for (const v of vs) {
    const a = Math.atan2(v[1], v[0]);
    for (const cut of [a + Math.PI / 2, a - Math.PI / 2]) cuts.push(((cut % turn) + turn) % turn);
  }
  cuts.sort((a, b) => a - b);
  let best = 0;
  for (let k = 0; k < cuts.length; k++) {
    const from = cuts[k] as number;
    const to = k + 1 < cuts.length ? (cuts[k + 1] as number) : (cuts[0] as number) + turn;
    if (!(to - from > 1e-12)) continue;
    const mid = (from + to) / 2;
    const u: Vec = [Math.cos(mid), Math.sin(mid)];
    let x = line.base[0];
    let y = line.base[1];
    for (const v of vs) {
      if (u[0] * v[0] + u[1] * v[1] > 0) {
        x += v[0];
        y += v[1];
      }
    }
    best = Math.max(best, Math.hypot(x, y));
  }
  return best;
}

/**
 * Whether the line clearly has room for the given setpoints: their load with free disposal is within the share of
 * the limit the solver promises to use ({@link PHASOR_LIMIT_USE}), by more than float noise.
 */
export function phasorRoom(c: VConstraint, magnitudeOf: MagnitudeOf): boolean {
  const limit = PHASOR_LIMIT_USE * c.cap;
  return disposableLoad(c, magnitudeOf) <= limit - 1e-9 * Math.max(1, limit);
}

import { ChargekitError } from "@chargekit/core";
import type { SiteNode } from "../model/site.js";
import { phaseValue } from "./effective-limits.js";
import type { ConnectorInfo, Loading, Topology } from "./topology.js";

/**
 * Directions of the polygon that stands for a phasor limit. A line's current is `z = b + Σ vᵢ pᵢ` (base load b,
 * setpoints vᵢ ≥ 0, fixed unit phasors pᵢ). For a unit direction u, `u·b + Σ max(0, u·pᵢ) vᵢ ≥ u·z'` for every z'
 * reached by lowering any of the vᵢ, so the rows `u_k·b + Σ max(0, u_k·pᵢ) vᵢ ≤ L cos δ_k` over directions u_k whose
 * arcs (half-width π/K) cover every reachable z, δ_k the widest angle between u_k and a reachable z in its arc, keep
 * `|z'| ≤ L` for all of them (free disposal) with non-negative coefficients. They give up at most `1 − cos(π/K)`
 * (0.86 % at 24) of the largest down-closed set the exact limit allows.
 */
export const PHASOR_DIRECTIONS = 24;

const HALF_ARC = Math.PI / PHASOR_DIRECTIONS;
const DIR_X = Float64Array.from({ length: PHASOR_DIRECTIONS }, (_, k) =>
  Math.cos((2 * Math.PI * k) / PHASOR_DIRECTIONS),
);
const DIR_Y = Float64Array.from({ length: PHASOR_DIRECTIONS }, (_, k) =>
  Math.sin((2 * Math.PI * k) / PHASOR_DIRECTIONS),
);
/** Unit phasors of the grid phases L1..L3 (positive sequence: L2 lags L1 by 120°). */
const PHASE_X = [1, Math.cos((-2 * Math.PI) / 3), Math.cos((2 * Math.PI) / 3)] as const;
const PHASE_Y = [0, Math.sin((-2 * Math.PI) / 3), Math.sin((2 * Math.PI) / 3)] as const;
/** Coefficients below this are zero (cos 90° in floating point). */
const ZERO = 1e-12;

/** One limited phasor line of a node: a secondary line (the node's own phase current) or a transformer primary line. */
export interface PhasorLine {
  readonly node: number;
  /** Phase index 0..2 (the secondary line, or the primary line of that letter). */
  readonly phase: number;
  readonly primary: boolean;
  /** Real weights of the node's secondary line phasors L1..L3 that make up this line's current. */
  readonly weights: readonly [number, number, number];
  /** The primary line's limit in A (NaN for a secondary line: its limit is the node's effective phase limit). */
  readonly primaryCap: number;
  /** The directions kept (indexes into the K evenly spaced ones) and each one's cap factor cos δ. */
  readonly directions: Int32Array;
  readonly factor: Float64Array;
}

/** The phasor lines of a site, node by node (id order), and per node whether its own phase rows are phasor. */
export interface PhasorLayout {
  readonly lines: readonly PhasorLine[];
  /** 1 for nodes whose phase-current limits are phasor magnitudes (no arithmetic phase rows). */
  readonly phasorNode: Uint8Array;
  /** 1 for nodes with phasor lines (their own or a transformer's). */
  readonly hasLines: Uint8Array;
}

const layoutCache = new WeakMap<Topology, PhasorLayout | null>();

/** The site's phasor lines, worked out once per topology; undefined when no node uses phasor limits. */
export function phasorLayout(topology: Topology): PhasorLayout | undefined {
  const cached = layoutCache.get(topology);
  if (cached !== undefined) return cached ?? undefined;
  const layout = computeLayout(topology);
  layoutCache.set(topology, layout ?? null);
  return layout;
}

function computeLayout(topology: Topology): PhasorLayout | undefined {
  const { nodes, parent } = topology;
  const n = nodes.length;
  const phasorNode = new Uint8Array(n);
  const hasLines = new Uint8Array(n);
  let any = false;
  nodes.forEach((node, i) => {
    if (node.currentModel === "phasor") phasorNode[i] = 1;
    if (node.currentModel === "phasor" || node.transformer !== undefined) {
      hasLines[i] = 1;
      any = true;
    }
  });
  if (!any) return undefined;
  // what can load each node's lines: the phasors of every loading of every connector below, and the base loads
  const loads: number[][] = Array.from({ length: n }, () => []);
  const baseBelow = new Uint8Array(n);
  nodes.forEach((node, i) => {
    if (node.baseLoad === undefined && !(node.changes ?? []).some((c) => c.baseLoad !== undefined)) return;
    for (let at = i; at !== -1; at = parent[at] as number) baseBelow[at] = 1;
  });
  for (const info of topology.connectorList) {
    for (let at = info.node; at !== -1; at = parent[at] as number) {
      if (hasLines[at] !== 1) continue;
      if (info.spec.discharge !== undefined) {
        throw new ChargekitError(
          "INVALID_ARGUMENT",
          `connector "${info.spec.id}" can discharge below node "${topology.nodeIds[at]}", whose limits are phasor magnitudes`,
          { details: { connector: info.spec.id, node: topology.nodeIds[at] } },
        );
      }
      for (const loading of info.loadings)
        if (loading !== undefined) loads[at]?.push(...secondaryPhasors(info, loading));
    }
  }
  const lines: PhasorLine[] = [];
  nodes.forEach((node, i) => {
    if (hasLines[i] !== 1) return;
    const generators = loads[i] as number[];
    if (baseBelow[i] === 1) for (let p = 0; p < 3; p++) generators.push(...unitBase(p));
    const add = (phase: number, primary: boolean, weights: [number, number, number], primaryCap: number) => {
      const angles: number[] = [];
      for (let g = 0; g < generators.length; g += 6) {
        let x = 0;
        let y = 0;
        for (let l = 0; l < 3; l++) {
          x += (weights[l] as number) * (generators[g + 2 * l] as number);
          y += (weights[l] as number) * (generators[g + 2 * l + 1] as number);
        }
        if (Math.hypot(x, y) > ZERO) angles.push(Math.atan2(y, x));
      }
      const kept = directionsFor(angles);
      lines.push({
        node: i,
        phase,
        primary,
        weights,
        primaryCap,
        directions: Int32Array.from(kept, (d) => d.k),
        factor: Float64Array.from(kept, (d) => d.factor),
      });
    };
    if (node.currentModel === "phasor") for (let p = 0; p < 3; p++) add(p, false, unitWeights(p), Number.NaN);
    const transformer = node.transformer;
    if (transformer !== undefined) {
      for (let p = 0; p < 3; p++) {
        const cap = phaseValue(transformer.primaryCurrent, p, Number.POSITIVE_INFINITY);
        if (cap < Number.POSITIVE_INFINITY) add(p, true, primaryWeights(transformer, p), cap);
      }
    }
  });
  return { lines, phasorNode, hasLines };
}

function unitWeights(p: number): [number, number, number] {
  return [p === 0 ? 1 : 0, p === 1 ? 1 : 0, p === 2 ? 1 : 0];
}

/** The secondary lines making up primary line `p`: `(I_p − I_other) / n`, the other line set by the vector group. */
function primaryWeights(transformer: NonNullable<SiteNode["transformer"]>, p: number): [number, number, number] {
  const other = transformer.vectorGroup === "Dyn11" ? (p + 2) % 3 : (p + 1) % 3;
  const w: [number, number, number] = [0, 0, 0];
  w[p] = 1 / transformer.turnsRatio;
  w[other] = -1 / transformer.turnsRatio;
  return w;
}

/** A base load of 1 A on phase p as secondary line phasors (x, y on L1..L3). */
function unitBase(p: number): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  out[2 * p] = PHASE_X[p as 0 | 1 | 2];
  out[2 * p + 1] = PHASE_Y[p as 0 | 1 | 2];
  return out;
}

const phasorCache = new WeakMap<Loading, Float64Array>();

/**
 * The secondary line-current phasors of one unit of setpoint (x, y on L1..L3): a line-to-neutral or DC load on each
 * of its phases at that phase's angle, a line-to-line load between p and q at the angle of `Vp − Vq` on p and
 * opposite on q (unity power factor).
 */
export function secondaryPhasors(info: ConnectorInfo, loading: Loading): Float64Array {
  const cached = phasorCache.get(loading);
  if (cached !== undefined) return cached;
  const out = new Float64Array(6);
  const a = loading.phaseCoef;
  if (info.spec.kind === "AC" && info.spec.wiring === "line-to-line") {
    const p = loading.phases[0] as 0 | 1 | 2;
    const q = loading.phases[1] as 0 | 1 | 2;
    const dx = PHASE_X[p] - PHASE_X[q];
    const dy = PHASE_Y[p] - PHASE_Y[q];
    const norm = Math.hypot(dx, dy);
    out[2 * p] = (a * dx) / norm;
    out[2 * p + 1] = (a * dy) / norm;
    out[2 * q] = (-a * dx) / norm;
    out[2 * q + 1] = (-a * dy) / norm;
  } else {
    for (const p of loading.phases) {
      out[2 * p] = a * PHASE_X[p as 0 | 1 | 2];
      out[2 * p + 1] = a * PHASE_Y[p as 0 | 1 | 2];
    }
  }
  phasorCache.set(loading, out);
  return out;
}

/**
 * The directions whose arcs meet the cone spanned by the given angles, each with its cap factor: cos of the widest
 * angle between the direction and a point of the cone inside its arc (1 when the cone is a ray on the direction).
 */
function directionsFor(angles: readonly number[]): { k: number; factor: number }[] {
  if (angles.length === 0) return [];
  const sorted = angles.map((t) => (t < 0 ? t + 2 * Math.PI : t)).sort((a, b) => a - b);
  // the cone is the circle minus its widest gap between neighbouring generators, when that gap exceeds π
  let gap = 0;
  let after = 0;
  for (let g = 0; g < sorted.length; g++) {
    const here = sorted[g] as number;
    const next = g + 1 < sorted.length ? (sorted[g + 1] as number) : (sorted[0] as number) + 2 * Math.PI;
    if (next - here > gap) {
      gap = next - here;
      after = (g + 1) % sorted.length;
    }
  }
  const out: { k: number; factor: number }[] = [];
  const whole = !(gap > Math.PI + ZERO);
  const start = sorted[after] as number;
  const width = 2 * Math.PI - gap;
  for (let k = 0; k < PHASOR_DIRECTIONS; k++) {
    if (whole) {
      out.push({ k, factor: Math.cos(HALF_ARC) });
      continue;
    }
    const phi = (2 * Math.PI * k) / PHASOR_DIRECTIONS;
    let best = Number.NaN;
    for (const shift of [-2 * Math.PI, 0, 2 * Math.PI]) {
      const t = phi - start + shift;
      const lo = Math.max(0, t - HALF_ARC);
      const hi = Math.min(width, t + HALF_ARC);
      if (lo > hi + ZERO) continue;
      const delta = Math.max(Math.abs(lo - t), Math.abs(hi - t));
      if (!(delta >= best)) best = delta;
    }
    if (!Number.isNaN(best)) out.push({ k, factor: Math.cos(Math.min(best, HALF_ARC)) });
  }
  return out;
}

/** The unit vector of direction k. */
export function directionOf(k: number): readonly [number, number] {
  return [DIR_X[k] as number, DIR_Y[k] as number];
}

/**
 * Per phasor line, its base load (A per phase, node × 3) summed over the line's subtree as a phasor (x, y), into
 * `out` (2 per line).
 */
export function lineBases(topology: Topology, layout: PhasorLayout, base: Float64Array, out: Float64Array): void {
  out.fill(0);
  const n = topology.nodes.length;
  const { parent } = topology;
  const lineStart = lineStartOf(layout, n);
  for (let node = 0; node < n; node++) {
    const b0 = base[node * 3] as number;
    const b1 = base[node * 3 + 1] as number;
    const b2 = base[node * 3 + 2] as number;
    if (b0 === 0 && b1 === 0 && b2 === 0) continue;
    const x = [b0 * PHASE_X[0], b1 * PHASE_X[1], b2 * PHASE_X[2]];
    const y = [b0 * PHASE_Y[0], b1 * PHASE_Y[1], b2 * PHASE_Y[2]];
    for (let at = node; at !== -1; at = parent[at] as number) {
      for (let l = lineStart[at] as number; l < (lineStart[at + 1] as number); l++) {
        const w = (layout.lines[l] as PhasorLine).weights;
        out[2 * l] =
          (out[2 * l] as number) + w[0] * (x[0] as number) + w[1] * (x[1] as number) + w[2] * (x[2] as number);
        out[2 * l + 1] =
          (out[2 * l + 1] as number) + w[0] * (y[0] as number) + w[1] * (y[1] as number) + w[2] * (y[2] as number);
      }
    }
  }
}

const lineStartCache = new WeakMap<PhasorLayout, Int32Array>();

/** Per node, the index of its first phasor line (n + 1 entries: lines are node by node). */
export function lineStartOf(layout: PhasorLayout, n: number): Int32Array {
  const cached = lineStartCache.get(layout);
  if (cached !== undefined) return cached;
  const start = new Int32Array(n + 1);
  for (const line of layout.lines) start[line.node + 1] = (start[line.node + 1] as number) + 1;
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  lineStartCache.set(layout, start);
  return start;
}

/**
 * The magnitude of each phasor line's current (layout order) for the given import setpoints: base loads and charging
 * sessions below the line's node, summed as phasors.
 */
export function lineMagnitudes(
  topology: Topology,
  layout: PhasorLayout,
  base: Float64Array,
  value: Float64Array,
  loading: readonly (Loading | undefined)[],
): Float64Array {
  const n = topology.nodes.length;
  // per node, its own share as secondary line phasors (x, y on L1..L3), then summed up the tree
  const sum = new Float64Array(n * 6);
  for (let node = 0; node < n; node++) {
    for (let p = 0; p < 3; p++) {
      const amps = base[node * 3 + p] as number;
      sum[node * 6 + 2 * p] = amps * PHASE_X[p as 0 | 1 | 2];
      sum[node * 6 + 2 * p + 1] = amps * PHASE_Y[p as 0 | 1 | 2];
    }
  }
  topology.connectorList.forEach((info, c) => {
    const x = value[c] as number;
    const l = loading[c];
    if (!(x > 0) || l === undefined) return;
    const g = secondaryPhasors(info, l);
    for (let k = 0; k < 6; k++) sum[info.node * 6 + k] = (sum[info.node * 6 + k] as number) + x * (g[k] as number);
  });
  const { topDown, parent } = topology;
  for (let k = topDown.length - 1; k >= 0; k--) {
    const node = topDown[k] as number;
    const up = parent[node] as number;
    if (up === -1) continue;
    for (let q = 0; q < 6; q++) sum[up * 6 + q] = (sum[up * 6 + q] as number) + (sum[node * 6 + q] as number);
  }
  return Float64Array.from(layout.lines, (line) => {
    let x = 0;
    let y = 0;
    for (let l = 0; l < 3; l++) {
      x += (line.weights[l] as number) * (sum[line.node * 6 + 2 * l] as number);
      y += (line.weights[l] as number) * (sum[line.node * 6 + 2 * l + 1] as number);
    }
    return Math.hypot(x, y);
  });
}

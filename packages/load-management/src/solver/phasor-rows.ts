// The rows that stand for phasor limits in an instance (see PHASOR_DIRECTIONS in phasor.ts for why they are safe).
import { rowTolerance } from "./instance.js";
import { directionOf, lineBases, type PhasorLayout, type PhasorLine, secondaryPhasors } from "./phasor.js";
import type { ConnectorInfo, Loading, Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/** Rows that stand for phasor limits: one per phasor line and kept direction, node by node. */
export interface PhasorRows {
  readonly layout: PhasorLayout;
  /** Index of the first phasor row. */
  readonly first: number;
  /** Per phasor row (from `first`): its line (index into the layout) and direction. */
  readonly line: Int32Array;
  readonly direction: Int32Array;
  /** Per node, its phasor rows: `[nodeStart[node], nodeStart[node + 1])`, absolute row indexes. */
  readonly nodeStart: Int32Array;
}

/**
 * Appends the phasor rows of one direction's layout after the `nodes`/`kinds` rows already there: for every phasor
 * line whose limit is finite, one row per kept direction (kind = the line's phase, for `limitedBy`).
 */
export function layoutPhasorRows(
  phasor: PhasorLayout,
  caps: Float64Array,
  n: number,
  nodes: number[],
  kinds: number[],
): PhasorRows {
  const first = nodes.length;
  const lines: number[] = [];
  const directions: number[] = [];
  const nodeStart = new Int32Array(n + 1);
  phasor.lines.forEach((line, l) => {
    const cap = line.primary ? line.primaryCap : (caps[line.node * 4 + line.phase] as number);
    if (!(cap < Number.POSITIVE_INFINITY)) return;
    for (const k of line.directions) {
      nodes.push(line.node);
      kinds.push(line.phase);
      lines.push(l);
      directions.push(k);
      nodeStart[line.node + 1] = (nodeStart[line.node + 1] as number) + 1;
    }
  });
  nodeStart[0] = first;
  for (let i = 0; i < n; i++) nodeStart[i + 1] = (nodeStart[i + 1] as number) + (nodeStart[i] as number);
  return { layout: phasor, first, line: Int32Array.from(lines), direction: Int32Array.from(directions), nodeStart };
}

/**
 * The entries of a connector's item on the phasor rows above it: `max(0, u·p)` per row, p the item's phasor on the
 * row's line. Writes them from `at` when `row` is given; returns how many there are.
 */
export function phasorEntries(
  topology: Topology,
  phasor: PhasorRows,
  c: number,
  loading: Loading,
  row: Int32Array | undefined,
  coef: Float64Array | undefined,
  at: number,
): number {
  const info = topology.connectorList[c] as ConnectorInfo;
  const g = secondaryPhasors(info, loading);
  const { nodeStart, first, line, direction, layout } = phasor;
  let count = 0;
  for (let node = info.node; node !== -1; node = topology.parent[node] as number) {
    const stop = nodeStart[node + 1] as number;
    for (let j = nodeStart[node] as number; j < stop; j++) {
      const w = (layout.lines[line[j - first] as number] as PhasorLine).weights;
      const x = w[0] * (g[0] as number) + w[1] * (g[2] as number) + w[2] * (g[4] as number);
      const y = w[0] * (g[1] as number) + w[1] * (g[3] as number) + w[2] * (g[5] as number);
      const [ux, uy] = directionOf(direction[j - first] as number);
      const a = ux * x + uy * y;
      if (!(a > 1e-12)) continue;
      if (row !== undefined && coef !== undefined) {
        row[at + count] = j;
        coef[at + count] = a;
      }
      count++;
    }
  }
  return count;
}

/**
 * Caps and base loads of the phasor rows: the line's limit × the direction's factor, and the line's base-load phasor
 * projected on the direction.
 */
export function phasorCapsAndBases(
  topology: Topology,
  phasor: PhasorRows,
  caps: Float64Array,
  perNode: Float64Array,
  cap: Float64Array,
  tolerance: Float64Array,
  base: Float64Array,
  workspace: Workspace,
): void {
  const { layout, first, line, direction } = phasor;
  const bases = workspace.f64("phasor.bases", 2 * layout.lines.length);
  lineBases(topology, layout, perNode, bases);
  for (let j = first; j < cap.length; j++) {
    const l = line[j - first] as number;
    const spec = layout.lines[l] as PhasorLine;
    const k = direction[j - first] as number;
    const limit = spec.primary ? spec.primaryCap : (caps[spec.node * 4 + spec.phase] as number);
    const factor = spec.factor[spec.directions.indexOf(k)] as number;
    const [ux, uy] = directionOf(k);
    cap[j] = limit * factor;
    tolerance[j] = rowTolerance(cap[j] as number);
    base[j] = ux * (bases[2 * l] as number) + uy * (bases[2 * l + 1] as number);
  }
}

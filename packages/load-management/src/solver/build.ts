import { admissionOrder, orderStateOf } from "./admission-order.js";
import type { EffectiveLimits } from "./effective-limits.js";
import { type Instance, rowTolerance } from "./instance.js";
import { matrixOf } from "./matrix.js";
import { type PhasorLayout, phasorLayout } from "./phasor.js";
import { layoutPhasorRows, type PhasorRows, phasorCapsAndBases } from "./phasor-rows.js";
import type { SessionTable } from "./present.js";
import type { Grid } from "./quantizer.js";
import type { Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/** Rows of one direction: which node and which limit (0..2 phase current, 3 total power) each row is. */
export interface Rows {
  readonly rowNode: Int32Array;
  readonly rowKind: Uint8Array;
  /** Row index per node × kind (node * 4 + kind), −1 when that limit is unlimited. */
  readonly rowOf: Int32Array;
  /** Per node × kind: how many rows of that kind the node and its ancestors have. */
  readonly rowsAbove: Int32Array;
  /** The rows of phasor limits, after all the others (import only; undefined when the site has none). */
  readonly phasor?: PhasorRows;
}

/** An instance plus the connector behind each item (item order) and its rows. */
export interface Built {
  readonly inst: Instance;
  /** Connector index per item. */
  readonly items: Int32Array;
  readonly rows: Rows;
}

const rowCache = new WeakMap<Topology, { finite: Uint8Array; rows: Rows; phasor: PhasorLayout | undefined }[]>();

/**
 * The rows of one direction: every finite limit, node by node (id order), phases then power; for import, the rows of
 * phasor limits after them (the phase limits of a phasor node are only there). Which limits are finite rarely
 * changes between rounds, so the last few layouts are kept per prepared site.
 */
export function buildRows(topology: Topology, caps: Float64Array, direction: "import" | "export" = "import"): Rows {
  const phasor = direction === "import" ? phasorLayout(topology) : undefined;
  const finite = new Uint8Array(caps.length);
  for (let k = 0; k < caps.length; k++) finite[k] = (caps[k] as number) < Number.POSITIVE_INFINITY ? 1 : 0;
  const cached = rowCache.get(topology) ?? [];
  for (const entry of cached) if (entry.phasor === phasor && sameBytes(entry.finite, finite)) return entry.rows;
  const rows = layoutRows(topology, caps, phasor);
  cached.unshift({ finite, rows, phasor });
  if (cached.length > 4) cached.pop();
  rowCache.set(topology, cached);
  return rows;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function layoutRows(topology: Topology, caps: Float64Array, phasor: PhasorLayout | undefined): Rows {
  const n = topology.nodes.length;
  const rowOf = new Int32Array(n * 4).fill(-1);
  const nodes: number[] = [];
  const kinds: number[] = [];
  for (let node = 0; node < n; node++) {
    for (let kind = 0; kind < 4; kind++) {
      if (kind < 3 && phasor?.phasorNode[node] === 1) continue;
      if (Number.isFinite(caps[node * 4 + kind] ?? Number.POSITIVE_INFINITY)) {
        rowOf[node * 4 + kind] = nodes.length;
        nodes.push(node);
        kinds.push(kind);
      }
    }
  }
  const rowsAbove = new Int32Array(n * 4);
  for (const node of topology.topDown) {
    const up = topology.parent[node] as number;
    for (let kind = 0; kind < 4; kind++) {
      rowsAbove[node * 4 + kind] =
        ((rowOf[node * 4 + kind] as number) >= 0 ? 1 : 0) + (up === -1 ? 0 : (rowsAbove[up * 4 + kind] as number));
    }
  }
  if (phasor === undefined)
    return { rowNode: Int32Array.from(nodes), rowKind: Uint8Array.from(kinds), rowOf, rowsAbove };
  const phasorRows = layoutPhasorRows(phasor, caps, n, nodes, kinds);
  return { rowNode: Int32Array.from(nodes), rowKind: Uint8Array.from(kinds), rowOf, rowsAbove, phasor: phasorRows };
}

/**
 * Builds the instance of one direction in the workspace. Import rows carry the base load of their subtree (and, with
 * netting, minus the discharge below them: `credit` per node × 4, A on L1..L3 then W); export rows carry none.
 */
export function buildInstance(
  topology: Topology,
  limits: EffectiveLimits,
  table: SessionTable,
  direction: "import" | "export",
  workspace: Workspace,
  credit?: Float64Array,
): Built {
  const tag = direction === "import" ? "import" : "export";
  const caps = direction === "import" ? limits.importCap : limits.exportCap;
  const rows = buildRows(topology, caps, direction);
  const { rowNode, rowKind, rowOf, phasor } = rows;
  const m = rowNode.length;
  const cap = workspace.f64(`${tag}.cap`, m);
  const tolerance = workspace.f64(`${tag}.tolerance`, m);
  const plain = phasor === undefined ? m : phasor.first;
  for (let j = 0; j < plain; j++) {
    const c = caps[(rowNode[j] as number) * 4 + (rowKind[j] as number)] as number;
    cap[j] = c;
    tolerance[j] = rowTolerance(c);
  }
  const base = workspace.f64(`${tag}.base`, m, true);
  if (direction === "import") addSubtreeLoads(topology, rowOf, limits.base, base, credit);
  if (phasor !== undefined) phasorCapsAndBases(topology, phasor, caps, limits.base, cap, tolerance, base, workspace);

  const items = admissionOrder(table, direction === "export" ? 1 : 0, workspace, tag);
  const n = items.length;
  const lo = workspace.f64(`${tag}.lo`, n);
  const hi = workspace.f64(`${tag}.hi`, n);
  const rate = workspace.f64(`${tag}.rate`, n);
  const cls = workspace.i32(`${tag}.cls`, n);
  const previous = workspace.f64(`${tag}.previous`, n);
  const hysteresis = workspace.f64(`${tag}.hysteresis`, n);
  const grid = workspace.list<Grid>(`${tag}.grid`, n) as Grid[];
  const { scale, weight } = table;
  let klass = -1;
  // the last item's priority and policy key (a new class starts where either changes)
  let lastPriority = 0;
  let lastKey = 0;
  for (let i = 0; i < n; i++) {
    const c = items[i] as number;
    const p = table.priority[c] as number;
    const key = table.orderKey[c] as number;
    if (i === 0 || lastPriority !== p || !(lastKey === key)) klass++;
    lastPriority = p;
    lastKey = key;
    cls[i] = klass;
    lo[i] = table.lo[c] as number;
    hi[i] = table.hi[c] as number;
    rate[i] = (weight[c] as number) * (scale[c] as number);
    previous[i] = table.previous[c] as number;
    hysteresis[i] = table.hysteresis[c] as number;
    grid[i] = table.grid[c] as Grid;
  }
  const inst: Instance = {
    n,
    lo,
    hi,
    rate,
    cls,
    grid,
    previous,
    hysteresis,
    m,
    cap,
    tolerance,
    base,
    ...matrixOf(topology, rows, table, items, workspace, tag, orderStateOf(workspace, tag)),
  };
  return { inst, items, rows };
}

/**
 * Adds each node's base load (A per phase) to the rows of the node and all its ancestors: phase rows in A, power
 * rows in W at the node's own voltage. `credit` (per node × 4: A on L1..L3, then W) is discharge attached at the
 * node, subtracted when netting is on.
 */
function addSubtreeLoads(
  topology: Topology,
  rowOf: Int32Array,
  perNode: Float64Array,
  base: Float64Array,
  credit: Float64Array | undefined,
): void {
  const n = topology.nodes.length;
  for (let node = 0; node < n; node++) {
    const v = topology.nodeVoltage[node] as number;
    const credited = -(credit?.[node * 4 + 3] ?? 0);
    let power = credited;
    // per phase (three locals rather than an array per node)
    const own1 = perNode[node * 3] as number;
    const own2 = perNode[node * 3 + 1] as number;
    const own3 = perNode[node * 3 + 2] as number;
    const amps1 = own1 - (credit?.[node * 4] ?? 0);
    power += own1 * v;
    const amps2 = own2 - (credit?.[node * 4 + 1] ?? 0);
    power += own2 * v;
    const amps3 = own3 - (credit?.[node * 4 + 2] ?? 0);
    power += own3 * v;
    const any = credited !== 0 || amps1 !== 0 || own1 !== 0 || amps2 !== 0 || own2 !== 0 || amps3 !== 0 || own3 !== 0;
    if (!any) continue;
    for (let at = node; at !== -1; at = topology.parent[at] ?? -1) {
      const j1 = rowOf[at * 4] as number;
      if (j1 >= 0) base[j1] = (base[j1] as number) + amps1;
      const j2 = rowOf[at * 4 + 1] as number;
      if (j2 >= 0) base[j2] = (base[j2] as number) + amps2;
      const j3 = rowOf[at * 4 + 2] as number;
      if (j3 >= 0) base[j3] = (base[j3] as number) + amps3;
      const j = rowOf[at * 4 + 3] as number;
      if (j >= 0) base[j] = (base[j] as number) + power;
    }
  }
}

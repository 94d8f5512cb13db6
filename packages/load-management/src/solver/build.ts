import type { EffectiveLimits } from "./effective-limits.js";
import { type Instance, transpose } from "./instance.js";
import type { SessionTable } from "./present.js";
import type { Grid } from "./quantizer.js";
import type { Topology } from "./topology.js";

/** Rows of one direction: which node and which limit (0..2 phase current, 3 total power) each row is. */
export interface Rows {
  readonly rowNode: Int32Array;
  readonly rowKind: Uint8Array;
  /** Row index per node × kind (node * 4 + kind), −1 when that limit is unlimited. */
  readonly rowOf: Int32Array;
  /** Per node × kind: how many rows of that kind the node and its ancestors have. */
  readonly rowsAbove: Int32Array;
}

/** An instance plus the connector behind each item (item order) and its rows. */
export interface Built {
  readonly inst: Instance;
  /** Connector index per item. */
  readonly items: Int32Array;
  readonly rows: Rows;
}

const INDEX_BITS = 2 ** 21;

/**
 * Connector indexes of the table's active sessions of one direction, in admission order: priority (high first),
 * policy key, previously admitted first, arrival, session id. The common case — few groups of (priority, policy key,
 * stickiness) and arrivals within about 24 days — sorts natively on packed (arrival, index) numbers; ties of arrival
 * are then put in session id order. Otherwise it falls back to a comparator sort.
 */
function admissionOrder(table: SessionTable, exporting: number): Int32Array {
  const picked: number[] = [];
  let minArrival = Number.POSITIVE_INFINITY;
  let maxArrival = Number.NEGATIVE_INFINITY;
  const { priority, orderKey, sticky, arrival, session } = table;
  for (let c = 0; c < table.active.length; c++) {
    if (table.active[c] !== 1 || table.exporting[c] !== exporting) continue;
    picked.push(c);
    const t = arrival[c] as number;
    if (t < minArrival) minArrival = t;
    if (t > maxArrival) maxArrival = t;
  }
  const byId = (a: number, b: number) => {
    const ia = session[a]?.id ?? "";
    const ib = session[b]?.id ?? "";
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  const groupOrder = (a: number, b: number) => {
    const p = (priority[b] as number) - (priority[a] as number);
    if (p !== 0) return p;
    const ka = orderKey[a] as number;
    const kb = orderKey[b] as number;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return (sticky[b] as number) - (sticky[a] as number);
  };
  const packable =
    table.active.length < INDEX_BITS && (picked.length === 0 || (maxArrival - minArrival) * INDEX_BITS < 2 ** 52);
  if (!packable) {
    picked.sort((a, b) => groupOrder(a, b) || (arrival[a] as number) - (arrival[b] as number) || byId(a, b));
    return Int32Array.from(picked);
  }
  // group by (priority, policy key, stickiness), groups in order, each sorted natively by (arrival, index)
  const groupOf = new Int32Array(table.active.length);
  const heads: number[] = [];
  const sizes: number[] = [];
  const byPriority = new Map<number, Map<number, [number, number]>>();
  for (const c of picked) {
    const p = priority[c] as number;
    let byKey = byPriority.get(p);
    if (byKey === undefined) {
      byKey = new Map();
      byPriority.set(p, byKey);
    }
    const k = orderKey[c] as number;
    let pair = byKey.get(k);
    if (pair === undefined) {
      pair = [-1, -1];
      byKey.set(k, pair);
    }
    const s = sticky[c] as number;
    let group = pair[s] as number;
    if (group === -1) {
      group = heads.length;
      pair[s] = group;
      heads.push(c);
      sizes.push(0);
    }
    groupOf[c] = group;
    sizes[group] = (sizes[group] as number) + 1;
  }
  const rank = heads.map((_, g) => g).sort((a, b) => groupOrder(heads[a] as number, heads[b] as number));
  const packed = rank.map((g) => new Float64Array(sizes[g] as number));
  const rankOf = new Int32Array(heads.length);
  rank.forEach((g, r) => {
    rankOf[g] = r;
  });
  const fill = new Int32Array(heads.length);
  for (const c of picked) {
    const r = rankOf[groupOf[c] as number] as number;
    const bucket = packed[r] as Float64Array;
    bucket[fill[r] as number] = ((arrival[c] as number) - minArrival) * INDEX_BITS + c;
    fill[r] = (fill[r] as number) + 1;
  }
  const out = new Int32Array(picked.length);
  let at = 0;
  for (const bucket of packed) {
    bucket.sort();
    const from = at;
    for (let k = 0; k < bucket.length; k++) {
      const v = bucket[k] as number;
      out[at++] = v - Math.floor(v / INDEX_BITS) * INDEX_BITS;
    }
    // equal arrivals: session id order
    for (let k = from + 1; k < at; k++) {
      if (arrival[out[k] as number] !== arrival[out[k - 1] as number]) continue;
      let end = k + 1;
      while (end < at && arrival[out[end] as number] === arrival[out[k - 1] as number]) end++;
      const run = Array.from(out.subarray(k - 1, end)).sort(byId);
      out.set(run, k - 1);
      k = end - 1;
    }
  }
  return out;
}

const rowCache = new WeakMap<Topology, { finite: Uint8Array; rows: Rows }[]>();

/**
 * The rows of one direction: every finite limit, node by node (id order), phases then power. Which limits are finite
 * rarely changes between rounds, so the last few layouts are kept per prepared site.
 */
export function buildRows(topology: Topology, caps: Float64Array): Rows {
  const finite = new Uint8Array(caps.length);
  for (let k = 0; k < caps.length; k++) finite[k] = (caps[k] as number) < Number.POSITIVE_INFINITY ? 1 : 0;
  const cached = rowCache.get(topology) ?? [];
  for (const entry of cached) if (sameBytes(entry.finite, finite)) return entry.rows;
  const rows = layoutRows(topology, caps);
  cached.unshift({ finite, rows });
  if (cached.length > 4) cached.pop();
  rowCache.set(topology, cached);
  return rows;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function layoutRows(topology: Topology, caps: Float64Array): Rows {
  const n = topology.nodes.length;
  const rowOf = new Int32Array(n * 4).fill(-1);
  const nodes: number[] = [];
  const kinds: number[] = [];
  for (let node = 0; node < n; node++) {
    for (let kind = 0; kind < 4; kind++) {
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
  return { rowNode: Int32Array.from(nodes), rowKind: Uint8Array.from(kinds), rowOf, rowsAbove };
}

/** Per connector, the rows of its node and every ancestor (all phases, then power), and each row's kind. */
interface ConnectorRows {
  readonly start: Int32Array;
  readonly row: Int32Array;
  readonly kind: Uint8Array;
}

const connectorRowCache = new WeakMap<Rows, ConnectorRows>();

/** The rows above every connector for a row layout, worked out once per layout (sessions then only filter phases). */
function connectorRows(topology: Topology, rows: Rows): ConnectorRows {
  const cached = connectorRowCache.get(rows);
  if (cached !== undefined) return cached;
  const { rowOf, rowsAbove } = rows;
  const { connectorNode, parent } = topology;
  const count = connectorNode.length;
  const start = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) {
    const at = (connectorNode[c] as number) * 4;
    const entries =
      (rowsAbove[at] as number) +
      (rowsAbove[at + 1] as number) +
      (rowsAbove[at + 2] as number) +
      (rowsAbove[at + 3] as number);
    start[c + 1] = (start[c] as number) + entries;
  }
  const row = new Int32Array(start[count] as number);
  const kind = new Uint8Array(start[count] as number);
  let used = 0;
  for (let c = 0; c < count; c++) {
    for (let node = connectorNode[c] as number; node !== -1; node = parent[node] as number) {
      for (let k = 0; k < 4; k++) {
        const j = rowOf[node * 4 + k] as number;
        if (j < 0) continue;
        row[used] = j;
        kind[used++] = k;
      }
    }
  }
  const result = { start, row, kind };
  connectorRowCache.set(rows, result);
  return result;
}

/**
 * Builds the instance of one direction. Import rows carry the base load of their subtree (and, with netting, minus
 * the discharge below them: `credit` per node × 4, A on L1..L3 then W); export rows carry none.
 */
export function buildInstance(
  topology: Topology,
  limits: EffectiveLimits,
  table: SessionTable,
  direction: "import" | "export",
  credit?: Float64Array,
): Built {
  const caps = direction === "import" ? limits.importCap : limits.exportCap;
  const rows = buildRows(topology, caps);
  const { rowNode, rowKind, rowOf } = rows;
  const m = rowNode.length;
  const cap = new Float64Array(m);
  for (let j = 0; j < m; j++) cap[j] = caps[(rowNode[j] as number) * 4 + (rowKind[j] as number)] as number;
  const base = new Float64Array(m);
  if (direction === "import") addSubtreeLoads(topology, rowOf, limits.base, base, credit);

  const items = admissionOrder(table, direction === "export" ? 1 : 0);
  const n = items.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const rate = new Float64Array(n);
  const cls = new Int32Array(n);
  const previous = new Float64Array(n);
  const hysteresis = new Float64Array(n);
  const grid: Grid[] = new Array(n);
  const itemStart = new Int32Array(n + 1);
  const { rowsAbove } = rows;
  const connectorNode = topology.connectorNode;
  const { phaseBits, phaseCoef, powerCoef, scale, weight } = table;
  for (let i = 0; i < n; i++) {
    const c = items[i] as number;
    const at = (connectorNode[c] as number) * 4;
    const bits = phaseBits[c] as number;
    let count = rowsAbove[at + 3] as number;
    if (bits & 1) count += rowsAbove[at] as number;
    if (bits & 2) count += rowsAbove[at + 1] as number;
    if (bits & 4) count += rowsAbove[at + 2] as number;
    itemStart[i + 1] = (itemStart[i] as number) + count;
  }
  const total = itemStart[n] as number;
  const itemRow = new Int32Array(total);
  const itemCoef = new Float64Array(total);
  let used = 0;
  let klass = -1;
  const byConnector = connectorRows(topology, rows);
  const { start: entryStart, row: entryRow, kind: entryKind } = byConnector;
  for (let i = 0; i < n; i++) {
    const c = items[i] as number;
    const before = i === 0 ? -1 : (items[i - 1] as number);
    if (
      before === -1 ||
      table.priority[before] !== table.priority[c] ||
      !(table.orderKey[before] === table.orderKey[c])
    ) {
      klass++;
    }
    cls[i] = klass;
    lo[i] = table.lo[c] as number;
    hi[i] = table.hi[c] as number;
    rate[i] = (weight[c] as number) * (scale[c] as number);
    previous[i] = table.previous[c] as number;
    hysteresis[i] = table.hysteresis[c] as number;
    grid[i] = table.grid[c] as Grid;
    const bits = phaseBits[c] as number;
    const perPhase = phaseCoef[c] as number;
    const perPower = powerCoef[c] as number;
    const stop = entryStart[c + 1] as number;
    for (let e = entryStart[c] as number; e < stop; e++) {
      const kind = entryKind[e] as number;
      if (kind === 3) {
        itemRow[used] = entryRow[e] as number;
        itemCoef[used++] = perPower;
      } else if ((bits & (1 << kind)) !== 0) {
        itemRow[used] = entryRow[e] as number;
        itemCoef[used++] = perPhase;
      }
    }
    itemStart[i + 1] = used;
  }
  const rowsOfItems = itemRow;
  const coefs = itemCoef;
  const byRow = transpose(n, m, itemStart, rowsOfItems, coefs);
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
    base,
    itemStart,
    itemRow: rowsOfItems,
    itemCoef: coefs,
    ...byRow,
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
    let power = -(credit?.[node * 4 + 3] ?? 0);
    const amps = [0, 0, 0];
    let any = power !== 0;
    for (let p = 0; p < 3; p++) {
      const own = perNode[node * 3 + p] as number;
      amps[p] = own - (credit?.[node * 4 + p] ?? 0);
      power += own * v;
      if (amps[p] !== 0 || own !== 0) any = true;
    }
    if (!any) continue;
    for (let at = node; at !== -1; at = topology.parent[at] ?? -1) {
      for (let p = 0; p < 3; p++) {
        const j = rowOf[at * 4 + p] as number;
        if (j >= 0) base[j] = (base[j] as number) + (amps[p] as number);
      }
      const j = rowOf[at * 4 + 3] as number;
      if (j >= 0) base[j] = (base[j] as number) + power;
    }
  }
}

import type { Session } from "../model/session.js";
import type { EffectiveLimits } from "./effective-limits.js";
import { type Instance, rowTolerance, transposeInto } from "./instance.js";
import type { SessionTable } from "./present.js";
import type { Grid } from "./quantizer.js";
import { createPairs, growPairs, type Pairs, sortPairs } from "./radix-sort.js";
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
}

/** An instance plus the connector behind each item (item order) and its rows. */
export interface Built {
  readonly inst: Instance;
  /** Connector index per item. */
  readonly items: Int32Array;
  readonly rows: Rows;
}

/**
 * Connector indexes of the table's active sessions of one direction, in admission order: priority (high first),
 * policy key, previously admitted first, arrival, session id. Sessions are grouped by (priority, policy key,
 * stickiness) — few groups — and radix-sorted by (arrival, index); ties of arrival are then put in session id order.
 * Arrivals spread over more than 2^52 ms fall back to a comparator sort. The order is remembered in the workspace and
 * reused while none of the keys it depends on changed.
 */
function admissionOrder(table: SessionTable, exporting: number, workspace: Workspace, tag: string): Int32Array {
  const count = table.active.length;
  const picked = workspace.i32(`${tag}.picked`, count);
  let np = 0;
  let minArrival = Number.POSITIVE_INFINITY;
  let maxArrival = Number.NEGATIVE_INFINITY;
  const { arrival, active } = table;
  const direction = table.exporting;
  for (let c = 0; c < count; c++) {
    if (active[c] !== 1 || direction[c] !== exporting) continue;
    picked[np++] = c;
    const t = arrival[c] as number;
    if (t < minArrival) minArrival = t;
    if (t > maxArrival) maxArrival = t;
  }
  const key = `${tag}.order`;
  const memo = workspace.memo.get(key) as OrderMemo | undefined;
  if (memo !== undefined && sameOrder(memo, table, exporting, np)) return memo.order;
  const order = sortedOrder(table, picked.subarray(0, np), minArrival, maxArrival, workspace, tag);
  if (workspace.lasting) workspace.memo.set(key, remember(order, table));
  return order;
}

/** The admission order a workspace worked out last for one direction, and the keys it was worked out from. */
interface OrderMemo {
  readonly order: Int32Array;
  readonly priority: Float64Array;
  readonly orderKey: Float64Array;
  readonly sticky: Uint8Array;
  readonly arrival: Float64Array;
  /** The session objects and their ids (an object seen again is compared by identity, else by id). */
  readonly session: Session[];
  readonly id: string[];
}

function remember(order: Int32Array, table: SessionTable): OrderMemo {
  const n = order.length;
  const memo: OrderMemo = {
    order: order.slice(),
    priority: new Float64Array(n),
    orderKey: new Float64Array(n),
    sticky: new Uint8Array(n),
    arrival: new Float64Array(n),
    session: new Array<Session>(n),
    id: new Array<string>(n),
  };
  for (let i = 0; i < n; i++) {
    const c = order[i] as number;
    memo.priority[i] = table.priority[c] as number;
    memo.orderKey[i] = table.orderKey[c] as number;
    memo.sticky[i] = table.sticky[c] as number;
    memo.arrival[i] = table.arrival[c] as number;
    const session = table.session[c] as Session;
    memo.session[i] = session;
    memo.id[i] = session.id;
  }
  return memo;
}

/**
 * Whether the remembered order still holds: the same `count` connectors active in the direction, each with the
 * same priority, policy key, stickiness, arrival and session id (everything the order depends on).
 */
function sameOrder(memo: OrderMemo, table: SessionTable, exporting: number, count: number): boolean {
  const n = memo.order.length;
  if (n !== count) return false;
  for (let i = 0; i < n; i++) {
    const c = memo.order[i] as number;
    if (
      table.active[c] !== 1 ||
      table.exporting[c] !== exporting ||
      table.priority[c] !== memo.priority[i] ||
      table.orderKey[c] !== memo.orderKey[i] ||
      table.sticky[c] !== memo.sticky[i] ||
      table.arrival[c] !== memo.arrival[i] ||
      (table.session[c] !== memo.session[i] && table.session[c]?.id !== memo.id[i])
    ) {
      return false;
    }
  }
  return true;
}

/** The admission order of the picked connectors, sorted. */
function sortedOrder(
  table: SessionTable,
  picked: Int32Array,
  minArrival: number,
  maxArrival: number,
  workspace: Workspace,
  tag: string,
): Int32Array {
  const count = table.active.length;
  const np = picked.length;
  const { priority, orderKey, sticky, arrival, session } = table;
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
  // arrivals as exact keys above the earliest (a wider range than 2^52 ms falls back to comparisons)
  if (np > 0 && !(maxArrival - minArrival < 2 ** 52)) {
    const list = Array.from(picked);
    list.sort((a, b) => groupOrder(a, b) || (arrival[a] as number) - (arrival[b] as number) || byId(a, b));
    return Int32Array.from(list);
  }
  // group by (priority, policy key, stickiness), groups in order
  const groupOf = workspace.i32(`${tag}.groupOf`, count);
  const heads: number[] = [];
  const sizes: number[] = [];
  const byPriority = new Map<number, Map<number, [number, number]>>();
  for (let k = 0; k < np; k++) {
    const c = picked[k] as number;
    const p = priority[c] as number;
    let byKey = byPriority.get(p);
    if (byKey === undefined) {
      byKey = new Map();
      byPriority.set(p, byKey);
    }
    const policyKey = orderKey[c] as number;
    let pair = byKey.get(policyKey);
    if (pair === undefined) {
      pair = [-1, -1];
      byKey.set(policyKey, pair);
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
  const groups = rank.length;
  const rankOf = new Int32Array(groups);
  for (let r = 0; r < groups; r++) rankOf[rank[r] as number] = r;
  // all of them by (arrival, connector) — picked in connector order, the sort keeps it for equal arrivals — then
  // stably into their group's place
  let pairs = workspace.memo.get(`${tag}.pairs`) as Pairs | undefined;
  if (pairs === undefined) {
    pairs = createPairs(np);
    workspace.memo.set(`${tag}.pairs`, pairs);
  } else growPairs(pairs, np, 0);
  for (let k = 0; k < np; k++) {
    const c = picked[k] as number;
    pairs.keys[k] = (arrival[c] as number) - minArrival;
    pairs.ids[k] = c;
  }
  sortPairs(pairs, np);
  const fill = new Int32Array(groups);
  for (let r = 1; r < groups; r++) fill[r] = (fill[r - 1] as number) + (sizes[rank[r - 1] as number] as number);
  const out = workspace.i32(`${tag}.order`, np);
  const sortedIds = pairs.ids;
  for (let k = 0; k < np; k++) {
    const c = sortedIds[k] as number;
    const r = rankOf[groupOf[c] as number] as number;
    const at = fill[r] as number;
    out[at] = c;
    fill[r] = at + 1;
  }
  // equal arrivals: session id order
  for (let k = 1; k < np; k++) {
    const before = out[k - 1] as number;
    if (arrival[out[k] as number] !== arrival[before] || groupOf[out[k] as number] !== groupOf[before]) continue;
    let end = k + 1;
    while (
      end < np &&
      arrival[out[end] as number] === arrival[before] &&
      groupOf[out[end] as number] === groupOf[before]
    )
      end++;
    const run = Array.from(out.subarray(k - 1, end)).sort(byId);
    out.set(run, k - 1);
    k = end - 1;
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

/** The constraint matrix of an instance, by item and by row. */
interface Matrix {
  readonly itemStart: Int32Array;
  readonly itemRow: Int32Array;
  readonly itemCoef: Float64Array;
  readonly rowStart: Int32Array;
  readonly rowItem: Int32Array;
  readonly rowCoef: Float64Array;
}

/** The matrix a workspace built last for one direction, and what it was built from. */
interface MatrixMemo {
  readonly rows: Rows;
  /** Connector per item and its loading slot (connector × 4 + EV phases). */
  readonly items: Int32Array;
  readonly slots: Int32Array;
  readonly matrix: Matrix;
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
  const rows = buildRows(topology, caps);
  const { rowNode, rowKind, rowOf } = rows;
  const m = rowNode.length;
  const cap = workspace.f64(`${tag}.cap`, m);
  const tolerance = workspace.f64(`${tag}.tolerance`, m);
  for (let j = 0; j < m; j++) {
    const c = caps[(rowNode[j] as number) * 4 + (rowKind[j] as number)] as number;
    cap[j] = c;
    tolerance[j] = rowTolerance(c);
  }
  const base = workspace.f64(`${tag}.base`, m, true);
  if (direction === "import") addSubtreeLoads(topology, rowOf, limits.base, base, credit);

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
    ...matrixOf(topology, rows, table, items, workspace, tag),
  };
  return { inst, items, rows };
}

/**
 * The constraint matrix of the items: the one this workspace built last when the rows, the items and their loadings
 * are the same (a round on an unchanged set of sessions), else built anew in the workspace.
 */
function matrixOf(
  topology: Topology,
  rows: Rows,
  table: SessionTable,
  items: Int32Array,
  workspace: Workspace,
  tag: string,
): Matrix {
  const n = items.length;
  const slot = table.loadingSlot;
  const key = `${tag}.matrix`;
  const memo = workspace.memo.get(key) as MatrixMemo | undefined;
  if (memo !== undefined && memo.rows === rows && memo.items.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) {
      const c = items[i] as number;
      same = memo.items[i] === c && memo.slots[i] === slot[c] && (slot[c] as number) >= 0;
    }
    if (same) return memo.matrix;
  }
  workspace.memo.delete(key);
  const m = rows.rowNode.length;
  const { rowsAbove } = rows;
  const connectorNode = topology.connectorNode;
  const { phaseBits, phaseCoef, powerCoef } = table;
  const itemStart = workspace.i32(`${tag}.itemStart`, n + 1);
  itemStart[0] = 0;
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
  const itemRow = workspace.i32(`${tag}.itemRow`, total);
  const itemCoef = workspace.f64(`${tag}.itemCoef`, total);
  let used = 0;
  const { start: entryStart, row: entryRow, kind: entryKind } = connectorRows(topology, rows);
  for (let i = 0; i < n; i++) {
    const c = items[i] as number;
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
  }
  const rowStart = workspace.i32(`${tag}.rowStart`, m + 1, true);
  const rowItem = workspace.i32(`${tag}.rowItem`, total);
  const rowCoef = workspace.f64(`${tag}.rowCoef`, total);
  transposeInto(n, m, itemStart, itemRow, itemCoef, rowStart, rowItem, rowCoef, workspace.i32(`${tag}.fill`, m));
  const matrix: Matrix = { itemStart, itemRow, itemCoef, rowStart, rowItem, rowCoef };
  if (!workspace.lasting) return matrix;
  const memoItems = workspace.i32(`${tag}.memoItems`, n);
  const memoSlots = workspace.i32(`${tag}.memoSlots`, n);
  memoItems.set(items);
  for (let i = 0; i < n; i++) memoSlots[i] = slot[items[i] as number] as number;
  workspace.memo.set(key, { rows, items: memoItems, slots: memoSlots, matrix });
  return matrix;
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

import type { OrderState } from "./admission-order.js";
import type { Rows } from "./build.js";
import { type Matrix, transposeInto } from "./instance.js";
import { phasorEntries } from "./phasor-rows.js";
import type { SessionTable } from "./present.js";
import type { Loading, Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

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

/** The matrix a workspace built last for one direction, and what it was built from. */
interface MatrixMemo {
  readonly rows: Rows;
  /** The admission order's generation it was built for. */
  generation: number;
  /** Connector per item (a copy). */
  items: Int32Array;
  /** Per connector: its item (−1 for none) and its loading slot (connector × 4 + EV phases, −1: not reusable). */
  readonly position: Int32Array;
  readonly slot: Int32Array;
  matrix: Matrix;
  /** Which set of workspace buffers holds `matrix` (the next one is built in the other). */
  parity: number;
}

/** The number of entries of connector c's item (`row` undefined) or writes them from `at`; returns the number. */
function segment(
  topology: Topology,
  rows: Rows,
  entries: ConnectorRows,
  table: SessionTable,
  c: number,
  row: Int32Array | undefined,
  coef: Float64Array | undefined,
  at: number,
): number {
  const bits = table.phaseBits[c] as number;
  const phasor = rows.phasor;
  if (row === undefined || coef === undefined) {
    const node = (topology.connectorNode[c] as number) * 4;
    const { rowsAbove } = rows;
    let count = rowsAbove[node + 3] as number;
    if (bits & 1) count += rowsAbove[node] as number;
    if (bits & 2) count += rowsAbove[node + 1] as number;
    if (bits & 4) count += rowsAbove[node + 2] as number;
    if (phasor !== undefined)
      count += phasorEntries(topology, phasor, c, table.loading[c] as Loading, undefined, undefined, 0);
    return count;
  }
  const perPhase = table.phaseCoef[c] as number;
  const perPower = table.powerCoef[c] as number;
  const { start, row: entryRow, kind: entryKind } = entries;
  let used = at;
  const stop = start[c + 1] as number;
  for (let e = start[c] as number; e < stop; e++) {
    const kind = entryKind[e] as number;
    if (kind === 3) {
      row[used] = entryRow[e] as number;
      coef[used++] = perPower;
    } else if ((bits & (1 << kind)) !== 0) {
      row[used] = entryRow[e] as number;
      coef[used++] = perPhase;
    }
  }
  if (phasor !== undefined) used += phasorEntries(topology, phasor, c, table.loading[c] as Loading, row, coef, used);
  return used - at;
}

/**
 * The constraint matrix of the items. A workspace that lasts keeps the last one: when the rows are the same and
 * only a few items came, went or changed their loading since (per the admission order's `moved` connectors), it is
 * patched — the kept items' entries copied in blocks, the others' written anew — else built anew. The bytes are
 * the same either way.
 */
export function matrixOf(
  topology: Topology,
  rows: Rows,
  table: SessionTable,
  items: Int32Array,
  workspace: Workspace,
  tag: string,
  order: OrderState | undefined,
): Matrix {
  const key = `${tag}.matrix`;
  const memo = workspace.lasting ? (workspace.memo.get(key) as MatrixMemo | undefined) : undefined;
  const count = table.loadingSlot.length;
  if (memo !== undefined && order !== undefined && memo.rows === rows && memo.position.length === count) {
    if (order.generation === memo.generation + 1) {
      const patched = patchMatrix(topology, rows, table, items, workspace, tag, memo, order);
      if (patched !== undefined) {
        remember(memo, items, table, patched, order.generation);
        return patched;
      }
    }
  }
  const parity = memo === undefined ? 0 : 1 - memo.parity;
  const matrix = buildMatrix(topology, rows, table, items, workspace, `${tag}.${parity}`);
  if (!workspace.lasting || order === undefined) return matrix;
  const fresh: MatrixMemo =
    memo !== undefined && memo.position.length === count && memo.rows === rows
      ? memo
      : {
          rows,
          generation: 0,
          items: new Int32Array(0),
          position: new Int32Array(count).fill(-1),
          slot: new Int32Array(count),
          matrix,
          parity,
        };
  fresh.parity = parity;
  remember(fresh, items, table, matrix, order.generation);
  workspace.memo.set(key, fresh);
  return matrix;
}

/** Records the items and matrix of this round in the memo. */
function remember(memo: MatrixMemo, items: Int32Array, table: SessionTable, matrix: Matrix, generation: number): void {
  const old = memo.items;
  for (let i = 0; i < old.length; i++) memo.position[old[i] as number] = -1;
  if (memo.items.length !== items.length) memo.items = new Int32Array(items.length);
  memo.items.set(items);
  for (let i = 0; i < items.length; i++) {
    const c = items[i] as number;
    memo.position[c] = i;
    memo.slot[c] = table.loadingSlot[c] as number;
  }
  memo.matrix = matrix;
  memo.generation = generation;
}

/** Builds the matrix of the items in the workspace buffers named `prefix.*`. */
function buildMatrix(
  topology: Topology,
  rows: Rows,
  table: SessionTable,
  items: Int32Array,
  workspace: Workspace,
  prefix: string,
): Matrix {
  const n = items.length;
  const m = rows.rowNode.length;
  const entries = connectorRows(topology, rows);
  const itemStart = workspace.i32(`${prefix}.itemStart`, n + 1);
  itemStart[0] = 0;
  for (let i = 0; i < n; i++) {
    const c = items[i] as number;
    itemStart[i + 1] = (itemStart[i] as number) + segment(topology, rows, entries, table, c, undefined, undefined, 0);
  }
  const total = itemStart[n] as number;
  const itemRow = workspace.i32(`${prefix}.itemRow`, total);
  const itemCoef = workspace.f64(`${prefix}.itemCoef`, total);
  let used = 0;
  for (let i = 0; i < n; i++)
    used += segment(topology, rows, entries, table, items[i] as number, itemRow, itemCoef, used);
  const rowStart = workspace.i32(`${prefix}.rowStart`, m + 1, true);
  const rowItem = workspace.i32(`${prefix}.rowItem`, total);
  const rowCoef = workspace.f64(`${prefix}.rowCoef`, total);
  transposeInto(n, m, itemStart, itemRow, itemCoef, rowStart, rowItem, rowCoef, workspace.i32(`${prefix}.fill`, m));
  return { itemStart, itemRow, itemCoef, rowStart, rowItem, rowCoef };
}

/**
 * The memo's matrix patched for the new items, in the other set of buffers; undefined when too much changed (or
 * the kept items are not in their old relative order, which the admission order guarantees).
 */
function patchMatrix(
  topology: Topology,
  rows: Rows,
  table: SessionTable,
  items: Int32Array,
  workspace: Workspace,
  tag: string,
  memo: MatrixMemo,
  order: OrderState,
): Matrix | undefined {
  const n = items.length;
  const n0 = memo.items.length;
  const old = memo.matrix;
  const slot = table.loadingSlot;
  // per new item its old item (−1: written anew), per old item its new one (−1: gone)
  const oldOf = workspace.i32(`${tag}.patch.oldOf`, n);
  const newOf = workspace.i32(`${tag}.patch.newOf`, n0);
  newOf.fill(-1);
  let last = -1;
  let written = 0;
  for (let i = 0; i < n; i++) {
    const c = items[i] as number;
    const p = memo.position[c] as number;
    const s = slot[c] as number;
    if (p >= 0 && order.moved[c] === 0 && s >= 0 && memo.slot[c] === s) {
      if (p <= last) return undefined;
      last = p;
      oldOf[i] = p;
      newOf[p] = i;
    } else {
      oldOf[i] = -1;
      written++;
    }
  }
  const gone = n0 - (n - written);
  if (written === 0 && gone === 0) return old;
  if (written + gone > 8 + (n >> 4)) return undefined;

  const prefix = `${tag}.${1 - memo.parity}`;
  const entries = connectorRows(topology, rows);
  // by item: blocks of kept items copied, the others written
  const itemStart = workspace.i32(`${prefix}.itemStart`, n + 1);
  let total = old.itemStart[n0] as number;
  for (let p = 0; p < n0; p++)
    if ((newOf[p] as number) < 0) total -= (old.itemStart[p + 1] as number) - (old.itemStart[p] as number);
  for (let i = 0; i < n; i++) {
    if ((oldOf[i] as number) < 0)
      total += segment(topology, rows, entries, table, items[i] as number, undefined, undefined, 0);
  }
  const itemRow = workspace.i32(`${prefix}.itemRow`, total);
  const itemCoef = workspace.f64(`${prefix}.itemCoef`, total);
  itemStart[0] = 0;
  let used = 0;
  for (let i = 0; i < n; ) {
    const p = oldOf[i] as number;
    if (p < 0) {
      used += segment(topology, rows, entries, table, items[i] as number, itemRow, itemCoef, used);
      itemStart[++i] = used;
      continue;
    }
    let end = i + 1;
    while (end < n && oldOf[end] === p + (end - i)) end++;
    const from = old.itemStart[p] as number;
    const to = old.itemStart[p + (end - i)] as number;
    itemRow.set(old.itemRow.subarray(from, to), used);
    itemCoef.set(old.itemCoef.subarray(from, to), used);
    const shift = used - from;
    for (let k = i + 1; k <= end; k++) itemStart[k] = (old.itemStart[p + (k - i)] as number) + shift;
    used += to - from;
    i = end;
  }

  // by row: the rows no changed item loads copied in blocks (items renumbered), the others merged
  const m = rows.rowNode.length;
  const delta = workspace.i32(`${tag}.patch.delta`, m, true);
  const touched = workspace.u8(`${tag}.patch.touched`, m, true);
  const touchedRows: number[] = [];
  // entries of the written items: row, item, coefficient
  const addedRow: number[] = [];
  const addedItem: number[] = [];
  const addedCoef: number[] = [];
  for (let p = 0; p < n0; p++) {
    if ((newOf[p] as number) >= 0) continue;
    const stop = old.itemStart[p + 1] as number;
    for (let k = old.itemStart[p] as number; k < stop; k++) {
      const j = old.itemRow[k] as number;
      delta[j] = (delta[j] as number) - 1;
      if (touched[j] === 0) {
        touched[j] = 1;
        touchedRows.push(j);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if ((oldOf[i] as number) >= 0) continue;
    const stop = itemStart[i + 1] as number;
    for (let k = itemStart[i] as number; k < stop; k++) {
      const j = itemRow[k] as number;
      delta[j] = (delta[j] as number) + 1;
      addedRow.push(j);
      addedItem.push(i);
      addedCoef.push(itemCoef[k] as number);
      if (touched[j] === 0) {
        touched[j] = 1;
        touchedRows.push(j);
      }
    }
  }
  touchedRows.sort((a, b) => a - b);
  // the added entries by row, items ascending within a row (they were listed by item)
  const added = addedRow.map((_, k) => k).sort((a, b) => (addedRow[a] as number) - (addedRow[b] as number) || a - b);
  const rowStart = workspace.i32(`${prefix}.rowStart`, m + 1);
  const oldStart = old.rowStart;
  rowStart[0] = 0;
  for (let j = 0; j < m; j++)
    rowStart[j + 1] =
      (rowStart[j] as number) + (oldStart[j + 1] as number) - (oldStart[j] as number) + (delta[j] as number);
  const rowItem = workspace.i32(`${prefix}.rowItem`, total);
  const rowCoef = workspace.f64(`${prefix}.rowCoef`, total);
  let next = 0;
  let a = 0;
  for (const j of touchedRows) {
    copyRows(old, rowStart, rowItem, rowCoef, newOf, next, j);
    next = j + 1;
    let at = rowStart[j] as number;
    let k = oldStart[j] as number;
    const stop = oldStart[j + 1] as number;
    for (; a < added.length && addedRow[added[a] as number] === j; a++) {
      const e = added[a] as number;
      const item = addedItem[e] as number;
      for (; k < stop; k++) {
        const moved = newOf[old.rowItem[k] as number] as number;
        if (moved < 0) continue;
        if (moved > item) break;
        rowItem[at] = moved;
        rowCoef[at++] = old.rowCoef[k] as number;
      }
      rowItem[at] = item;
      rowCoef[at++] = addedCoef[e] as number;
    }
    for (; k < stop; k++) {
      const moved = newOf[old.rowItem[k] as number] as number;
      if (moved < 0) continue;
      rowItem[at] = moved;
      rowCoef[at++] = old.rowCoef[k] as number;
    }
  }
  copyRows(old, rowStart, rowItem, rowCoef, newOf, next, m);
  memo.parity = 1 - memo.parity;
  return { itemStart, itemRow, itemCoef, rowStart, rowItem, rowCoef };
}

/**
 * Copies rows `first` to `stop` (exclusive) of the old matrix to their place in the new one, items renumbered by
 * `newOf` (none of them gone). A module function rather than a closure in {@link patchMatrix}, so that its loop reads
 * locals, not a closure's context.
 */
function copyRows(
  old: Matrix,
  rowStart: Int32Array,
  rowItem: Int32Array,
  rowCoef: Float64Array,
  newOf: Int32Array,
  first: number,
  stop: number,
): void {
  if (first >= stop) return;
  const from = old.rowStart[first] as number;
  const to = old.rowStart[stop] as number;
  const at = rowStart[first] as number;
  rowCoef.set(old.rowCoef.subarray(from, to), at);
  const source = old.rowItem;
  for (let k = from; k < to; k++) rowItem[at + k - from] = newOf[source[k] as number] as number;
}

import { type EventQueue, queueOf } from "./event-queue.js";
import { AT_HI, type Instance } from "./instance.js";
import type { Workspace } from "./workspace.js";

/**
 * Weighted max-min water-filling between each admitted item's minimum and maximum, one priority class after the
 * other (a class starts only once every higher class is frozen). Within a class every unfrozen item rises as
 * `lo + rate × λ`; an item freezes when it reaches its maximum or when a row containing it saturates. Each row keeps
 * `const + rate × λ` of load, so a saturation level is `(cap − const) / rate`. The events — rows saturating, items
 * reaching their maximum — are sorted once per class ({@link EventQueue}: a radix sort, then a small heap for the
 * levels refreshed lazily when a freeze lowers a row's rate, which only ever move later): O(N·d + M) plus the
 * refreshes' O(log) per round.
 *
 * Updates `x` (continuous values), `load` and, per frozen item, `blocker` (the saturating row or {@link AT_HI}) and
 * `blockerCoef` (the item's coefficient on that row; 0 for {@link AT_HI}).
 */
export function waterFill(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  load: Float64Array,
  blocker: Int32Array,
  blockerCoef: Float64Array,
  workspace: Workspace,
): void {
  const { n, m, lo, hi, rate, cls, cap, itemStart, itemRow, itemCoef, rowStart, rowItem } = inst;
  // per row, side by side (one cache line per row): the load that does not rise (CONST), the rate at which the rest
  // rises (RATE), how many active items load it (ACTIVE) and, once touched, the highest level at which one of its
  // items reaches its maximum (TOP)
  const rows = workspace.f64("fill.rows", 4 * m, true);
  const active = workspace.u8("fill.active", n, true);
  const touched = workspace.i32("fill.touched", m);
  const heap = queueOf(workspace, "fill.queue");
  heap.reserve(m + n);

  let start = 0;
  let level = 0;
  while (start < n) {
    const c = cls[start] as number;
    let end = start;
    while (end < n && cls[end] === c) end++;
    let touchedCount = 0;
    level = 0;
    for (let i = start; i < end; i++) {
      if (admitted[i] !== 1) continue;
      const gap = (hi[i] as number) - (lo[i] as number);
      if (!(gap > 0)) {
        blocker[i] = AT_HI;
        continue;
      }
      active[i] = 1;
      const r = rate[i] as number;
      const top = gap / r;
      const stop = itemStart[i + 1] as number;
      for (let k = itemStart[i] as number; k < stop; k++) {
        const j = itemRow[k] as number;
        const at = 4 * j;
        if (rows[at + 2] === 0) {
          touched[touchedCount++] = j;
          rows[at + 3] = top;
        } else if (top > (rows[at + 3] as number)) rows[at + 3] = top;
        rows[at + 2] = (rows[at + 2] as number) + 1;
        rows[at + 1] = (rows[at + 1] as number) + (itemCoef[k] as number) * r;
      }
    }
    // events in id order: rows saturating (id j), then items reaching their maximum (id m + i). A row whose level
    // is already above the maximum of each of its items never freezes one (levels only move later, and every item
    // event comes first): it gets no event.
    for (let j = 0; j < m; j++) {
      const at = 4 * j;
      if ((rows[at + 2] as number) === 0) continue;
      rows[at] = load[j] as number;
      const saturation = ((cap[j] as number) - (load[j] as number)) / (rows[at + 1] as number);
      const key = saturation > 0 ? saturation : 0;
      if (!(key > (rows[at + 3] as number))) heap.append(key, j);
    }
    for (let i = start; i < end; i++)
      if (active[i] === 1) heap.append(((hi[i] as number) - (lo[i] as number)) / (rate[i] as number), m + i);
    heap.seal();
    while (heap.size > 0) {
      const id = heap.pop();
      const key = heap.poppedKey;
      if (id >= m) {
        if (key > level) level = key;
        const i = id - m;
        if (active[i] === 1) freeze(inst, rows, active, x, blocker, blockerCoef, i, level, AT_HI);
        continue;
      }
      const j = id;
      if ((rows[4 * j + 2] as number) <= 0) continue;
      let saturation = ((cap[j] as number) - (rows[4 * j] as number)) / (rows[4 * j + 1] as number);
      if (saturation < level) saturation = level;
      if (saturation > key + 1e-12 * (key > 1 ? key : 1)) {
        heap.push(saturation, j);
        continue;
      }
      if (saturation > level) level = saturation;
      const stop = rowStart[j + 1] as number;
      for (let k = rowStart[j] as number; k < stop; k++) {
        const i = rowItem[k] as number;
        if (active[i] === 1) freeze(inst, rows, active, x, blocker, blockerCoef, i, level, j);
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t] as number;
      load[j] = rows[4 * j] as number;
      rows[4 * j + 1] = 0;
      rows[4 * j + 2] = 0;
    }
    start = end;
  }
}

/**
 * Freezes item i at level `at` (blocked by row `by`, or {@link AT_HI}): its value, and its rows' constant load, rate
 * and active count. A module function, not a closure in {@link waterFill}: the closure was called rather than inlined
 * and read everything through its context (water-filling ~14 % slower).
 */
function freeze(
  inst: Instance,
  rows: Float64Array,
  active: Uint8Array,
  x: Float64Array,
  blocker: Int32Array,
  blockerCoef: Float64Array,
  i: number,
  at: number,
  by: number,
): void {
  const { lo, rate, hi, itemStart, itemRow, itemCoef } = inst;
  active[i] = 0;
  const low = lo[i] as number;
  const r = rate[i] as number;
  const top = hi[i] as number;
  let value = by === AT_HI ? top : low + r * at;
  if (value > top) value = top;
  x[i] = value;
  blocker[i] = by;
  const rise = value - low;
  // the item's coefficient on the row that froze it (its first entry there), for the redistribution
  let coef = 0;
  let found = false;
  const stop = itemStart[i + 1] as number;
  for (let e = itemStart[i] as number; e < stop; e++) {
    const j = itemRow[e] as number;
    const row = 4 * j;
    const a = itemCoef[e] as number;
    if (j === by && !found) {
      coef = a;
      found = true;
    }
    rows[row] = (rows[row] as number) + a * rise;
    rows[row + 1] = (rows[row + 1] as number) - a * r;
    rows[row + 2] = (rows[row + 2] as number) - 1;
  }
  blockerCoef[i] = coef;
}

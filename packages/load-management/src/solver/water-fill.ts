import { AT_HI, type Instance } from "./instance.js";
import { MinHeap } from "./min-heap.js";

/**
 * Weighted max-min water-filling between each admitted item's minimum and maximum, one priority class after the
 * other (a class starts only once every higher class is frozen). Within a class every unfrozen item rises as
 * `lo + rate × λ`; an item freezes when it reaches its maximum or when a row containing it saturates. Each row keeps
 * `const + rate × λ` of load, so a saturation level is `(cap − const) / rate`; a heap of those levels, refreshed
 * lazily when a freeze lowers a row's rate (levels only ever move later), gives O((N·d + M) log M) per round.
 *
 * Updates `x` (continuous values), `load` and, per frozen item, `blocker` (the saturating row or {@link AT_HI}).
 */
export function waterFill(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  load: Float64Array,
  blocker: Int32Array,
): void {
  const { n, m, lo, hi, rate, cls, cap, itemStart, itemRow, itemCoef, rowStart, rowItem } = inst;
  const rowRate = new Float64Array(m);
  const rowConst = new Float64Array(m);
  const rowActive = new Int32Array(m);
  const active = new Uint8Array(n);
  const touched = new Int32Array(m);
  const heap = new MinHeap(n + m);

  const freeze = (i: number, at: number, by: number) => {
    active[i] = 0;
    const low = lo[i] as number;
    const r = rate[i] as number;
    const top = hi[i] as number;
    let value = by === AT_HI ? top : low + r * at;
    if (value > top) value = top;
    x[i] = value;
    blocker[i] = by;
    const rise = value - low;
    const stop = itemStart[i + 1] as number;
    for (let e = itemStart[i] as number; e < stop; e++) {
      const row = itemRow[e] as number;
      const a = itemCoef[e] as number;
      rowConst[row] = (rowConst[row] as number) + a * rise;
      rowRate[row] = (rowRate[row] as number) - a * r;
      rowActive[row] = (rowActive[row] as number) - 1;
    }
  };

  let start = 0;
  let level = 0;
  while (start < n) {
    const c = cls[start] as number;
    let end = start;
    while (end < n && cls[end] === c) end++;
    let touchedCount = 0;
    level = 0;
    // items reaching their maximum at the same level share one event (sites repeat a few hardware types)
    const groups = new Map<number, number[]>();
    for (let i = start; i < end; i++) {
      if (admitted[i] !== 1) continue;
      const gap = (hi[i] as number) - (lo[i] as number);
      if (!(gap > 0)) {
        blocker[i] = AT_HI;
        continue;
      }
      active[i] = 1;
      const r = rate[i] as number;
      const stop = itemStart[i + 1] as number;
      for (let k = itemStart[i] as number; k < stop; k++) {
        const j = itemRow[k] as number;
        if (rowActive[j] === 0) touched[touchedCount++] = j;
        rowActive[j] = (rowActive[j] as number) + 1;
        rowRate[j] = (rowRate[j] as number) + (itemCoef[k] as number) * r;
      }
      const key = gap / r;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [i]);
      else group.push(i);
    }
    const members: number[][] = [];
    for (const [key, group] of groups) {
      heap.append(key, m + members.length);
      members.push(group);
    }
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t] as number;
      rowConst[j] = load[j] as number;
      const saturation = ((cap[j] as number) - (load[j] as number)) / (rowRate[j] as number);
      heap.append(saturation > 0 ? saturation : 0, j);
    }
    heap.heapify();
    while (heap.size > 0) {
      const key = heap.topKey();
      const id = heap.pop();
      if (id >= m) {
        if (key > level) level = key;
        for (const i of members[id - m] ?? []) if (active[i] === 1) freeze(i, level, AT_HI);
        continue;
      }
      const j = id;
      if ((rowActive[j] as number) <= 0) continue;
      let saturation = ((cap[j] as number) - (rowConst[j] as number)) / (rowRate[j] as number);
      if (saturation < level) saturation = level;
      if (saturation > key + 1e-12 * (key > 1 ? key : 1)) {
        heap.push(saturation, j);
        continue;
      }
      if (saturation > level) level = saturation;
      const stop = rowStart[j + 1] as number;
      for (let k = rowStart[j] as number; k < stop; k++) {
        const i = rowItem[k] as number;
        if (active[i] === 1) freeze(i, level, j);
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t] as number;
      load[j] = rowConst[j] as number;
      rowRate[j] = 0;
      rowActive[j] = 0;
    }
    start = end;
  }
}

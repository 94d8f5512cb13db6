import { queueOf } from "./event-queue.js";
import { AT_HI, type Bottleneck, type Instance, rowSlack } from "./instance.js";
import { type Grid, nextOnGrid, stepsAbove } from "./quantizer.js";
import type { Workspace } from "./workspace.js";

/** The water level of item i: its increment above the minimum per unit of rate. */
export function levelOf(inst: Instance, x: Float64Array, i: number): number {
  return ((x[i] as number) - (inst.lo[i] as number)) / (inst.rate[i] as number);
}

/** The row with the least room found by the last {@link roomFor} call (saves an object per call). */
export let leastRoomRow = -1;

/**
 * Room on the rows of item i for raising it, in the item's unit; the row with the least room is left in
 * {@link leastRoomRow}. Row slack is `cap − load`; a tolerance of float noise counts as room.
 */
export function roomFor(inst: Instance, load: Float64Array, i: number): number {
  let room = Number.POSITIVE_INFINITY;
  let row = -1;
  const { itemRow, itemCoef } = inst;
  const end = inst.itemStart[i + 1] as number;
  for (let k = inst.itemStart[i] as number; k < end; k++) {
    const j = itemRow[k] as number;
    const slack = rowSlack(inst, load, j);
    const a = itemCoef[k] as number;
    // x / 1 is x: most coefficients are 1 (A on a phase row), and a division is slow
    const available = a === 1 ? slack : slack / a;
    if (available < room) {
      room = available;
      row = j;
    }
  }
  leastRoomRow = row;
  return room;
}

/** Moves item i to `value`, keeping the row loads in step. */
export function setValue(inst: Instance, x: Float64Array, load: Float64Array, i: number, value: number): void {
  const delta = value - (x[i] as number);
  x[i] = value;
  const end = inst.itemStart[i + 1] as number;
  for (let k = inst.itemStart[i] as number; k < end; k++) {
    const j = inst.itemRow[k] as number;
    load[j] = (load[j] as number) + (inst.itemCoef[k] as number) * delta;
  }
}

/**
 * Hands out what rounding freed: repeatedly raises the admitted item with the lowest (class, level, order) by one
 * grid step (or by as many as take it just past the next item in line) while every row it loads has room. Once an
 * item cannot rise it never can again (rooms only shrink), so a single pass leaves no item that could take a step:
 * the allocation is non-wasteful. Classes go one after the other (a lower class only gets what no higher-class item
 * can use). Items with `skip[i] = 1` (held by hysteresis) are left alone.
 */
export function redistribute(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  skip: Uint8Array,
  load: Float64Array,
  blocker: Int32Array,
  bottleneck: Bottleneck | undefined,
  workspace: Workspace,
): void {
  const { n, hi, cls, grid, rate } = inst;
  const bottleneckRow = bottleneck?.row;
  const bottleneckCoef = bottleneck?.coef;
  const heap = queueOf(workspace, "redistribute.queue");
  heap.reserve(n);
  let start = 0;
  while (start < n) {
    const c = cls[start] as number;
    let end = start;
    while (end < n && cls[end] === c) end++;
    for (let i = start; i < end; i++) {
      if (admitted[i] !== 1 || skip[i] === 1) continue;
      if ((x[i] as number) >= (hi[i] as number)) {
        blocker[i] = AT_HI;
        continue;
      }
      heap.append(levelOf(inst, x, i), i);
    }
    heap.seal();
    while (heap.size > 0) {
      const i = heap.pop();
      const g = grid[i] as Grid;
      const now = x[i] as number;
      const top = hi[i] as number;
      const next = nextOnGrid(g, now);
      if (!(next <= top)) {
        blocker[i] = AT_HI;
        continue;
      }
      // name the water-filling's bottleneck when it still blocks: that is where fairness was decided (and when it
      // does, the item cannot rise: no need to look at its other rows)
      // (the room on it with the coefficient the water-filling kept, rather than looked up among the item's entries)
      const b = bottleneckRow?.[i] ?? -1;
      if (b >= 0 && rowSlack(inst, load, b) / (bottleneckCoef?.[i] as number) < next - now) {
        blocker[i] = b;
        continue;
      }
      const room = roomFor(inst, load, i);
      if (room < next - now) {
        blocker[i] = leastRoomRow;
        continue;
      }
      let value = next;
      if (g.allowed === undefined) {
        const byRoom = Math.floor(room / g.step + 1e-9);
        const byTop = Math.round((top - now) / g.step);
        let byLevel = Number.POSITIVE_INFINITY;
        if (heap.size > 0) {
          byLevel = Math.floor(((heap.topKey() - levelOf(inst, x, i)) * (rate[i] as number)) / g.step) + 1;
        }
        const k = Math.max(1, Math.min(byRoom, byTop, byLevel));
        if (k > 1) value = Math.min(stepsAbove(g, now, k), top);
      }
      setValue(inst, x, load, i, value);
      if (value < top) heap.push(levelOf(inst, x, i), i);
      else blocker[i] = AT_HI;
    }
    start = end;
  }
}

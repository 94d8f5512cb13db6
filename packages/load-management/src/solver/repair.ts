import { type Bottleneck, type Instance, rowSlack } from "./instance.js";
import { nextOnGrid, previousOnGrid } from "./quantizer.js";
import { levelOf, redistribute, roomFor, setValue } from "./redistribute.js";
import type { Workspace } from "./workspace.js";

const LEVEL_EPS = 1e-9;
const MAX_ROUNDS = 1000;

/**
 * Restores fairness and strict priority up to one grid step after rounding. Rounding plus redistribution can leave
 * an item i stuck on a row where another item could give way: a same-class item whose level would still be above
 * i's after lowering it enough to make room for one step of i, or a lower-class item above its minimum. Moving
 * that room to i makes the sorted vector of (class, level) lexicographically larger, so the loop ends; afterwards
 * every admitted item below its maximum has a blocking row without such a donor, which is the bottleneck
 * condition of max-min fairness and of strict priority, up to one step.
 */
export function repair(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  load: Float64Array,
  blocker: Int32Array,
  bottleneck: Bottleneck | undefined,
  workspace: Workspace,
): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // nothing moves between the two tests: they share the donors' scores
    const scores = donorScores(inst, x, admitted, held, workspace);
    const suspects = suspectsByBlocker(inst, x, admitted, held, blocker, scores, workspace);
    if (suspects === undefined) return;
    const violators = findViolators(inst, x, admitted, held, load, suspects, scores, workspace);
    if (violators.length === 0) return;
    let moved = false;
    for (const i of violators) if (transferTo(inst, x, admitted, held, load, i)) moved = true;
    if (!moved) return;
    redistribute(inst, x, admitted, held, load, blocker, bottleneck, workspace);
  }
}

/** Whether row j (loaded with coefficient a by item i) lacks room for item i's next step. */
function blocks(inst: Instance, load: Float64Array, j: number, a: number, step: number): boolean {
  return rowSlack(inst, load, j) < a * step;
}

/** How far item j's level drops when lowered one step (Infinity when it is at its minimum). */
function stepDown(inst: Instance, x: Float64Array, j: number): number {
  const g = inst.grid[j];
  const now = x[j] as number;
  const low = inst.lo[j] as number;
  if (g === undefined || !(now > low)) return Number.POSITIVE_INFINITY;
  // on a uniform grid the minimum is a grid value too, so one step down never passes it
  if (g.allowed === undefined) return g.step / (inst.rate[j] as number);
  const below = Math.max(low, previousOnGrid(g, now));
  return (now - below) / (inst.rate[j] as number);
}

/** Per row of a list: the lowest class above its minimum, and per class the highest level − one step. */
interface RowTops {
  readonly lowestAbove: Int32Array;
  /** The row's (class, highest score) pairs are `topClass`/`topValue` from `topStart[j]` to `topEnd[j]`. */
  readonly topStart: Int32Array;
  readonly topEnd: Int32Array;
  readonly topClass: number[];
  readonly topValue: number[];
}

/**
 * Per item, its level once lowered one step, NaN when it cannot give way (not admitted, held or at its minimum):
 * worked out once per pass rather than per row.
 */
function donorScores(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  workspace: Workspace,
): Float64Array {
  const { n, lo } = inst;
  const scores = workspace.f64("repair.scores", n);
  for (let i = 0; i < n; i++) {
    scores[i] =
      admitted[i] !== 1 || held[i] === 1 || !((x[i] as number) > (lo[i] as number))
        ? Number.NaN
        : levelOf(inst, x, i) - stepDown(inst, x, i);
  }
  return scores;
}

/**
 * For each row of `rows` (distinct), over its members that could give way (a {@link donorScores} score): the lowest
 * class, and per class (members come in item order, classes ascending) the highest score.
 */
function rowTops(inst: Instance, scores: Float64Array, rows: readonly number[], workspace: Workspace): RowTops {
  const { m, cls, rowStart, rowItem } = inst;
  const lowestAbove = workspace.i32("repair.rowLowest", m);
  const topStart = workspace.i32("repair.topStart", m);
  const topEnd = workspace.i32("repair.topEnd", m);
  const topClass: number[] = [];
  const topValue: number[] = [];
  for (const j of rows) {
    topStart[j] = topClass.length;
    let lowest = -1;
    const stop = rowStart[j + 1] as number;
    for (let k = rowStart[j] as number; k < stop; k++) {
      const i = rowItem[k] as number;
      const score = scores[i] as number;
      if (Number.isNaN(score)) continue;
      const c = cls[i] as number;
      if (c > lowest) lowest = c;
      const last = topClass.length - 1;
      if (last >= (topStart[j] as number) && topClass[last] === c) {
        if (score > (topValue[last] as number)) topValue[last] = score;
      } else {
        topClass.push(c);
        topValue.push(score);
      }
    }
    lowestAbove[j] = lowest;
    topEnd[j] = topClass.length;
  }
  return { lowestAbove, topStart, topEnd, topClass, topValue };
}

/** Whether row j holds no donor for an item of class c at `level`: nothing of a lower class above its minimum, and
 * no same-class member whose level one step down is still above. */
function fairOn(tops: RowTops, j: number, c: number, level: number): boolean {
  if ((tops.lowestAbove[j] as number) > c) return false;
  let top = Number.NEGATIVE_INFINITY;
  for (let k = tops.topStart[j] as number; k < (tops.topEnd[j] as number); k++)
    if (tops.topClass[k] === c) top = tops.topValue[k] as number;
  return top <= level + LEVEL_EPS;
}

/**
 * Items below their maximum whose recorded blocking row (from the redistribution) may hold a donor, by the quick
 * sufficient test of {@link findViolators} on that row alone: usually none, at the cost of one pass over the
 * members of the distinct blocking rows.
 */
function suspectsByBlocker(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  blocker: Int32Array,
  scores: Float64Array,
  workspace: Workspace,
): Uint8Array | undefined {
  const { n, m, cls, hi } = inst;
  const checked = workspace.u8("repair.checked", m, true);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = blocker[i] as number;
    if (b < 0 || admitted[i] !== 1 || held[i] === 1 || !((x[i] as number) < (hi[i] as number))) continue;
    if (checked[b] === 0) {
      checked[b] = 1;
      rows.push(b);
    }
  }
  if (rows.length === 0) return undefined;
  const tops = rowTops(inst, scores, rows, workspace);
  const suspects = workspace.u8("repair.suspects", n, true);
  let any = false;
  for (let i = 0; i < n; i++) {
    const j = blocker[i] as number;
    if (j < 0 || admitted[i] !== 1 || held[i] === 1 || !((x[i] as number) < (hi[i] as number))) continue;
    if (fairOn(tops, j, cls[i] as number, levelOf(inst, x, i))) continue;
    suspects[i] = 1;
    any = true;
  }
  return any ? suspects : undefined;
}

/**
 * Items (in item order, among `suspects`) with no blocking row that is free of donors, by a quick sufficient test:
 * per row the highest `level − one step` of the same class, and the lowest class above its minimum (worked out for
 * the rows that block a suspect only).
 */
function findViolators(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  load: Float64Array,
  suspects: Uint8Array,
  scores: Float64Array,
  workspace: Workspace,
): number[] {
  const { n, m, cls, hi, grid, itemStart, itemRow, itemCoef } = inst;
  // each suspect's next step, and the rows that block it
  const steps = workspace.f64("repair.steps", n);
  const seen = workspace.u8("repair.seen", m, true);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    steps[i] = Number.NaN;
    if (admitted[i] !== 1 || held[i] === 1 || suspects[i] !== 1) continue;
    const g = grid[i];
    const now = x[i] as number;
    if (g === undefined || !(now < (hi[i] as number))) continue;
    const step = nextOnGrid(g, now) - now;
    steps[i] = step;
    const stop = itemStart[i + 1] as number;
    for (let k = itemStart[i] as number; k < stop; k++) {
      const j = itemRow[k] as number;
      if (seen[j] === 1 || !blocks(inst, load, j, itemCoef[k] as number, step)) continue;
      seen[j] = 1;
      rows.push(j);
    }
  }
  const tops = rowTops(inst, scores, rows, workspace);
  const violators: number[] = [];
  for (let i = 0; i < n; i++) {
    const step = steps[i] as number;
    if (Number.isNaN(step)) continue;
    const c = cls[i] as number;
    const level = levelOf(inst, x, i);
    let fine = false;
    let blocked = false;
    const stop = itemStart[i + 1] as number;
    for (let k = itemStart[i] as number; k < stop && !fine; k++) {
      const j = itemRow[k] as number;
      if (!blocks(inst, load, j, itemCoef[k] as number, step)) continue;
      blocked = true;
      if (fairOn(tops, j, c, level)) fine = true;
    }
    if (blocked && !fine) violators.push(i);
  }
  return violators;
}

/** A donation: the item and the value it goes down to. */
interface Donation {
  readonly item: number;
  readonly value: number;
}

/** The highest grid value of item d at or below `wanted` and not under its minimum. */
function lowerTo(inst: Instance, x: Float64Array, d: number, wanted: number): number {
  const g = inst.grid[d];
  const low = inst.lo[d] as number;
  let value = x[d] as number;
  if (g === undefined) return value;
  while (value > wanted + 1e-12 && value > low) value = Math.max(low, previousOnGrid(g, value));
  return value;
}

/**
 * Donations on row j that free `need` (row units) for item i: lower-class items above their minimum (lowest class
 * first, then highest level) when together they free enough, else the single same-class item whose level stays
 * highest above i's after giving enough. Undefined when neither exists (the row is a fair bottleneck for i).
 */
function donationsOn(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  i: number,
  j: number,
  need: number,
): Donation[] | undefined {
  const { cls, lo, rowStart, rowItem, rowCoef } = inst;
  const c = cls[i] as number;
  const level = levelOf(inst, x, i);
  const lower: { item: number; cls: number; level: number; coef: number }[] = [];
  let lowerExcess = 0;
  let peer: Donation | undefined;
  let peerLevel = Number.NEGATIVE_INFINITY;
  const stop = rowStart[j + 1] as number;
  for (let k = rowStart[j] as number; k < stop; k++) {
    const d = rowItem[k] as number;
    if (d === i || admitted[d] !== 1 || held[d] === 1) continue;
    const dc = cls[d] as number;
    const excess = (x[d] as number) - (lo[d] as number);
    if (dc < c || !(excess > 0)) continue;
    const a = rowCoef[k] as number;
    if (dc > c) {
      lower.push({ item: d, cls: dc, level: levelOf(inst, x, d), coef: a });
      lowerExcess += a * excess;
      continue;
    }
    const value = lowerTo(inst, x, d, (x[d] as number) - need / a);
    if (a * ((x[d] as number) - value) < need - 1e-12) continue;
    const after = (value - (lo[d] as number)) / (inst.rate[d] as number);
    if (after > level + LEVEL_EPS && after > peerLevel) {
      peer = { item: d, value };
      peerLevel = after;
    }
  }
  if (lowerExcess >= need) {
    lower.sort((p, q) => q.cls - p.cls || q.level - p.level || p.item - q.item);
    const out: Donation[] = [];
    let left = need;
    for (const d of lower) {
      if (left <= 1e-12) break;
      const value = lowerTo(inst, x, d.item, (x[d.item] as number) - left / d.coef);
      const freed = d.coef * ((x[d.item] as number) - value);
      if (freed <= 0) continue;
      out.push({ item: d.item, value });
      left -= freed;
    }
    if (left <= 1e-12) return out;
  }
  return peer === undefined ? undefined : [peer];
}

/** Moves one step of room to item i from donors on its blocking rows; false (and no change) when it cannot. */
function transferTo(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  load: Float64Array,
  i: number,
): boolean {
  const g = inst.grid[i];
  const now = x[i] as number;
  if (g === undefined || !(now < (inst.hi[i] as number))) return false;
  const next = nextOnGrid(g, now);
  const step = next - now;
  const undo: [number, number][] = [];
  const revert = () => {
    for (let u = undo.length - 1; u >= 0; u--) {
      const [d, value] = undo[u] as [number, number];
      setValue(inst, x, load, d, value);
    }
    return false;
  };
  const stop = inst.itemStart[i + 1] as number;
  for (let k = inst.itemStart[i] as number; k < stop; k++) {
    const j = inst.itemRow[k] as number;
    const a = inst.itemCoef[k] as number;
    if (!blocks(inst, load, j, a, step)) continue;
    const need = a * step - rowSlack(inst, load, j);
    const donations = donationsOn(inst, x, admitted, held, i, j, need);
    if (donations === undefined) return revert();
    for (const donor of donations) {
      undo.push([donor.item, x[donor.item] as number]);
      setValue(inst, x, load, donor.item, donor.value);
    }
  }
  if (roomFor(inst, load, i) < step) return revert();
  setValue(inst, x, load, i, next);
  return true;
}

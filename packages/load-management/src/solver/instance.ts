import type { Grid } from "./quantizer.js";

/**
 * A constraint matrix with non-negative coefficients, by item and by row: item i contributes `itemCoef[k] × x[i]` to
 * row `itemRow[k]` for k in `[itemStart[i], itemStart[i + 1])`; `rowStart`/`rowItem`/`rowCoef` are the same matrix by
 * row, items ascending.
 */
export interface Matrix {
  readonly itemStart: Int32Array;
  readonly itemRow: Int32Array;
  readonly itemCoef: Float64Array;
  readonly rowStart: Int32Array;
  readonly rowItem: Int32Array;
  readonly rowCoef: Float64Array;
}

/**
 * The allocation problem at one instant in solver form: items (sessions, in admission order, classes
 * non-decreasing) packed into rows (node × phase or node power limits) by its {@link Matrix}.
 */
export interface Instance extends Matrix {
  readonly n: number;
  /** Least value when admitted (on the grid). */
  readonly lo: Float64Array;
  /** Most value (on the grid); below `lo` means the item cannot be admitted. */
  readonly hi: Float64Array;
  /** Weight × unit scale: how fast the value rises per unit of water level. */
  readonly rate: Float64Array;
  /** Class per item: 0 is served first. Non-decreasing in item order. */
  readonly cls: Int32Array;
  /** Setpoint grid per item. */
  readonly grid: readonly Grid[];
  /** Previous value eligible for hysteresis (NaN when none). */
  readonly previous: Float64Array;
  /** Increases below this are not applied (0: off). */
  readonly hysteresis: Float64Array;
  readonly m: number;
  /** Row capacity (finite). */
  readonly cap: Float64Array;
  /** Per row, the float noise that still counts as fitting: {@link rowTolerance} of its capacity. */
  readonly tolerance: Float64Array;
  /** Load on the row that is not an item (base load, netting), may be negative with netting. */
  readonly base: Float64Array;
}

/** The item reached its own maximum. */
export const AT_HI = -1;
/** The item is held at its previous value by hysteresis. */
export const HELD = -2;
/** The item was not admitted because its maximum is below its minimum. */
export const NO_ROOM_FOR_MIN = -3;
/** Not decided yet. */
export const UNSET = -4;

/** What the engine decided. */
export interface Outcome {
  /** Value per item (0 when not admitted). */
  readonly x: Float64Array;
  /** 1 when admitted. */
  readonly admitted: Uint8Array;
  /** Per item: the row that stops it (≥ 0), {@link AT_HI}, {@link HELD}, or for a rejected item the row that refused its minimum (or {@link NO_ROOM_FOR_MIN}). */
  readonly blocker: Int32Array;
  /** Final load per row (base + items). */
  readonly load: Float64Array;
}

/**
 * The water-filling's bottleneck of each item: the row that froze it (≥ 0, else {@link AT_HI} or unset) and the
 * item's coefficient on that row (meaningful only where the row is ≥ 0), kept so that the redistribution can check
 * the row's room without looking the entry up.
 */
export interface Bottleneck {
  readonly row: Int32Array;
  readonly coef: Float64Array;
}

/** Slack of row j at `load`: `cap − load`, with the row's tolerance of float noise counted as room. */
export function rowSlack(inst: Instance, load: Float64Array, j: number): number {
  return (inst.cap[j] as number) - (load[j] as number) + (inst.tolerance[j] as number);
}

/** Tolerance of "fits" on a row: float noise only. */
export function rowTolerance(cap: number): number {
  return 1e-10 * Math.max(1, Math.abs(cap));
}

/**
 * Writes the by-row view of an item-major matrix into the given arrays (`rowStart` zeroed, m + 1 long; `fill` m
 * long, any content): within a row, items ascending.
 */
export function transposeInto(
  n: number,
  m: number,
  itemStart: Int32Array,
  itemRow: Int32Array,
  itemCoef: Float64Array,
  rowStart: Int32Array,
  rowItem: Int32Array,
  rowCoef: Float64Array,
  fill: Int32Array,
): void {
  const total = itemStart[n] as number;
  for (let k = 0; k < total; k++) {
    const j = (itemRow[k] as number) + 1;
    rowStart[j] = (rowStart[j] as number) + 1;
  }
  for (let j = 0; j < m; j++) rowStart[j + 1] = (rowStart[j + 1] as number) + (rowStart[j] as number);
  fill.set(rowStart.subarray(0, m));
  for (let i = 0; i < n; i++) {
    const stop = itemStart[i + 1] as number;
    for (let k = itemStart[i] as number; k < stop; k++) {
      const j = itemRow[k] as number;
      const at = fill[j] as number;
      rowItem[at] = i;
      rowCoef[at] = itemCoef[k] as number;
      fill[j] = at + 1;
    }
  }
}

import { admit } from "./admission.js";
import { type Bottleneck, HELD, type Instance, type Outcome, UNSET } from "./instance.js";
import { floorOnGrid } from "./quantizer.js";
import { redistribute, setValue } from "./redistribute.js";
import { repair } from "./repair.js";
import { waterFill } from "./water-fill.js";
import type { Workspace } from "./workspace.js";

/** Options of one engine run. */
export interface EngineOptions {
  /** Stop after the water-filling (diagnostics, the LP oracle comparison). */
  readonly continuous?: boolean;
}

/**
 * The allocation pipeline on one instance: admission of minimums, weighted max-min water-filling, quantization
 * down to the grid, redistribution of what rounding freed, transfers that restore max-min fairness and strict
 * priority up to one step, and hysteresis (small increases held at the previous value, with what that frees
 * handed out again until nothing changes).
 */
export function runEngine(inst: Instance, workspace: Workspace, options: EngineOptions = {}): Outcome {
  const { n, lo, hi, grid } = inst;
  const x = workspace.f64("engine.x", n, true);
  const admitted = workspace.u8("engine.admitted", n, true);
  const blocker = workspace.i32("engine.blocker", n);
  blocker.fill(UNSET);
  const load = workspace.f64("engine.load", inst.m);
  admit(inst, x, admitted, load, blocker);
  const bottleneckCoef = workspace.f64("engine.bottleneckCoef", n);
  waterFill(inst, x, admitted, load, blocker, bottleneckCoef, workspace);
  if (options.continuous === true) return { x, admitted, blocker, load };
  const bottleneckRow = workspace.i32("engine.bottleneck", n);
  bottleneckRow.set(blocker);
  const bottleneck: Bottleneck = { row: bottleneckRow, coef: bottleneckCoef };

  for (let i = 0; i < n; i++) {
    if (admitted[i] !== 1) continue;
    const g = grid[i];
    if (g === undefined) continue;
    x[i] = Math.max(lo[i] as number, floorOnGrid(g, Math.min(x[i] as number, hi[i] as number)));
  }
  recomputeLoads(inst, x, load);

  const held = workspace.u8("engine.held", n, true);
  for (;;) {
    redistribute(inst, x, admitted, held, load, blocker, bottleneck, workspace);
    repair(inst, x, admitted, held, load, blocker, bottleneck, workspace);
    if (!holdSmallIncreases(inst, x, admitted, held, load, blocker)) break;
  }
  return { x, admitted, blocker, load };
}

/** Loads from scratch, row by row in item order (the canonical summation order). */
export function recomputeLoads(inst: Instance, x: Float64Array, load: Float64Array): void {
  const { m, base, rowStart, rowItem, rowCoef } = inst;
  for (let j = 0; j < m; j++) {
    let total = base[j] as number;
    // the bound in a local: the loop stores to a typed array, which might share its memory with rowStart
    const stop = rowStart[j + 1] as number;
    for (let k = rowStart[j] as number; k < stop; k++) {
      total += (rowCoef[k] as number) * (x[rowItem[k] as number] as number);
    }
    load[j] = total;
  }
}

function holdSmallIncreases(
  inst: Instance,
  x: Float64Array,
  admitted: Uint8Array,
  held: Uint8Array,
  load: Float64Array,
  blocker: Int32Array,
): boolean {
  let changed = false;
  for (let i = 0; i < inst.n; i++) {
    if (admitted[i] !== 1 || held[i] === 1) continue;
    const previous = inst.previous[i] as number;
    const threshold = inst.hysteresis[i] as number;
    if (!(threshold > 0) || Number.isNaN(previous)) continue;
    const now = x[i] as number;
    if (now > previous && now < previous + threshold) {
      held[i] = 1;
      blocker[i] = HELD;
      setValue(inst, x, load, i, previous);
      changed = true;
    }
  }
  return changed;
}

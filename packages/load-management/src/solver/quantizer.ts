/**
 * Setpoint grids: a uniform step (values k × step, k ≥ 0, written exactly in the step's decimals) or a sorted
 * set of allowed values. Integer arithmetic on the step keeps `floor` from ever exceeding its argument by more
 * than float noise and makes every grid value the nearest double of its decimal (6.3, not 6.300000000000001).
 */
export interface Grid {
  /** Step in the setpoint unit, or 0 for an allowed set. */
  readonly step: number;
  /** 10^decimals of the step. */
  readonly scale: number;
  /** step × scale, an integer. */
  readonly stepInt: number;
  /** Allowed values (ascending, > 0), for a set grid. */
  readonly allowed?: Float64Array;
}

const EPS = 1e-9;

function decimalsOf(step: number): number {
  const [mantissa = "", exponent] = step.toExponential().split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

const gridCache = new Map<number, Grid>();

/** The uniform grid of `step` (cached: sites reuse a handful of steps). */
export function stepGrid(step: number): Grid {
  let grid = gridCache.get(step);
  if (grid === undefined) {
    const scale = 10 ** decimalsOf(step);
    grid = { step, scale, stepInt: Math.round(step * scale) };
    if (gridCache.size < 1024) gridCache.set(step, grid);
  }
  return grid;
}

/** The grid of an allowed set (values ≤ 0 dropped, duplicates removed). */
export function setGrid(values: readonly number[]): Grid {
  const allowed = Float64Array.from(new Set(values.filter((v) => v > 0))).sort();
  return { step: 0, scale: 1, stepInt: 0, allowed };
}

/** Largest grid value ≤ x (0 when none). */
export function floorOnGrid(g: Grid, x: number): number {
  if (!(x > 0)) return 0;
  const allowed = g.allowed;
  if (allowed === undefined) {
    const k = Math.floor((x * g.scale) / g.stepInt + EPS);
    return (k * g.stepInt) / g.scale;
  }
  let lo = 0;
  let hi = allowed.length - 1;
  let best = 0;
  const limit = x + EPS * Math.max(1, x);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = allowed[mid] ?? 0;
    if (v <= limit) {
      best = v;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Smallest grid value ≥ x (Infinity when none). */
export function ceilOnGrid(g: Grid, x: number): number {
  if (!(x > 0)) return 0;
  const allowed = g.allowed;
  if (allowed === undefined) {
    const k = Math.ceil((x * g.scale) / g.stepInt - EPS);
    return (k * g.stepInt) / g.scale;
  }
  const limit = x - EPS * Math.max(1, x);
  for (const v of allowed) if (v >= limit) return v;
  return Number.POSITIVE_INFINITY;
}

/** Smallest grid value > x, for x on the grid (Infinity when none). */
export function nextOnGrid(g: Grid, x: number): number {
  const allowed = g.allowed;
  if (allowed === undefined) {
    const k = Math.round((x * g.scale) / g.stepInt) + 1;
    return (k * g.stepInt) / g.scale;
  }
  const limit = x + EPS * Math.max(1, x);
  for (const v of allowed) if (v > limit) return v;
  return Number.POSITIVE_INFINITY;
}

/** Largest grid value < x, for x on the grid (0 when none). */
export function previousOnGrid(g: Grid, x: number): number {
  const allowed = g.allowed;
  if (allowed === undefined) {
    const k = Math.round((x * g.scale) / g.stepInt) - 1;
    return k <= 0 ? 0 : (k * g.stepInt) / g.scale;
  }
  const limit = x - EPS * Math.max(1, x);
  let best = 0;
  for (const v of allowed) {
    if (v < limit) best = v;
    else break;
  }
  return best;
}

/** The grid value `k` steps above x (uniform grids only; x on the grid). */
export function stepsAbove(g: Grid, x: number, k: number): number {
  const base = Math.round((x * g.scale) / g.stepInt);
  return ((base + k) * g.stepInt) / g.scale;
}

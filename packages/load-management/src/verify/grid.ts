// The verifier's own view of setpoint grids (no code shared with the solver).

const TOLERANCE = 1e-9;

/** A connector's setpoint grid as the verifier sees it. */
export interface VGrid {
  readonly step?: number;
  readonly allowed?: readonly number[];
}

/** Whether `value` (a magnitude) is 0 or on the grid. */
export function onGrid(g: VGrid, value: number): boolean {
  if (value === 0) return true;
  if (g.allowed !== undefined) return g.allowed.some((a) => Math.abs(a - value) <= TOLERANCE * Math.max(1, a));
  const step = g.step ?? 0.1;
  const k = value / step;
  return Math.abs(k - Math.round(k)) <= 1e-7;
}

/** Whether value × 10 is an integer (OCPP's one decimal). */
export function oneDecimal(value: number): boolean {
  const k = value * 10;
  return Math.abs(k - Math.round(k)) <= 1e-7;
}

/** Smallest grid value ≥ v (Infinity when none). */
export function gridCeil(g: VGrid, v: number): number {
  if (v <= 0) return 0;
  if (g.allowed !== undefined) {
    let best = Number.POSITIVE_INFINITY;
    for (const a of g.allowed) if (a > 0 && a >= v - TOLERANCE * Math.max(1, v) && a < best) best = a;
    return best;
  }
  const step = g.step ?? 0.1;
  return Math.ceil(v / step - 1e-9) * step;
}

/** Largest grid value ≤ v (0 when none). */
export function gridFloor(g: VGrid, v: number): number {
  if (v <= 0) return 0;
  if (g.allowed !== undefined) {
    let best = 0;
    for (const a of g.allowed) if (a > 0 && a <= v + TOLERANCE * Math.max(1, v) && a > best) best = a;
    return best;
  }
  const step = g.step ?? 0.1;
  return Math.floor(v / step + 1e-9) * step;
}

/** The next grid value above `value` (Infinity when none). */
export function gridNext(g: VGrid, value: number): number {
  if (g.allowed !== undefined) {
    let best = Number.POSITIVE_INFINITY;
    for (const a of g.allowed) if (a > value + TOLERANCE * Math.max(1, value) && a < best) best = a;
    return best;
  }
  return value + (g.step ?? 0.1);
}

/**
 * The highest grid value v with `floor ≤ v` and `value − v ≥ need` (lowering to it frees at least `need`), or
 * undefined when even `floor` frees too little.
 */
export function gridDropFor(g: VGrid, value: number, floor: number, need: number): number | undefined {
  if (g.allowed !== undefined) {
    let best: number | undefined;
    for (const a of [...g.allowed, floor]) {
      if (
        a >= floor - TOLERANCE &&
        value - a >= need - TOLERANCE * Math.max(1, need) &&
        (best === undefined || a > best)
      ) {
        best = a;
      }
    }
    return best;
  }
  const step = g.step ?? 0.1;
  const v = value - Math.max(1, Math.ceil(need / step - 1e-9)) * step;
  if (v >= floor - 1e-9) return v;
  return value - floor >= need - TOLERANCE * Math.max(1, need) ? floor : undefined;
}

import { type Instance, NO_ROOM_FOR_MIN } from "./instance.js";

/**
 * Admission: in item order (priority, then stickiness, then arrival, then id), each item gets its minimum if that
 * fits on every row it loads together with the minimums admitted before it; otherwise it waits at 0.
 * Fills `x`, `admitted`, `load` and, for rejected items, `blocker` (the first row that refused).
 */
export function admit(inst: Instance, x: Float64Array, admitted: Uint8Array, load: Float64Array, blocker: Int32Array) {
  const { lo, hi, cap, tolerance, itemStart, itemRow, itemCoef } = inst;
  load.set(inst.base);
  for (let i = 0; i < inst.n; i++) {
    const min = lo[i] as number;
    if (!(min <= (hi[i] as number))) {
      blocker[i] = NO_ROOM_FOR_MIN;
      continue;
    }
    let refused = -1;
    const end = itemStart[i + 1] as number;
    for (let k = itemStart[i] as number; k < end; k++) {
      const j = itemRow[k] as number;
      if ((load[j] as number) + (itemCoef[k] as number) * min > (cap[j] as number) + (tolerance[j] as number)) {
        refused = j;
        break;
      }
    }
    if (refused >= 0) {
      blocker[i] = refused;
      continue;
    }
    admitted[i] = 1;
    x[i] = min;
    for (let k = itemStart[i] as number; k < end; k++) {
      const j = itemRow[k] as number;
      load[j] = (load[j] as number) + (itemCoef[k] as number) * min;
    }
  }
}

import { type Instance, NO_ROOM_FOR_MIN } from "./instance.js";

/**
 * Admission: in item order (priority, then stickiness, then arrival, then id), each item gets its minimum if that
 * fits on every row it loads together with the minimums admitted before it; otherwise it waits at 0.
 * Fills `x`, `admitted`, `load` and, for rejected items, `blocker` (the first row that refused).
 */
export function admit(inst: Instance, x: Float64Array, admitted: Uint8Array, load: Float64Array, blocker: Int32Array) {
  const { lo, hi, cap, tolerance, itemStart, itemRow, itemCoef } = inst;
  load.set(inst.base);
  let widest = 0;
  for (let i = 0; i < inst.n; i++) widest = Math.max(widest, (itemStart[i + 1] as number) - (itemStart[i] as number));
  const saved = new Float64Array(widest);
  for (let i = 0; i < inst.n; i++) {
    const min = lo[i] as number;
    if (!(min <= (hi[i] as number))) {
      blocker[i] = NO_ROOM_FOR_MIN;
      continue;
    }
    // add the minimum row by row, keeping each row's load before, and put those back if a row refuses
    let refused = -1;
    const first = itemStart[i] as number;
    const end = itemStart[i + 1] as number;
    for (let k = first; k < end; k++) {
      const j = itemRow[k] as number;
      const before = load[j] as number;
      const after = before + (itemCoef[k] as number) * min;
      if (after > (cap[j] as number) + (tolerance[j] as number)) {
        refused = j;
        for (let u = first; u < k; u++) load[itemRow[u] as number] = saved[u - first] as number;
        break;
      }
      saved[k - first] = before;
      load[j] = after;
    }
    if (refused >= 0) {
      blocker[i] = refused;
      continue;
    }
    admitted[i] = 1;
    x[i] = min;
  }
}

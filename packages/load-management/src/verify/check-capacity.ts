import type { Violation } from "./types.js";
import { type Snapshot, tolerance } from "./view.js";

/**
 * Properties 3 (capacity, after rounding, import and export) and 4 (fail-safe V2G: without netting, import holds
 * even if every discharging vehicle stopped). A constraint that base load alone overloads only requires that EVs
 * add nothing to it (a phasor line overloaded by base load is not checked). Phasor lines are checked on the exact
 * magnitude of their current.
 */
export function checkCapacity(view: Snapshot, out: Violation[]): void {
  for (const c of view.constraints) {
    const tol = tolerance(c.cap);
    if (c.load <= c.cap + tol) continue;
    const evLoad = c.load - c.base;
    if (c.base > c.cap + tol && evLoad <= tol) continue;
    // a phasor line that base load alone overloads: EVs can turn its current, not undo the overload
    if (c.phasor !== undefined && c.base > c.cap + tol) continue;
    out.push({
      property: 3,
      message: `${c.direction} ${c.quantity} of ${c.node}: load ${c.load} > limit ${c.cap}`,
      node: c.node,
    });
  }
  if (view.netting) return;
  for (const c of view.constraints) {
    // no V2G connector hangs below a phasor line
    if (c.direction !== "import" || c.phasor !== undefined) continue;
    // without netting no discharge may be counted: recompute with charging members only
    let gross = c.base;
    for (const m of c.members) if (m.s.direction === "import") gross += m.coef * m.s.magnitude;
    if (gross > c.cap + tolerance(c.cap) && !(c.base > c.cap && gross - c.base <= tolerance(c.cap))) {
      out.push({
        property: 4,
        message: `import ${c.quantity} of ${c.node} relies on discharge: ${gross} > ${c.cap}`,
        node: c.node,
      });
    }
  }
}

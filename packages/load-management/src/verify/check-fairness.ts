import { blockingOf } from "./check-efficiency.js";
import { gridCeil, gridDropFor, gridNext } from "./grid.js";
import { phasorRoom } from "./phasor.js";
import type { Violation } from "./types.js";
import { levelOf, lowerClass, type Snapshot, sameClass, tolerance, type VConstraint, type VSession } from "./view.js";

const LEVEL_TOL = 1e-7;

/** Room that `c` lacks for one step of `s` (coefficient `coef`). */
function need(c: VConstraint, coef: number, step: number): number {
  return Math.max(coef * step - (c.cap - c.load), 1e-12);
}

/**
 * {@link fairOn} on a phasor line: no same-class session, lowered to the lowest grid value that keeps its level above
 * s's, makes room (with free disposal, within the share of the limit the solver uses) for one step of s.
 */
function fairOnPhasor(s: VSession, c: VConstraint, step: number): boolean {
  const level = levelOf(s);
  for (const m of c.members) {
    const j = m.s;
    if (j === s || !j.admitted || j.held || !sameClass(s, j) || !(j.magnitude > j.lo)) continue;
    let to = gridCeil(j.grid, j.lo + j.rate * (level + LEVEL_TOL));
    if (!(levelOf(j, to) > level + LEVEL_TOL)) to = gridNext(j.grid, to);
    if (!(to < j.magnitude - 1e-9 * Math.max(1, j.magnitude))) continue;
    if (phasorRoom(c, (x) => (x === s ? s.magnitude + step : x === j ? to : x.magnitude))) return false;
  }
  return true;
}

/**
 * Whether no same-class session on c could alone make room for one step of s and still keep a level above s's:
 * lowering j by the fewest grid steps that free the room leaves j at or below s's level (or below j's minimum).
 */
function fairOn(s: VSession, c: VConstraint, coef: number, step: number): boolean {
  if (c.phasor !== undefined) return fairOnPhasor(s, c, step);
  const room = need(c, coef, step);
  const level = levelOf(s);
  for (const m of c.members) {
    const j = m.s;
    if (j === s || !j.admitted || j.held || !sameClass(s, j) || !(j.magnitude > j.lo)) continue;
    const to = gridDropFor(j.grid, j.magnitude, j.lo, room / m.coef);
    if (to === undefined) continue;
    if (levelOf(j, to) > level + LEVEL_TOL) return false;
  }
  return true;
}

/** Whether the lower classes on c, all dropped to their minimum, would still not make room for one step of s. */
function priorityOn(s: VSession, c: VConstraint, coef: number, step: number): boolean {
  if (c.phasor !== undefined) {
    const low = (j: VSession) => j !== s && j.admitted && !j.held && lowerClass(s, j);
    return !phasorRoom(c, (x) => (x === s ? s.magnitude + step : low(x) ? x.lo : x.magnitude));
  }
  let excess = 0;
  for (const m of c.members) {
    const j = m.s;
    if (j === s || !j.admitted || j.held || !lowerClass(s, j)) continue;
    excess += m.coef * Math.max(0, j.magnitude - j.lo);
  }
  return excess + (c.cap - c.load) < coef * step + tolerance(c.cap);
}

/**
 * Properties 6 (weighted max-min fairness within a class, up to one step) and 7 (strict priority): every admitted
 * session below its maximum (and not held by hysteresis) has a blocking constraint where no same-class session could
 * give it a step and stay better off, and one where the lower classes could not make room even at their minimum.
 * Levels are increments above the minimum in A-equivalent per weight.
 */
export function checkFairness(view: Snapshot, out: Violation[]): void {
  for (const s of view.sessions) {
    if (!s.admitted || s.held || s.magnitude >= s.hi - 1e-9 * Math.max(1, s.hi)) continue;
    const blocking = blockingOf(s);
    if (blocking.length === 0) continue; // property 5 reports it
    const at = { connector: s.connector.id, session: s.session.id };
    if (!blocking.some((b) => fairOn(s, b.c, b.coef, b.step))) {
      out.push({
        property: 6,
        message: `at level ${levelOf(s)} it is blocked only where a same-class session could give it a step and stay above it`,
        ...at,
      });
    }
    if (!blocking.some((b) => priorityOn(s, b.c, b.coef, b.step))) {
      out.push({ property: 7, message: "lower-priority sessions above their minimum hold the room it needs", ...at });
    }
  }
}

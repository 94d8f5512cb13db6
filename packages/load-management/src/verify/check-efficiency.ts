import { gridNext } from "./grid.js";
import { phasorRoom } from "./phasor.js";
import type { Violation } from "./types.js";
import { admissionOrder, type Snapshot, tolerance, type VConstraint, type VSession } from "./view.js";

/**
 * Whether one more grid step of s clearly fits on c (by more than float noise; on a phasor line, within the share
 * of the limit the solver promises to use, counted with free disposal).
 */
export function clearlyFits(c: VConstraint, coef: number, step: number, s: VSession): boolean {
  if (c.phasor !== undefined) return phasorRoom(c, (x) => (x === s ? x.magnitude + step : x.magnitude));
  return c.load + coef * step <= c.cap - tolerance(c.cap);
}

/** The constraints of s that do not clearly take one more grid step of it. */
export function blockingOf(s: VSession): { c: VConstraint; coef: number; step: number }[] {
  const step = gridNext(s.grid, s.magnitude) - s.magnitude;
  return s.on.filter((e) => !clearlyFits(e.c, e.coef, step, s)).map((e) => ({ ...e, step }));
}

/**
 * Property 5: (a) no admitted session below its maximum could take one more grid step; (b) admission is greedy in
 * the declared order — every rejected session's minimum, added to the minimums admitted before it, does not clearly
 * fit; (c) `limitedBy` names a real cause.
 */
export function checkEfficiency(view: Snapshot, out: Violation[]): void {
  for (const s of view.sessions) {
    const at = { connector: s.connector.id, session: s.session.id };
    if (!s.admitted || s.held) continue;
    const top = s.magnitude >= s.hi - 1e-9 * Math.max(1, s.hi);
    if (top) continue;
    const next = gridNext(s.grid, s.magnitude);
    if (next > s.hi + 1e-9 * Math.max(1, s.hi)) continue;
    if (blockingOf(s).length === 0) {
      out.push({ property: 5, message: `could rise from ${s.magnitude} to ${next} without breaking a limit`, ...at });
    }
  }
  checkAdmission(view, out);
  checkLimitedBy(view, out);
}

function checkAdmission(view: Snapshot, out: Violation[]): void {
  for (const direction of ["export", "import"] as const) {
    const used = new Map<VConstraint, number>();
    for (const c of view.constraints) if (c.direction === direction) used.set(c, c.base);
    // the minimums admitted so far, for the phasor lines
    const minimum = new Set<VSession>();
    const order = view.sessions.filter((s) => s.direction === direction && !s.satisfied).sort(admissionOrder);
    for (const s of order) {
      if (s.admitted) {
        for (const e of s.on) used.set(e.c, (used.get(e.c) ?? 0) + e.coef * s.lo);
        minimum.add(s);
        continue;
      }
      if (s.lo > s.hi + 1e-9) continue;
      const refused = s.on.some((e) =>
        e.c.phasor !== undefined
          ? !phasorRoom(e.c, (x) => (x === s || minimum.has(x) ? x.lo : 0))
          : (used.get(e.c) ?? 0) + e.coef * s.lo > e.c.cap - tolerance(e.c.cap),
      );
      if (!refused) {
        out.push({
          property: 5,
          message: `rejected although its minimum ${s.lo} fits beside the minimums admitted before it`,
          connector: s.connector.id,
          session: s.session.id,
        });
      }
    }
  }
}

function checkLimitedBy(view: Snapshot, out: Violation[]): void {
  for (const s of view.sessions) {
    const why = s.setpoint.limitedBy;
    const at = { connector: s.connector.id, session: s.session.id };
    const bad = (message: string) => out.push({ property: 5, message: `limitedBy ${why.kind}: ${message}`, ...at });
    switch (why.kind) {
      case "hysteresis":
        if (s.previous === undefined || Math.abs(s.previous - s.magnitude) > 1e-9) bad(`not the previous value`);
        break;
      case "maximum":
      case "ramp":
      case "energy":
        if (why.kind === "energy" && s.satisfied) break;
        if (s.admitted && Math.abs(s.magnitude - s.hi) > 1e-9 * Math.max(1, s.hi))
          bad(`${s.magnitude} is not the maximum ${s.hi}`);
        if (!s.admitted && !(s.lo > s.hi)) bad("rejected although its minimum is within its maximum");
        break;
      case "idle":
        bad("a session is present");
        break;
      case "node":
      case "demandResponse": {
        const match = (c: VConstraint) =>
          why.kind === "node"
            ? c.node === why.node &&
              c.quantity === why.phase &&
              c.direction === why.direction &&
              (c.primary === true) === (why.primary === true) &&
              (why.externalLimit === undefined
                ? c.source.kind === "own"
                : c.source.kind === "external" && c.source.id === why.externalLimit)
            : c.node === why.node && c.source.kind === "event" && c.source.id === why.event;
        const entry = s.on.find((e) => match(e.c));
        if (entry === undefined) {
          if (why.kind === "demandResponse" && s.hiCause === "demandResponse") break;
          bad("names a limit the session does not load");
          break;
        }
        if (s.admitted && !blockingOf(s).some((b) => b.c === entry.c)) bad("names a limit that is not binding");
        break;
      }
    }
  }
}

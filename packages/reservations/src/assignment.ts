import type { Interval, ReservationId } from "@chargekit/core";
import type { EvseRef } from "./evse.js";

/**
 * One reservation the solver may place: where it may go (in order of preference) and what it occupies.
 *
 * @internal
 */
export interface Movable {
  readonly id: ReservationId;
  readonly occupancy: Interval;
  /** EVSEs it may be placed on, best first; an EVSE-specific reservation has exactly one. */
  readonly candidates: readonly EvseRef[];
}

/**
 * An assignment problem: place every movable reservation on one of its candidates so that no two reservations on the
 * same EVSE overlap, and none overlaps what stays fixed.
 *
 * @internal
 */
export interface AssignmentProblem {
  readonly movables: readonly Movable[];
  /** True when `occupancy` on `evse` overlaps a reservation that is not movable in this problem. */
  readonly blockedByFixed: (evse: EvseRef, occupancy: Interval) => boolean;
  /** Upper bound on search steps; the solver gives up (returns `"gave_up"`) beyond it. */
  readonly budget: number;
}

/**
 * The outcome: an EVSE per movable reservation, `"infeasible"` when the search proved there is none, or
 * `"gave_up"` when the budget ran out first.
 *
 * @internal
 */
export type AssignmentOutcome = ReadonlyMap<ReservationId, EvseRef> | "infeasible" | "gave_up";

/**
 * Exact backtracking search for an assignment (fixed-interval scheduling with eligibility, NP-hard in general, so
 * the budget bounds the work). Reservations with the fewest candidates go first, ties by start; each tries its
 * candidates in the given order, so "stay where you are" listed first means the fewest moves.
 *
 * @internal
 */
export function solveAssignment(problem: AssignmentProblem): AssignmentOutcome {
  const order = [...problem.movables].sort(
    (a, b) => a.candidates.length - b.candidates.length || a.occupancy.start - b.occupancy.start || a.id - b.id,
  );
  const placed = new Map<EvseRef, Interval[]>();
  const result = new Map<ReservationId, EvseRef>();
  let steps = 0;
  const fits = (evse: EvseRef, occupancy: Interval): boolean => {
    const mine = placed.get(evse);
    if (mine !== undefined) {
      for (const other of mine) if (other.start < occupancy.end && occupancy.start < other.end) return false;
    }
    return !problem.blockedByFixed(evse, occupancy);
  };
  const search = (index: number): boolean | "gave_up" => {
    const movable = order[index];
    if (movable === undefined) return true;
    for (const evse of movable.candidates) {
      if (++steps > problem.budget) return "gave_up";
      if (!fits(evse, movable.occupancy)) continue;
      const list = placed.get(evse) ?? [];
      list.push(movable.occupancy);
      placed.set(evse, list);
      result.set(movable.id, evse);
      const deeper = search(index + 1);
      if (deeper !== false) return deeper;
      list.pop();
      result.delete(movable.id);
    }
    return false;
  };
  const found = search(0);
  if (found === "gave_up") return "gave_up";
  return found ? result : "infeasible";
}

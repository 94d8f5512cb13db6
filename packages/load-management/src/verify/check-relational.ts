import type { Allocation } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import { checkCapacity } from "./check-capacity.js";
import { gridNext } from "./grid.js";
import type { Violation } from "./types.js";
import { type Snapshot, snapshot, type VConstraint } from "./view.js";

type Solve = (problem: AllocationProblem, at: number) => Allocation;

function rotate<T>(items: readonly T[] | undefined, by: number): T[] | undefined {
  if (items === undefined) return undefined;
  const k = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(k), ...items.slice(0, k)].reverse();
}

/** The same problem with every list in another order. */
export function permuted(problem: AllocationProblem, by: number): AllocationProblem {
  const nodes = (rotate(problem.site.nodes, by) ?? []).map((n) =>
    n.changes === undefined ? n : { ...n, changes: rotate(n.changes, by) ?? [] },
  );
  const connectors = (rotate(problem.site.connectors, by) ?? []).map((c) =>
    c.allowed === undefined ? c : { ...c, allowed: rotate(c.allowed, by) ?? [] },
  );
  const externalLimits = rotate(problem.externalLimits, by);
  const demandResponse = rotate(problem.demandResponse, by);
  return {
    ...problem,
    site: { nodes, connectors },
    sessions: rotate(problem.sessions, by) ?? [],
    ...(externalLimits === undefined ? {} : { externalLimits }),
    ...(demandResponse === undefined ? {} : { demandResponse }),
    ...(problem.previous === undefined
      ? {}
      : { previous: { ...problem.previous, setpoints: rotate(problem.previous.setpoints, by) ?? [] } }),
  };
}

/** Property 8: re-solving, and re-solving with every list permuted, gives a byte-identical allocation. */
export function checkDeterminism(problem: AllocationProblem, allocation: Allocation, solve: Solve, out: Violation[]) {
  const reference = JSON.stringify(allocation);
  for (const by of [0, 1, 2]) {
    const again = JSON.stringify(solve(by === 0 ? problem : permuted(problem, by), allocation.at));
    if (again !== reference) {
      out.push({
        property: 8,
        message:
          by === 0 ? "the same input gave another output" : `permuting the input (rotation ${by}) changed the output`,
      });
      return;
    }
  }
}

/**
 * Property 9: lowering the most used import limit to 70 % of its EV load (as an external limit) is met in the same
 * solve, and when the admitted set stays the same no session on that limit gains more than one of its own steps
 * plus what rounding can free on the limit (under one step of each member). The stricter "at most one step" of the
 * research note does not hold with mixed grids: a coarse-stepped session's rounding leftover goes to a fine-stepped
 * one. (The continuous allocation never rises on the tightened limit; the solver's tests check that.)
 */
export function checkTightening(
  problem: AllocationProblem,
  allocation: Allocation,
  view: Snapshot,
  solve: Solve,
  out: Violation[],
): void {
  let target: VConstraint | undefined;
  let best = 0;
  for (const c of view.constraints) {
    // phasor lines are not lowered here (their load is not a sum the bound below can split)
    if (c.direction !== "import" || c.phasor !== undefined) continue;
    const ev = c.load - c.base;
    if (!(ev > 0) || c.base >= c.cap) continue;
    const use = ev / Math.max(1e-9, c.cap - c.base);
    if (use > best) {
      best = use;
      target = c;
    }
  }
  if (target === undefined) return;
  const lowered = target.base + 0.7 * (target.load - target.base);
  const limits =
    target.quantity === "total" ? { importPower: lowered } : { importCurrent: { [target.quantity]: lowered } };
  const tighter: AllocationProblem = {
    ...problem,
    externalLimits: [...(problem.externalLimits ?? []), { id: "\u0000verifier-tightening", node: target.node, limits }],
  };
  const after = solve(tighter, allocation.at);
  const afterView = snapshot(tighter, after.at, after.setpoints, { usePrevious: true });
  const broken: Violation[] = [];
  checkCapacity(afterView, broken);
  for (const v of broken)
    out.push({ ...v, property: 9, message: `after lowering ${target.node} ${target.quantity}: ${v.message}` });
  const admittedBefore = view.sessions
    .filter((s) => s.admitted)
    .map((s) => s.session.id)
    .sort()
    .join();
  const admittedAfter = afterView.sessions
    .filter((s) => s.admitted)
    .map((s) => s.session.id)
    .sort()
    .join();
  if (admittedBefore !== admittedAfter) return;
  const afterBySession = new Map(afterView.sessions.map((s) => [s.session.id, s]));
  // what rounding can free on the limit: less than one step of each member, in the limit's unit
  let rounding = 0;
  for (const m of target.members)
    if (m.s.admitted) rounding += m.coef * (gridNext(m.s.grid, m.s.magnitude) - m.s.magnitude);
  for (const m of target.members) {
    const now = afterBySession.get(m.s.session.id);
    if (now === undefined) continue;
    const limit = gridNext(m.s.grid, m.s.magnitude) + rounding / m.coef;
    if (now.magnitude > limit + 1e-9 * Math.max(1, limit)) {
      out.push({
        property: 9,
        message: `lowering ${target.node} ${target.quantity} raised it from ${m.s.magnitude} to ${now.magnitude}`,
        connector: m.s.connector.id,
        session: m.s.session.id,
      });
    }
  }
}

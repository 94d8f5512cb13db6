import type { Instant } from "@chargekit/core";
import type { AllocationProblem } from "../model/problem.js";

/**
 * Every instant in `(from, to)` at which an input changes: node changes, external limits and demand-response
 * events starting or ending, arrivals and departures. Sorted, without duplicates.
 */
export function changePoints(problem: AllocationProblem, from: Instant, to: Instant): Instant[] {
  const points = new Set<Instant>();
  const add = (t: Instant | undefined) => {
    if (t !== undefined && t > from && t < to) points.add(t);
  };
  for (const node of problem.site.nodes) for (const change of node.changes ?? []) add(change.from);
  for (const limit of problem.externalLimits ?? []) {
    add(limit.from);
    add(limit.until);
  }
  for (const event of problem.demandResponse ?? []) {
    add(event.start);
    add(event.end);
  }
  for (const session of problem.sessions) {
    add(session.arrival);
    add(session.departure);
  }
  return [...points].sort((a, b) => a - b);
}

/** The first instant after `at` at which an input changes, if any. */
export function nextChange(problem: AllocationProblem, at: Instant): Instant | undefined {
  let next = Number.POSITIVE_INFINITY;
  const consider = (t: Instant | undefined) => {
    if (t !== undefined && t > at && t < next) next = t;
  };
  for (const node of problem.site.nodes)
    if (node.changes !== undefined) for (const change of node.changes) consider(change.from);
  for (const limit of problem.externalLimits ?? []) {
    consider(limit.from);
    consider(limit.until);
  }
  for (const event of problem.demandResponse ?? []) {
    consider(event.start);
    consider(event.end);
  }
  for (const session of problem.sessions) {
    if (session.arrival > at && session.arrival < next) next = session.arrival;
    const departure = session.departure;
    if (departure !== undefined && departure > at && departure < next) next = departure;
  }
  return next === Number.POSITIVE_INFINITY ? undefined : next;
}

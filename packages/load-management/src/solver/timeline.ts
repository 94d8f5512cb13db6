import type { Instant } from "@chargekit/core";
import type { AllocationProblem } from "../model/problem.js";
import type { Topology } from "./topology.js";

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

const instantsCache = new WeakMap<Topology, Float64Array>();

/** Every instant at which a node of the topology changes its limits or base load, ascending (kept per topology). */
export function nodeChangeInstants(topology: Topology): Float64Array {
  let instants = instantsCache.get(topology);
  if (instants === undefined) {
    const all: number[] = [];
    for (const node of topology.nodes)
      if (node.changes !== undefined)
        for (const change of node.changes) if (Number.isFinite(change.from)) all.push(change.from);
    instants = Float64Array.from(all).sort();
    instantsCache.set(topology, instants);
  }
  return instants;
}

/**
 * The first instant after `at` at which an input changes, if any. What a round already knows can be passed in:
 * `sessionsNext`, the first arrival or departure after `at`, and `nodeInstants`, {@link nodeChangeInstants} of the
 * problem's site; the sessions or nodes are then not read again.
 */
export function nextChange(
  problem: AllocationProblem,
  at: Instant,
  sessionsNext?: Instant,
  nodeInstants?: Float64Array,
): Instant | undefined {
  let next = sessionsNext ?? Number.POSITIVE_INFINITY;
  const consider = (t: Instant | undefined) => {
    if (t !== undefined && t > at && t < next) next = t;
  };
  if (nodeInstants === undefined) {
    for (const node of problem.site.nodes)
      if (node.changes !== undefined) for (const change of node.changes) consider(change.from);
  } else {
    let low = 0;
    let high = nodeInstants.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((nodeInstants[mid] as number) > at) high = mid;
      else low = mid + 1;
    }
    consider(nodeInstants[low]);
  }
  for (const limit of problem.externalLimits ?? []) {
    consider(limit.from);
    consider(limit.until);
  }
  for (const event of problem.demandResponse ?? []) {
    consider(event.start);
    consider(event.end);
  }
  if (sessionsNext === undefined) {
    for (const session of problem.sessions) {
      if (session.arrival > at && session.arrival < next) next = session.arrival;
      const departure = session.departure;
      if (departure !== undefined && departure > at && departure < next) next = departure;
    }
  }
  return next === Number.POSITIVE_INFINITY ? undefined : next;
}

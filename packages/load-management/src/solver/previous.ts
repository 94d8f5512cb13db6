import type { PreviousRound, PreviousSetpoint } from "../model/problem.js";
import { lookUpConnector, lookupFor, turnLookup } from "./connector-lookup.js";
import type { Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/**
 * The previous round's setpoints against this round's connectors, without a map of all of them: per connector the
 * index of its last setpoint, and which of those turned out to carry the session now on the connector.
 */
export interface PreviousIndex {
  readonly setpoints: readonly PreviousSetpoint[];
  /** Per connector: the index of its last setpoint in `setpoints` (−1: none). */
  readonly byConnector: Int32Array;
  /** Per setpoint: 1 when a session of this round was matched to it through its connector. */
  readonly matched: Uint8Array;
}

/** Indexes the previous round's setpoints by connector, in the workspace (setpoints of unknown connectors are skipped). */
export function indexPrevious(topology: Topology, previous: PreviousRound, workspace: Workspace): PreviousIndex {
  const setpoints = previous.setpoints;
  const byConnector = workspace.i32("previous.byConnector", topology.connectorList.length);
  byConnector.fill(-1);
  const lookup = workspace.lasting ? lookupFor(workspace, "previous.lookup", setpoints.length) : undefined;
  for (let k = 0; k < setpoints.length; k++) {
    const c = lookUpConnector(topology, lookup, k, (setpoints[k] as PreviousSetpoint).connector);
    // the last setpoint of a connector wins, as later entries replace earlier ones
    if (c >= 0) byConnector[c] = k;
  }
  if (lookup !== undefined) turnLookup(lookup);
  return { setpoints, byConnector, matched: workspace.u8("previous.matched", setpoints.length, true) };
}

/**
 * The previous setpoint of the session now on connector `c`, when its connector's last setpoint carries the session
 * (the usual case: a session stays on its connector); undefined otherwise, to be settled by {@link laterSetpoints}.
 */
export function matchOnConnector(index: PreviousIndex, c: number, session: string): PreviousSetpoint | undefined {
  const k = index.byConnector[c] as number;
  if (k < 0) return undefined;
  const setpoint = index.setpoints[k] as PreviousSetpoint;
  if (setpoint.session !== session) return undefined;
  index.matched[k] = 1;
  return setpoint;
}

/**
 * The setpoints no session was matched to through its connector (a session that left or moved, an older setpoint of a
 * connector), by session id, the last one of each id: usually none. A session's previous setpoint is the last one
 * carrying its id, so where this map has a later one for a session than its connector match (or it had none), that
 * one is the session's. With unique session ids, as parseAllocationProblem requires, this is exactly the last
 * setpoint of each session.
 */
export function laterSetpoints(index: PreviousIndex): Map<string, number> | undefined {
  let out: Map<string, number> | undefined;
  const { setpoints, matched } = index;
  for (let k = 0; k < setpoints.length; k++) {
    if (matched[k] === 1) continue;
    out ??= new Map();
    out.set((setpoints[k] as PreviousSetpoint).session, k);
  }
  return out;
}

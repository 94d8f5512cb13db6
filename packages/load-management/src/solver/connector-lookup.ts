import type { Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/**
 * Connector indexes of the entries of a list that name connectors by id (the sessions, the previous round's
 * setpoints), remembered by position from one round to the next: most rounds see the same list, or one with an entry
 * more or less (positions shifted by one), and comparing the id with the remembered one is much cheaper than looking
 * it up. Every remembered pair is a true (connector id, index) pair of the topology, so a stale one can only miss,
 * never mislead.
 */
export interface ConnectorLookup {
  /** Last round's pairs by position, read this round. */
  ids: (string | undefined)[];
  index: Int32Array;
  /** This round's pairs, written as they are found. */
  nextIds: (string | undefined)[];
  nextIndex: Int32Array;
  /** The shift (−1, 0, 1) between last round's positions and this round's that matched last. */
  delta: number;
}

/**
 * The index of connector `id`, the entry at position `k` of its list: a remembered pair at that position (or one
 * off), else the topology's id index. −1 for an unknown connector. Without a lookup (a single solve), the id index.
 */
export function lookUpConnector(
  topology: Topology,
  lookup: ConnectorLookup | undefined,
  k: number,
  id: string,
): number {
  if (lookup === undefined) return topology.connectors.get(id)?.index ?? -1;
  const { ids, index } = lookup;
  let c = -1;
  for (let attempt = 0; attempt < 4 && c < 0; attempt++) {
    const d = attempt === 0 ? lookup.delta : attempt - 2;
    if (attempt > 0 && d === lookup.delta) continue;
    const at = k + d;
    if (at >= 0 && at < ids.length && ids[at] === id && (index[at] as number) >= 0) {
      c = index[at] as number;
      lookup.delta = d;
    }
  }
  if (c < 0) {
    c = topology.connectors.get(id)?.index ?? -1;
    if (c < 0) return -1;
  }
  lookup.nextIds[k] = id;
  lookup.nextIndex[k] = c;
  return c;
}

/** The workspace's lookup named `name`, for a list of `length` entries. */
export function lookupFor(workspace: Workspace, name: string, length: number): ConnectorLookup {
  let lookup = workspace.memo.get(name) as ConnectorLookup | undefined;
  if (lookup === undefined || lookup.nextIndex.length < length) {
    const size = length + (length >> 2);
    lookup = {
      ids: lookup?.ids ?? [],
      index: lookup?.index ?? new Int32Array(0),
      nextIds: new Array(size).fill(undefined),
      nextIndex: new Int32Array(size).fill(-1),
      delta: 0,
    };
    workspace.memo.set(name, lookup);
  }
  return lookup;
}

/** After a round: this round's pairs become the ones to read next round. */
export function turnLookup(lookup: ConnectorLookup): void {
  const { ids, index } = lookup;
  lookup.ids = lookup.nextIds;
  lookup.index = lookup.nextIndex;
  if (index.length === lookup.nextIndex.length) {
    lookup.nextIds = ids;
    lookup.nextIndex = index;
  } else {
    lookup.nextIds = new Array(lookup.index.length).fill(undefined);
    lookup.nextIndex = new Int32Array(lookup.index.length).fill(-1);
  }
}

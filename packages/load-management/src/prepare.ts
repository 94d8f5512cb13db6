import { ChargekitError } from "@chargekit/core";
import type { Site } from "./model/site.js";
import { prepareTopology, type Topology } from "./solver/topology.js";

const BRAND = Symbol("PreparedSite");

/**
 * A site indexed once for many rounds (see {@link prepareSite}). Opaque.
 *
 * @category Solver
 */
export interface PreparedSite {
  /** The site it was prepared from (frozen). */
  readonly site: Site;
  /** @internal */
  readonly [BRAND]: Topology;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

/**
 * Indexes a site once — nodes and connectors sorted, the tree checked, electrical facts of every connector worked
 * out — so that each real-time round only handles sessions and limits. The site is deep-frozen, so the index can
 * never go stale: build a new site object (and prepare it) when the topology changes.
 *
 * The prepared site also keeps what rounds on it can share: their scratch memory (no typed arrays allocated per
 * round), and from the last round the admission order, the constraint matrix and the lookups of connectors by id.
 * A round where a few sessions came, went or changed patches the order and the matrix for those sessions instead of
 * sorting and building them again (results are the same bytes either way). It therefore holds on to the last
 * round's sessions until the next round.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` for a broken tree (unknown parent, two roots, a cycle, duplicate ids).
 * @example
 * ```ts
 * const prepared = prepareSite(problem.site);
 * const allocation = allocate(problem, { at: Date.now(), prepared });
 * ```
 * @category Solver
 */
export function prepareSite(site: Site): PreparedSite {
  const topology = prepareTopology(site);
  deepFreeze(site);
  return Object.freeze({ site, [BRAND]: topology });
}

/**
 * The topology of the problem's site: the prepared one when given, a fresh index otherwise.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` when `prepared` was made from another site object.
 */
export function topologyFor(site: Site, prepared: PreparedSite | undefined): Topology {
  if (prepared === undefined) return prepareTopology(site);
  if (prepared.site !== site) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      "the prepared site was made from another site object than problem.site",
    );
  }
  return prepared[BRAND];
}

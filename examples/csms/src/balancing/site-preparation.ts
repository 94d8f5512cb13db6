import { type PreparedSite, prepareSite } from "@chargekit/load-management";
import type { SiteConfig } from "../config/sites.js";
import type { EvseEntry } from "../sites/evse-directory.js";
import type { SiteLimits } from "../sites/site-limits.js";
import { siteTreeOf, type UncontrolledLoad } from "../sites/site-tree.js";

/** What the tree is built from besides the fixed site and EVSEs, as text: equal text, equal tree. */
function treeKey(limits: SiteLimits, uncontrolled: readonly UncontrolledLoad[]): string {
  // the loads in the order given: base loads are summed in that order, and a different order may round differently
  const loads = uncontrolled.map((u) => `${u.evse.ref}:${u.phases ?? ""}`).join(",");
  return `${JSON.stringify(limits)}\u0000${loads}`;
}

/**
 * The load-management site of one configured site, prepared once (`prepareSite`) and kept between rounds, as the
 * load-management guide says to run many rounds on one site: a round on a prepared site reuses its index, scratch
 * memory, constraint matrix and admission order, and allocates exactly what an unprepared round would. The tree is
 * rebuilt and prepared again only when what it is built from changes: the limits in force (an operator's change)
 * or the sessions counted as base load because their station refuses profiles. Demand-response events are not part
 * of the tree (each round passes them with the sessions). The site and its EVSEs are fixed: a changed configuration
 * makes a new balancer, and with it a new preparation.
 */
export class SitePreparation {
  private readonly site: SiteConfig;
  private readonly evses: readonly EvseEntry[];
  private key: string | undefined;
  private prepared: PreparedSite | undefined;

  constructor(site: SiteConfig, evses: readonly EvseEntry[]) {
    this.site = site;
    this.evses = evses;
  }

  /**
   * The prepared site for these limits and uncontrolled loads: the kept one when they are what it was built from,
   * else a new one (which replaces it). Pass `prepared.site` as the problem's site.
   *
   * @throws ChargekitError `INVALID_ARGUMENT` when the tree is broken (nothing is kept then).
   */
  of(limits: SiteLimits, uncontrolled: readonly UncontrolledLoad[]): PreparedSite {
    const key = treeKey(limits, uncontrolled);
    if (this.prepared !== undefined && key === this.key) return this.prepared;
    const prepared = prepareSite(siteTreeOf(this.site, this.evses, limits, uncontrolled));
    this.key = key;
    this.prepared = prepared;
    return prepared;
  }
}

import { ChargekitError, createEmitter, type SiteId, type TypedEmitter } from "@chargekit/core";
import type { GridNodeConfig, PhaseLimits, SiteConfig } from "../config/sites.js";

/** The limits of one grid node below the connection. */
export interface NodeLimitSetting {
  /** The node. */
  readonly id: string;
  /** Most current per phase into its subtree, A; absent: none of its own. */
  readonly limit?: PhaseLimits | undefined;
  /** Most total power of its subtree, kW; absent: none. */
  readonly maxPowerKw?: number | undefined;
}

/** The limits of a site as they are in force: the grid connection's and every node's. */
export interface SiteLimits {
  /** Most current per phase at the grid connection, A. */
  readonly gridLimit: PhaseLimits;
  /** Most total power at the grid connection, kW; absent: only the current limit applies. */
  readonly maxPowerKw?: number | undefined;
  /** Every node below the connection, in tree order. */
  readonly nodes: readonly NodeLimitSetting[];
}

/** Events of {@link SiteLimitsBook}. */
export interface SiteLimitsEvents {
  /** A site's limits were changed. */
  "limits:changed": {
    /** The site. */
    readonly siteId: SiteId;
    /** The limits now in force. */
    readonly limits: SiteLimits;
  };
}

/** The limits in force per site: the configured ones until an operator changes them. */
export interface SiteLimitsBook {
  /** Change notifications. */
  readonly events: TypedEmitter<SiteLimitsEvents>;
  /** The limits of a site now; `undefined` for an unknown site. */
  get(siteId: SiteId): SiteLimits | undefined;
  /** The limits the configuration gives a site. */
  configured(siteId: SiteId): SiteLimits | undefined;
  /**
   * Replaces a site's limits. Nodes not listed keep their configured limits. Throws `NOT_FOUND` for an unknown
   * site and `INVALID_INPUT` (naming `nodes[i].id`) for a node the site does not have.
   */
  set(siteId: SiteId, limits: SiteLimits): SiteLimits;
}

/** The limits a site's configuration gives it. */
export function configuredLimits(site: SiteConfig): SiteLimits {
  const nodes: NodeLimitSetting[] = [];
  const visit = (children: readonly GridNodeConfig[]): void => {
    for (const node of children) {
      nodes.push({
        id: node.id,
        ...(node.limit === undefined ? {} : { limit: node.limit }),
        ...(node.maxPowerKw === undefined ? {} : { maxPowerKw: node.maxPowerKw }),
      });
      visit(node.children);
    }
  };
  visit(site.children);
  return {
    gridLimit: site.gridLimit,
    ...(site.maxPowerKw === undefined ? {} : { maxPowerKw: site.maxPowerKw }),
    nodes,
  };
}

/** Creates the book over the configured sites, optionally starting from stored changes. */
export function createSiteLimitsBook(
  sites: readonly SiteConfig[],
  stored: ReadonlyMap<SiteId, SiteLimits> = new Map(),
): SiteLimitsBook {
  const events = createEmitter<SiteLimitsEvents>();
  const configured = new Map(sites.map((s) => [s.id, configuredLimits(s)]));
  const current = new Map<SiteId, SiteLimits>();
  const merge = (siteId: SiteId, limits: SiteLimits): SiteLimits => {
    const base = configured.get(siteId);
    if (base === undefined) throw new ChargekitError("NOT_FOUND", `site ${siteId} not found`);
    const given = new Map<string, NodeLimitSetting>();
    limits.nodes.forEach((node, i) => {
      if (!base.nodes.some((n) => n.id === node.id)) {
        throw new ChargekitError("INVALID_INPUT", `site ${siteId} has no grid node "${node.id}"`, {
          details: {
            issues: [{ path: `body.nodes[${i}].id`, message: `unknown node "${node.id}" of site ${siteId}` }],
          },
        });
      }
      given.set(node.id, node);
    });
    return {
      gridLimit: limits.gridLimit,
      ...(limits.maxPowerKw === undefined ? {} : { maxPowerKw: limits.maxPowerKw }),
      nodes: base.nodes.map((n) => given.get(n.id) ?? n),
    };
  };
  for (const [siteId, limits] of stored) {
    const base = configured.get(siteId);
    if (base === undefined) continue; // a site removed from the configuration since
    const known = limits.nodes.filter((n) => base.nodes.some((b) => b.id === n.id));
    current.set(siteId, merge(siteId, { ...limits, nodes: known }));
  }
  return {
    events,
    get: (siteId) => current.get(siteId) ?? configured.get(siteId),
    configured: (siteId) => configured.get(siteId),
    set(siteId, limits) {
      const merged = merge(siteId, limits);
      current.set(siteId, merged);
      events.emit("limits:changed", { siteId, limits: merged });
      return merged;
    },
  };
}

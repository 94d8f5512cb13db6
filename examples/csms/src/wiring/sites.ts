import type { SiteId, StationId } from "@chargekit/core";
import type { StationConfig } from "../config/ocpp.js";
import type { Config } from "../config/schema.js";
import type { GridNodeConfig, SiteConfig } from "../config/sites.js";

/** Where each configured station sits: its site and the grid node it is wired to. */
export interface SiteDirectory {
  /** Every configured site, in configuration order. */
  readonly sites: readonly SiteConfig[];
  /** Every declared station, in configuration order. */
  readonly stations: readonly StationConfig[];
  /** A site by id. */
  site(siteId: SiteId): SiteConfig | undefined;
  /** A declared station. */
  station(stationId: StationId): StationConfig | undefined;
  /** The site a station is wired to. */
  siteOf(stationId: StationId): SiteId | undefined;
  /** The id of the grid node a station is wired to (the site id for stations on the grid connection itself). */
  nodeOf(stationId: StationId): string | undefined;
  /** The stations of a site, in configuration order. */
  stationsOf(siteId: SiteId): readonly StationId[];
  /** Whether the configuration declares stations at all (when it does, only those are accepted). */
  readonly closed: boolean;
  /** Whether a station identity may connect: declared, or any when the configuration declares none. */
  isAccepted(identity: string): boolean;
}

/** Builds the {@link SiteDirectory} of a configuration. */
export function createSiteDirectory(config: Pick<Config, "sites" | "stations">): SiteDirectory {
  const stationById = new Map(config.stations.map((s) => [s.id as string, s]));
  const siteById = new Map(config.sites.map((s) => [s.id as string, s]));
  const siteOfStation = new Map<string, SiteId>();
  const nodeOfStation = new Map<string, string>();
  const stationsOfSite = new Map<string, StationId[]>();
  for (const site of config.sites) {
    const list: StationId[] = [];
    const visit = (node: { id: string; stations: readonly StationId[]; children: readonly GridNodeConfig[] }) => {
      for (const id of node.stations) {
        siteOfStation.set(id, site.id);
        nodeOfStation.set(id, node.id);
        list.push(id);
      }
      for (const child of node.children) visit(child);
    };
    visit(site);
    stationsOfSite.set(site.id, list);
  }
  return {
    sites: config.sites,
    stations: config.stations,
    site: (id) => siteById.get(id),
    station: (id) => stationById.get(id),
    siteOf: (id) => siteOfStation.get(id),
    nodeOf: (id) => nodeOfStation.get(id),
    stationsOf: (id) => stationsOfSite.get(id) ?? [],
    closed: config.stations.length > 0,
    isAccepted: (identity) => config.stations.length === 0 || stationById.has(identity),
  };
}

import { EvseId, powerFromCurrent, type SiteId, type StationId, type Watts } from "@chargekit/core";
import { EvseRef, type EvseSpec } from "@chargekit/reservations";
import type { StationConfig } from "../config/ocpp.js";
import type { Config } from "../config/schema.js";
import type { GridNodeConfig, SiteConfig } from "../config/sites.js";

/** One EVSE of the configuration: where it is, what it offers, and its name in the domain packages. */
export interface EvseEntry {
  /** Its reference in the reservation engine and the load-management tree: `<station>/<evse>`. */
  readonly ref: EvseRef;
  /** The station. */
  readonly stationId: StationId;
  /** The EVSE number (OCPP 1.6: the connector number). */
  readonly evseId: EvseId;
  /** The site it is on. */
  readonly siteId: SiteId;
  /** The grid node it is wired to (the site id for stations on the grid connection itself). */
  readonly nodeId: string;
  /** The station's configuration. */
  readonly station: StationConfig;
  /** What the reservation engine needs: connector types and the most power. */
  readonly spec: EvseSpec;
}

/** Every configured EVSE, looked up by reference, by station and EVSE number, or by site. */
export interface EvseDirectory {
  /** The configured sites, in configuration order. */
  readonly sites: readonly SiteConfig[];
  /** A site by id. */
  site(siteId: SiteId): SiteConfig | undefined;
  /** The EVSEs of a site, station by station, EVSE by EVSE. */
  evsesOf(siteId: SiteId): readonly EvseEntry[];
  /** The EVSE of a reference. */
  byRef(ref: EvseRef): EvseEntry | undefined;
  /** The EVSE `evseId` of a station. */
  at(stationId: StationId, evseId: EvseId | number): EvseEntry | undefined;
  /** The site a station is wired to. */
  siteOf(stationId: StationId): SiteId | undefined;
  /** The stations of a site. */
  stationsOf(siteId: SiteId): readonly StationConfig[];
}

/** The reference of EVSE `evseId` of a station, `CP-017/1`: what the domain packages call it. */
export function evseRefOf(stationId: StationId, evseId: EvseId | number): EvseRef {
  return EvseRef.of(`${stationId}/${evseId}`);
}

/** The most power one EVSE of a station delivers: AC from its current, phases and the site's voltage; DC as set. */
export function evseMaxPower(station: StationConfig, voltage: number): Watts {
  if (station.current === "DC") return (station.maxPowerKw ?? 0) * 1000;
  return powerFromCurrent(station.maxCurrent, { phases: station.phases, voltage });
}

/** Builds the directory from a validated configuration (every station is on exactly one site). */
export function createEvseDirectory(config: Pick<Config, "sites" | "stations">): EvseDirectory {
  const stations = new Map(config.stations.map((s) => [s.id, s]));
  const bySite = new Map<SiteId, EvseEntry[]>();
  const byRef = new Map<EvseRef, EvseEntry>();
  const siteOfStation = new Map<StationId, SiteId>();
  const stationsOfSite = new Map<SiteId, StationConfig[]>();
  for (const site of config.sites) {
    const entries: EvseEntry[] = [];
    const own: StationConfig[] = [];
    const visit = (
      node: { readonly stations: readonly StationId[]; readonly children: readonly GridNodeConfig[] },
      nodeId: string,
    ) => {
      for (const stationId of node.stations) {
        const station = stations.get(stationId);
        if (station === undefined) continue;
        own.push(station);
        siteOfStation.set(stationId, site.id);
        for (let n = 1; n <= station.evses; n++) {
          const ref = evseRefOf(stationId, n);
          const entry: EvseEntry = {
            ref,
            stationId,
            evseId: EvseId.of(n),
            siteId: site.id,
            nodeId,
            station,
            spec: { ref, connectorTypes: station.connectorTypes, maxPower: evseMaxPower(station, site.voltage) },
          };
          entries.push(entry);
          byRef.set(ref, entry);
        }
      }
      for (const child of node.children) visit(child, child.id);
    };
    visit(site, site.id);
    bySite.set(site.id, entries);
    stationsOfSite.set(site.id, own);
  }
  const sites = new Map(config.sites.map((s) => [s.id, s]));
  return {
    sites: config.sites,
    site: (siteId) => sites.get(siteId),
    evsesOf: (siteId) => bySite.get(siteId) ?? [],
    byRef: (ref) => byRef.get(ref),
    at: (stationId, evseId) => byRef.get(evseRefOf(stationId, evseId)),
    siteOf: (stationId) => siteOfStation.get(stationId),
    stationsOf: (siteId) => stationsOfSite.get(siteId) ?? [],
  };
}

import { type Clock, createEmitter, type SiteId, StationId } from "@chargekit/core";
import type { Config } from "../config/schema.js";
import type { GridNodeConfig } from "../config/sites.js";
import { configuredLimits } from "../sites/site-limits.js";
import { gridLimitW } from "../sites/site-tree.js";
import type {
  DashboardEvent,
  DashboardSnapshot,
  PowerSample,
  QueueView,
  SiteView,
  StationStatus,
  StationView,
} from "./model.js";
import type { DashboardSource } from "./source.js";

/** Power samples kept per site (at one sample every 10 s, an hour). */
export const HISTORY_LENGTH = 360;

/**
 * The in-memory {@link DashboardSource}: what a server assembled without the station registry shows (the
 * configured sites and stations, see {@link seedFromConfig}), and the fake that tests of the page in isolation
 * drive. Its mutators emit the matching {@link DashboardEvent}; the assembled server uses the live source instead.
 */
export interface MemoryDashboardSource extends DashboardSource {
  /** Adds or replaces a station row. */
  putStation(station: StationView): void;
  /** Changes a station's status (and its EVSEs' unless given), stamped with the clock. */
  setStationStatus(stationId: string, status: StationStatus, powerW?: number): void;
  /** Adds or replaces a site (history kept if omitted). */
  putSite(site: Omit<SiteView, "history" | "powerW"> & Partial<Pick<SiteView, "history" | "powerW">>): void;
  /**
   * Records a power sample of a site against `limitW` (default: its limit now), which becomes its limit; the oldest
   * sample falls off past {@link HISTORY_LENGTH}.
   */
  recordSitePower(siteId: string, powerW: number, limitW?: number): void;
  /** Replaces a site's queue. */
  setQueue(queue: QueueView): void;
}

/** Creates an empty {@link MemoryDashboardSource}. */
export function createMemoryDashboardSource(clock: Clock): MemoryDashboardSource {
  const events = createEmitter<{ "dashboard:event": { event: DashboardEvent } }>();
  const stations = new Map<string, StationView>();
  const sites = new Map<string, SiteView>();
  const queues = new Map<string, QueueView>();
  const emit = (event: DashboardEvent): void => void events.emit("dashboard:event", { event });

  return {
    snapshot: (): DashboardSnapshot => ({
      at: clock.now(),
      stations: [...stations.values()],
      sites: [...sites.values()],
      queues: [...queues.values()],
      reservations: [],
    }),
    subscribe(listener) {
      const handler = ({ event }: { event: DashboardEvent }): void => listener(event);
      events.on("dashboard:event", handler);
      return () => void events.off("dashboard:event", handler);
    },
    putStation(station) {
      stations.set(station.id, station);
      emit({ type: "station:updated", station });
    },
    setStationStatus(stationId, status, powerW) {
      const current = stations.get(stationId);
      if (current === undefined) throw new RangeError(`unknown station ${stationId}`);
      const power = powerW ?? (status === "Charging" ? current.powerW : 0);
      const station: StationView = {
        ...current,
        status,
        powerW: power,
        evses: current.evses.map((e) => ({ ...e, status, powerW: power / current.evses.length })),
        updatedAt: clock.now(),
      };
      stations.set(stationId, station);
      emit({ type: "station:updated", station });
    },
    putSite(site) {
      const previous = sites.get(site.id);
      const view: SiteView = {
        ...site,
        powerW: site.powerW ?? previous?.powerW ?? 0,
        history: site.history ?? previous?.history ?? [],
      };
      sites.set(site.id, view);
    },
    recordSitePower(siteId, powerW, limitW) {
      const site = sites.get(siteId);
      if (site === undefined) throw new RangeError(`unknown site ${siteId}`);
      const sample: PowerSample = { at: clock.now(), powerW, limitW: limitW ?? site.limitW };
      const history = [...site.history, sample].slice(-HISTORY_LENGTH);
      sites.set(siteId, { ...site, powerW, limitW: sample.limitW, history });
      emit({ type: "site:power", siteId: site.id, sample });
    },
    setQueue(queue) {
      queues.set(queue.siteId, queue);
      emit({ type: "queue:updated", queue });
    },
  };
}

/**
 * Fills the source with what the configuration declares: every site with its limit and every station as `Offline`
 * (until it connects). This is real configuration, not demo data.
 */
export function seedFromConfig(source: MemoryDashboardSource, config: Config, clock: Clock): void {
  const siteOf = new Map<string, SiteId>();
  for (const site of config.sites) {
    source.putSite({ id: site.id, name: site.name, limitW: gridLimitW(configuredLimits(site), site.voltage) });
    const visit = (node: { stations: readonly StationId[]; children: readonly GridNodeConfig[] }): void => {
      for (const id of node.stations) siteOf.set(id, site.id);
      node.children.forEach(visit);
    };
    visit(site);
  }
  for (const station of config.stations) {
    const siteId = siteOf.get(station.id);
    if (siteId === undefined) continue;
    source.putStation({
      id: StationId.of(station.id),
      name: station.name ?? station.id,
      siteId,
      status: "Offline",
      powerW: 0,
      evses: Array.from({ length: station.evses }, (_, i) => ({
        evseId: i + 1,
        status: "Offline" as const,
        powerW: 0,
      })),
      updatedAt: clock.now(),
    });
  }
}

import { createEmitter, type SiteId, type StationId } from "@chargekit/core";
import { isLive, type Reservation } from "@chargekit/reservations";
import { dashboardQueue, maskDriver } from "../api/driver/queue-view.js";
import type { SitePowerSample } from "../balancing/power-history.js";
import type { SiteConfig } from "../config/sites.js";
import type { EvseDirectory } from "../sites/evse-directory.js";
import { configuredLimits } from "../sites/site-limits.js";
import { gridLimitW } from "../sites/site-tree.js";
import type { CsmsEvents } from "../wiring/events.js";
import { RESERVATION_CHANGES } from "../wiring/reservations.js";
import type { CsmsServices } from "../wiring/services.js";
import type {
  DashboardEvent,
  DashboardSnapshot,
  PowerSample,
  QueueView,
  ReservationView,
  SiteView,
  StationView,
} from "./model.js";
import type { DashboardSource } from "./source.js";
import { stationRow } from "./station-rows.js";

/** How far back a snapshot reaches: each site's power samples, and reservations whose window ended. */
export const DASHBOARD_HISTORY_MS = 60 * 60_000;

/** The dashboard's data from the running services; {@link LiveDashboardSource.start} connects it. */
export interface LiveDashboardSource extends DashboardSource {
  /** Follows the services that are running now (call once every module it reads has started). */
  start(): void;
  /** Stops following them. */
  stop(): void;
}

/** A power-history sample as the dashboard draws it. */
function sampleView(sample: SitePowerSample): PowerSample {
  return { at: sample.at, powerW: sample.measuredW, limitW: sample.limitW };
}

/** A reservation's bar: its booked window on the EVSE the plan keeps for it, the driver masked. */
function reservationRow(r: Reservation, directory: Pick<EvseDirectory, "byRef">): ReservationView | undefined {
  const evse = directory.byRef(r.assignedEvse);
  if (evse === undefined) return undefined;
  return {
    id: r.id,
    stationId: evse.stationId,
    evseId: evse.evseId,
    siteId: r.site,
    start: r.window.start,
    end: r.window.end,
    status: r.status,
    label: maskDriver(r.driver),
  };
}

/**
 * The {@link DashboardSource} of the assembled server, read from the services whenever asked and following their
 * events:
 * - stations: each configured station's row from the station registry's live view, sent again (`station:updated`)
 *   when the bus says the station connected, disconnected, booted, reported a status (a 2.x connector's charging
 *   state included: the registry moves it with the station's TransactionEvents), a session started or ended, or a
 *   meter sample changed what it draws;
 * - sites: each site's power by its meters against the limit in force, sampled by load management
 *   (`site:power`); the configured limit and no samples when load management is not assembled;
 * - queues: each site's line from the queue desk, again after every `queue:changed` on the bus;
 * - reservations: the engine's live ones and those that ended within {@link DASHBOARD_HISTORY_MS}, again after
 *   every lifecycle change (`reservation:updated`).
 *
 * Services that are not assembled show as empty, so the source works with any subset of the modules.
 */
export function createLiveDashboardSource(services: CsmsServices): LiveDashboardSource {
  const changes = createEmitter<{ "dashboard:change": DashboardEvent }>();
  const emit = (event: DashboardEvent): void => void changes.emit("dashboard:change", event);
  const rows = new Map<StationId, { readonly key: string; readonly row: StationView }>();
  const ended = new Map<number, ReservationView>();
  const following: (() => void)[] = [];

  /**
   * A station's row now, and whether it differs from the one last sent; an unchanged row keeps its time. Only sending
   * a change records it: a snapshot taken between the registry's change and the bus event must not swallow the
   * event other pages wait for.
   */
  const currentRow = (id: StationId): { row: StationView; key: string; changed: boolean } | undefined => {
    const station = services.sites.station(id);
    const siteId = services.sites.siteOf(id);
    if (station === undefined || siteId === undefined) return undefined;
    const row = stationRow(station, {
      siteId,
      live: services.get("registry")?.view(id),
      voltage: services.sites.site(siteId)?.voltage ?? 230,
      updatedAt: services.clock.now(),
    });
    const key = JSON.stringify({ ...row, updatedAt: 0 });
    const sent = rows.get(id);
    return sent?.key === key ? { row: sent.row, key, changed: false } : { row, key, changed: true };
  };
  const refreshStation = (id: StationId): void => {
    const current = currentRow(id);
    if (current?.changed !== true) return;
    rows.set(id, { key: current.key, row: current.row });
    emit({ type: "station:updated", station: current.row });
  };

  const siteView = (site: SiteConfig): SiteView => {
    const lm = services.get("loadManagement");
    const since = services.clock.now() - DASHBOARD_HISTORY_MS;
    const history = (lm?.manager.history.of(site.id, since) ?? []).map(sampleView);
    const latest = history[history.length - 1];
    const limits = lm?.limits.get(site.id) ?? configuredLimits(site);
    return {
      id: site.id,
      name: site.name,
      limitW: latest?.limitW ?? gridLimitW(limits, site.voltage),
      powerW: latest?.powerW ?? 0,
      history,
    };
  };

  const queueOf = (siteId: SiteId): QueueView | undefined => {
    const desk = services.get("queue");
    return desk?.has(siteId) === true ? dashboardQueue(desk, siteId) : undefined;
  };

  const reservations = (): ReservationView[] => {
    const booking = services.get("reservations");
    if (booking === undefined) return [];
    const horizon = services.clock.now() - DASHBOARD_HISTORY_MS;
    for (const [id, row] of ended) if (row.end < horizon) ended.delete(id);
    const live = services.sites.sites.flatMap((site) =>
      booking.engine.liveAt(site.id).flatMap((r) => reservationRow(r, booking.directory) ?? []),
    );
    return [...live, ...ended.values()].sort((a, b) => a.start - b.start || a.id - b.id);
  };

  const follow = (): void => {
    const { events } = services;
    const onStation = (e: { readonly stationId: StationId }) => refreshStation(e.stationId);
    const onQueue = (e: CsmsEvents["queue:changed"]) => {
      const queue = queueOf(e.siteId);
      if (queue !== undefined) emit({ type: "queue:updated", queue });
    };
    const stationEvents = ["station:changed", "meter:sample", "session:started", "session:ended"] as const;
    for (const name of stationEvents) events.on(name, onStation);
    events.on("queue:changed", onQueue);
    following.push(() => {
      for (const name of stationEvents) events.off(name, onStation);
      events.off("queue:changed", onQueue);
    });

    const history = services.get("loadManagement")?.manager.history;
    if (history !== undefined) {
      const onPower = (e: { readonly siteId: SiteId; readonly sample: SitePowerSample }) =>
        emit({ type: "site:power", siteId: e.siteId, sample: sampleView(e.sample) });
      history.events.on("site:power", onPower);
      following.push(() => history.events.off("site:power", onPower));
    }

    const booking = services.get("reservations");
    if (booking !== undefined) {
      const onReservation = ({ reservation }: { readonly reservation: Reservation }) => {
        const row = reservationRow(reservation, booking.directory);
        if (row === undefined) return;
        if (isLive(reservation.status)) ended.delete(row.id);
        else ended.set(row.id, row);
        emit({ type: "reservation:updated", reservation: row });
      };
      for (const name of RESERVATION_CHANGES) booking.engine.events.on(name, onReservation);
      following.push(() => {
        for (const name of RESERVATION_CHANGES) booking.engine.events.off(name, onReservation);
      });
    }
  };

  return {
    snapshot: (): DashboardSnapshot => ({
      at: services.clock.now(),
      stations: services.sites.stations.flatMap((s) => currentRow(s.id)?.row ?? []),
      sites: services.sites.sites.map(siteView),
      queues: services.sites.sites.flatMap((s) => queueOf(s.id) ?? []),
      reservations: reservations(),
    }),
    subscribe(listener) {
      const handler = (event: DashboardEvent): void => listener(event);
      changes.on("dashboard:change", handler);
      return () => void changes.off("dashboard:change", handler);
    },
    start() {
      if (following.length === 0) follow();
    },
    stop() {
      for (const off of following.splice(0)) off();
      ended.clear();
    },
  };
}

import type { StationId } from "@chargekit/core";
import { siteRoutes } from "../api/operator/sites.js";
import { DrBook } from "../balancing/dr-book.js";
import { createLoadManager, type LoadManager } from "../balancing/load-manager.js";
import type { ProfileOutcome } from "../balancing/profile-sender.js";
import { operatorsOf } from "../live/audience.js";
import type { CsmsModule } from "../server/module.js";
import { createEvseDirectory, type EvseDirectory } from "../sites/evse-directory.js";
import { createSiteLimitsBook, type SiteLimits, type SiteLimitsBook } from "../sites/site-limits.js";
import type { CsmsEvents } from "./events.js";
import { operationsStoreOf } from "./operations.js";
import type { CsmsServices } from "./services.js";

declare module "./services.js" {
  interface ServiceSlots {
    /** Site limits, rebalancing, charging profiles and power history (load-management module). */
    loadManagement: LoadManagementService;
  }
}

/** Load management as the server runs it. */
export interface LoadManagementService {
  /** Rounds, sessions, profiles and each site's power history. */
  readonly manager: LoadManager;
  /** The limits in force. */
  readonly limits: SiteLimitsBook;
  /** The configured EVSEs. */
  readonly directory: EvseDirectory;
  /** Changes a site's limits: stored, then in force (the site rebalances). */
  setLimits(siteId: SiteLimitsSiteId, limits: SiteLimits): Promise<SiteLimits>;
}

type SiteLimitsSiteId = Parameters<SiteLimitsBook["set"]>[0];

/** Most running transactions read per station when resuming after a restart. */
const RESUME_LIMIT = 64;

/**
 * The load-management module: site trees with the grid limits from the configuration (and the changes operators
 * stored), a rebalance on every session start and stop, on every meter value that changes an EV's demand, on limit
 * and demand-response changes (debounced on the Clock), the setpoints sent as TxProfiles through the command API,
 * a safe-start TxDefaultProfile on every station that boots, each site's power against its limit sampled for the
 * dashboard, and the operator routes of site limits and power. Running sessions are read back from the transaction
 * store at start-up. Assemble it after the ocpp and demand-response modules.
 */
export function loadManagementModule(services: CsmsServices): CsmsModule {
  let manager: LoadManager | undefined;
  const unsubscribe: (() => void)[] = [];
  return {
    name: "load-management",
    routes: () => siteRoutes(services),
    async start(ctx) {
      services.bind(ctx);
      const { config, clock, logger } = ctx;
      const registry = services.need("registry");
      const store = operationsStoreOf(services);
      const directory = createEvseDirectory(config);
      const limits = createSiteLimitsBook(config.sites, await store.siteLimits());
      const lm = createLoadManager({
        directory,
        limits,
        demandResponse: services.get("demandResponse")?.book ?? new DrBook(),
        commands: registry.commands,
        settings: config.loadManagement,
        clock,
        logger,
        run: (key, what, task) => services.work.run(key, what, task),
      });
      manager = lm;
      follow(services.events, lm, unsubscribe);

      for (const station of config.stations) {
        const running = await registry.transactions.list({ stationId: station.id, active: true, limit: RESUME_LIMIT });
        for (const tx of running) {
          lm.sessionStarted({
            stationId: tx.stationId,
            transactionId: tx.id,
            evseId: tx.evseId,
            startedAt: tx.startedAt,
          });
        }
      }
      const audience = operatorsOf(services.tenant);
      const onPower = (e: { siteId: string; sample: unknown }) =>
        ctx.hub.publish({ topic: "sites", type: "site:power", data: e, audience });
      lm.history.events.on("site:power", onPower);
      const onOutcome = (outcome: ProfileOutcome) => {
        if (outcome.outcome === "accepted") return;
        ctx.hub.publish({
          topic: "sites",
          type: "profile:refused",
          data: {
            siteId: outcome.evse.siteId,
            stationId: outcome.evse.stationId,
            evseId: outcome.evse.evseId,
            outcome: outcome.outcome,
            ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
          },
          audience,
        });
      };
      lm.events.on("profile:outcome", onOutcome);
      unsubscribe.push(
        () => lm.history.events.off("site:power", onPower),
        () => lm.events.off("profile:outcome", onOutcome),
      );
      services.provide("loadManagement", {
        manager: lm,
        limits,
        directory,
        async setLimits(siteId, next) {
          if (limits.configured(siteId) === undefined) return limits.set(siteId, next); // throws NOT_FOUND
          limits.set(siteId, next); // validates the nodes before anything is stored
          const merged = limits.get(siteId) ?? next;
          await store.saveSiteLimits(siteId, merged, clock.now());
          ctx.hub.publish({ topic: "sites", type: "site:limits", data: { siteId, limits: merged }, audience });
          return merged;
        },
      });
      lm.runAll("start-up");
      lm.sample();
      logger.info(
        {
          sites: config.sites.length,
          enabled: config.loadManagement.enabled,
          sessions: config.sites.reduce((n, s) => n + lm.sessions(s.id).length, 0),
        },
        "load management running",
      );
    },
    stop() {
      services.withdraw("loadManagement");
      for (const off of unsubscribe.splice(0)) off();
      manager?.close();
      manager = undefined;
    },
  };
}

/** Feeds the server's session, meter and station events to the load manager. */
function follow(events: CsmsServices["events"], lm: LoadManager, unsubscribe: (() => void)[]): void {
  const started = (e: CsmsEvents["session:started"]) =>
    lm.sessionStarted({
      stationId: e.stationId,
      transactionId: e.transactionId,
      evseId: e.evseId,
      startedAt: e.startedAt,
    });
  const ended = (e: CsmsEvents["session:ended"]) => lm.sessionEnded(e.stationId, e.transactionId);
  const meter = (e: CsmsEvents["meter:sample"]) => {
    const session = e.session;
    if (session === undefined) return;
    if (session.evseId !== undefined || e.evseId !== undefined) {
      lm.sessionStarted({
        stationId: session.stationId,
        transactionId: session.transactionId,
        evseId: session.evseId ?? e.evseId,
        startedAt: e.sample.at,
      });
    }
    lm.metered(session.stationId, session.transactionId, e.sample);
  };
  const station = (e: CsmsEvents["station:changed"]) => {
    const id: StationId = e.stationId;
    if (e.change === "connector" && e.connector !== undefined) lm.connector(id, e.connector);
    else if (e.change === "booted" && e.registration === "Accepted") lm.stationReset(id, true);
    else if (e.change === "connected") lm.stationReset(id, false);
  };
  events.on("session:started", started);
  events.on("session:ended", ended);
  events.on("meter:sample", meter);
  events.on("station:changed", station);
  unsubscribe.push(() => {
    events.off("session:started", started);
    events.off("session:ended", ended);
    events.off("meter:sample", meter);
    events.off("station:changed", station);
  });
}

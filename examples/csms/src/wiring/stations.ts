import { COMMAND_ERROR_STATUSES } from "../api/common.js";
import { commandRoutes } from "../api/operator/commands.js";
import { stationRoutes } from "../api/operator/stations.js";
import { transactionRoutes } from "../api/operator/transactions.js";
import type { CsmsModule } from "../server/module.js";
import { publishLiveFeed } from "../sessions/live-feed.js";
import { createSessionTracker } from "../sessions/session-tracker.js";
import type { CsmsServices } from "./services.js";

/**
 * Stations and sessions: follows the registry into session rows and the bus (`station:changed`,
 * `session:started`, `meter:sample`, `session:ended`), publishes them live, provides `sessions` (what runs now),
 * catches up after a restart before stations connect, and serves the operator routes of stations, commands and
 * transactions.
 */
export function stationsModule(services: CsmsServices): CsmsModule {
  let stop: (() => void)[] = [];
  return {
    name: "stations",
    routes: (ctx) => {
      services.bind(ctx);
      return [...stationRoutes(services), ...commandRoutes(services), ...transactionRoutes(services)];
    },
    errorStatuses: COMMAND_ERROR_STATUSES,
    start(ctx) {
      services.bind(ctx);
      const sessions = createSessionTracker(services, ctx.logger);
      services.provide("sessions", sessions.tracker);
      stop = [sessions.follow(), publishLiveFeed(services, ctx.hub)];
      services.beforeListening("sessions", async () => {
        const caught = await sessions.catchUp();
        if (caught.resumed + caught.ended > 0) ctx.logger.info(caught, "sessions caught up after a restart");
      });
    },
    async stop() {
      for (const s of stop) s();
      stop = [];
      await services.work.idle();
      services.withdraw("sessions");
    },
  };
}

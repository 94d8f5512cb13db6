import { CommandFailure, type StationRegistryEvents } from "@chargekit/ocpp";
import { COMMAND_ERROR_STATUSES } from "../api/common.js";
import { localListRoutes } from "../api/operator/local-list.js";
import { tokenRoutes } from "../api/operator/tokens.js";
import { createAuthorizationService } from "../authorization/authorization-service.js";
import type { CsmsModule } from "../server/module.js";
import type { CsmsServices } from "./services.js";

/** How long after an accepted boot the local list is sent (the station first takes its BootNotification answer). */
export const LOCAL_LIST_SYNC_DELAY_MS = 2_000;

/**
 * Authorization: registered tokens (operator API) loaded into the local authorization list, the authorizer the
 * registry asks for Authorize and every transaction start (unknown tokens by `authorization.unknownTokens`,
 * `ConcurrentTx`, the reservations module's walk-up gate), and SendLocalList — on demand through the API, and to
 * every station that boots when `authorization.syncLocalListOnBoot` is on and the list is not empty.
 */
export function authorizationModule(services: CsmsServices): CsmsModule {
  const timers = new Set<object>();
  let unsubscribe: (() => void) | undefined;
  return {
    name: "authorization",
    routes: (ctx) => {
      services.bind(ctx);
      return [...tokenRoutes(services), ...localListRoutes(services)];
    },
    errorStatuses: COMMAND_ERROR_STATUSES,
    async start(ctx) {
      services.bind(ctx);
      const storage = services.need("storage");
      const service = await createAuthorizationService({
        clock: ctx.clock,
        logger: ctx.logger,
        tokens: storage.tokens,
        sessions: storage.sessions,
        registry: () => services.need("registry"),
        startGate: () => services.get("startGate"),
        acceptUnknown: ctx.config.authorization.unknownTokens === "accept",
      });
      services.provide("authorization", service);
      ctx.logger.info({ tokens: service.localList.size }, "tokens loaded into the local authorization list");
      if (!ctx.config.authorization.syncLocalListOnBoot) return;
      const registry = services.need("registry");
      const onBoot = ({ stationId, registration }: StationRegistryEvents["station:booted"]) => {
        if (registration !== "Accepted" || service.localList.size === 0) return;
        const timer = ctx.clock.setTimeout(() => {
          timers.delete(timer);
          void services.work.run(`local-list:${stationId}`, "local list sync", async () => {
            try {
              const outcome = await service.syncLocalList(stationId);
              ctx.logger.info({ ...outcome }, "local list sent after boot");
            } catch (error) {
              if (!(error instanceof CommandFailure)) throw error;
              ctx.logger.warn({ stationId, code: error.code }, "local list not sent after boot");
            }
          });
        }, LOCAL_LIST_SYNC_DELAY_MS);
        timers.add(timer);
      };
      registry.events.on("station:booted", onBoot);
      unsubscribe = () => registry.events.off("station:booted", onBoot);
    },
    stop() {
      unsubscribe?.();
      for (const timer of timers) services.clock.clearTimeout(timer);
      timers.clear();
      services.withdraw("authorization");
    },
  };
}

import { type Clock, type Logger, sleep, systemClock } from "@chargekit/core";
import { createApiKeyAuthenticator } from "../auth/api-keys.js";
import type { ApiKeyConfig } from "../config/api-keys.js";
import type { Config } from "../config/schema.js";
import { bridgeDashboard } from "../dashboard/bridge.js";
import { createMemoryDashboardSource, seedFromConfig } from "../dashboard/memory-source.js";
import { dashboardApiRoutes } from "../dashboard/routes.js";
import type { DashboardSource } from "../dashboard/source.js";
import { dashboardStaticRoutes } from "../dashboard/static.js";
import { createHttpKernel } from "../http/kernel.js";
import { createHttpListener } from "../http/listener.js";
import type { Route } from "../http/route.js";
import { createLifecycle, type Lifecycle, type ShutdownReport } from "../lifecycle/lifecycle.js";
import { createSseHub, type SseHub } from "../live/sse-hub.js";
import { componentLogger, createLogger } from "../logging/logger.js";
import { type ReadinessCheck, systemRoutes } from "../system/routes.js";
import type { CsmsModule, ModuleContext } from "./module.js";

/** What the server is built from besides its configuration; everything has a default. */
export interface ServerDeps {
  /** Clock for timers, heartbeats and logs (default: the system clock). */
  readonly clock?: Clock;
  /** Root logger (default: pino at the configured level). */
  readonly logger?: Logger;
  /**
   * The dashboard's data (default: the first module's `dashboard`, else an in-memory source holding the configured
   * sites and stations, for a server assembled without the station registry).
   */
  readonly dashboard?: DashboardSource;
  /** The pieces to assemble, started in this order and stopped in reverse. */
  readonly modules?: readonly CsmsModule[];
  /** API keys on top of the configuration's (the temporary operator key of a demo run). */
  readonly extraApiKeys?: readonly ApiKeyConfig[];
  /** The tenant whose operators the dashboard feed is for (default: the first module's `tenant`, else `"default"`). */
  readonly tenant?: string;
  /** Check every JSON response against its schema (default true). */
  readonly validateResponses?: boolean;
}

/** Where a started server answers. */
export interface ServerUrls {
  /** Base URL of the HTTP API and dashboard. */
  readonly http: string;
  /** The dashboard page. */
  readonly dashboard: string;
  /** The OpenAPI document. */
  readonly openapi: string;
}

/** The assembled CSMS. */
export interface CsmsServer {
  /** The configuration it runs with. */
  readonly config: Config;
  /** Its root logger. */
  readonly logger: Logger;
  /** The live-update hub. */
  readonly hub: SseHub;
  /** Start-up and shutdown bookkeeping. */
  readonly lifecycle: Lifecycle;
  /** Every HTTP route, in registration order. */
  readonly routes: readonly Route[];
  /** Starts the modules, then listens; resolves with the URLs. */
  start(): Promise<ServerUrls>;
  /**
   * Graceful shutdown: stop accepting connections, end the live streams, let in-flight requests finish for up to
   * `http.shutdownGraceMs`, then run the modules' stops and other hooks in reverse order.
   */
  stop(reason?: string): Promise<ShutdownReport>;
  /** Lines for the start-up banner from the modules. */
  banner(): readonly string[];
}

/**
 * The composition root: builds logger, hub, lifecycle, authentication, dashboard and every module's routes into
 * one HTTP kernel. Nothing listens until {@link CsmsServer.start}.
 *
 * @example
 * ```ts
 * const server = createServer(config, { modules: [] });
 * const urls = await server.start();
 * await server.stop("done");
 * ```
 */
export function createServer(config: Config, deps: ServerDeps = {}): CsmsServer {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger({ level: config.log.level });
  const modules = deps.modules ?? [];
  const tenant = deps.tenant ?? modules.find((m) => m.tenant !== undefined)?.tenant ?? "default";
  const lifecycle = createLifecycle({ clock, logger, hookTimeoutMs: config.http.shutdownGraceMs });
  const hub = createSseHub({ clock, logger, heartbeatMs: config.http.sseHeartbeatMs });
  const readiness = new Map<string, ReadinessCheck>();

  let dashboard = deps.dashboard ?? modules.find((m) => m.dashboard !== undefined)?.dashboard;
  if (dashboard === undefined) {
    // No module reads the live network: the configured sites and stations, every station "Offline".
    const memory = createMemoryDashboardSource(clock);
    seedFromConfig(memory, config, clock);
    dashboard = memory;
  }

  const contextFor = (module: CsmsModule): ModuleContext => ({
    config,
    clock,
    logger: componentLogger(logger, module.name),
    hub,
    lifecycle,
    addReadinessCheck: (name, check) => void readiness.set(`${module.name}.${name}`, check),
  });
  const contexts = new Map(modules.map((m) => [m, contextFor(m)]));

  const routes: Route[] = [];
  routes.push(
    ...systemRoutes({
      hub,
      readiness,
      isShuttingDown: lifecycle.isShuttingDown,
      allRoutes: () => routes,
      info: {
        title: "chargekit example CSMS",
        version: "0.1.0",
        description: "The HTTP API of the chargekit example CSMS. Authenticate with an API key (Bearer or X-API-Key).",
      },
    }),
    ...dashboardApiRoutes(dashboard, tenant),
    ...dashboardStaticRoutes(),
  );
  const errorStatuses: Record<string, number> = {};
  for (const module of modules) {
    const ctx = contexts.get(module) as ModuleContext;
    const own = typeof module.routes === "function" ? module.routes(ctx) : (module.routes ?? []);
    routes.push(...own);
    Object.assign(errorStatuses, module.errorStatuses);
  }

  const kernel = createHttpKernel({
    routes,
    authenticate: createApiKeyAuthenticator([...config.apiKeys, ...(deps.extraApiKeys ?? [])]),
    logger,
    clock,
    maxBodyBytes: config.http.maxBodyBytes,
    cors: { origins: config.http.corsOrigins },
    tls: config.http.tls !== undefined,
    errorStatuses,
    validateResponses: deps.validateResponses ?? true,
    isDraining: lifecycle.isShuttingDown,
  });
  const listener = createHttpListener((req, res) => void kernel.handle(req, res), config.http.tls);
  const log = componentLogger(logger, "server");
  let started: Promise<ServerUrls> | undefined;

  const start = async (): Promise<ServerUrls> => {
    const stopBridge = bridgeDashboard(dashboard, hub, tenant);
    lifecycle.onShutdown("dashboard-bridge", stopBridge);
    for (const module of modules) {
      const ctx = contexts.get(module) as ModuleContext;
      await module.start?.(ctx);
      if (module.stop !== undefined) lifecycle.onShutdown(module.name, (signal) => module.stop?.(signal));
      log.info({ module: module.name }, "module started");
    }
    const address = await listener.listen(config.http.port, config.http.host);
    const scheme = config.http.tls === undefined ? "http" : "https";
    const host = ["0.0.0.0", "::", ""].includes(config.http.host) ? "127.0.0.1" : config.http.host;
    const base = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
    const urls: ServerUrls = { http: base, dashboard: `${base}/`, openapi: `${base}/openapi.json` };
    log.info({ ...urls, routes: routes.length }, "listening");
    return urls;
  };

  return {
    config,
    logger,
    hub,
    lifecycle,
    routes,
    start: () => {
      started ??= start();
      return started;
    },
    stop: (reason = "stop") =>
      lifecycle.shutdown(reason, async () => {
        if (!listener.server.listening) {
          hub.close();
          return;
        }
        const { cut } = await listener.drain(clock, config.http.shutdownGraceMs, () => hub.close());
        if (cut > 0) {
          log.warn({ cut }, "requests cut at the shutdown deadline");
          // Their handlers were aborted; give them the same grace again to return before the hooks close the store.
          const aborter = new AbortController();
          await Promise.race([
            kernel.idle(),
            sleep(clock, config.http.shutdownGraceMs, aborter.signal).catch(() => {}),
          ]);
          aborter.abort();
          if (kernel.active() > 0) log.error({ active: kernel.active() }, "handlers still running after the abort");
        }
      }),
    banner: () => modules.flatMap((m) => m.banner?.() ?? []),
  };
}

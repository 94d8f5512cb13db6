import type { Clock, Logger } from "@chargekit/core";
import type { Config } from "../config/schema.js";
import type { DashboardSource } from "../dashboard/source.js";
import type { Route } from "../http/route.js";
import type { Lifecycle } from "../lifecycle/lifecycle.js";
import type { SseHub } from "../live/sse-hub.js";
import type { ReadinessCheck } from "../system/routes.js";

/** What a {@link CsmsModule} gets from the server. */
export interface ModuleContext {
  /** The validated configuration. */
  readonly config: Config;
  /** The server's clock. */
  readonly clock: Clock;
  /** A logger bound to the module (`component: <module name>`). */
  readonly logger: Logger;
  /** Publish live updates here (queue positions, session status …). */
  readonly hub: SseHub;
  /** The server's lifecycle (modules' `stop` is registered for them; extra hooks may be added). */
  readonly lifecycle: Lifecycle;
  /** Adds a check to `/readyz`. */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
}

/**
 * One piece the server assembles: a domain package with its store and its HTTP routes (reservations, load
 * management, payments), the OCPP endpoint, the demo fleet. The server collects every module's routes when it is
 * created, calls `start` in the order given before it accepts HTTP traffic, and `stop` in reverse order at shutdown
 * (after in-flight requests settled).
 *
 * @example
 * ```ts
 * const reservations: CsmsModule = {
 *   name: "reservations",
 *   routes: (ctx) => reservationRoutes(engine, ctx.hub),
 *   errorStatuses: { SLOT_TAKEN: 409 },
 *   start: async () => engine.load(),
 *   stop: async () => store.close(),
 * };
 * const server = createServer(config, { modules: [storage, ocpp, reservations] });
 * ```
 */
export interface CsmsModule {
  /** Name in logs, readiness and shutdown reports. */
  readonly name: string;
  /** Its HTTP routes (a function when they need the context). */
  readonly routes?: readonly Route[] | ((ctx: ModuleContext) => readonly Route[]);
  /** HTTP statuses of its own error codes (e.g. `{ SLOT_TAKEN: 409 }`). */
  readonly errorStatuses?: Readonly<Record<string, number>>;
  /** The dashboard's data, when this module provides it (the server uses the first module's that does). */
  readonly dashboard?: DashboardSource;
  /**
   * The tenant whose network this module serves, when it knows (the server feeds the dashboard to that tenant's
   * operators unless `createServer` is given one).
   */
  readonly tenant?: string;
  /** Starts it (open the store, listen for stations); the server is not taking requests yet. */
  start?(ctx: ModuleContext): void | Promise<void>;
  /** Stops it at shutdown; `signal` aborts when its time is up. */
  stop?(signal: AbortSignal): void | Promise<void>;
  /** Lines for the start-up banner, once started (e.g. the OCPP URL). */
  banner?(): readonly string[];
}

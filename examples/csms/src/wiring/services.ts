import { ChargekitError, type Clock, createEmitter, type Logger, type TypedEmitter } from "@chargekit/core";
import type { StationRegistry } from "@chargekit/ocpp";
import type { OcppServer } from "@chargekit/ocpp/ws";
import type { PaymentService } from "@chargekit/payments";
import type { PostgresClient, PostgresStorage } from "@chargekit/storage-postgres";
import type { AuthorizationService } from "../authorization/authorization-service.js";
import type { BillingService } from "../billing/billing-service.js";
import type { StartGate } from "../booking/start-gate.js";
import type { Config } from "../config/schema.js";
import type { CsmsModule, ModuleContext } from "../server/module.js";
import type { SessionTracker } from "../sessions/session-tracker.js";
import type { ReportQueries } from "../store/report-queries.js";
import type { SessionStore } from "../store/session-store.js";
import type { TokenStore } from "../store/token-store.js";
import { type BackgroundWork, createBackgroundWork } from "./background.js";
import type { CsmsEvents } from "./events.js";
import { createSiteDirectory, type SiteDirectory } from "./sites.js";

/** The open database and every store on it. */
export interface CsmsStorage {
  /** Embedded PGlite files, or a PostgreSQL server. */
  readonly kind: "embedded" | "postgres";
  /** The client (a PGlite instance or a `pg` Pool); the storage module closes it last at shutdown. */
  readonly client: PostgresClient;
  /**
   * The chargekit stores: `reservations` (for the reservation engine), `payments`, `stations` and `transactions`
   * (the station registry's), `stationCredentials` (station passwords).
   */
  readonly stores: PostgresStorage;
  /** Registered driver tokens. */
  readonly tokens: TokenStore;
  /** The CSMS's session records (site, driver, cost, payment of every transaction). */
  readonly sessions: SessionStore;
  /** Report queries over the session records (energy per site per day, occupancy, revenue). */
  readonly reports: ReportQueries;
}

/** Where stations connect, once the OCPP listener runs. */
export interface OcppEndpoint {
  /** `ws://host:port/ocpp` or `wss://…` (append `/<station id>`). */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
}

/**
 * The running server's domain services, each provided by the module that starts it (in module order) and read by
 * the modules and routes after it. Routes read them when a request comes (`services.need("registry")`), so a
 * route never holds a service that is not running.
 *
 * Other modules add their own slots by declaration merging, from their own file:
 *
 * ```ts no-run
 * declare module "./services.js" {
 *   interface ServiceSlots {
 *     reservations: ReservationEngine;          // the reservations module
 *     queue: QueueService;                      // the queue module
 *     loadManagement: LoadManagementService;    // the load-management module
 *   }
 * }
 * services.provide("loadManagement", manager);
 * ```
 */
export interface ServiceSlots {
  /** Storage (storage module). */
  storage: CsmsStorage;
  /** The OCPP WebSocket server (ocpp module). Call stations through `registry.commands`, not through it. */
  ocppServer: OcppServer;
  /**
   * The station registry (ocpp module): `views()` / `view(id)` for live station state, `commands` for the neutral
   * command API (remote start/stop, reset, availability, SetChargingProfile …), `transactions` for the store.
   */
  registry: StationRegistry;
  /** Where stations connect (ocpp listener module, the last to start). */
  ocppEndpoint: OcppEndpoint;
  /** Tokens, the local list and the registry's authorizer (authorization module). */
  authorization: AuthorizationService;
  /** The payment service on the PostgreSQL payment store (payments module). */
  payments: PaymentService;
  /** Tariffs and session costs (payments module). */
  billing: BillingService;
  /** The sessions running now, with site and driver resolved (stations module). */
  sessions: SessionTracker;
  /**
   * The walk-up gate (reservations module). The authorizer asks it before it accepts a transaction start
   * (`purpose: "start"` with an EVSE), passing the token with its group when known: an answer refuses the start (a
   * reserved EVSE inside its reservation's occupancy refuses every token but the reservation's own and its
   * group's), `undefined` means no objection. Absent when the reservations module is not assembled.
   */
  startGate: StartGate;
}

/** The container every wiring module and route reads. */
export interface CsmsServices {
  /** The tenant whose network this server runs (every station, site and session belongs to it). */
  readonly tenant: string;
  /** The internal event bus (stations, sessions, meter values, costs), see {@link CsmsEvents}. */
  readonly events: TypedEmitter<CsmsEvents>;
  /** Event-driven work, serialized per key and awaited at shutdown. */
  readonly work: BackgroundWork;
  /** The configuration (available once the first module was bound). */
  readonly config: Config;
  /** The server's clock. */
  readonly clock: Clock;
  /** The root logger (modules use their own `ctx.logger`). */
  readonly logger: Logger;
  /** Sites and stations from the configuration. */
  readonly sites: SiteDirectory;
  /** Takes configuration, clock and logger from the server; every module calls it first (only the first counts). */
  bind(ctx: Pick<ModuleContext, "config" | "clock" | "logger">): void;
  /** Provides a service (its module, when it started). */
  provide<K extends keyof ServiceSlots>(name: K, service: ServiceSlots[K]): void;
  /** A service, or undefined when its module is not assembled or not started yet. */
  get<K extends keyof ServiceSlots>(name: K): ServiceSlots[K] | undefined;
  /** A service that must be running: throws `UNAVAILABLE` (HTTP 503) naming it otherwise. */
  need<K extends keyof ServiceSlots>(name: K): ServiceSlots[K];
  /** Removes a service at shutdown, so late readers get `UNAVAILABLE` instead of a closed object. */
  withdraw(name: keyof ServiceSlots): void;
  /**
   * Registers a task for the moment every module has started and subscribed to the bus, just before stations
   * may connect: catching up on what happened while the server was down (a session that ended during the crash
   * window, a payment to settle, ongoing sessions to re-announce with `resumed: true`). Tasks run in registration
   * (module) order.
   */
  beforeListening(name: string, task: () => Promise<void>): void;
  /** Runs the {@link CsmsServices.beforeListening} tasks (the OCPP listener module does, once). */
  runBeforeListening(): Promise<void>;
}

/** Options of {@link createServices}. */
export interface CreateServicesOptions {
  /** The tenant (default `"default"`, as `createServer`). */
  readonly tenant?: string;
}

/**
 * Creates the empty container. Modules are built before the configuration is loaded, so configuration, clock and
 * logger arrive with the first module's context (`bind`), and services as their modules start (`provide`).
 *
 * @example
 * ```ts no-run
 * const services = createServices();
 * const modules = [storageModule(services), ocppModule(services), …, ocppListenerModule(services)];
 * await main({ modules });
 * ```
 */
export function createServices(options: CreateServicesOptions = {}): CsmsServices {
  const slots = new Map<keyof ServiceSlots, unknown>();
  const readyTasks: { name: string; task: () => Promise<void> }[] = [];
  const events = createEmitter<CsmsEvents>();
  let bound: { config: Config; clock: Clock; logger: Logger; sites: SiteDirectory; work: BackgroundWork } | undefined;
  const bindings = () => {
    if (bound === undefined) throw new ChargekitError("INTERNAL", "CSMS services used before a module was bound");
    return bound;
  };
  return {
    tenant: options.tenant ?? "default",
    events,
    get work() {
      return bindings().work;
    },
    get config() {
      return bindings().config;
    },
    get clock() {
      return bindings().clock;
    },
    get logger() {
      return bindings().logger;
    },
    get sites() {
      return bindings().sites;
    },
    bind(ctx) {
      bound ??= {
        config: ctx.config,
        clock: ctx.clock,
        logger: ctx.logger,
        sites: createSiteDirectory(ctx.config),
        work: createBackgroundWork(ctx.logger),
      };
    },
    provide(name, service) {
      slots.set(name, service);
    },
    get: <K extends keyof ServiceSlots>(name: K) => slots.get(name) as ServiceSlots[K] | undefined,
    need<K extends keyof ServiceSlots>(name: K): ServiceSlots[K] {
      const service = slots.get(name);
      if (service === undefined) throw new ChargekitError("UNAVAILABLE", `${name} is not running`);
      return service as ServiceSlots[K];
    },
    withdraw(name) {
      slots.delete(name);
    },
    beforeListening(name, task) {
      readyTasks.push({ name, task });
    },
    async runBeforeListening() {
      for (const { name, task } of readyTasks.splice(0)) {
        const started = bindings().clock.now();
        await task();
        bindings().logger.info({ task: name, ms: bindings().clock.now() - started }, "caught up before listening");
      }
    },
  };
}

/**
 * The first module of the list: binds the services to the server (configuration, clock, and a logger whose lines
 * say `component: "csms"`) before any other module builds its routes or starts.
 */
export function servicesModule(services: CsmsServices): CsmsModule {
  return {
    name: "csms",
    tenant: services.tenant,
    routes: (ctx) => {
      services.bind(ctx);
      return [];
    },
    start: (ctx) => services.bind(ctx),
  };
}

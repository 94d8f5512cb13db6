import { type Duration, every, SECOND, StationId } from "@chargekit/core";
import type { SimulatedStation } from "@chargekit/ocpp";
import type { CsmsModule } from "../server/module.js";
import type { CsmsServices } from "../wiring/services.js";
import type { DemoShares } from "./arrivals.js";
import { DEMO_DRIVER_COUNT, demoDrivers, registerDemoDrivers } from "./demo-drivers.js";
import { createDemoLink, type DemoLink } from "./demo-link.js";
import { createDemoStations, type DemoStations } from "./demo-stations.js";
import { DemoTraffic } from "./demo-traffic.js";
import { endStaleTransactions } from "./stale-sessions.js";
import { demoSecurityProblem, provisionDemoCredentials } from "./station-passwords.js";
import { DEFAULT_TIME_SCALE, type DemoTiming, demoTiming } from "./timing.js";

declare module "../wiring/services.js" {
  interface ServiceSlots {
    /** The simulated fleet with its drivers (demo module, when the demo runs). */
    demo: DemoFleet;
  }
}

/** The running demo: its stations, its drivers' traffic, and how the fleet is doing. */
export interface DemoFleet {
  /** The simulated stations and their EVSEs by site. */
  readonly fleet: DemoStations;
  /** The drivers at work (counters in `traffic.stats`). */
  readonly traffic: DemoTraffic;
  /** The timings in force. */
  readonly timing: DemoTiming;
  /** Resolves once every station answered its first boot (or its link stopped). */
  booted(): Promise<void>;
  /** Resolves when no driver action is under way and every station delivered what it was sending. */
  idle(): Promise<void>;
  /** Stations connected and accepted now. */
  online(): number;
}

/** Options of {@link demoModule}. */
export interface DemoModuleOptions {
  /** Demo minutes per real minute; 20 (a 90-minute stay lasts 4.5 real minutes). */
  readonly timeScale?: number;
  /** Arrivals per charger per mean stay (1: every charger busy); 1.1. */
  readonly load?: number;
  /** How drivers split between booking ahead, walking up and queuing. */
  readonly shares?: DemoShares;
  /** Drivers in the population; 80. */
  readonly drivers?: number;
  /** How often a summary line is logged; 30 s. */
  readonly summaryEvery?: Duration;
}

/** Most running transactions of one station read when ending those a previous run left open. */
const STALE_LIMIT = 64;

/** How long the drivers wait for every station's first boot before they start coming anyway. */
const BOOT_WAIT = 30 * SECOND;

/**
 * The demo fleet: every configured station simulated and connected over a real WebSocket to the server's own OCPP
 * port (so it starts after the OCPP listener), with a fresh password provisioned for each (security profiles 1 and
 * 2, as an operator would through the API), a population of drivers registered with their cards and a payment
 * method, and their traffic — arrivals, bookings through the reservation service, queues, walk-ups — on a seeded
 * random (`demo.seed`) and a time scale that makes sessions last minutes. The load manager's charging profiles
 * reach the simulated stations, which obey them. At shutdown, first of all modules, the drivers end their sessions
 * and the stations disconnect gracefully.
 *
 * @example
 * ```ts no-run
 * const services = createServices();
 * const server = createServer(config, { modules: [...csmsModules(services), demoModule(services)] });
 * ```
 */
export function demoModule(services: CsmsServices, options: DemoModuleOptions = {}): CsmsModule {
  let links: DemoLink[] = [];
  let stations: readonly SimulatedStation[] = [];
  let traffic: DemoTraffic | undefined;
  let stopSummary: (() => void) | undefined;
  let banner: string[] = [];
  let stopped = false;
  let stopBootWait: (() => void) | undefined;
  return {
    name: "demo",
    async start(ctx) {
      services.bind(ctx);
      const { config, clock, logger } = ctx;
      const problem = demoSecurityProblem(config);
      if (problem !== undefined) {
        logger.warn({ securityProfile: config.ocpp.securityProfile }, `demo fleet not started: ${problem}`);
        banner = [`Demo       off (${problem})`];
        return;
      }
      const endpoint = services.need("ocppEndpoint");
      const storage = services.need("storage");
      const registry = services.need("registry");
      const timing = demoTiming(options.timeScale ?? DEFAULT_TIME_SCALE);
      const fleet = createDemoStations(config, {
        clock,
        logger: logger.child({ part: "simulator" }),
        meterIntervalSec: timing.meterIntervalSec,
      });
      stations = fleet.stations;
      const credentials = await provisionDemoCredentials(
        config,
        stations.map((s) => StationId.of(s.identity)),
        storage.stores.stationCredentials,
      );
      const drivers = demoDrivers(options.drivers ?? DEMO_DRIVER_COUNT);
      const authorization = services.get("authorization");
      const registered = authorization === undefined ? 0 : await registerDemoDrivers(authorization, drivers);

      links = stations.map((station) =>
        createDemoLink(station, {
          url: endpoint.url,
          password: credentials.passwords.get(station.identity),
          ...(credentials.tls === undefined ? {} : { tls: credentials.tls }),
          clock,
          logger: logger.child({ part: "simulator", stationId: station.identity }),
          onFirstBoot: async (connection) => {
            const open = await registry.transactions.list({
              stationId: StationId.of(station.identity),
              active: true,
              limit: STALE_LIMIT,
            });
            if (open.length === 0) return;
            const ended = await endStaleTransactions(connection, station.version, open, clock, logger);
            logger.info({ stationId: station.identity, ended }, "demo: ended transactions a previous run left open");
          },
        }),
      );
      await Promise.all(
        links.map((link, i) =>
          link
            .start()
            .catch((error: unknown) =>
              logger.warn({ err: error, stationId: stations[i]?.identity }, "demo: a station could not connect yet"),
            ),
        ),
      );
      const t = new DemoTraffic({
        sites: fleet.sites,
        drivers,
        timing,
        seed: config.demo.seed,
        ...(options.load === undefined ? {} : { load: options.load }),
        ...(options.shares === undefined ? {} : { shares: options.shares }),
        engine: () => services.get("reservations")?.engine,
        queue: () => services.get("queue"),
        clock,
        logger,
      });
      traffic = t;
      // drivers come once every station booted (and closed what a killed run left open), or after 30 s regardless
      const startDrivers = () => {
        if (!stopped) t.start();
      };
      const bootWait = clock.setTimeout(startDrivers, BOOT_WAIT);
      void Promise.all(links.map((l) => l.booted())).then(() => {
        clock.clearTimeout(bootWait);
        startDrivers();
      });
      stopBootWait = () => clock.clearTimeout(bootWait);
      const online = () => stations.filter((s) => s.connected && s.registration === "Accepted").length;
      stopSummary = every(clock, options.summaryEvery ?? 30 * SECOND, () => {
        const desk = services.get("queue");
        logger.info(
          {
            online: `${online()}/${stations.length}`,
            charging: Object.fromEntries(fleet.sites.map((s) => [s.siteId, t.chargingAt(s.siteId)])),
            queued: Object.fromEntries(fleet.sites.map((s) => [s.siteId, desk?.line(s.siteId).length ?? 0])),
            ...t.stats,
          },
          "demo fleet",
        );
      });
      services.provide("demo", {
        fleet,
        traffic: t,
        timing,
        booted: async () => {
          await Promise.all(links.map((l) => l.booted()));
        },
        idle: async () => {
          await t.idle();
          await Promise.all(stations.map((s) => s.settled()));
        },
        online,
      });
      banner = [
        `Demo       ${stations.length} simulated stations on ${fleet.sites.length} sites, ${drivers.length} drivers ` +
          `(×${timing.timeScale} time; CHARGEKIT_DEMO=0 to run without)`,
      ];
      logger.info(
        {
          stations: stations.length,
          sites: fleet.sites.length,
          drivers: drivers.length,
          tokensRegistered: registered,
          timeScale: timing.timeScale,
          seed: config.demo.seed,
        },
        "demo fleet started",
      );
    },
    async stop() {
      stopped = true;
      stopBootWait?.();
      stopSummary?.();
      services.withdraw("demo");
      await traffic?.stop();
      await Promise.all(stations.map((s) => s.settled()));
      await Promise.all(links.map((l) => l.stop()));
      for (const station of stations) station.stop();
    },
    banner: () => banner,
  };
}

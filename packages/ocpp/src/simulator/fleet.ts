import {
  type Clock,
  createEmitter,
  IdToken,
  type Logger,
  silentLogger,
  systemClock,
  type TimerHandle,
  type TypedEmitter,
} from "@chargekit/core";
import type { OcppVersion } from "../schema/versions.js";
import type { AuthToken } from "../station/model.js";
import { type DriverPlan, randomVisit } from "./drivers.js";
import { exponential, seededRandom } from "./random.js";
import { createSimulatedStation } from "./station.js";
import type { SimulatedStation, SimulatedStationOptions } from "./station-types.js";

/**
 * How one simulated station reaches the CSMS: started when the fleet starts (it connects, and keeps the station
 * connected), stopped when the fleet stops.
 *
 * @category Simulator
 */
export interface FleetLink {
  /** Connects the station (and reconnects it after losses, if the link does that). */
  start(): Promise<void>;
  /** Disconnects for good. */
  stop(): Promise<void>;
}

/**
 * Makes the link of one station (e.g. `webSocketFleetLink(url)` from `@chargekit/ocpp/ws`, or a loopback link to
 * an in-process registry).
 *
 * @category Simulator
 */
export type FleetLinkFactory = (station: SimulatedStation) => FleetLink;

/**
 * Options of {@link createFleet}.
 *
 * @category Simulator
 */
export interface FleetOptions {
  /** Number of stations. */
  readonly stations: number;
  /** EVSEs (one connector each) per station; 2. */
  readonly evsesPerStation?: number;
  /** The versions the stations speak, assigned in turn; OCPP 2.0.1 by default. */
  readonly versions?: readonly OcppVersion[];
  /** Identity prefix; stations are `<prefix>00001`, `<prefix>00002` …; `SIM-`. */
  readonly identityPrefix?: string;
  /** How each station reaches the CSMS. */
  readonly link: FleetLinkFactory;
  /** How drivers use the fleet; none by default (stations only boot, heartbeat and report). */
  readonly drivers?: DriverPlan;
  /** Seed of the random source (EVs, drivers, arrival times); 1. */
  readonly seed?: number;
  /** Options every station gets (configuration, EVSE hardware — overriding `evsesPerStation` —, boot info …). */
  readonly station?: Omit<SimulatedStationOptions, "identity" | "version" | "clock">;
  /** Time source; `systemClock` by default. */
  readonly clock?: Clock;
  /** Logger. */
  readonly logger?: Logger;
}

/**
 * Events of a {@link Fleet}.
 *
 * @category Simulator
 */
export interface FleetEvents {
  /** A driver arrived and plugged in. */
  "driver:arrived": {
    /** The station's identity. */
    readonly identity: string;
    /** The EVSE. */
    readonly evseId: number;
    /** Their credential. */
    readonly token: AuthToken;
  };
  /** A driver's credential was refused (the EVSE was reserved, unavailable, faulted or the CSMS said no). */
  "driver:rejected": {
    /** The station's identity. */
    readonly identity: string;
    /** The EVSE. */
    readonly evseId: number;
  };
  /** A driver stopped and left. */
  "driver:left": {
    /** The station's identity. */
    readonly identity: string;
    /** The EVSE. */
    readonly evseId: number;
  };
}

/**
 * Counters of a running fleet.
 *
 * @category Simulator
 */
export interface FleetStats {
  /** Stations in the fleet. */
  readonly stations: number;
  /** Stations connected and Accepted now. */
  readonly online: number;
  /** Transactions running now. */
  readonly charging: number;
  /** Driver arrivals so far. */
  readonly arrivals: number;
  /** Transactions started at the stations. */
  readonly transactionsStarted: number;
  /** Transactions ended at the stations. */
  readonly transactionsEnded: number;
  /** Energy metered by the ended transactions (Wh). */
  readonly energyWh: number;
  /** Transaction messages given up by the stations' queues. */
  readonly droppedMessages: number;
}

/**
 * A fleet of simulated stations with their drivers.
 *
 * @category Simulator
 */
export interface Fleet {
  /** The stations. */
  readonly stations: readonly SimulatedStation[];
  /** Driver events. */
  readonly events: TypedEmitter<FleetEvents>;
  /** Connects every station (`concurrency` at a time, 100 by default) and starts the drivers. */
  start(options?: { readonly concurrency?: number }): Promise<void>;
  /** Stops the drivers and disconnects every station. */
  stop(): Promise<void>;
  /** Counters so far. */
  stats(): FleetStats;
}

/**
 * Creates a fleet: `stations` simulated stations with `evsesPerStation` EVSEs each, speaking the given versions,
 * reaching the CSMS through `link`, used by scripted or random drivers.
 *
 * @example
 * ```ts no-run
 * const fleet = createFleet({
 *   stations: 20,
 *   versions: ["ocpp1.6", "ocpp2.0.1"],
 *   link: webSocketFleetLink({ url: "ws://localhost:9000/ocpp" }),
 *   drivers: { kind: "random", meanIntervalMs: 20 * MINUTE, meanStayMs: 90 * MINUTE },
 * });
 * await fleet.start();
 * ```
 * @category Simulator
 */
export function createFleet(options: FleetOptions): Fleet {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const random = seededRandom(options.seed ?? 1);
  const versions = options.versions ?? ["ocpp2.0.1"];
  const prefix = options.identityPrefix ?? "SIM-";
  const evses = options.evsesPerStation ?? 2;
  const events = createEmitter<FleetEvents>();
  const timers = new Set<TimerHandle>();
  const counters = { arrivals: 0, started: 0, ended: 0, energyWh: 0, dropped: 0 };
  let running = false;

  const stations: SimulatedStation[] = Array.from({ length: options.stations }, (_, i) => {
    const station = createSimulatedStation({
      logger,
      ...options.station,
      evses: options.station?.evses ?? evses,
      identity: `${prefix}${String(i + 1).padStart(5, "0")}`,
      version: versions[i % versions.length] ?? "ocpp2.0.1",
      clock,
    });
    station.events.on("transaction:started", () => counters.started++);
    station.events.on("transaction:ended", (e) => {
      counters.ended++;
      counters.energyWh += e.meterStopWh - e.meterStartWh;
    });
    station.events.on("message:dropped", () => counters.dropped++);
    return station;
  });
  const links = stations.map((s) => options.link(s));

  const after = (delay: number, run: () => void): void => {
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      if (running) run();
    }, delay);
    timers.add(timer);
  };

  const visit = (
    station: SimulatedStation,
    evseId: number,
    token: AuthToken,
    ev: Parameters<SimulatedStation["plugIn"]>[1],
    stayMs?: number,
  ) => {
    const view = station.evse(evseId);
    if (view.evConnected || view.transactionRef !== undefined) return false;
    counters.arrivals++;
    station.plugIn(evseId, ev);
    events.emit("driver:arrived", { identity: station.identity, evseId, token });
    void station.presentToken(evseId, token).then((outcome) => {
      if (outcome === "Rejected") {
        events.emit("driver:rejected", { identity: station.identity, evseId });
        after(60_000, () => leave(station, evseId, token));
      }
    });
    if (stayMs !== undefined) after(stayMs, () => leave(station, evseId, token));
    return true;
  };

  const leave = (station: SimulatedStation, evseId: number, token: AuthToken) => {
    const view = station.evse(evseId);
    const finish = () => {
      station.unplug(evseId);
      events.emit("driver:left", { identity: station.identity, evseId });
    };
    if (view.transactionRef === undefined) finish();
    else void station.presentToken(evseId, token).then(finish);
  };

  const scheduleRandom = (plan: Extract<DriverPlan, { kind: "random" }>, station: SimulatedStation, evseId: number) => {
    after(exponential(random, plan.meanIntervalMs), () => {
      const v = randomVisit(plan, random);
      visit(station, evseId, v.token, v.ev, v.stayMs);
      // the next arrival at this EVSE comes after this stay (a busy EVSE turns drivers away)
      after(v.stayMs, () => scheduleRandom(plan, station, evseId));
    });
  };

  const startDrivers = (): void => {
    const plan = options.drivers;
    if (plan === undefined) return;
    if (plan.kind === "scripted") {
      for (const v of plan.visits) {
        const station = stations[v.station];
        if (station === undefined) continue;
        const token = v.token ?? { value: IdToken.of("DRIVER-00000"), kind: "ISO14443" };
        after(v.at, () => visit(station, v.evseId, token, v.ev, v.stayMs));
      }
      return;
    }
    for (const station of stations) for (let e = 1; e <= evses; e++) scheduleRandom(plan, station, e);
  };

  return {
    stations,
    events,
    async start(startOptions = {}) {
      running = true;
      const concurrency = startOptions.concurrency ?? 100;
      let next = 0;
      const worker = async () => {
        while (next < links.length) {
          const link = links[next++];
          await link?.start().catch((error: unknown) => logger.warn({ error }, "fleet: a station could not connect"));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, links.length) }, worker));
      startDrivers();
    },
    async stop() {
      running = false;
      for (const t of timers) clock.clearTimeout(t);
      timers.clear();
      await Promise.all(links.map((l) => l.stop().catch(() => undefined)));
      for (const s of stations) s.stop();
    },
    stats() {
      return {
        stations: stations.length,
        online: stations.filter((s) => s.connected && s.registration === "Accepted").length,
        charging: stations.reduce((n, s) => n + s.evses().filter((e) => e.transactionRef !== undefined).length, 0),
        arrivals: counters.arrivals,
        transactionsStarted: counters.started,
        transactionsEnded: counters.ended,
        energyWh: counters.energyWh,
        droppedMessages: counters.dropped,
      };
    },
  };
}

import { type Clock, formatInstant, MINUTE, systemClock } from "@chargekit/core";
import { createFleet, createStationRegistry, type Fleet, type FleetStats, type StationRegistry } from "@chargekit/ocpp";
import { createOcppServer, type OcppServer, webSocketFleetLink } from "@chargekit/ocpp/ws";
import type { FleetArgs } from "./args.js";

/**
 * The in-process CSMS the command starts when no `--url` is given: an OCPP server with the station registry.
 *
 * @category Fleet CLI
 */
export interface LocalCsms {
  /** The URL stations connect to. */
  readonly url: string;
  /** The server. */
  readonly server: OcppServer;
  /** The registry behind it. */
  readonly registry: StationRegistry;
  /** Rule violations the registry reported so far. */
  readonly violations: () => number;
}

/**
 * A running fleet.
 *
 * @category Fleet CLI
 */
export interface FleetRun {
  /** The fleet. */
  readonly fleet: Fleet;
  /** The in-process CSMS, when one was started. */
  readonly csms: LocalCsms | undefined;
  /** A one-line progress report. */
  report(): string;
  /** Stops the fleet (and the in-process CSMS) and returns the final counters. */
  stop(): Promise<FleetStats>;
}

/**
 * What {@link startFleetRun} needs besides the arguments.
 *
 * @category Fleet CLI
 */
export interface FleetRunDeps {
  /** Time source; `systemClock` by default. */
  readonly clock?: Clock;
}

async function startLocalCsms(port: number, clock: Clock): Promise<LocalCsms> {
  const server = createOcppServer({ protocols: ["ocpp2.1", "ocpp2.0.1", "ocpp1.6"], basePath: "/ocpp", clock });
  const registry = createStationRegistry({ clock, heartbeatIntervalSec: 300 });
  registry.serve(server);
  let violations = 0;
  registry.events.on("protocol:violation", () => violations++);
  const listening = await server.listen({ port, host: "127.0.0.1" });
  return { url: `ws://127.0.0.1:${listening.port}/ocpp`, server, registry, violations: () => violations };
}

/**
 * Starts the fleet the arguments describe: an in-process CSMS when no URL is given, then the stations (each with
 * an OCPP WebSocket client), then the drivers.
 *
 * @category Fleet CLI
 */
export async function startFleetRun(args: FleetArgs, deps: FleetRunDeps = {}): Promise<FleetRun> {
  const clock = deps.clock ?? systemClock;
  const csms = args.url === undefined ? await startLocalCsms(args.port, clock) : undefined;
  const url = args.url ?? csms?.url ?? "";
  const fleet = createFleet({
    stations: args.stations,
    evsesPerStation: args.evses,
    versions: args.versions,
    identityPrefix: args.prefix,
    seed: args.seed,
    clock,
    link: webSocketFleetLink({ url, clock, ...(args.password === undefined ? {} : { password: () => args.password }) }),
    station: { config: { MeterValueSampleInterval: String(args.sampleSeconds) } },
    ...(args.drivers === "random"
      ? {
          drivers: {
            kind: "random" as const,
            meanIntervalMs: args.arrivalMinutes * MINUTE,
            meanStayMs: args.stayMinutes * MINUTE,
          },
        }
      : {}),
  });
  await fleet.start();
  return {
    fleet,
    csms,
    report() {
      const s = fleet.stats();
      const energy = (s.energyWh / 1000).toFixed(1);
      const csmsPart =
        csms === undefined
          ? ""
          : ` | CSMS: ${csms.registry.views().filter((v) => v.connected).length} connected, ${csms.violations()} rule violations`;
      return `${formatInstant(clock.now())} | ${s.online}/${s.stations} online | ${s.charging} charging | ${s.transactionsEnded} sessions done | ${energy} kWh${csmsPart}`;
    },
    async stop() {
      await fleet.stop();
      const stats = fleet.stats();
      if (csms !== undefined) {
        csms.registry.close();
        await csms.server.close({ timeoutMs: 1000 });
      }
      return stats;
    },
  };
}

import type { SecureContextOptions } from "node:tls";
import type { Clock, Logger } from "@chargekit/core";
import type { RpcEndpoint, SimulatedStation } from "@chargekit/ocpp";
import { createOcppClient } from "@chargekit/ocpp/ws";

/** How a demo station reaches the server's OCPP port. */
export interface DemoLinkOptions {
  /** The OCPP endpoint without the identity (`ws://127.0.0.1:9000/ocpp`). */
  readonly url: string;
  /** The station's Basic-auth password (profiles 1 and 2). */
  readonly password: string | undefined;
  /** Whom to trust for `wss://` (profile 2). */
  readonly tls?: Pick<SecureContextOptions, "ca">;
  /** Time. */
  readonly clock: Clock;
  /** Logs. */
  readonly logger: Logger;
  /** Called once after the station's first accepted boot, with the connection it booted on. */
  readonly onFirstBoot?: (endpoint: RpcEndpoint<"station">) => Promise<void>;
}

/** One demo station's connection: opened at start (then kept, with the OCPP reconnect back-off), closed at stop. */
export interface DemoLink {
  /** Connects (resolves once the WebSocket is open; the boot follows). */
  start(): Promise<void>;
  /** Resolves when the first boot was answered and `onFirstBoot` finished (or the link stopped first). */
  booted(): Promise<void>;
  /** Closes the connection gracefully (calls in flight get their answers) and stops reconnecting. */
  stop(): Promise<void>;
}

/**
 * Connects a simulated station over a real WebSocket to the server's own OCPP port, with its password, offering its
 * one OCPP version, and hands it every new connection (it boots on the first, resumes on later ones).
 */
export function createDemoLink(station: SimulatedStation, options: DemoLinkOptions): DemoLink {
  const client = createOcppClient({
    url: options.url,
    identity: station.identity,
    protocols: [station.version],
    pingIntervalMs: 0,
    clock: options.clock,
    logger: options.logger,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  let first = true;
  let resolveBooted: () => void = () => {};
  const booted = new Promise<void>((resolve) => {
    resolveBooted = resolve;
  });
  client.events.on("connection:opened", ({ endpoint }) => {
    void station.connect(endpoint).then(async (registration) => {
      if (!first || registration !== "Accepted") return;
      first = false;
      try {
        await options.onFirstBoot?.(endpoint);
      } catch (error) {
        options.logger.warn({ err: error, stationId: station.identity }, "demo: after-boot step failed");
      }
      resolveBooted();
    });
  });
  return {
    async start() {
      await client.connect();
    },
    booted: () => booted,
    async stop() {
      resolveBooted();
      await client.close();
    },
  };
}

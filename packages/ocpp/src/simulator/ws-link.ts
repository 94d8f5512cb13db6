import type { SecureContextOptions } from "node:tls";
import type { Clock, Logger } from "@chargekit/core";
import type { RetryBackOff } from "../ws/backoff.js";
import { createOcppClient } from "../ws/client.js";
import type { FleetLinkFactory } from "./fleet.js";

/**
 * Options of {@link webSocketFleetLink}.
 *
 * @category Simulator
 */
export interface WebSocketFleetLinkOptions {
  /** The CSMS endpoint URL without the identity, e.g. `ws://localhost:9000/ocpp`. */
  readonly url: string;
  /** The HTTP Basic password of a station (Security Profiles 1 and 2). */
  readonly password?: (identity: string) => string | Uint8Array | undefined;
  /** TLS options (profiles 2 and 3). */
  readonly tls?: Pick<SecureContextOptions, "ca" | "cert" | "key">;
  /** Reconnect back-off; the OCPP 2.0.1 defaults. */
  readonly reconnect?: RetryBackOff | false;
  /** WebSocket ping interval; 0 (off) by default for simulated stations. */
  readonly pingIntervalMs?: number;
  /** Time source. */
  readonly clock?: Clock;
  /** Logger. */
  readonly logger?: Logger;
}

/**
 * A fleet link over real WebSockets: each station gets an OCPP client (with the OCPP reconnect back-off) and is
 * handed every new connection.
 *
 * @example
 * ```ts no-run
 * const fleet = createFleet({ stations: 100, link: webSocketFleetLink({ url: "ws://localhost:9000/ocpp" }) });
 * await fleet.start();
 * ```
 * @category Simulator
 */
export function webSocketFleetLink(options: WebSocketFleetLinkOptions): FleetLinkFactory {
  return (station) => {
    const password = options.password?.(station.identity);
    const client = createOcppClient({
      url: options.url,
      identity: station.identity,
      protocols: [station.version],
      pingIntervalMs: options.pingIntervalMs ?? 0,
      ...(password === undefined ? {} : { password }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    client.events.on("connection:opened", ({ endpoint }) => {
      void station.connect(endpoint);
    });
    return {
      async start() {
        await client.connect();
      },
      stop: () => client.close(),
    };
  };
}

import type { SecureContextOptions } from "node:tls";
import {
  ChargekitError,
  type Clock,
  createEmitter,
  err,
  type Logger,
  silentLogger,
  systemClock,
  type TimerHandle,
  type TypedEmitter,
} from "@chargekit/core";
import { WebSocket } from "ws";
import type { RelaxationPolicy } from "../codec/relaxation.js";
import type { CallOptions, CallResult, RpcEndpoint } from "../rpc/endpoint-types.js";
import { CallFailure } from "../rpc/errors.js";
import { createHandlerSet, type HandlerSet } from "../rpc/handlers.js";
import type { ActionName, CallableAction, RequestOf, ResponseOf } from "../schema/action-maps.js";
import type { OcppVersion } from "../schema/versions.js";
import { attachEndpoint } from "./attach.js";
import { DEFAULT_RETRY_BACK_OFF, type RetryBackOff, retryDelay } from "./backoff.js";
import { basicAuthHeader } from "./basic-auth.js";

/**
 * Options of {@link createOcppClient}.
 *
 * @category Transport
 */
export interface OcppClientOptions {
  /** The CSMS endpoint URL without the identity, e.g. `wss://csms.example.com/ocpp`. */
  readonly url: string;
  /** This station's identity (appended to the URL, percent-encoded). */
  readonly identity: string;
  /** Versions to offer, in order of preference. */
  readonly protocols: readonly OcppVersion[];
  /** HTTP Basic password (profiles 1 and 2), text or bytes. */
  readonly password?: string | Uint8Array;
  /** TLS options (profiles 2 and 3): `ca` to trust the CSMS, `cert` and `key` for a client certificate. */
  readonly tls?: Pick<SecureContextOptions, "ca" | "cert" | "key">;
  /** Reconnect back-off (OCPP 2.0.1 §5.3); `false` disables reconnecting. */
  readonly reconnect?: RetryBackOff | false;
  /** WebSocket ping interval (`WebSocketPingInterval`); 0 disables. 30 s by default. */
  readonly pingIntervalMs?: number;
  /** Default call timeout; 30 s. */
  readonly callTimeoutMs?: number;
  /** What this station tolerates from the CSMS; strict by default. */
  readonly relaxation?: RelaxationPolicy;
  /** Time source for timeouts, pings and back-off. */
  readonly clock?: Clock;
  /** Random source for the back-off's random part; `Math.random`. */
  readonly random?: () => number;
  /** Logger. */
  readonly logger?: Logger;
}

/**
 * Events of an {@link OcppClient}.
 *
 * @category Transport
 */
export interface OcppClientEvents {
  /** Connected (or reconnected). */
  "connection:opened": {
    /** The negotiated version. */
    readonly version: OcppVersion;
    /** The endpoint of this connection. */
    readonly endpoint: RpcEndpoint<"station">;
  };
  /** The connection ended. */
  "connection:closed": {
    /** WebSocket close code. */
    readonly code: number;
    /** Close reason. */
    readonly reason: string;
  };
  /** A connection attempt failed. */
  "connection:failed": {
    /** Why. */
    readonly error: Error;
  };
  /** A reconnect attempt is scheduled. */
  "reconnect:scheduled": {
    /** 0 for the first reconnect attempt after a loss. */
    readonly attempt: number;
    /** Wait before it, from the back-off. */
    readonly delayMs: number;
  };
}

/**
 * The station side of OCPP-J over WebSocket: connects, keeps reconnecting with the OCPP back-off, and keeps its
 * handlers across connections.
 *
 * @category Transport
 */
export interface OcppClient {
  /** Handlers for the CSMS's CALLs (kept across reconnects). */
  readonly handlers: HandlerSet<"station">;
  /** Lifecycle events. */
  readonly events: TypedEmitter<OcppClientEvents>;
  /** The current endpoint, when connected. */
  readonly endpoint: RpcEndpoint<"station"> | undefined;
  /**
   * Connects; resolves with the negotiated version. Rejects when this first attempt fails, but (unless reconnecting
   * is disabled) keeps trying with the back-off until {@link OcppClient.close}, as after every later loss.
   */
  connect(): Promise<OcppVersion>;
  /** Calls the CSMS; fails at once with `CLOSED` while disconnected. */
  call<V extends OcppVersion, A extends CallableAction<V, "station">>(
    version: V,
    action: A,
    payload: NoInfer<RequestOf<V, A & ActionName<V>>>,
    options?: CallOptions,
  ): Promise<CallResult<ResponseOf<V, A & ActionName<V>>>>;
  /** Stops reconnecting and closes the connection gracefully. */
  close(): Promise<void>;
}

/**
 * Creates a station-side client.
 *
 * @example
 * ```ts no-run
 * const client = createOcppClient({ url: "ws://localhost:9000/ocpp", identity: "CP-1", protocols: ["ocpp2.0.1"] });
 * client.handlers.handle("ocpp2.0.1", "Reset", () => ({ status: "Accepted" }));
 * await client.connect();
 * ```
 * @category Transport
 */
export function createOcppClient(options: OcppClientOptions): OcppClient {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const backOff = options.reconnect === undefined ? DEFAULT_RETRY_BACK_OFF : options.reconnect;
  const handlers = createHandlerSet<"station">();
  const events = createEmitter<OcppClientEvents>();
  let endpoint: RpcEndpoint<"station"> | undefined;
  let stopped = false;
  let attempt = 0;
  let retryTimer: TimerHandle | undefined;
  const url = `${options.url.replace(/\/+$/, "")}/${encodeURIComponent(options.identity)}`;

  const open = (): Promise<OcppVersion> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (options.password !== undefined)
        headers["Authorization"] = basicAuthHeader(options.identity, options.password);
      const ws = new WebSocket(url, [...options.protocols], {
        headers,
        perMessageDeflate: true,
        ...(options.tls === undefined ? {} : options.tls),
      });
      let settled = false;
      ws.once("unexpected-response", (_req, res) => {
        settled = true;
        reject(
          new ChargekitError("UNAVAILABLE", `CSMS refused the connection: HTTP ${res.statusCode}`, {
            details: { status: res.statusCode },
          }),
        );
        ws.terminate();
      });
      ws.on("error", (error) => {
        if (settled) return;
        settled = true;
        reject(error);
      });
      ws.once("open", () => {
        const version = ws.protocol as OcppVersion;
        if (!options.protocols.includes(version)) {
          settled = true;
          ws.close(1002, "no supported OCPP subprotocol");
          reject(new ChargekitError("UNSUPPORTED", "the CSMS accepted none of the offered OCPP versions"));
          return;
        }
        settled = true;
        const current = attachEndpoint<"station">(
          ws,
          {
            role: "station",
            version,
            identity: options.identity,
            clock,
            logger,
            fallbackHandlers: handlers,
            ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
            ...(options.relaxation === undefined ? {} : { relaxation: options.relaxation }),
          },
          { clock, intervalMs: options.pingIntervalMs ?? 30_000 },
        );
        endpoint = current;
        attempt = 0;
        current.events.once("connection:closed", ({ code, reason }) => {
          if (endpoint === current) endpoint = undefined;
          events.emit("connection:closed", { code, reason });
          scheduleReconnect();
        });
        events.emit("connection:opened", { version, endpoint: current });
        resolve(version);
      });
    });

  const scheduleReconnect = (): void => {
    if (stopped || backOff === false || retryTimer !== undefined) return;
    const delayMs = retryDelay(attempt, backOff, options.random);
    events.emit("reconnect:scheduled", { attempt, delayMs });
    attempt++;
    retryTimer = clock.setTimeout(() => {
      retryTimer = undefined;
      if (stopped) return;
      open().catch((error: unknown) => {
        events.emit("connection:failed", { error: error instanceof Error ? error : new Error(String(error)) });
        logger.warn({ error }, "ocpp: reconnect failed");
        scheduleReconnect();
      });
    }, delayMs);
  };

  return {
    handlers,
    events,
    get endpoint() {
      return endpoint;
    },
    connect() {
      stopped = false;
      return open().catch((error: unknown) => {
        events.emit("connection:failed", { error: error instanceof Error ? error : new Error(String(error)) });
        scheduleReconnect();
        throw error;
      });
    },
    call(version, action, payload, callOptions) {
      if (endpoint === undefined) {
        return Promise.resolve(err(new CallFailure("CLOSED", `not connected to the CSMS`)));
      }
      return endpoint.call(version, action, payload, callOptions);
    },
    async close() {
      stopped = true;
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      retryTimer = undefined;
      await endpoint?.close();
    },
  };
}

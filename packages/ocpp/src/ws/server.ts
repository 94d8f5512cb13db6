import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { createEmitter, err, silentLogger, systemClock } from "@chargekit/core";
import { type WebSocket, WebSocketServer } from "ws";
import { DEFAULT_MAX_FRAME_BYTES } from "../codec/decode.js";
import { CallFailure } from "../rpc/errors.js";
import { createHandlerSet } from "../rpc/handlers.js";
import type { OcppVersion } from "../schema/versions.js";
import { attachEndpoint } from "./attach.js";
import { parseBasicAuth } from "./basic-auth.js";
import { type HandshakeRefusal, identityFromPath, selectProtocol } from "./identity.js";
import type { OcppConnection, OcppServer, OcppServerEvents, OcppServerOptions } from "./server-types.js";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  503: "Service Unavailable",
};

/** `error` listener of an upgrading socket. */
function destroySocket(this: Duplex): void {
  this.destroy();
}

interface Accepted {
  readonly identity: string;
  readonly version: OcppVersion | undefined;
  readonly clientCertificate: PeerCertificate | undefined;
}

/**
 * Creates the CSMS-side WebSocket server.
 *
 * @example
 * ```ts no-run
 * const server = createOcppServer({ protocols: ["ocpp2.0.1", "ocpp1.6"], securityProfile: 1, credentials });
 * server.handlers.handle("ocpp2.0.1", "Heartbeat", () => ({ currentTime: new Date().toISOString() }));
 * await server.listen({ port: 9000 });
 * const result = await server.call("CP-1", "ocpp2.0.1", "Reset", { type: "Immediate" });
 * ```
 * @category Transport
 */
export function createOcppServer(options: OcppServerOptions = {}): OcppServer {
  const protocols = options.protocols ?? ["ocpp2.1", "ocpp2.0.1", "ocpp1.6"];
  const basePath = options.basePath ?? "/";
  const profile = options.securityProfile ?? 0;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  if ((profile === 1 || profile === 2) && options.credentials === undefined) {
    throw new Error(`security profile ${profile} needs a credentials port`);
  }
  const handlers = createHandlerSet<"csms">();
  const events = createEmitter<OcppServerEvents>();
  const registry = new Map<string, OcppConnection>();
  const accepted = new WeakMap<IncomingMessage, Accepted>();
  const ownServers: Server[] = [];
  let closing = false;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes * 2,
    perMessageDeflate: options.perMessageDeflate ?? true,
    handleProtocols: (offered, request) => {
      const version = accepted.get(request)?.version;
      return version === undefined || !offered.has(version) ? false : version;
    },
  });

  const refuse = (
    socket: Duplex,
    refusal: HandshakeRefusal,
    identity: string | undefined,
    request: IncomingMessage,
  ) => {
    events.emit("handshake:refused", {
      identity,
      status: refusal.status,
      reason: refusal.reason,
      remoteAddress: request.socket.remoteAddress,
    });
    const body = `${refusal.reason}\n`;
    const extra =
      refusal.status === 401 && profile !== 3 ? 'WWW-Authenticate: Basic realm="OCPP", charset="UTF-8"\r\n' : "";
    socket.end(
      `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status] ?? ""}\r\n${extra}Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  const authenticate = async (
    request: IncomingMessage,
    identity: string,
  ): Promise<HandshakeRefusal | PeerCertificate | undefined> => {
    let certificate: PeerCertificate | undefined;
    if (profile === 2 || profile === 3) {
      const tls = request.socket as TLSSocket;
      if (typeof tls.getPeerCertificate !== "function") return { status: 400, reason: "TLS is required" };
      if (profile === 3) {
        if (!tls.authorized) return { status: 401, reason: "a valid client certificate is required" };
        certificate = tls.getPeerCertificate();
        const vouched = options.certificateIdentity?.(certificate) ?? (certificate.subject?.CN as string | undefined);
        if (vouched !== identity) return { status: 401, reason: "the client certificate is not for this identity" };
      }
    }
    if (profile === 1 || profile === 2) {
      const basic = parseBasicAuth(request.headers.authorization);
      if (basic === undefined) return { status: 401, reason: "HTTP Basic authentication required" };
      if (basic.username !== identity) return { status: 401, reason: "the user name must be the station identity" };
      const check = await options.credentials?.verify(identity, basic.password);
      if (check === "unknown") return { status: 404, reason: "unknown station" };
      if (check !== "valid") return { status: 401, reason: "invalid credentials" };
    }
    return certificate;
  };

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // a module-level listener: a closure here would share this scope and keep `request` alive with the socket
    socket.on("error", destroySocket);
    if (closing) {
      refuse(socket, { status: 503, reason: "server is closing" }, undefined, request);
      return;
    }
    const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    const version = selectProtocol(offered, protocols);
    const parsed = identityFromPath(request.url ?? "", basePath, version);
    if (!parsed.ok) {
      refuse(socket, parsed.error, undefined, request);
      return;
    }
    const identity = parsed.value;
    void (async () => {
      const auth = await authenticate(request, identity);
      if (auth !== undefined && "status" in auth) {
        refuse(socket, auth, identity, request);
        return;
      }
      if (version !== undefined && options.authorize !== undefined) {
        const refusal = await options.authorize({
          identity,
          version,
          remoteAddress: request.socket.remoteAddress,
          headers: request.headers,
          clientCertificate: auth,
        });
        if (refusal !== undefined) {
          refuse(socket, refusal, identity, request);
          return;
        }
      }
      accepted.set(request, { identity, version, clientCertificate: auth });
      wss.handleUpgrade(request, socket, head, (ws) => onSocket(ws, request));
    })().catch((error: unknown) => {
      logger.error({ identity, error }, "ocpp: handshake failed");
      refuse(socket, { status: 503, reason: "handshake failed" }, identity, request);
    });
  };

  const onSocket = (ws: WebSocket, request: IncomingMessage): void => {
    const info = accepted.get(request);
    if (info === undefined) {
      ws.close(1011, "internal error");
      return;
    }
    const { identity, version, clientCertificate } = info;
    if (version === undefined || ws.protocol !== version) {
      // no subprotocol in common: the handshake completed without Sec-WebSocket-Protocol; close at once
      ws.close(1002, "no supported OCPP subprotocol");
      return;
    }
    const endpoint = attachEndpoint<"csms">(
      ws,
      {
        role: "csms",
        version,
        identity,
        clock,
        // every endpoint log line carries the identity already; no child logger per connection
        logger,
        maxFrameBytes,
        fallbackHandlers: handlers,
        ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
        ...(options.maxBadMessages === undefined ? {} : { maxBadMessages: options.maxBadMessages }),
        ...(options.relaxationFor === undefined ? {} : { relaxation: options.relaxationFor(identity, version) }),
      },
      { clock, intervalMs: pingIntervalMs },
    );
    const connection: OcppConnection = {
      identity,
      version,
      endpoint,
      remoteAddress: request.socket.remoteAddress,
      securityProfile: profile,
      clientCertificate,
      connectedAt: clock.now(),
    };
    const previous = registry.get(identity);
    registry.set(identity, connection);
    endpoint.events.once("connection:closed", ({ code, reason }) => {
      if (registry.get(identity) === connection) registry.delete(identity);
      events.emit("connection:closed", { connection, code, reason });
    });
    events.emit("connection:opened", { connection });
    if (previous !== undefined) {
      events.emit("connection:replaced", { previous, current: connection });
      void previous.endpoint.close({ code: 1000, reason: "replaced by a new connection", force: true });
    }
  };

  const server: OcppServer = {
    handlers,
    events,
    get: (identity) => registry.get(identity),
    connections: () => registry.values(),
    call(target, version, action, payload, callOptions) {
      const connection = typeof target === "string" ? registry.get(target) : target;
      if (connection === undefined || connection.endpoint.state === "closed") {
        const who = typeof target === "string" ? target : target.identity;
        return Promise.resolve(err(new CallFailure("CLOSED", `station ${who} is not connected`)));
      }
      return connection.endpoint.call(version, action, payload, callOptions);
    },
    handleUpgrade,
    async listen(listenOptions) {
      const http =
        listenOptions.tls === undefined
          ? createHttpServer()
          : createHttpsServer({
              key: listenOptions.tls.key,
              cert: listenOptions.tls.cert,
              ...(listenOptions.tls.ca === undefined
                ? {}
                : {
                    ca: listenOptions.tls.ca as string | Buffer | (string | Buffer)[],
                    requestCert: true,
                    rejectUnauthorized: false,
                  }),
              minVersion: "TLSv1.2",
            });
      http.on("request", (_req, res) => {
        res
          .writeHead(426, { "Content-Type": "text/plain", Upgrade: "websocket" })
          .end("OCPP-J needs a WebSocket upgrade\n");
      });
      http.on("upgrade", handleUpgrade);
      ownServers.push(http);
      await new Promise<void>((resolve, reject) => {
        http.once("error", reject);
        http.listen(listenOptions.port, listenOptions.host, () => resolve());
      });
      const address = http.address();
      return { port: typeof address === "object" && address !== null ? address.port : listenOptions.port };
    },
    async close(closeOptions = {}) {
      closing = true;
      const timeoutMs = closeOptions.timeoutMs ?? 5000;
      await Promise.all(
        [...registry.values()].map(async (c) => {
          const timer = clock.setTimeout(
            () => void c.endpoint.close({ code: 1001, reason: "server closing", force: true }),
            timeoutMs,
          );
          await c.endpoint.close({ code: 1001, reason: "server closing" });
          clock.clearTimeout(timer);
        }),
      );
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await Promise.all(
        ownServers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
    },
  };
  return server;
}

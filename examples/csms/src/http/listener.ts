import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { type Clock, sleep } from "@chargekit/core";

/** TLS files for HTTPS. */
export interface ListenerTls {
  /** PEM certificate chain. */
  readonly certFile: string;
  /** PEM private key. */
  readonly keyFile: string;
}

/** An HTTP(S) server that knows its in-flight requests and can drain them. */
export interface HttpListener {
  /** The Node server. */
  readonly server: Server;
  /** Starts listening; resolves with the bound address (port 0 picks one). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Requests whose responses have not finished. */
  inFlight(): number;
  /**
   * Stops accepting connections, calls `stoppedAccepting` (end long-lived streams there), lets in-flight requests
   * finish for up to `graceMs` on `clock`, then cuts the connections still open. Connections with no request in
   * flight (keep-alive, or opened and never used) close at once. Resolves with how many requests were cut.
   */
  drain(clock: Clock, graceMs: number, stoppedAccepting?: () => void): Promise<{ readonly cut: number }>;
}

/** Creates the listener around `handler`; with `tls`, an HTTPS server reading the PEM files now. */
export function createHttpListener(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  tls?: ListenerTls,
): HttpListener {
  let inFlight = 0;
  const settled = new Set<() => void>();
  const track = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) for (const resolve of settled) resolve();
    });
    handler(req, res);
  };
  const server: Server =
    tls === undefined
      ? createHttpServer(track)
      : (createHttpsServer(
          { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
          track,
        ) as unknown as Server);
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    inFlight: () => inFlight,
    async drain(clock, graceMs, stoppedAccepting) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      stoppedAccepting?.();
      let cut = 0;
      if (inFlight > 0) {
        const aborter = new AbortController();
        let resolveSettled = (): void => {};
        const allSettled = new Promise<void>((resolve) => {
          resolveSettled = resolve;
          settled.add(resolve);
        });
        const outcome = await Promise.race([
          allSettled.then(() => "settled" as const),
          sleep(clock, graceMs, aborter.signal).then(
            () => "deadline" as const,
            () => "settled" as const,
          ),
        ]);
        aborter.abort();
        settled.delete(resolveSettled);
        if (outcome === "deadline") {
          cut = inFlight;
          server.closeAllConnections();
        }
      }
      // Every request has been answered or cut. What is still connected holds no request of ours: a keep-alive
      // socket, or one a browser opened ahead of a request it never sent, which Node does not count as idle and
      // would otherwise keep open until its headers timeout.
      if (inFlight === 0) server.closeAllConnections();
      else server.closeIdleConnections();
      await closed;
      return { cut };
    },
  };
}

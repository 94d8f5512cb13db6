/**
 * Typed access to the parts of `ocpp-rpc` (the peer both OCPP benchmarks measure against). Its published typings
 * require every constructor option and mistype handlers, so the benchmarks use these narrow views.
 */
import type { Server } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** ocpp-rpc's strict-mode validator for one subprotocol (ajv over its bundled schemas). */
export interface PeerValidator {
  readonly subprotocol: string;
  validate(schemaId: string, params: unknown): boolean;
}

/** The validators ocpp-rpc's strict mode uses: 1.6, 2.0.1, 2.1. */
export const peerValidators = require("ocpp-rpc/lib/standard-validators.js") as PeerValidator[];

/** ocpp-rpc's server. */
export interface PeerServer {
  on(event: "client", listener: (client: PeerClient) => void): void;
  listen(port: number, host: string): Promise<Server>;
  close(options?: { force?: boolean }): Promise<unknown>;
}

/** ocpp-rpc's per-connection client. */
export interface PeerClient {
  handle(method: string, handler: (context: { params: unknown }) => unknown): void;
}

const rpc = require("ocpp-rpc") as { RPCServer: new (options: Record<string, unknown>) => PeerServer };

/** Creates an ocpp-rpc RPCServer. */
export function createPeerServer(options: Record<string, unknown>): PeerServer {
  return new rpc.RPCServer(options);
}

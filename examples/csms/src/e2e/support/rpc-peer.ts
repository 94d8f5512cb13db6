// The independent OCPP peer of the end-to-end tests: `ocpp-rpc`'s RPCClient (an OCPP-J implementation nobody here
// wrote), with strict validation of every frame in both directions against its own copy of the OCPP schemas.
import * as ocppRpc from "ocpp-rpc";

/** The OCPP versions the test stations speak. */
export type PeerVersion = "ocpp1.6" | "ocpp2.0.1";

/** A CALL the CSMS sent to the station, as the peer handed it to us. */
export interface InboundCall {
  /** The OCPP action. */
  readonly method: string;
  /** Its payload. */
  // biome-ignore lint/suspicious/noExplicitAny: OCPP payloads are read field by field in the tests
  readonly params: any;
}

/** The part of ocpp-rpc's RPCClient the test stations use. */
export interface PeerClient {
  /** `0` connecting, `1` open, `2` closing, `3` closed. */
  readonly state: number;
  connect(): Promise<unknown>;
  call(method: string, params: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  handle(handler: (call: InboundCall) => unknown): void;
  close(options?: { force?: boolean; awaitPending?: boolean }): Promise<unknown>;
  on(event: "open" | "disconnect" | "close", listener: () => void): void;
  on(event: "strictValidationFailure", listener: (failure: StrictFailure) => void): void;
}

/** A frame that broke the OCPP schema, as ocpp-rpc reports it in strict mode. */
export interface StrictFailure {
  /** The action. */
  readonly method: string;
  /** `true` when we sent it, `false` when the CSMS did. */
  readonly outbound: boolean;
  /** A CALL (`true`) or its answer. */
  readonly isCall: boolean;
  /** The validator's message. */
  readonly error: Error;
}

/** The state value of an open ocpp-rpc client. */
export const PEER_OPEN = 1;

/** Options of {@link createPeerClient}. */
export interface PeerClientOptions {
  /** The CSMS's OCPP URL without the identity (`ws://127.0.0.1:9000/ocpp`). */
  readonly endpoint: string;
  /** The station identity (Basic auth username). */
  readonly identity: string;
  /** Its Basic auth password (security profile 1). */
  readonly password: string;
  /** The one version offered. */
  readonly version: PeerVersion;
  /** Reconnect by itself after the connection dropped, as a station does (short backoff for tests). */
  readonly reconnect: boolean;
}

/** Creates an ocpp-rpc client in strict mode for one station. */
export function createPeerClient(options: PeerClientOptions): PeerClient {
  const RPCClient = ocppRpc.RPCClient as unknown as new (options: Record<string, unknown>) => PeerClient;
  return new RPCClient({
    endpoint: options.endpoint,
    identity: options.identity,
    password: options.password,
    protocols: [options.version],
    strictMode: true,
    reconnect: options.reconnect,
    backoff: { initialDelay: 100, maxDelay: 500, factor: 2, randomisationFactor: 0 },
    callTimeoutMs: 20_000,
    pingIntervalMs: 0,
  });
}

/** Whether `error` is a CALLERROR from the CSMS (as opposed to a dropped connection or a timeout). */
export function isCallError(error: unknown): error is Error & { rpcErrorCode: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { rpcErrorCode?: unknown }).rpcErrorCode === "string"
  );
}

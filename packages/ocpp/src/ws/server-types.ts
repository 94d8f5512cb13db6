import type { PeerCertificate } from "node:tls";
import type { Clock, Logger, TypedEmitter } from "@chargekit/core";
import type { RelaxationPolicy } from "../codec/relaxation.js";
import type { CallOptions, CallResult, RpcEndpoint } from "../rpc/endpoint-types.js";
import type { HandlerSet } from "../rpc/handlers.js";
import type { ActionName, CallableAction, RequestOf, ResponseOf } from "../schema/action-maps.js";
import type { OcppVersion } from "../schema/versions.js";
import type { StationCredentials } from "./credentials.js";
import type { HandshakeRefusal } from "./identity.js";

/**
 * OCPP security profiles: 0 none (testing only), 1 HTTP Basic over plain WebSocket, 2 TLS with HTTP Basic,
 * 3 TLS with client certificates.
 *
 * @category Transport
 */
export type SecurityProfile = 0 | 1 | 2 | 3;

/**
 * What a custom authorization hook sees of a handshake.
 *
 * @category Transport
 */
export interface HandshakeInfo {
  /** The station identity from the URL. */
  readonly identity: string;
  /** The negotiated version. */
  readonly version: OcppVersion;
  /** Remote IP address. */
  readonly remoteAddress: string | undefined;
  /** The request headers. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The verified client certificate (Security Profile 3). */
  readonly clientCertificate: PeerCertificate | undefined;
}

/**
 * Options of {@link createOcppServer}.
 *
 * @category Transport
 */
export interface OcppServerOptions {
  /** Supported versions in the server's order of preference; all three (2.1, 2.0.1, 1.6) by default. */
  readonly protocols?: readonly OcppVersion[];
  /** Path before the identity, e.g. `/ocpp`; `/` by default. */
  readonly basePath?: string;
  /** Required security profile; 0 by default (no authentication: for tests and closed networks only). */
  readonly securityProfile?: SecurityProfile;
  /** Password checks for profiles 1 and 2 (required for them). */
  readonly credentials?: StationCredentials;
  /**
   * Profile 3: the identity a client certificate vouches for; by default the certificate subject's CN. The
   * handshake is refused with 401 when it differs from the URL identity.
   */
  readonly certificateIdentity?: (certificate: PeerCertificate) => string | undefined;
  /** An extra check after authentication (e.g. the identity is registered): undefined accepts. */
  readonly authorize?: (
    handshake: HandshakeInfo,
  ) => HandshakeRefusal | undefined | Promise<HandshakeRefusal | undefined>;
  /** Offer permessage-deflate (OCPP 2.0.1 Part 4 §3.3 requires a CSMS to support it); true by default. */
  readonly perMessageDeflate?: boolean;
  /** WebSocket ping interval; 0 disables. 30 s by default. */
  readonly pingIntervalMs?: number;
  /** Largest inbound frame in UTF-8 bytes; 1 MiB by default. Frames over twice this close the socket (1009). */
  readonly maxFrameBytes?: number;
  /** Default call timeout of every connection; 30 s. */
  readonly callTimeoutMs?: number;
  /** Bad-message budget of every connection; 10. */
  readonly maxBadMessages?: number;
  /** The relaxation policy of a station; strict by default. */
  readonly relaxationFor?: (identity: string, version: OcppVersion) => RelaxationPolicy;
  /** Time source (timeouts, pings); `systemClock` by default. */
  readonly clock?: Clock;
  /** Logger; silent by default. */
  readonly logger?: Logger;
}

/**
 * One accepted station connection.
 *
 * @category Transport
 */
export interface OcppConnection {
  /** The station identity. */
  readonly identity: string;
  /** The negotiated version. */
  readonly version: OcppVersion;
  /** The RPC endpoint (register per-connection handlers and gates here). */
  readonly endpoint: RpcEndpoint<"csms">;
  /** Remote IP address. */
  readonly remoteAddress: string | undefined;
  /** The security profile the connection was authenticated with. */
  readonly securityProfile: SecurityProfile;
  /** The client certificate (profile 3). */
  readonly clientCertificate: PeerCertificate | undefined;
  /** When the connection was accepted (epoch ms, from the server's clock). */
  readonly connectedAt: number;
}

/**
 * Events of an {@link OcppServer}.
 *
 * @category Transport
 */
export interface OcppServerEvents {
  /** A station connected (emitted before any of its frames is processed). */
  "connection:opened": {
    /** The new connection. */
    readonly connection: OcppConnection;
  };
  /** A station connection ended. */
  "connection:closed": {
    /** The connection. */
    readonly connection: OcppConnection;
    /** WebSocket close code. */
    readonly code: number;
    /** Close reason. */
    readonly reason: string;
  };
  /** A second connection of the same identity replaced the first (which is closed). */
  "connection:replaced": {
    /** The connection that was closed. */
    readonly previous: OcppConnection;
    /** The connection that took its place. */
    readonly current: OcppConnection;
  };
  /** A handshake was refused. */
  "handshake:refused": {
    /** The identity, when it could be read. */
    readonly identity: string | undefined;
    /** The HTTP status sent. */
    readonly status: number;
    /** Why. */
    readonly reason: string;
    /** Remote IP address. */
    readonly remoteAddress: string | undefined;
  };
}

/**
 * Options of {@link OcppServer.listen}.
 *
 * @category Transport
 */
export interface ListenOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; all by default. */
  readonly host?: string;
  /**
   * TLS (profiles 2 and 3): PEM key and certificate, and for profile 3 the CA that signs station certificates
   * (`ca`); client certificates are then required and verified.
   */
  readonly tls?: {
    /** PEM private key. */
    readonly key: string | Buffer;
    /** PEM certificate chain. */
    readonly cert: string | Buffer;
    /** PEM CA certificates for verifying station certificates (profile 3). */
    readonly ca?: string | Buffer | readonly (string | Buffer)[];
  };
}

/**
 * Where {@link OcppServer.listen} bound.
 *
 * @category Transport
 */
export interface Listening {
  /** The TCP port (useful with port 0). */
  readonly port: number;
}

/**
 * The CSMS side of OCPP-J over WebSocket: accepts stations, negotiates the version, authenticates them, keeps the
 * connection registry (one connection per identity), and lets any part of the program call a station.
 *
 * @category Transport
 */
export interface OcppServer {
  /** Handlers every connection falls back to. */
  readonly handlers: HandlerSet<"csms">;
  /** Connection lifecycle events. */
  readonly events: TypedEmitter<OcppServerEvents>;
  /** The connection of `identity`, if connected. */
  get(identity: string): OcppConnection | undefined;
  /** All open connections. */
  connections(): IterableIterator<OcppConnection>;
  /**
   * Calls a station by identity (or on a given connection). A station that is not connected fails at once with
   * `CLOSED`; a version other than the connection's fails with `INVALID_REQUEST`.
   */
  call<V extends OcppVersion, A extends CallableAction<V, "csms">>(
    target: string | OcppConnection,
    version: V,
    action: A,
    payload: NoInfer<RequestOf<V, A & ActionName<V>>>,
    options?: CallOptions,
  ): Promise<CallResult<ResponseOf<V, A & ActionName<V>>>>;
  /** Handles an HTTP upgrade from a server you run yourself (attach mode). */
  handleUpgrade(request: import("node:http").IncomingMessage, socket: import("node:stream").Duplex, head: Buffer): void;
  /** Starts an HTTP (or, with `tls`, HTTPS) server of its own; resolves with the bound port. */
  listen(options: ListenOptions): Promise<Listening>;
  /** Closes every connection (gracefully, up to `timeoutMs`, 5 s) and the server. */
  close(options?: { readonly timeoutMs?: number }): Promise<void>;
}

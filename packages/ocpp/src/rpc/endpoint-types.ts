import type { Clock, Logger, Result, TypedEmitter } from "@chargekit/core";
import type { RpcProblem } from "../codec/error-codes.js";
import type { Direction, Relaxation, RelaxationPolicy } from "../codec/relaxation.js";
import type {
  ActionName,
  CallableAction,
  HandledAction,
  ReceivedSendAction,
  RequestOf,
  ResponseOf,
  SendActionName,
  SendableAction,
  SendPayloadOf,
} from "../schema/action-maps.js";
import type { Role } from "../schema/action-spec.js";
import type { OcppVersion } from "../schema/versions.js";
import type { CallFailure } from "./errors.js";
import type { CallHandler, HandlerSet, InboundGate, SendHandler } from "./handlers.js";

/**
 * The wire under an endpoint: anything that can carry text frames (a WebSocket, an in-memory loopback).
 * Inbound frames and the end of the connection are reported to the endpoint with {@link RpcEndpoint.receive} and
 * {@link RpcEndpoint.transportClosed}.
 *
 * @category RPC
 */
export interface RpcTransport {
  /** Writes one text frame. */
  send(text: string): void;
  /** Closes the connection with a WebSocket close code and reason. */
  close(code: number, reason: string): void;
}

/**
 * Options of {@link createRpcEndpoint}.
 *
 * @category RPC
 */
export interface RpcEndpointOptions<R extends Role> {
  /** `csms` (server side) or `station` (charger side). */
  readonly role: R;
  /** The version negotiated for this connection. */
  readonly version: OcppVersion;
  /** The station identity (on both sides), used in events and handler contexts. */
  readonly identity: string;
  /** The wire. */
  readonly transport: RpcTransport;
  /** Time source for call timeouts; `systemClock` when omitted. */
  readonly clock?: Clock;
  /** Default timeout of outbound calls, counted from when the CALL is written; 30 s. */
  readonly callTimeoutMs?: number;
  /** Most calls waiting behind the outstanding one; a call beyond it fails with `QUEUE_FULL`. Default 1000. */
  readonly maxQueuedCalls?: number;
  /** Largest inbound frame in UTF-8 bytes; default 1 MiB. */
  readonly maxFrameBytes?: number;
  /** Bad inbound messages (malformed frames, bad or duplicate ids, unmatched replies) tolerated before the connection is closed with 1002; default 10. */
  readonly maxBadMessages?: number;
  /** Most of the peer's CALLs handled at the same time; more are answered with `GenericError`. Default 16. */
  readonly maxConcurrentHandlers?: number;
  /**
   * How many of the peer's most recent message ids are remembered to detect reuse (ids of CALLs still being handled
   * are always checked); default 100. Each remembered id costs about 75 bytes per connection.
   */
  readonly rememberedMessageIds?: number;
  /** Deviations tolerated for this station; strict when omitted. */
  readonly relaxation?: RelaxationPolicy;
  /** Handlers used when this endpoint has none of its own for an action (e.g. a server-wide set). */
  readonly fallbackHandlers?: HandlerSet<R>;
  /** Message id generator for outbound messages; random UUIDs (unique across all connections) by default. */
  readonly newMessageId?: () => string;
  /** Logger; silent by default. */
  readonly logger?: Logger;
}

/**
 * Options of one outbound call.
 *
 * @category RPC
 */
export interface CallOptions {
  /** Overrides the endpoint's timeout for this call (ms, counted from when the CALL is written). */
  readonly timeoutMs?: number;
  /** Aborts the call: removed from the queue if not sent yet, settled as `ABORTED` if it is. */
  readonly signal?: AbortSignal;
  /** Use this message id (1–36 characters, not in use on this connection) instead of a generated one. */
  readonly messageId?: string;
}

/**
 * The result of a call: the validated response payload, or a {@link CallFailure}. A call never throws.
 *
 * @category RPC
 */
export type CallResult<T> = Result<T, CallFailure>;

/**
 * Payload of `frame:received` and `frame:sent`.
 *
 * @category RPC
 */
export interface FrameEvent {
  /** The station identity. */
  readonly identity: string;
  /** The frame text. */
  readonly text: string;
}

/**
 * Payload of `message:bad`.
 *
 * @category RPC
 */
export interface BadMessageEvent {
  /** The station identity. */
  readonly identity: string;
  /** What was wrong. */
  readonly problem: RpcProblem;
  /** A human description. */
  readonly description: string;
}

/**
 * Payload of `relaxation:applied`: a deviation the station's policy tolerated.
 *
 * @category RPC
 */
export interface RelaxationEvent {
  /** The station identity. */
  readonly identity: string;
  /** The action concerned; undefined for frame-level relaxations that belong to no action (an empty frame). */
  readonly action: string | undefined;
  /** Whether the message was received or sent. */
  readonly direction: Direction;
  /** The relaxation used. */
  readonly relaxation: Relaxation;
  /** JSON pointer of the tolerated value, for payload relaxations. */
  readonly path: string | undefined;
}

/**
 * Payload of `handler:failed`.
 *
 * @category RPC
 */
export interface HandlerFailedEvent {
  /** The station identity. */
  readonly identity: string;
  /** The action whose handler failed. */
  readonly action: string;
  /** The id of the CALL. */
  readonly messageId: string;
  /** What the handler threw (or a description of its invalid response). */
  readonly error: unknown;
}

/**
 * Payload of `reply:late`.
 *
 * @category RPC
 */
export interface LateReplyEvent {
  /** The station identity. */
  readonly identity: string;
  /** The id of the call that had already timed out or been aborted. */
  readonly messageId: string;
}

/**
 * Payload of `result:rejected` (OCPP 2.1 CALLRESULTERROR received).
 *
 * @category RPC
 */
export interface ResultRejectedEvent {
  /** The station identity. */
  readonly identity: string;
  /** The id of our CALLRESULT the peer rejected. */
  readonly messageId: string;
  /** The error code as received. */
  readonly errorCode: string;
  /** The description as received. */
  readonly description: string;
}

/**
 * Payload of `connection:closed`.
 *
 * @category RPC
 */
export interface ClosedEvent {
  /** The station identity. */
  readonly identity: string;
  /** The WebSocket close code. */
  readonly code: number;
  /** The close reason. */
  readonly reason: string;
}

/**
 * Events of an endpoint.
 *
 * @category RPC
 */
export interface RpcEndpointEvents {
  /** A text frame arrived (before decoding). */
  "frame:received": FrameEvent;
  /** A text frame was written. */
  "frame:sent": FrameEvent;
  /** An inbound message was bad (it counts towards the bad-message budget). */
  "message:bad": BadMessageEvent;
  /** A relaxation was used: allowed by the station's policy, or a `null` 2.x payload (always accepted). */
  "relaxation:applied": RelaxationEvent;
  /** A handler threw something other than an `RpcError`, or returned an invalid response. */
  "handler:failed": HandlerFailedEvent;
  /** A reply came for a call that had already timed out or been aborted. */
  "reply:late": LateReplyEvent;
  /** OCPP 2.1: the peer rejected one of our CALLRESULTs with a CALLRESULTERROR. */
  "result:rejected": ResultRejectedEvent;
  /** The connection ended. */
  "connection:closed": ClosedEvent;
}

/**
 * Options of {@link RpcEndpoint.close}.
 *
 * @category RPC
 */
export interface CloseOptions {
  /** WebSocket close code; 1000. */
  readonly code?: number;
  /** Close reason; `""`. */
  readonly reason?: string;
  /**
   * Settle the outstanding call as `CLOSED` at once instead of waiting for its reply (or timeout), and do not
   * wait for running handlers. Default false.
   */
  readonly force?: boolean;
}

/**
 * One side of an OCPP-J connection: correlates replies, enforces one outstanding CALL per direction with a
 * bounded queue, validates every payload both ways, answers the peer's CALLs through handlers, and applies each
 * version's error rules. Transport-agnostic and driven by a `Clock` from `@chargekit/core`.
 *
 * @category RPC
 */
export interface RpcEndpoint<R extends Role> {
  /** This side's role. */
  readonly role: R;
  /** The negotiated version. */
  readonly version: OcppVersion;
  /** The station identity. */
  readonly identity: string;
  /** `open`, `closing` (graceful close in progress) or `closed`. */
  readonly state: "open" | "closing" | "closed";
  /** Typed events of this endpoint. */
  readonly events: TypedEmitter<RpcEndpointEvents>;
  /** Per-connection handlers (take precedence over the fallback handlers). */
  readonly handlers: HandlerSet<R>;
  /** Shorthand for `handlers.handle(...)`. */
  handle<V extends OcppVersion, A extends HandledAction<V, R>>(
    version: V,
    action: A,
    handler: NoInfer<CallHandler<V, A & ActionName<V>>>,
  ): () => void;
  /** Shorthand for `handlers.handleSend(...)`. */
  handleSend<V extends OcppVersion, A extends ReceivedSendAction<V, R>>(
    version: V,
    action: A,
    handler: NoInfer<SendHandler<V, A & SendActionName<V>>>,
  ): () => void;
  /** Adds a gate every inbound CALL passes before validation and handlers; returns a function that removes it. */
  addGate(gate: InboundGate): () => void;
  /**
   * Sends a CALL and resolves with the validated response or a failure. `version` must be the connection's
   * version (a different one fails with `INVALID_REQUEST`), which narrows payload and response types.
   */
  call<V extends OcppVersion, A extends CallableAction<V, R>>(
    version: V,
    action: A,
    payload: NoInfer<RequestOf<V, A & ActionName<V>>>,
    options?: CallOptions,
  ): Promise<CallResult<ResponseOf<V, A & ActionName<V>>>>;
  /** Sends a SEND message (OCPP 2.1): written at once, never queued behind a CALL, never answered. */
  send<V extends OcppVersion, A extends SendableAction<V, R>>(
    version: V,
    action: A,
    payload: NoInfer<SendPayloadOf<V, A & SendActionName<V>>>,
  ): Result<void, CallFailure>;
  /** Feeds one inbound text frame. Never throws. */
  receive(text: string): void;
  /** Tells the endpoint the wire is gone: every pending call settles as `CLOSED`. */
  transportClosed(code: number, reason: string): void;
  /**
   * Closes gracefully: new calls fail, queued calls settle as `CLOSED`, the outstanding call gets its reply (or
   * times out) and running handlers answer, then the wire is closed. Resolves when closed.
   */
  close(options?: CloseOptions): Promise<void>;
}

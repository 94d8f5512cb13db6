import { ChargekitError } from "@chargekit/core";
import type { RpcErrorCode } from "../codec/error-codes.js";
import type {
  ActionName,
  HandledAction,
  ReceivedSendAction,
  RequestOf,
  ResponseOf,
  SendActionName,
  SendPayloadOf,
} from "../schema/action-maps.js";
import type { Role } from "../schema/action-spec.js";
import { actionEntry } from "../schema/registry.js";
import type { OcppVersion } from "../schema/versions.js";
import type { NO_REPLY } from "./errors.js";

/**
 * What a CALL handler receives.
 *
 * @category RPC
 */
export interface CallContext<V extends OcppVersion, A extends ActionName<V>> {
  /** The version of the connection. */
  readonly version: V;
  /** The action. */
  readonly action: A;
  /** The id of the CALL. */
  readonly messageId: string;
  /** The station identity of the connection. */
  readonly identity: string;
  /** The validated request payload. */
  readonly payload: RequestOf<V, A>;
  /** Aborts when the connection closes before the handler has answered. */
  readonly signal: AbortSignal;
}

/**
 * A handler for one CALL action: returns (or resolves to) the response payload, or {@link NO_REPLY}; throws
 * {@link RpcError} to answer with a chosen CALLERROR.
 *
 * @category RPC
 */
export type CallHandler<V extends OcppVersion, A extends ActionName<V>> = (
  context: CallContext<V, A>,
) => ResponseOf<V, A> | typeof NO_REPLY | Promise<ResponseOf<V, A> | typeof NO_REPLY>;

/**
 * What a SEND handler receives (OCPP 2.1).
 *
 * @category RPC
 */
export interface SendContext<V extends OcppVersion, A extends SendActionName<V>> {
  /** The version of the connection. */
  readonly version: V;
  /** The action. */
  readonly action: A;
  /** The id of the SEND message. */
  readonly messageId: string;
  /** The station identity of the connection. */
  readonly identity: string;
  /** The validated payload. */
  readonly payload: SendPayloadOf<V, A>;
}

/**
 * A handler for a SEND action; nothing is ever answered, so its return value is ignored.
 *
 * @category RPC
 */
export type SendHandler<V extends OcppVersion, A extends SendActionName<V>> = (
  context: SendContext<V, A>,
) => void | Promise<void>;

/**
 * A refusal from an {@link InboundGate}: the CALL is answered with this error instead of reaching its handler.
 *
 * @category RPC
 */
export interface GateRefusal {
  /** The error code, e.g. `SecurityError`. */
  readonly code: RpcErrorCode;
  /** The description to send. */
  readonly description?: string;
}

/**
 * What an {@link InboundGate} sees of a CALL (the payload is not validated yet).
 *
 * @category RPC
 */
export interface GateInput {
  /** The version of the connection. */
  readonly version: OcppVersion;
  /** The action of the CALL. */
  readonly action: string;
  /** The id of the CALL. */
  readonly messageId: string;
  /** The station identity of the connection. */
  readonly identity: string;
}

/**
 * Decides, before validation and handlers, whether an inbound CALL may proceed: return undefined to let it
 * through or a {@link GateRefusal}. Used for the boot-acceptance rule (CALLs other than BootNotification before
 * it was accepted get `SecurityError`).
 *
 * @category RPC
 */
export type InboundGate = (call: GateInput) => GateRefusal | undefined;

/** A handler as stored, erased to the payload-agnostic form. @internal */
export type AnyCallHandler = (context: CallContext<OcppVersion, never>) => unknown;
/** @internal */
export type AnySendHandler = (context: SendContext<OcppVersion, never>) => unknown;

/**
 * A set of handlers keyed by version and action, with compile-time narrowing of payload types. Every endpoint
 * has its own; a server also has one whose handlers every connection falls back to.
 *
 * @category RPC
 */
export interface HandlerSet<R extends Role> {
  /**
   * Registers the handler of `action` in `version`; returns a function that removes it. Registering again
   * replaces the previous handler.
   */
  handle<V extends OcppVersion, A extends HandledAction<V, R>>(
    version: V,
    action: A,
    handler: NoInfer<CallHandler<V, A & ActionName<V>>>,
  ): () => void;
  /** Registers the handler of a SEND action (OCPP 2.1); returns a function that removes it. */
  handleSend<V extends OcppVersion, A extends ReceivedSendAction<V, R>>(
    version: V,
    action: A,
    handler: NoInfer<SendHandler<V, A & SendActionName<V>>>,
  ): () => void;
  /** The CALL handler of `action` in `version`, if any. @internal */
  callHandler(version: OcppVersion, action: string): AnyCallHandler | undefined;
  /** The SEND handler of `action` in `version`, if any. @internal */
  sendHandler(version: OcppVersion, action: string): AnySendHandler | undefined;
}

/**
 * The handler set of {@link createHandlerSet}: version → action → handler maps (no string building on the lookup
 * path), made on first registration, as most per-connection sets stay empty (the server-wide set does the work).
 * A class, so a lookup reads the maps straight off the instance: on a server with thousands of connections every
 * object touched per message is likely a cache miss.
 */
class Handlers<R extends Role> implements HandlerSet<R> {
  private calls: Map<OcppVersion, Map<string, AnyCallHandler>> | undefined;
  private sends: Map<OcppVersion, Map<string, AnySendHandler>> | undefined;

  handle<V extends OcppVersion, A extends HandledAction<V, R>>(
    version: V,
    action: A,
    handler: NoInfer<CallHandler<V, A & ActionName<V>>>,
  ): () => void {
    this.calls ??= new Map();
    return register(this.calls, version, action, handler as unknown as AnyCallHandler, false);
  }

  handleSend<V extends OcppVersion, A extends ReceivedSendAction<V, R>>(
    version: V,
    action: A,
    handler: NoInfer<SendHandler<V, A & SendActionName<V>>>,
  ): () => void {
    this.sends ??= new Map();
    return register(this.sends, version, action, handler as unknown as AnySendHandler, true);
  }

  callHandler(version: OcppVersion, action: string): AnyCallHandler | undefined {
    return this.calls?.get(version)?.get(action);
  }

  sendHandler(version: OcppVersion, action: string): AnySendHandler | undefined {
    return this.sends?.get(version)?.get(action);
  }
}

function register<H>(
  maps: Map<OcppVersion, Map<string, H>>,
  version: OcppVersion,
  action: string,
  handler: H,
  send: boolean,
): () => void {
  const entry = actionEntry(version, action);
  if (entry === undefined || entry.send !== send) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      `${version} has no ${send ? "SEND" : "CALL"} action ${JSON.stringify(action)}`,
    );
  }
  const map = maps.get(version) ?? new Map<string, H>();
  maps.set(version, map);
  map.set(action, handler);
  return () => {
    if (map.get(action) === handler) map.delete(action);
  };
}

/**
 * Creates an empty {@link HandlerSet} for an endpoint with role `R`.
 *
 * @example
 * ```ts
 * const handlers = createHandlerSet<"csms">();
 * handlers.handle("ocpp2.0.1", "Heartbeat", () => ({ currentTime: new Date().toISOString() }));
 * ```
 * @category RPC
 */
export function createHandlerSet<R extends Role>(): HandlerSet<R> {
  return new Handlers<R>();
}

import { ChargekitError } from "@chargekit/core";
import type { RpcErrorCode } from "../codec/error-codes.js";
import type { Violation } from "../validation/violation.js";

/**
 * Return this from a CALL handler to send no reply at all (the peer's call will time out). Useful for simulators
 * of misbehaving chargers and for tests.
 *
 * @category RPC
 */
export const NO_REPLY: unique symbol = Symbol.for("@chargekit/ocpp/NO_REPLY");

/**
 * Throw this from a CALL handler to answer with a specific CALLERROR; anything else thrown becomes
 * `InternalError` (without the message, so internals do not leak to the station).
 *
 * @example
 * ```ts
 * throw new RpcError("NotSupported", "remote start is disabled on this site");
 * ```
 * @category RPC
 */
export class RpcError extends ChargekitError<"RPC_ERROR"> {
  /** The OCPP error code to answer with (written in the version's own spelling). */
  readonly rpcCode: RpcErrorCode;
  /** The `errorDetails` object to send (`{}` when none). */
  readonly rpcDetails: Readonly<Record<string, unknown>>;

  constructor(rpcCode: RpcErrorCode, description = "", rpcDetails: Readonly<Record<string, unknown>> = {}) {
    super("RPC_ERROR", description, { details: { rpcCode } });
    this.rpcCode = rpcCode;
    this.rpcDetails = rpcDetails;
  }
}

/**
 * Why an outbound call did not produce a valid response.
 *
 * @category RPC
 */
export const CALL_FAILURES = {
  /** The peer answered with a CALLERROR (see {@link CallFailure.remote}). */
  CALL_ERROR: "CALL_ERROR",
  /** No answer within the call's timeout. */
  TIMEOUT: "TIMEOUT",
  /** The caller's `AbortSignal` aborted. */
  ABORTED: "ABORTED",
  /** The connection closed (or was closing, or is not connected) before an answer came. */
  CLOSED: "CLOSED",
  /** The outbound queue of the connection is full. */
  QUEUE_FULL: "QUEUE_FULL",
  /** The request could not be sent: unknown action, wrong version or direction, or an invalid payload. */
  INVALID_REQUEST: "INVALID_REQUEST",
  /** The peer's CALLRESULT does not match the response schema (2.1: answered with CALLRESULTERROR). */
  INVALID_RESPONSE: "INVALID_RESPONSE",
} as const;

/**
 * A code from {@link CALL_FAILURES}.
 *
 * @category RPC
 */
export type CallFailureCode = (typeof CALL_FAILURES)[keyof typeof CALL_FAILURES];

/**
 * The CALLERROR a peer answered with.
 *
 * @category RPC
 */
export interface RemoteError {
  /** The error code as received. */
  readonly errorCode: string;
  /** The code understood in any spelling (`FormationViolation` reads as `FormatViolation`); undefined if unknown. */
  readonly code: RpcErrorCode | undefined;
  /** The description as received. */
  readonly description: string;
  /** The details object as received. */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * The failure branch of a call's result.
 *
 * @category RPC
 */
export class CallFailure extends ChargekitError<CallFailureCode> {
  /** For `CALL_ERROR`: what the peer answered. */
  readonly remote: RemoteError | undefined;
  /** For `INVALID_REQUEST` / `INVALID_RESPONSE`: the schema violations. */
  readonly violations: readonly Violation[];

  constructor(
    code: CallFailureCode,
    message: string,
    options: {
      remote?: RemoteError;
      violations?: readonly Violation[];
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(code, message, {
      ...(options.details === undefined ? {} : { details: options.details }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.remote = options.remote;
    this.violations = options.violations ?? [];
  }
}

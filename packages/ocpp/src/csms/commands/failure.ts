import { ChargekitError, type Result, type StationId } from "@chargekit/core";
import type { RemoteError } from "../../rpc/errors.js";
import type { Violation } from "../../validation/violation.js";

/**
 * Why a command did not produce an answer from the station.
 *
 * @category CSMS commands
 */
export const COMMAND_FAILURES = {
  /** The station is not connected (answered at once, nothing was sent). */
  NOT_CONNECTED: "NOT_CONNECTED",
  /** The station's boot was not accepted (Rejected; or Pending, for remote start / stop). Nothing was sent. */
  NOT_ACCEPTED: "NOT_ACCEPTED",
  /** The station's OCPP version cannot express the request (e.g. a 2.x-only option on 1.6). Nothing was sent. */
  UNSUPPORTED: "UNSUPPORTED",
  /** The request is not valid for the station's version (too long a token, bad id …). Nothing was sent. */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  /** The station did not answer in time. */
  TIMEOUT: "TIMEOUT",
  /** The station answered with a CALLERROR (see {@link CommandFailure.remote}). */
  CALL_ERROR: "CALL_ERROR",
  /** The station's answer did not match the schema. */
  INVALID_RESPONSE: "INVALID_RESPONSE",
  /** The connection closed before the answer came. */
  CLOSED: "CLOSED",
  /** Too many calls are waiting for this station. */
  QUEUE_FULL: "QUEUE_FULL",
  /** The caller aborted through its `AbortSignal`. */
  ABORTED: "ABORTED",
} as const;

/**
 * A code from {@link COMMAND_FAILURES}.
 *
 * @category CSMS commands
 */
export type CommandFailureCode = (typeof COMMAND_FAILURES)[keyof typeof COMMAND_FAILURES];

/**
 * The failure branch of a command's result. A station answering "Rejected" is not a failure: that is the
 * command's (successful) result.
 *
 * @category CSMS commands
 */
export class CommandFailure extends ChargekitError<CommandFailureCode> {
  /** The station. */
  readonly stationId: StationId;
  /** For `CALL_ERROR`: what the station answered. */
  readonly remote: RemoteError | undefined;
  /** For `INVALID_ARGUMENT` / `INVALID_RESPONSE`: the schema violations. */
  readonly violations: readonly Violation[];

  constructor(
    code: CommandFailureCode,
    stationId: StationId,
    message: string,
    options: { remote?: RemoteError; violations?: readonly Violation[]; cause?: unknown } = {},
  ) {
    super(code, message, {
      details: { stationId },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.stationId = stationId;
    this.remote = options.remote;
    this.violations = options.violations ?? [];
  }
}

/**
 * What a command returns: the station's answer in neutral terms, or a {@link CommandFailure}. Never throws.
 *
 * @category CSMS commands
 */
export type CommandResult<T> = Result<T, CommandFailure>;

/**
 * Options of one command.
 *
 * @category CSMS commands
 */
export interface CommandOptions {
  /** Timeout (ms) of each call the command makes; the registry's default otherwise. */
  readonly timeoutMs?: number;
  /** Aborts the command. */
  readonly signal?: AbortSignal;
}

import { type Clock, err, ok, type Result, type StationId } from "@chargekit/core";
import type { CallFailure } from "../../rpc/errors.js";
import type { OcppVersion } from "../../schema/versions.js";
import type { SmartChargingError } from "../../smart-charging/errors.js";
import type { LiveStation } from "../live-station.js";
import type { ReportCollectors } from "../report-collectors.js";
import { CommandFailure, type CommandFailureCode, type CommandOptions, type CommandResult } from "./failure.js";

/**
 * What every command needs from the registry.
 *
 * @internal
 */
export interface CommandHost {
  readonly clock: Clock;
  readonly defaultTimeoutMs: number;
  readonly reports: ReportCollectors;
  /** The live station, if this registry has seen it. */
  find(stationId: StationId): LiveStation | undefined;
  /** A fresh 31-bit id for `remoteStartId` / `requestId`. */
  nextRequestId(): number;
}

/**
 * One command on its way to one connected station.
 *
 * @internal
 */
export interface CommandTarget {
  readonly stationId: StationId;
  readonly version: OcppVersion;
  readonly live: LiveStation;
  /** Sends one CALL with the command's options; the response is the one the schema validated. */
  call<T>(action: string, payload: object): Promise<CommandResult<T>>;
}

/** A failure result. @internal */
export function failure<T = never>(
  code: CommandFailureCode,
  stationId: StationId,
  message: string,
  options: ConstructorParameters<typeof CommandFailure>[3] = {},
): CommandResult<T> {
  return err(new CommandFailure(code, stationId, message, options));
}

function fromCall(stationId: StationId, action: string, failure: CallFailure): CommandFailure {
  const code: CommandFailureCode = failure.code === "INVALID_REQUEST" ? "INVALID_ARGUMENT" : failure.code;
  return new CommandFailure(code, stationId, `${action}: ${failure.message}`, {
    ...(failure.remote === undefined ? {} : { remote: failure.remote }),
    violations: failure.violations,
    cause: failure,
  });
}

/** A smart-charging mapping failure as a command failure. @internal */
export function fromSmartCharging<T>(stationId: StationId, error: SmartChargingError): CommandResult<T> {
  const unsupported =
    error.code === "NOT_EXPRESSIBLE" || error.code === "UNSUPPORTED_FEATURE" || error.code === "TOO_MANY_PERIODS";
  return failure(unsupported ? "UNSUPPORTED" : "INVALID_ARGUMENT", stationId, error.message, { cause: error });
}

/**
 * Finds the connected station a command goes to: `NOT_CONNECTED` at once when it is not connected,
 * `NOT_ACCEPTED` when its boot was rejected (or, for `acceptedOnly` commands, is pending).
 *
 * @internal
 */
export function target(
  host: CommandHost,
  stationId: StationId,
  options: CommandOptions | undefined,
  acceptedOnly = false,
): Result<CommandTarget, CommandFailure> {
  const live = host.find(stationId);
  const endpoint = live?.endpoint;
  if (live === undefined || endpoint === undefined || endpoint.state !== "open") {
    return err(new CommandFailure("NOT_CONNECTED", stationId, `station ${stationId} is not connected`));
  }
  const registration = live.registration;
  if (registration === "Rejected" || (acceptedOnly && registration === "Pending")) {
    return err(
      new CommandFailure(
        "NOT_ACCEPTED",
        stationId,
        `station ${stationId} is ${registration}: ${acceptedOnly ? "remote start and stop need an Accepted boot" : "a Rejected station is not sent commands"}`,
      ),
    );
  }
  const version = endpoint.version;
  const callOptions = {
    timeoutMs: options?.timeoutMs ?? host.defaultTimeoutMs,
    ...(options?.signal === undefined ? {} : { signal: options.signal }),
  };
  return ok({
    stationId,
    version,
    live,
    async call<T>(action: string, payload: object): Promise<CommandResult<T>> {
      const result = await endpoint.call(version, action as never, payload as never, callOptions);
      return result.ok ? ok(result.value as T) : err(fromCall(stationId, action, result.error));
    },
  });
}

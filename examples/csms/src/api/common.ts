import { ChargekitError, type Instant, StationId, TransactionId } from "@chargekit/core";
import { type CommandFailure, type CommandResult, describeViolation } from "@chargekit/ocpp";
import { z } from "zod";
import type { Principal } from "../auth/principal.js";
import type { CsmsServices } from "../wiring/services.js";

/** Error codes of station commands, with their HTTP statuses (the modules' `errorStatuses`). */
export const COMMAND_ERROR_STATUSES = {
  /** The station is not connected (or its connection closed before it answered). */
  STATION_OFFLINE: 409,
  /** The station's boot was not accepted, so it may not be commanded. */
  STATION_NOT_ACCEPTED: 409,
  /** The station's OCPP version cannot express the request. */
  UNSUPPORTED_BY_STATION: 422,
  /** Too many commands are waiting for the station. */
  STATION_BUSY: 429,
  /** The station answered with a CALLERROR or an answer that breaks the schema. */
  STATION_ERROR: 502,
  /** The station did not answer in time. */
  STATION_TIMEOUT: 504,
} as const;

/**
 * A command failure as an HTTP error naming the station and what happened: offline (409), not accepted (409),
 * not expressible in its OCPP version (422), a request its version refuses (400 naming the field), busy (429),
 * a CALLERROR (502), no answer (504).
 */
export function commandError(failure: CommandFailure): ChargekitError<string> {
  const station = `station ${failure.stationId}`;
  switch (failure.code) {
    case "NOT_CONNECTED":
    case "CLOSED":
      return new ChargekitError<string>("STATION_OFFLINE", `${station} is not connected`);
    case "NOT_ACCEPTED":
      return new ChargekitError<string>("STATION_NOT_ACCEPTED", `${station} is not accepted (${failure.message})`);
    case "UNSUPPORTED":
      return new ChargekitError<string>("UNSUPPORTED_BY_STATION", failure.message);
    case "INVALID_ARGUMENT":
      return new ChargekitError("INVALID_INPUT", `${station} cannot take this request: ${failure.message}`, {
        details: {
          issues: failure.violations.map((v) => ({
            path: `ocpp${v.path.replaceAll("/", ".")}`,
            message: describeViolation(v),
          })),
        },
      });
    case "QUEUE_FULL":
      return new ChargekitError<string>("STATION_BUSY", `${station} has too many commands waiting`);
    case "TIMEOUT":
      return new ChargekitError<string>("STATION_TIMEOUT", `${station} did not answer in time`);
    case "ABORTED":
      return new ChargekitError("ABORTED", "the request was aborted");
    case "CALL_ERROR":
    case "INVALID_RESPONSE":
      return new ChargekitError<string>("STATION_ERROR", `${station} answered with an error: ${failure.message}`);
  }
}

/** The value of a command result, or its failure thrown as {@link commandError}. */
export function answered<T>(result: CommandResult<T>): T {
  if (!result.ok) throw commandError(result.error);
  return result.value;
}

/** Whether the caller is of the tenant this server runs. */
export function ownTenant(services: CsmsServices, principal: Principal): boolean {
  return principal.tenant === services.tenant;
}

/** Throws `NOT_FOUND` naming `what` when the caller is of another tenant (which owns nothing here). */
export function requireTenant(services: CsmsServices, principal: Principal, what: string): void {
  if (!ownTenant(services, principal)) throw new ChargekitError("NOT_FOUND", `${what} not found`);
}

/** An instant in the API: an ISO 8601 date-time with offset (`2026-03-01T12:00:00Z`). */
export const instantSchema = z.iso
  .datetime({ offset: true, error: "expected an ISO 8601 date-time such as 2026-03-01T12:00:00Z" })
  .transform((text) => Date.parse(text) as Instant);

/** An instant as the API writes it. */
export const instantOut = z.iso.datetime().describe("ISO 8601 date-time (UTC)");

/** Formats an instant for a response. */
export function iso(at: Instant): string {
  return new Date(at).toISOString();
}

/** `:stationId` path parameter. */
export const stationParams = z.object({ stationId: StationId.schema });

/** `:stationId/…/:transactionId` path parameters. */
export const transactionParams = z.object({ stationId: StationId.schema, transactionId: TransactionId.schema });

/** `limit` and `offset` query parameters. */
export const pageQuery = {
  /** At most this many (1–500, default 100). */
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Skip this many. */
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

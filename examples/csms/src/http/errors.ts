import { ChargekitError, type CoreErrorCode, isChargekitError } from "@chargekit/core";
import { z } from "zod";
import type { FieldIssue } from "../validation/issues.js";

/** Error codes of the HTTP layer itself, on top of core's. */
export const HTTP_ERROR_CODES = {
  /** No credentials, or credentials that match no key. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** Valid credentials whose role may not call this route. */
  FORBIDDEN: "FORBIDDEN",
  /** The path exists, the method does not. */
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  /** The request body is larger than `http.maxBodyBytes`. */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** A body that is not `application/json`. */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** The server is shutting down. */
  SHUTTING_DOWN: "SHUTTING_DOWN",
} as const;

/** One of {@link HTTP_ERROR_CODES}. */
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[keyof typeof HTTP_ERROR_CODES];

/** Every code the HTTP layer maps on its own. */
export type KnownErrorCode = CoreErrorCode | HttpErrorCode;

/**
 * The HTTP status of each known error code. Domain packages' own codes are added through the server's
 * `errorStatuses` option; a code in neither map is a 500.
 */
export const STATUS_BY_CODE: Readonly<Record<KnownErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LIMIT_EXCEEDED: 429,
  INVALID_ARGUMENT: 500,
  INTERNAL: 500,
  UNSUPPORTED: 501,
  UNAVAILABLE: 503,
  PORT_FAILURE: 503,
  SHUTTING_DOWN: 503,
  ABORTED: 503,
  TIMEOUT: 504,
};

/** What a 5xx says instead of the error's own message, so no internals leak. */
const PUBLIC_5XX_MESSAGE: Readonly<Record<number, string>> = {
  500: "internal error",
  501: "not implemented",
  503: "service unavailable",
  504: "timed out",
};

/** The body of every error response. */
export const errorBodySchema = z
  .strictObject({
    /** What went wrong. */
    error: z.strictObject({
      /** A stable, literal code to branch on. */
      code: z.string().describe("A stable, literal code to branch on, e.g. INVALID_INPUT or NOT_FOUND."),
      /** A human-readable explanation. */
      message: z.string().describe("A human-readable explanation."),
      /** One entry per invalid field. */
      details: z
        .array(
          z.strictObject({
            /** The field, e.g. `body.etaMinutes`. */
            path: z.string(),
            /** What was expected and what was found. */
            message: z.string(),
          }),
        )
        .optional()
        .describe("One entry per invalid field, e.g. { path: 'body.etaMinutes', message: 'expected a number ≥ 0' }."),
      /** The request's `X-Request-Id`. */
      requestId: z.string().describe("The X-Request-Id of the request, for support and logs."),
    }),
  })
  .meta({ id: "Error" });

/** The body of an error response (see {@link errorBodySchema}). */
export type ErrorBody = z.output<typeof errorBodySchema>;

/** Creates an HTTP-layer error, e.g. `httpError("FORBIDDEN", "operators only")`. */
export function httpError(
  code: KnownErrorCode,
  message: string,
  issues?: readonly FieldIssue[],
): ChargekitError<KnownErrorCode> {
  return new ChargekitError<KnownErrorCode>(code, message, issues === undefined ? {} : { details: { issues } });
}

/** How an error is answered: status, body, and whether it is the server's fault (logged as an error). */
export interface MappedError {
  /** HTTP status. */
  readonly status: number;
  /** Response body. */
  readonly body: ErrorBody;
  /** True for 5xx. */
  readonly serverFault: boolean;
}

/**
 * Maps anything thrown to a response. A ChargekitError's code picks the status (`extra` first, then
 * {@link STATUS_BY_CODE}); 4xx keep their message and field issues; 5xx and anything that is not a ChargekitError
 * answer with a generic message and no details, so internals never leak.
 */
export function mapError(error: unknown, requestId: string, extra: Readonly<Record<string, number>> = {}): MappedError {
  if (!isChargekitError(error)) {
    return {
      status: 500,
      serverFault: true,
      body: { error: { code: "INTERNAL", message: "internal error", requestId } },
    };
  }
  const status = extra[error.code] ?? (STATUS_BY_CODE as Readonly<Record<string, number>>)[error.code] ?? 500;
  if (status >= 500) {
    const code =
      status === 500 && !(error.code in STATUS_BY_CODE) && extra[error.code] === undefined ? "INTERNAL" : error.code;
    return {
      status,
      serverFault: true,
      body: { error: { code, message: PUBLIC_5XX_MESSAGE[status] ?? "server error", requestId } },
    };
  }
  const issues = error.details["issues"];
  const details = Array.isArray(issues) ? (issues as FieldIssue[]) : undefined;
  return {
    status,
    serverFault: false,
    body: {
      error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }), requestId },
    },
  };
}

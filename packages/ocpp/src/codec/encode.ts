import { ChargekitError } from "@chargekit/core";
import type { OcppVersion } from "../schema/versions.js";
import { type RpcErrorCode, wireErrorCode } from "./error-codes.js";
import { MAX_ERROR_DESCRIPTION_LENGTH } from "./frames.js";

function payloadOf(payload: object | null | undefined): object {
  return payload ?? {};
}

/**
 * `[2, messageId, action, payload]` as text; a missing or `null` payload is sent as `{}`.
 *
 * @category Codec
 */
export function encodeCall(messageId: string, action: string, payload: object | null | undefined): string {
  return JSON.stringify([2, messageId, action, payloadOf(payload)]);
}

/**
 * `[3, messageId, payload]` as text; a missing or `null` payload is sent as `{}`.
 *
 * @category Codec
 */
export function encodeCallResult(messageId: string, payload: object | null | undefined): string {
  return JSON.stringify([3, messageId, payloadOf(payload)]);
}

/** Cuts a description to at most 255 code points. */
function clip(description: string): string {
  if (description.length <= MAX_ERROR_DESCRIPTION_LENGTH) return description;
  return Array.from(description).slice(0, MAX_ERROR_DESCRIPTION_LENGTH).join("");
}

function encodeError(
  type: 4 | 5,
  version: OcppVersion,
  messageId: string,
  code: RpcErrorCode,
  description: string,
  details: object | null | undefined,
): string {
  return JSON.stringify([type, messageId, wireErrorCode(version, code), clip(description), payloadOf(details)]);
}

/**
 * `[4, messageId, errorCode, errorDescription, errorDetails]` as text: always five elements, the code in the
 * version's own spelling, the description cut to 255 characters (`""` when none), details `{}` when none.
 *
 * @example
 * ```ts
 * encodeCallError("ocpp1.6", "19223201", "FormatViolation", "bad JSON");
 * // '[4,"19223201","FormationViolation","bad JSON",{}]'
 * ```
 * @category Codec
 */
export function encodeCallError(
  version: OcppVersion,
  messageId: string,
  code: RpcErrorCode,
  description = "",
  details?: object | null,
): string {
  return encodeError(4, version, messageId, code, description, details);
}

/**
 * `[5, messageId, errorCode, errorDescription, errorDetails]` (OCPP 2.1 CALLRESULTERROR): tells the peer its
 * CALLRESULT `messageId` could not be processed. Throws for other versions.
 *
 * @category Codec
 */
export function encodeCallResultError(
  version: OcppVersion,
  messageId: string,
  code: RpcErrorCode,
  description = "",
  details?: object | null,
): string {
  if (version !== "ocpp2.1") {
    throw new ChargekitError("INVALID_ARGUMENT", `CALLRESULTERROR does not exist in ${version} (OCPP 2.1 only)`);
  }
  return encodeError(5, version, messageId, code, description, details);
}

/**
 * `[6, messageId, action, payload]` (OCPP 2.1 SEND). Throws for other versions.
 *
 * @category Codec
 */
export function encodeSend(
  version: OcppVersion,
  messageId: string,
  action: string,
  payload: object | null | undefined,
): string {
  if (version !== "ocpp2.1")
    throw new ChargekitError("INVALID_ARGUMENT", `SEND does not exist in ${version} (OCPP 2.1 only)`);
  return JSON.stringify([6, messageId, action, payloadOf(payload)]);
}

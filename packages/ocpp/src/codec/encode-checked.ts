import type { OcppVersion } from "../schema/versions.js";
import { encodeCall, encodeCallResult } from "./encode.js";
import { jsonString } from "./json-text.js";
import { payloadCodecs } from "./payload-codec.js";
import {
  type AppliedRelaxation,
  type PayloadCheck,
  type PayloadInvalid,
  type ValidateOptions,
  validatePayload,
} from "./validate.js";

/**
 * Outcome of {@link encodeCheckedCallResult} and {@link encodeCheckedCall}: the frame text of a valid payload, or
 * the failed {@link PayloadCheck} that says what is wrong with it.
 *
 * @category Codec
 */
export type CheckedFrame =
  | {
      /** The payload is valid (possibly thanks to relaxations) and `text` is the frame. */
      readonly ok: true;
      /** The frame as text. */
      readonly text: string;
      /** The violations tolerated by the relaxation policy (empty for a fully valid payload). */
      readonly relaxed: readonly AppliedRelaxation[];
    }
  | PayloadInvalid;

const NONE: readonly AppliedRelaxation[] = [];

/**
 * Validates `payload` as the response of `action` and encodes the CALLRESULT `[3, messageId, payload]` — the same
 * outcome as {@link validatePayload} (kind `response`) followed by {@link encodeCallResult}, in one pass for a
 * valid payload: the encoder generated from the schema checks each value and writes its JSON at the same time.
 * Properties come out in schema order. A payload that needs the relaxation policy, holds an unconstrained or
 * vendor-specific property, or is invalid takes the reference path (`validatePayload`, then `JSON.stringify`).
 *
 * @example
 * ```ts
 * const frame = encodeCheckedCallResult("ocpp2.0.1", "Heartbeat", "19223201", { currentTime: "2026-01-01T00:00:00Z" });
 * if (frame.ok) console.log(frame.text); // [3,"19223201",{"currentTime":"2026-01-01T00:00:00Z"}]
 * else console.log(frame.code, frame.description);
 * ```
 * @category Codec
 */
export function encodeCheckedCallResult(
  version: OcppVersion,
  action: string,
  messageId: string,
  payload: unknown,
  options?: ValidateOptions,
): CheckedFrame {
  const json = payloadCodecs(version, action)?.response?.encode(payload);
  if (json !== undefined) return { ok: true, text: `[3,${jsonString(messageId)},${json}]`, relaxed: NONE };
  const check = validatePayload(version, action, "response", payload, options);
  if (!check.ok) return check;
  return { ok: true, text: encodeCallResult(messageId, payload as object), relaxed: check.relaxed };
}

/**
 * Validates `payload` as the request of `action` and encodes the CALL `[2, messageId, action, payload]`: the same
 * outcome as {@link validatePayload} (kind `request`) followed by {@link encodeCall}, in one pass for a valid
 * payload (see {@link encodeCheckedCallResult}).
 *
 * @example
 * ```ts
 * const frame = encodeCheckedCall("ocpp1.6", "42", "Reset", { type: "Soft" });
 * if (frame.ok) console.log(frame.text); // [2,"42","Reset",{"type":"Soft"}]
 * ```
 * @category Codec
 */
export function encodeCheckedCall(
  version: OcppVersion,
  messageId: string,
  action: string,
  payload: unknown,
  options?: ValidateOptions,
): CheckedFrame {
  const json = payloadCodecs(version, action)?.request.encode(payload);
  if (json !== undefined) {
    return { ok: true, text: `[2,${jsonString(messageId)},${jsonString(action)},${json}]`, relaxed: NONE };
  }
  const check = validatePayload(version, action, "request", payload, options);
  if (!check.ok) return check;
  return { ok: true, text: encodeCall(messageId, action, payload as object), relaxed: check.relaxed };
}

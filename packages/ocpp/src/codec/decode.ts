import type { OcppVersion } from "../schema/versions.js";
import type { RpcProblem } from "./error-codes.js";
import {
  type CallFrame,
  type Frame,
  isValidMessageId,
  MAX_MESSAGE_ID_LENGTH,
  UNREADABLE_MESSAGE_ID,
} from "./frames.js";
import { JsonReader, ownString, stringEnd } from "./json-reader.js";
import { payloadCodecsAt } from "./payload-codec.js";
import type { Relaxation } from "./relaxation.js";

/**
 * Options of {@link decodeFrame}.
 *
 * @category Codec
 */
export interface DecodeOptions {
  /** The version negotiated on the connection. */
  readonly version: OcppVersion;
  /** Largest accepted frame in UTF-8 bytes; default 1 MiB. */
  readonly maxFrameBytes?: number;
  /**
   * Whether a frame-level relaxation may be used; `messageId` names the CALL a 4-element CALLERROR answers. Strict
   * (nothing allowed) when omitted.
   */
  readonly relax?: (relaxation: Relaxation, messageId: string | undefined) => boolean;
}

/**
 * What {@link decodeFrame} made of a text frame.
 *
 * @category Codec
 */
export type DecodeResult =
  | {
      /** A well-formed frame. */
      readonly kind: "frame";
      /** The frame. */
      readonly frame: Frame;
      /** True when the payload was `null` on the wire (given as `{}`). */
      readonly nullPayload: boolean;
      /** A frame-level relaxation that was needed to accept it. */
      readonly relaxed?: Relaxation;
      /**
       * True when the frame is a CALL whose payload was read by the parser generated from the request schema of its
       * action, which checks it against the schema as it reads: {@link validatePayload} would find it valid with
       * nothing relaxed. Absent when the payload was read by `JSON.parse` and has not been checked.
       */
      readonly validated?: true;
    }
  | {
      /** A frame to reject. */
      readonly kind: "reject";
      /** What is wrong. */
      readonly problem: RpcProblem;
      /** Human description for the CALLERROR and logs. */
      readonly description: string;
      /**
       * The message id to answer with, when a CALLERROR is the right answer (the frame is, or may be, a CALL);
       * `"-1"` when the id cannot be read (2.x only); undefined when no answer is due.
       */
      readonly replyId: string | undefined;
    }
  | {
      /** A frame to drop without an answer. */
      readonly kind: "ignore";
      /** Why: an unknown message type (1.6, 2.1 ignore them) or an empty frame allowed by the relaxation policy. */
      readonly reason: "unknownMessageType" | "emptyFrame";
    };

/** Default maximum frame size: 1 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** UTF-8 length of `text`, computed only as far as needed to compare with `limit`. */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

const CALL_PREFIX = /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"/;

/** An id that is not valid but can still be echoed: a non-empty string of at most 255 characters. */
function readableId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= 255;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Decodes one OCPP-J text frame for `version`, applying each version's rules: a CALLERROR answer is due only for
 * a (possible) CALL; `"-1"` answers an unreadable id in 2.x, while 1.6 has no such rule and stays silent; unknown
 * message types are ignored in 1.6 and 2.1 and answered with `MessageTypeNotSupported` in 2.0.1; CALLRESULTERROR
 * (5) and SEND (6) exist in 2.1 only; a `null` payload is accepted and given as `{}`. Never throws.
 *
 * @category Codec
 */
export function decodeFrame(text: string, options: DecodeOptions): DecodeResult {
  const version = options.version;
  const maxBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (text.length * 3 > maxBytes && exceedsBytes(text, maxBytes)) {
    const id = CALL_PREFIX.exec(text)?.[1];
    return reject("frameTooLarge", `frame larger than ${maxBytes} bytes`, id ?? unreadableId(version));
  }
  const call = readValidCall(text, version);
  if (call !== undefined) return { kind: "frame", frame: call, nullPayload: false, validated: true };
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    if (text.trim().length === 0) {
      if (options.relax?.("emptyFrame", undefined) === true) return IGNORE_EMPTY;
      return reject("malformedFrame", "empty frame", unreadableId(version));
    }
    return reject("malformedFrame", "frame is not valid JSON", unreadableId(version));
  }
  if (!Array.isArray(message) || message.length === 0) {
    return reject("malformedFrame", "frame is not a non-empty JSON array", unreadableId(version));
  }
  const type: unknown = message[0];
  const rawId: unknown = message[1];
  // the hot path: a well-formed CALL
  if (type === 2 && message.length === 4 && isValidMessageId(rawId)) {
    const action: unknown = message[2];
    const payload: unknown = message[3];
    if (typeof action === "string" && action.length > 0 && (payload === null || isObject(payload))) {
      return {
        kind: "frame",
        frame: { type: 2, messageId: rawId, action, payload: payload ?? {} },
        nullPayload: payload === null,
      };
    }
  }
  if (typeof type !== "number" || !Number.isInteger(type)) {
    return reject("malformedFrame", "message type is not an integer", unreadableId(version));
  }
  return decodeSlow(message, type, rawId, options);
}

const READER = new JsonReader("", 0);

/**
 * The fast path of the common case: a compact CALL `[2,"<id>","<Action>",{…}]` with a valid id, a known action
 * and a valid payload, read in one pass by the action's generated parser. Undefined for anything else, which then
 * takes the `JSON.parse` path: the result is the same either way (what the fast-path tests check).
 *
 * @internal
 */
export function readValidCall(text: string, version: OcppVersion): CallFrame | undefined {
  // [2,"
  if (text.charCodeAt(0) !== 0x5b || text.charCodeAt(1) !== 0x32 || text.charCodeAt(2) !== 0x2c) return undefined;
  if (text.charCodeAt(3) !== 0x22) return undefined;
  const idEnd = stringEnd(text, 3);
  // 1 to 36 characters, no escapes: the same length test as isValidMessageId
  if (idEnd < 5 || idEnd > 4 + MAX_MESSAGE_ID_LENGTH) return undefined;
  if (text.charCodeAt(idEnd + 1) !== 0x2c || text.charCodeAt(idEnd + 2) !== 0x22) return undefined;
  // the action name and its closing quote, matched in place
  const codecs = payloadCodecsAt(version, text, idEnd + 3);
  if (codecs === undefined) return undefined;
  const afterAction = idEnd + 4 + codecs.action.length;
  if (text.charCodeAt(afterAction) !== 0x2c) return undefined;
  // one reader for every call: the parsers never call out, so no second read can start while one runs
  const reader = READER;
  reader.s = text;
  reader.i = afterAction + 1;
  const payload = codecs.request.parse(reader);
  const end = reader.i;
  reader.s = ""; // do not keep the frame alive
  if (payload === undefined || end !== text.length - 1 || text.charCodeAt(end) !== 0x5d) return undefined;
  const frame: CallFrame = {
    type: 2,
    messageId: ownString(text, 3, idEnd),
    action: codecs.action,
    payload: payload as Record<string, unknown>,
  };
  return frame;
}

const IGNORE_EMPTY: DecodeResult = { kind: "ignore", reason: "emptyFrame" };
const IGNORE_UNKNOWN: DecodeResult = { kind: "ignore", reason: "unknownMessageType" };

function unreadableId(version: OcppVersion): string | undefined {
  return version === "ocpp1.6" ? undefined : UNREADABLE_MESSAGE_ID;
}

function reject(problem: RpcProblem, description: string, replyId: string | undefined): DecodeResult {
  return { kind: "reject", problem, description, replyId };
}

/** Everything but a well-formed CALL: other message types, and every kind of malformed frame. */
function decodeSlow(message: unknown[], type: number, rawId: unknown, options: DecodeOptions): DecodeResult {
  const { version } = options;
  const v2 = version !== "ocpp1.6";
  // The id to answer with: a valid one, or "-1" (2.x) when it cannot be used.
  const answerId = isValidMessageId(rawId) ? rawId : unreadableId(version);
  const known = type >= 2 && type <= 4 ? true : type === 5 || type === 6 ? version === "ocpp2.1" : false;
  if (!known) {
    if (version === "ocpp2.0.1") return reject("unknownMessageType", `message type ${type} is not supported`, answerId);
    return IGNORE_UNKNOWN;
  }
  const isCall = type === 2;
  if (!isValidMessageId(rawId)) {
    const description =
      typeof rawId === "string" && rawId.length > MAX_MESSAGE_ID_LENGTH
        ? `message id longer than ${MAX_MESSAGE_ID_LENGTH} characters`
        : "message id is not a non-empty string";
    // a readable but over-long id is echoed so the sender can correlate; an unreadable one is "-1" (2.x only)
    return reject(
      "badMessageId",
      description,
      !isCall ? undefined : readableId(rawId) ? rawId : v2 ? UNREADABLE_MESSAGE_ID : undefined,
    );
  }
  const messageId = rawId;
  const malformed = (description: string): DecodeResult =>
    reject("malformedFrame", description, isCall ? answerId : undefined);

  if (type === 2 || type === 6) {
    if (message.length !== 4)
      return malformed(`a ${type === 2 ? "CALL" : "SEND"} has 4 elements, got ${message.length}`);
    const action: unknown = message[2];
    if (typeof action !== "string" || action.length === 0) return malformed("action is not a non-empty string");
    const payload: unknown = message[3];
    if (payload !== null && !isObject(payload)) {
      return reject("payloadNotObject", "payload is not a JSON object", isCall ? messageId : undefined);
    }
    return { kind: "frame", frame: { type, messageId, action, payload: payload ?? {} }, nullPayload: payload === null };
  }
  if (type === 3) {
    if (message.length !== 3) return malformed(`a CALLRESULT has 3 elements, got ${message.length}`);
    const payload: unknown = message[2];
    if (payload !== null && !isObject(payload)) return malformed("CALLRESULT payload is not a JSON object");
    return { kind: "frame", frame: { type, messageId, payload: payload ?? {} }, nullPayload: payload === null };
  }
  // 4 CALLERROR, 5 CALLRESULTERROR
  let relaxed: Relaxation | undefined;
  if (message.length === 4 && type === 4 && options.relax?.("fourElementCallError", messageId) === true) {
    relaxed = "fourElementCallError";
  } else if (message.length !== 5) {
    return malformed(`a ${type === 4 ? "CALLERROR" : "CALLRESULTERROR"} has 5 elements, got ${message.length}`);
  }
  const errorCode: unknown = message[2];
  const errorDescription: unknown = message[3];
  const details: unknown = relaxed === undefined ? message[4] : {};
  if (typeof errorCode !== "string") return malformed("errorCode is not a string");
  if (typeof errorDescription !== "string") return malformed("errorDescription is not a string");
  if (details !== null && !isObject(details)) return malformed("errorDetails is not a JSON object");
  return {
    kind: "frame",
    frame: { type: type === 5 ? 5 : 4, messageId, errorCode, errorDescription, errorDetails: details ?? {} },
    nullPayload: false,
    ...(relaxed === undefined ? {} : { relaxed }),
  };
}

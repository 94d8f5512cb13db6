/**
 * OCPP-J message type numbers. CALLRESULTERROR and SEND exist in OCPP 2.1 only.
 *
 * @category Codec
 */
export const MESSAGE_TYPES = {
  /** A request. */
  CALL: 2,
  /** A successful response to a CALL. */
  CALLRESULT: 3,
  /** An error response to a CALL. */
  CALLERROR: 4,
  /** OCPP 2.1: the receiver of a CALLRESULT reports it could not process it. */
  CALLRESULTERROR: 5,
  /** OCPP 2.1: a message that is never answered. */
  SEND: 6,
} as const;

/**
 * A message type number from {@link MESSAGE_TYPES}.
 *
 * @category Codec
 */
export type MessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];

/**
 * `[2, messageId, action, payload]`.
 *
 * @category Codec
 */
export interface CallFrame {
  /** 2. */
  readonly type: 2;
  /** Unique id chosen by the sender, at most 36 characters. */
  readonly messageId: string;
  /** The action name, e.g. `BootNotification`. */
  readonly action: string;
  /** The request payload (a received `null` is given as `{}`). */
  readonly payload: Record<string, unknown>;
}

/**
 * `[3, messageId, payload]`.
 *
 * @category Codec
 */
export interface CallResultFrame {
  /** 3. */
  readonly type: 3;
  /** The id of the CALL this answers. */
  readonly messageId: string;
  /** The response payload (a received `null` is given as `{}`). */
  readonly payload: Record<string, unknown>;
}

/**
 * `[4, messageId, errorCode, errorDescription, errorDetails]`, or with type 5 (OCPP 2.1 CALLRESULTERROR) the same
 * shape answering a CALLRESULT.
 *
 * @category Codec
 */
export interface CallErrorFrame {
  /** 4 (CALLERROR) or 5 (CALLRESULTERROR). */
  readonly type: 4 | 5;
  /** The id of the CALL (or, for type 5, of the CALLRESULT) this answers. */
  readonly messageId: string;
  /** The error code as received. */
  readonly errorCode: string;
  /** The description as received (`""` when none). */
  readonly errorDescription: string;
  /** The details object as received (`{}` when none). */
  readonly errorDetails: Record<string, unknown>;
}

/**
 * `[6, messageId, action, payload]` (OCPP 2.1).
 *
 * @category Codec
 */
export interface SendFrame {
  /** 6. */
  readonly type: 6;
  /** Unique id chosen by the sender. */
  readonly messageId: string;
  /** The action name, e.g. `NotifyPeriodicEventStream`. */
  readonly action: string;
  /** The payload. */
  readonly payload: Record<string, unknown>;
}

/**
 * Any decoded OCPP-J frame.
 *
 * @category Codec
 */
export type Frame = CallFrame | CallResultFrame | CallErrorFrame | SendFrame;

/**
 * The longest message id OCPP allows (1.6 Table 3, 2.x `string[36]`).
 *
 * @category Codec
 */
export const MAX_MESSAGE_ID_LENGTH = 36;

/**
 * The longest error description OCPP 2.x allows; descriptions we send are cut to it in every version.
 *
 * @category Codec
 */
export const MAX_ERROR_DESCRIPTION_LENGTH = 255;

/**
 * The message id used in a CALLERROR when the id of the offending message cannot be read (OCPP 2.x §4.2.3).
 *
 * @category Codec
 */
export const UNREADABLE_MESSAGE_ID = "-1";

/**
 * True when `id` is a valid message id: a string of 1 to 36 characters.
 *
 * @category Codec
 */
export function isValidMessageId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH;
}

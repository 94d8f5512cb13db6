import type { OcppVersion } from "../schema/versions.js";
import type { ViolationKind } from "../validation/violation.js";

/**
 * RPC error codes of OCPP-J, by their OCPP 2.x names. On the wire each version uses its own spelling
 * ({@link wireErrorCode}); inbound, every historical spelling is understood ({@link parseErrorCode}).
 *
 * @category Errors
 */
export const RPC_ERROR_CODES = {
  /** Payload for the action is syntactically incorrect (1.6: `FormationViolation`). */
  FormatViolation: "FormatViolation",
  /** Any other error not covered by a more specific code. */
  GenericError: "GenericError",
  /** An internal error occurred and the receiver could not process the action. */
  InternalError: "InternalError",
  /** A message type number the receiver does not support (2.x only). */
  MessageTypeNotSupported: "MessageTypeNotSupported",
  /** The requested action is not known by the receiver. */
  NotImplemented: "NotImplemented",
  /** The requested action is recognized but not supported by the receiver. */
  NotSupported: "NotSupported",
  /** A field violates occurrence constraints (1.6: `OccurenceConstraintViolation`). */
  OccurrenceConstraintViolation: "OccurrenceConstraintViolation",
  /** A field contains an invalid value. */
  PropertyConstraintViolation: "PropertyConstraintViolation",
  /** 1.6: payload incomplete; 2.x: payload does not conform to the PDU structure. */
  ProtocolError: "ProtocolError",
  /** The content is not a valid RPC request, e.g. the message id could not be read (2.x only). */
  RpcFrameworkError: "RpcFrameworkError",
  /** A security issue prevented the receiver from completing the action (e.g. a CALL before BootNotification was accepted). */
  SecurityError: "SecurityError",
  /** A field violates data type constraints. */
  TypeConstraintViolation: "TypeConstraintViolation",
} as const;

/**
 * A code from {@link RPC_ERROR_CODES}.
 *
 * @category Errors
 */
export type RpcErrorCode = (typeof RPC_ERROR_CODES)[keyof typeof RPC_ERROR_CODES];

/**
 * The error codes each version's specification lists, in its own spelling: OCPP-J 1.6 Table 7 (the errata v1.0
 * §5.1/§5.2 keep `FormationViolation` and `OccurenceConstraintViolation` as "will not be fixed"), OCPP 2.0.1 Part 4
 * Table 8, OCPP 2.1 Part 4 Table 9.
 *
 * @category Errors
 */
export const SPEC_ERROR_CODES: Readonly<Record<OcppVersion, readonly string[]>> = {
  "ocpp1.6": [
    "NotImplemented",
    "NotSupported",
    "InternalError",
    "ProtocolError",
    "SecurityError",
    "FormationViolation",
    "PropertyConstraintViolation",
    "OccurenceConstraintViolation",
    "TypeConstraintViolation",
    "GenericError",
  ],
  "ocpp2.0.1": [
    "FormatViolation",
    "GenericError",
    "InternalError",
    "MessageTypeNotSupported",
    "NotImplemented",
    "NotSupported",
    "OccurrenceConstraintViolation",
    "PropertyConstraintViolation",
    "ProtocolError",
    "RpcFrameworkError",
    "SecurityError",
    "TypeConstraintViolation",
  ],
  "ocpp2.1": [
    "FormatViolation",
    "GenericError",
    "InternalError",
    "MessageTypeNotSupported",
    "NotImplemented",
    "NotSupported",
    "OccurrenceConstraintViolation",
    "PropertyConstraintViolation",
    "ProtocolError",
    "RpcFrameworkError",
    "SecurityError",
    "TypeConstraintViolation",
  ],
};

const SPELLINGS_16: Partial<Record<RpcErrorCode, string>> = {
  FormatViolation: "FormationViolation",
  OccurrenceConstraintViolation: "OccurenceConstraintViolation",
  // 1.6 has neither; a frame-level failure is the closest 1.6 code
  RpcFrameworkError: "FormationViolation",
  MessageTypeNotSupported: "GenericError",
};

/**
 * The spelling of `code` on the wire in `version`: the version's canonical code from {@link SPEC_ERROR_CODES}.
 *
 * @example
 * ```ts
 * wireErrorCode("ocpp1.6", "FormatViolation"); // "FormationViolation"
 * wireErrorCode("ocpp2.0.1", "OccurrenceConstraintViolation"); // "OccurrenceConstraintViolation"
 * ```
 * @category Errors
 */
export function wireErrorCode(version: OcppVersion, code: RpcErrorCode): string {
  return version === "ocpp1.6" ? (SPELLINGS_16[code] ?? code) : code;
}

const INBOUND: ReadonlyMap<string, RpcErrorCode> = new Map<string, RpcErrorCode>([
  ...Object.values(RPC_ERROR_CODES).map((c) => [c, c] as const),
  ["FormationViolation", "FormatViolation"],
  ["OccurenceConstraintViolation", "OccurrenceConstraintViolation"],
]);

/**
 * Reads an error code from a received CALLERROR in any spelling any version uses (`FormationViolation` and
 * `FormatViolation`, `OccurenceConstraintViolation` and `OccurrenceConstraintViolation`); undefined for a code no
 * version defines.
 *
 * @category Errors
 */
export function parseErrorCode(wire: string): RpcErrorCode | undefined {
  return INBOUND.get(wire);
}

/**
 * Problems at the RPC level (outside the payload schema) that a receiver answers with a CALLERROR.
 *
 * @category Errors
 */
export const RPC_PROBLEMS = {
  /** Not JSON, not an array, or the elements of a known message type have the wrong count or types. */
  malformedFrame: "malformedFrame",
  /** The message id is not a string of 1 to 36 characters. */
  badMessageId: "badMessageId",
  /** The message id was already used by the peer on this connection (2.1: by this station identity). */
  duplicateMessageId: "duplicateMessageId",
  /** A message type number the version does not define (answered only in 2.0.1). */
  unknownMessageType: "unknownMessageType",
  /** The frame is larger than the configured maximum. */
  frameTooLarge: "frameTooLarge",
  /** The payload of a CALL is not a JSON object. */
  payloadNotObject: "payloadNotObject",
  /** The action is not defined in this version. */
  unknownAction: "unknownAction",
  /** The action is defined but nothing handles it here. */
  noHandler: "noHandler",
  /** The handler failed (threw, or returned an invalid response). */
  handlerFailed: "handlerFailed",
  /** Too many of the peer's CALLs are being handled at once. */
  tooManyCalls: "tooManyCalls",
  /** A gate refused the CALL (e.g. before BootNotification was accepted). */
  refused: "refused",
} as const;

/**
 * A problem from {@link RPC_PROBLEMS}.
 *
 * @category Errors
 */
export type RpcProblem = (typeof RPC_PROBLEMS)[keyof typeof RPC_PROBLEMS];

type Table<K extends string> = Readonly<Record<K, readonly [v16: RpcErrorCode, v2x: RpcErrorCode]>>;

/**
 * Which code answers each RPC-level problem: `[OCPP 1.6, OCPP 2.x]`. 1.6 has no `RpcFrameworkError`, so frame and
 * id problems are `FormationViolation` ("syntactically incorrect or not conform the PDU structure") there.
 */
const PROBLEM_CODES: Table<RpcProblem> = {
  malformedFrame: ["FormatViolation", "RpcFrameworkError"],
  badMessageId: ["FormatViolation", "RpcFrameworkError"],
  duplicateMessageId: ["GenericError", "RpcFrameworkError"],
  unknownMessageType: ["GenericError", "MessageTypeNotSupported"],
  frameTooLarge: ["GenericError", "GenericError"],
  payloadNotObject: ["FormatViolation", "FormatViolation"],
  unknownAction: ["NotImplemented", "NotImplemented"],
  noHandler: ["NotSupported", "NotSupported"],
  handlerFailed: ["InternalError", "InternalError"],
  tooManyCalls: ["GenericError", "GenericError"],
  refused: ["SecurityError", "SecurityError"],
};

/**
 * Which code answers each kind of schema violation: `[OCPP 1.6, OCPP 2.x]`, from the code definitions in OCPP-J
 * 1.6 Table 7 and 2.x Part 4 Table 8/9. A missing required field is an incomplete payload (`ProtocolError`) in 1.6
 * and an occurrence violation in 2.x; an undeclared property does not conform to the PDU structure
 * (`FormationViolation` in 1.6, `ProtocolError` in 2.x).
 */
const VIOLATION_CODES: Table<ViolationKind> = {
  type: ["TypeConstraintViolation", "TypeConstraintViolation"],
  nullValue: ["TypeConstraintViolation", "TypeConstraintViolation"],
  required: ["ProtocolError", "OccurrenceConstraintViolation"],
  additionalProperty: ["FormatViolation", "ProtocolError"],
  minItems: ["OccurrenceConstraintViolation", "OccurrenceConstraintViolation"],
  maxItems: ["OccurrenceConstraintViolation", "OccurrenceConstraintViolation"],
  maxLength: ["PropertyConstraintViolation", "PropertyConstraintViolation"],
  enum: ["PropertyConstraintViolation", "PropertyConstraintViolation"],
  format: ["PropertyConstraintViolation", "PropertyConstraintViolation"],
  minimum: ["PropertyConstraintViolation", "PropertyConstraintViolation"],
  maximum: ["PropertyConstraintViolation", "PropertyConstraintViolation"],
  multipleOf: ["PropertyConstraintViolation", "PropertyConstraintViolation"],
};

/**
 * The error code that answers an RPC-level problem in `version`.
 *
 * @category Errors
 */
export function errorCodeForProblem(version: OcppVersion, problem: RpcProblem): RpcErrorCode {
  return PROBLEM_CODES[problem][version === "ocpp1.6" ? 0 : 1];
}

/**
 * The error code that answers a schema violation of kind `kind` in `version`.
 *
 * @category Errors
 */
export function errorCodeForViolation(version: OcppVersion, kind: ViolationKind): RpcErrorCode {
  return VIOLATION_CODES[kind][version === "ocpp1.6" ? 0 : 1];
}

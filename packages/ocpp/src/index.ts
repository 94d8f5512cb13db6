/**
 * OCPP-J 1.6 / 2.0.1 / 2.1 for TypeScript: message types and validators generated from the official OCA
 * schemas, a frame codec with each version's exact error rules, and a transport-agnostic RPC endpoint.
 * Platform-neutral (no Node built-ins); the WebSocket transport is in `@chargekit/ocpp/ws`.
 *
 * @module
 */

export { DEFAULT_MAX_FRAME_BYTES, type DecodeOptions, type DecodeResult, decodeFrame } from "./codec/decode.js";
export { encodeCall, encodeCallError, encodeCallResult, encodeCallResultError, encodeSend } from "./codec/encode.js";
export { type CheckedFrame, encodeCheckedCall, encodeCheckedCallResult } from "./codec/encode-checked.js";
export {
  errorCodeForProblem,
  errorCodeForViolation,
  parseErrorCode,
  RPC_ERROR_CODES,
  RPC_PROBLEMS,
  type RpcErrorCode,
  type RpcProblem,
  SPEC_ERROR_CODES,
  wireErrorCode,
} from "./codec/error-codes.js";
export {
  type CallErrorFrame,
  type CallFrame,
  type CallResultFrame,
  type Frame,
  isValidMessageId,
  MAX_ERROR_DESCRIPTION_LENGTH,
  MAX_MESSAGE_ID_LENGTH,
  MESSAGE_TYPES,
  type MessageType,
  type SendFrame,
  UNREADABLE_MESSAGE_ID,
} from "./codec/frames.js";
export {
  allows,
  type Direction,
  RELAXATIONS,
  type Relaxation,
  type RelaxationPolicy,
  type RelaxationRule,
  STRICT,
} from "./codec/relaxation.js";
export {
  type AppliedRelaxation,
  type PayloadCheck,
  type PayloadInvalid,
  type ValidateOptions,
  validatePayload,
} from "./codec/validate.js";
// CSMS side of the station model: station registry, store ports and memory adapters, neutral commands.
export * from "./csms/index.js";
export * as Ocpp16 from "./generated/v16/index.js";
export * as Ocpp21 from "./generated/v21/index.js";
export * as Ocpp201 from "./generated/v201/index.js";
export { createRpcEndpoint } from "./rpc/endpoint.js";
export type {
  BadMessageEvent,
  CallOptions,
  CallResult,
  ClosedEvent,
  CloseOptions,
  FrameEvent,
  HandlerFailedEvent,
  LateReplyEvent,
  RelaxationEvent,
  ResultRejectedEvent,
  RpcEndpoint,
  RpcEndpointEvents,
  RpcEndpointOptions,
  RpcTransport,
} from "./rpc/endpoint-types.js";
export {
  CALL_FAILURES,
  CallFailure,
  type CallFailureCode,
  NO_REPLY,
  type RemoteError,
  RpcError,
} from "./rpc/errors.js";
export {
  type CallContext,
  type CallHandler,
  createHandlerSet,
  type GateInput,
  type GateRefusal,
  type HandlerSet,
  type InboundGate,
  type SendContext,
  type SendHandler,
} from "./rpc/handlers.js";
export type {
  ActionName,
  ActionsSentBy,
  CallableAction,
  HandledAction,
  OcppActionMaps,
  OcppSendMaps,
  ReceivedSendAction,
  RequestOf,
  ResponseOf,
  SendActionName,
  SendableAction,
  SendPayloadOf,
} from "./schema/action-maps.js";
export type { ActionSpec, Role, Sender, SendSpec } from "./schema/action-spec.js";
export { isOcppVersion, OCPP_VERSIONS, type OcppVersion } from "./schema/versions.js";
// Station simulator: EV model, durable transaction queue with the retry rules, simulated station, fleet runner.
export * from "./simulator/index.js";
// Smart charging: PowerSchedule ↔ charging profiles (1.6 / 2.0.1 / 2.1) and composite schedules.
export * from "./smart-charging/index.js";
// Station model: OCPP 1.6 / 2.x connector and transaction state machines as data, the version-neutral model.
export * from "./station/index.js";
export { isDateTime, isUri } from "./validation/formats.js";
export { MULTIPLE_OF_TOLERANCE } from "./validation/tolerance.js";
export { describeViolation, VIOLATION_KINDS, type Violation, type ViolationKind } from "./validation/violation.js";

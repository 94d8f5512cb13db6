import type * as V16 from "../generated/v16/action-map.js";
import type * as V21 from "../generated/v21/action-map.js";
import type * as V201 from "../generated/v201/action-map.js";
import type { ActionSpec, Role, Sender, SendSpec } from "./action-spec.js";
import type { OcppVersion } from "./versions.js";

/**
 * The generated action maps of every version: `OcppActionMaps["ocpp2.0.1"]["TransactionEvent"]["request"]` is the
 * 2.0.1 TransactionEvent request payload type.
 *
 * @category Actions
 */
export interface OcppActionMaps {
  /** OCPP 1.6 (with the security whitepaper messages). */
  "ocpp1.6": V16.ActionMap;
  /** OCPP 2.0.1. */
  "ocpp2.0.1": V201.ActionMap;
  /** OCPP 2.1. */
  "ocpp2.1": V21.ActionMap;
}

/**
 * The SEND actions (message type 6) of every version; only OCPP 2.1 has any.
 *
 * @category Actions
 */
export interface OcppSendMaps {
  /** OCPP 1.6 has no SEND messages. */
  "ocpp1.6": V16.SendMap;
  /** OCPP 2.0.1 has no SEND messages. */
  "ocpp2.0.1": V201.SendMap;
  /** OCPP 2.1 SEND messages. */
  "ocpp2.1": V21.SendMap;
}

/**
 * Every CALL action name of version `V`.
 *
 * @category Actions
 */
export type ActionName<V extends OcppVersion> = keyof OcppActionMaps[V] & string;

/**
 * Every SEND action name of version `V`.
 *
 * @category Actions
 */
export type SendActionName<V extends OcppVersion> = keyof OcppSendMaps[V] & string;

/**
 * The request payload type of action `A` in version `V`.
 *
 * @category Actions
 */
export type RequestOf<V extends OcppVersion, A extends ActionName<V>> =
  OcppActionMaps[V][A] extends ActionSpec<infer R, unknown, Sender> ? R : never;

/**
 * The response payload type of action `A` in version `V`.
 *
 * @category Actions
 */
export type ResponseOf<V extends OcppVersion, A extends ActionName<V>> =
  OcppActionMaps[V][A] extends ActionSpec<unknown, infer R, Sender> ? R : never;

/**
 * The payload type of SEND action `A` in version `V`.
 *
 * @category Actions
 */
export type SendPayloadOf<V extends OcppVersion, A extends SendActionName<V>> =
  OcppSendMaps[V][A] extends SendSpec<infer R, Sender> ? R : never;

/**
 * The keys of action map `M` whose sender is `R` or `both`.
 *
 * @category Actions
 */
export type ActionsSentBy<M, R extends Role> = {
  [A in keyof M & string]: M[A] extends ActionSpec<unknown, unknown, infer S> | SendSpec<unknown, infer S>
    ? S extends R | "both"
      ? A
      : never
    : never;
}[keyof M & string];

/**
 * The CALL actions an endpoint with role `R` may send in version `V` (a CSMS calls `Reset`, a station calls
 * `BootNotification`; both may call `DataTransfer`).
 *
 * @category Actions
 */
export type CallableAction<V extends OcppVersion, R extends Role> = ActionsSentBy<OcppActionMaps[V], R>;

/**
 * The CALL actions an endpoint with role `R` receives (and registers handlers for) in version `V`.
 *
 * @category Actions
 */
export type HandledAction<V extends OcppVersion, R extends Role> = ActionsSentBy<
  OcppActionMaps[V],
  R extends "csms" ? "station" : "csms"
>;

/**
 * The SEND actions an endpoint with role `R` may send in version `V`.
 *
 * @category Actions
 */
export type SendableAction<V extends OcppVersion, R extends Role> = ActionsSentBy<OcppSendMaps[V], R>;

/**
 * The SEND actions an endpoint with role `R` receives in version `V`.
 *
 * @category Actions
 */
export type ReceivedSendAction<V extends OcppVersion, R extends Role> = ActionsSentBy<
  OcppSendMaps[V],
  R extends "csms" ? "station" : "csms"
>;

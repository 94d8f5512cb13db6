/**
 * Which side sends the CALL of an action: the charging station, the CSMS, or either (DataTransfer).
 *
 * @category Actions
 */
export type Sender = "station" | "csms" | "both";

/**
 * The role of one end of an OCPP connection.
 *
 * @category Actions
 */
export type Role = "station" | "csms";

/**
 * Type-level description of one CALL action: its request and response payloads and its sender. The generated
 * action maps (`Ocpp16.ActionMap`, …) are made of these.
 *
 * @category Actions
 */
export interface ActionSpec<Request, Response, S extends Sender> {
  /** The CALL payload. */
  readonly request: Request;
  /** The CALLRESULT payload. */
  readonly response: Response;
  /** Who sends the CALL. */
  readonly sender: S;
}

/**
 * Type-level description of one SEND action (OCPP 2.1 message type 6): a payload that is never answered.
 *
 * @category Actions
 */
export interface SendSpec<Request, S extends Sender> {
  /** The SEND payload. */
  readonly request: Request;
  /** Who sends it. */
  readonly sender: S;
}

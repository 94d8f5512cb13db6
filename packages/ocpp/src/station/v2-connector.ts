/**
 * OCPP 2.0.1 / 2.1 connector availability (`ConnectorStatusEnumType`). Part 2 gives no transition matrix; the
 * allowed moves here are the 1.6 table seen through the 1.6 → 2.x mapping (Preparing, Charging, SuspendedEV,
 * SuspendedEVSE and Finishing all read as Occupied), which the tests check against the 1.6 table.
 */

/**
 * The five 2.x connector statuses (and the neutral model's).
 *
 * @category Station model
 */
export const CONNECTOR_STATUSES = ["Available", "Occupied", "Reserved", "Unavailable", "Faulted"] as const;

/**
 * A 2.x `ConnectorStatusEnumType`, also the status of the version-neutral model.
 *
 * @category Station model
 */
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

/**
 * The allowed 2.x status changes: `V2_CONNECTOR_TRANSITIONS[from]` lists where a connector may go from `from`.
 *
 * @category Station model
 */
export const V2_CONNECTOR_TRANSITIONS: Readonly<Record<ConnectorStatus, readonly ConnectorStatus[]>> = {
  Available: ["Occupied", "Reserved", "Unavailable", "Faulted"],
  Occupied: ["Available", "Unavailable", "Faulted"],
  Reserved: ["Available", "Occupied", "Unavailable", "Faulted"],
  Unavailable: ["Available", "Occupied", "Faulted"],
  Faulted: ["Available", "Occupied", "Reserved", "Unavailable"],
};

/**
 * True when a connector may go from `from` to `to` (a repeated status is not a change and is always fine).
 *
 * @category Station model
 */
export function v2TransitionAllowed(from: ConnectorStatus, to: ConnectorStatus): boolean {
  return from === to || V2_CONNECTOR_TRANSITIONS[from].includes(to);
}

/**
 * True when `status` is one of the five connector statuses.
 *
 * @category Station model
 */
export function isConnectorStatus(status: unknown): status is ConnectorStatus {
  return typeof status === "string" && (CONNECTOR_STATUSES as readonly string[]).includes(status);
}

/**
 * The 2.x connector state on the station side: the availability set by the operator, a fault overlay (like 1.6:
 * while faulted the connector reports Faulted and returns to what is underneath when the fault clears), a
 * reservation, and whether a cable is plugged in.
 *
 * @category Station model
 */
export interface V2ConnectorState {
  /** Operative (ChangeAvailability Operative) or not. */
  readonly operative: boolean;
  /** A fault is active. */
  readonly faulted: boolean;
  /** The connector is reserved. */
  readonly reserved: boolean;
  /** A cable/EV is connected (or the connector is otherwise in use). */
  readonly occupied: boolean;
}

/**
 * The status a 2.x connector reports for `state`: Faulted over everything; Reserved while a reservation holds
 * (a cable plugged by someone else does not take it: like 1.6, only the reserved credential moves it on); then
 * Occupied while in use (also when made inoperative: the "scheduled" case), Unavailable, Available.
 *
 * @category Station model
 */
export function v2ReportedStatus(state: V2ConnectorState): ConnectorStatus {
  if (state.faulted) return "Faulted";
  if (state.reserved) return "Reserved";
  if (state.occupied) return "Occupied";
  if (!state.operative) return "Unavailable";
  return "Available";
}

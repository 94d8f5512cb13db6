/**
 * OCPP 2.x `TxCtrlr.TxStartPoint` / `TxStopPoint`: which conditions start and end a transaction.
 */

/**
 * The members of TxStartPoint / TxStopPoint.
 *
 * @category Station model
 */
export const TX_POINTS = [
  "ParkingBayOccupancy",
  "EVConnected",
  "Authorized",
  "DataSigned",
  "PowerPathClosed",
  "EnergyTransfer",
] as const;

/**
 * One TxStartPoint / TxStopPoint member.
 *
 * @category Station model
 */
export type TxPoint = (typeof TX_POINTS)[number];

/**
 * The facts TxStartPoint / TxStopPoint are about, for one EVSE.
 *
 * @category Station model
 */
export interface TxConditions {
  /** The parking bay detector sees a vehicle. */
  readonly parkingBayOccupied: boolean;
  /** A cable/EV is connected. */
  readonly evConnected: boolean;
  /** A driver (or the CSMS) has authorized the session. */
  readonly authorized: boolean;
  /** Signed meter data was received. */
  readonly dataSigned: boolean;
  /** Energy is flowing (chargingState Charging). */
  readonly energyTransfer: boolean;
}

/**
 * No condition holds: the state of an idle EVSE.
 *
 * @category Station model
 */
export const NO_TX_CONDITIONS: TxConditions = {
  parkingBayOccupied: false,
  evConnected: false,
  authorized: false,
  dataSigned: false,
  energyTransfer: false,
};

/**
 * True when `point` holds under `c` (PowerPathClosed is EVConnected and Authorized, errata 2023-12 §2.17.4).
 *
 * @category Station model
 */
export function txPointHolds(point: TxPoint, c: TxConditions): boolean {
  switch (point) {
    case "ParkingBayOccupancy":
      return c.parkingBayOccupied;
    case "EVConnected":
      return c.evConnected;
    case "Authorized":
      return c.authorized;
    case "DataSigned":
      return c.dataSigned;
    case "PowerPathClosed":
      return c.evConnected && c.authorized;
    case "EnergyTransfer":
      return c.energyTransfer;
  }
}

/**
 * The start point that `before` → `after` makes true first, if any: whichever listed start event happens first
 * starts the transaction.
 *
 * @category Station model
 */
export function startPointReached(
  points: readonly TxPoint[],
  before: TxConditions,
  after: TxConditions,
): TxPoint | undefined {
  return points.find((p) => !txPointHolds(p, before) && txPointHolds(p, after));
}

/**
 * The stop point that stops holding in `before` → `after`, if any: a transaction ends when any listed stop
 * condition that held no longer does.
 *
 * @category Station model
 */
export function stopPointReached(
  points: readonly TxPoint[],
  before: TxConditions,
  after: TxConditions,
): TxPoint | undefined {
  return points.find((p) => txPointHolds(p, before) && !txPointHolds(p, after));
}

/**
 * Parses a TxStartPoint / TxStopPoint variable value (a comma-separated member list); unknown members are
 * dropped.
 *
 * @category Station model
 */
export function parseTxPoints(value: string): TxPoint[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is TxPoint => (TX_POINTS as readonly string[]).includes(s));
}

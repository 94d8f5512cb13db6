/**
 * OCPP 1.6 connector status (`ChargePointStatus`, 1.6 ed.2 §7.7) and the allowed transitions of §4.9 with the
 * errata (v3.0 §3.20 adds B6), as data named with the spec's own event codes.
 */

/**
 * The nine OCPP 1.6 connector statuses.
 *
 * @category Station model
 */
export const V16_STATUSES = [
  "Available",
  "Preparing",
  "Charging",
  "SuspendedEV",
  "SuspendedEVSE",
  "Finishing",
  "Reserved",
  "Unavailable",
  "Faulted",
] as const;

/**
 * An OCPP 1.6 `ChargePointStatus`.
 *
 * @category Station model
 */
export type V16Status = (typeof V16_STATUSES)[number];

/**
 * The statuses connector 0 (the main controller) may report: Available, Unavailable, Faulted.
 *
 * @category Station model
 */
export const V16_CONNECTOR_ZERO_STATUSES: readonly V16Status[] = ["Available", "Unavailable", "Faulted"];

/**
 * One allowed transition of the OCPP 1.6 table: the row letter names the state left (A = Available … I = Faulted),
 * the digit the state entered (1 = Available … 9 = Faulted).
 *
 * @category Station model
 */
export interface V16Transition {
  /** The status left. */
  readonly from: V16Status;
  /** The status entered. */
  readonly to: V16Status;
  /** What happens, in the words of the spec's event column. */
  readonly event: string;
}

/**
 * An event code of the OCPP 1.6 table (`"A2"`, `"B6"`, …): the row letter names the state left, the digit the
 * state entered.
 *
 * @category Station model
 */
export type V16TransitionCode =
  | "A2"
  | "A3"
  | "A4"
  | "A5"
  | "A7"
  | "A8"
  | "A9"
  | "B1"
  | "B3"
  | "B4"
  | "B5"
  | "B6"
  | "B9"
  | "C1"
  | "C4"
  | "C5"
  | "C6"
  | "C8"
  | "C9"
  | "D1"
  | "D3"
  | "D5"
  | "D6"
  | "D8"
  | "D9"
  | "E1"
  | "E3"
  | "E4"
  | "E6"
  | "E8"
  | "E9"
  | "F1"
  | "F2"
  | "F8"
  | "F9"
  | "G1"
  | "G2"
  | "G8"
  | "G9"
  | "H1"
  | "H2"
  | "H3"
  | "H4"
  | "H5"
  | "H9"
  | "I1"
  | "I2"
  | "I3"
  | "I4"
  | "I5"
  | "I6"
  | "I7"
  | "I8";

const TABLE = {
  A2: {
    from: "Available",
    to: "Preparing",
    event: "usage initiated (plug in, parking bay occupied, idTag, start button, remote start)",
  },
  A3: { from: "Available", to: "Charging", event: "EV charges without prior authorization" },
  A4: { from: "Available", to: "SuspendedEV", event: "as A3, but the EV does not draw power" },
  A5: { from: "Available", to: "SuspendedEVSE", event: "as A3, but the EVSE does not offer power" },
  A7: { from: "Available", to: "Reserved", event: "ReserveNow reserves the connector" },
  A8: { from: "Available", to: "Unavailable", event: "ChangeAvailability to Inoperative" },
  A9: { from: "Available", to: "Faulted", event: "fault detected" },
  B1: { from: "Preparing", to: "Available", event: "usage ended (plug removed, second idTag, ConnectionTimeOut)" },
  B3: { from: "Preparing", to: "Charging", event: "all prerequisites met, charging starts" },
  B4: { from: "Preparing", to: "SuspendedEV", event: "prerequisites met, but the EV does not draw power" },
  B5: { from: "Preparing", to: "SuspendedEVSE", event: "prerequisites met, but the EVSE does not offer power" },
  B6: { from: "Preparing", to: "Finishing", event: "timeout: the idTag was never presented (errata v3.0 §3.20)" },
  B9: { from: "Preparing", to: "Faulted", event: "fault detected" },
  C1: { from: "Charging", to: "Available", event: "session ends without user action (cable removed)" },
  C4: { from: "Charging", to: "SuspendedEV", event: "the EV suspends charging" },
  C5: {
    from: "Charging",
    to: "SuspendedEVSE",
    event: "the EVSE suspends charging (smart charging, idTag not accepted)",
  },
  C6: {
    from: "Charging",
    to: "Finishing",
    event: "transaction stopped by user or remote stop; user action still required",
  },
  C8: { from: "Charging", to: "Unavailable", event: "session ends and a scheduled Unavailable takes effect" },
  C9: { from: "Charging", to: "Faulted", event: "fault detected" },
  D1: { from: "SuspendedEV", to: "Available", event: "session ends without user action" },
  D3: { from: "SuspendedEV", to: "Charging", event: "the EV resumes charging" },
  D5: { from: "SuspendedEV", to: "SuspendedEVSE", event: "the EVSE suspends charging" },
  D6: { from: "SuspendedEV", to: "Finishing", event: "transaction stopped; user action still required" },
  D8: { from: "SuspendedEV", to: "Unavailable", event: "session ends and a scheduled Unavailable takes effect" },
  D9: { from: "SuspendedEV", to: "Faulted", event: "fault detected" },
  E1: { from: "SuspendedEVSE", to: "Available", event: "session ends without user action" },
  E3: { from: "SuspendedEVSE", to: "Charging", event: "EVSE restriction lifted, the EV charges" },
  E4: { from: "SuspendedEVSE", to: "SuspendedEV", event: "EVSE restriction lifted, but the EV does not draw power" },
  E6: { from: "SuspendedEVSE", to: "Finishing", event: "transaction stopped; user action still required" },
  E8: { from: "SuspendedEVSE", to: "Unavailable", event: "session ends and a scheduled Unavailable takes effect" },
  E9: { from: "SuspendedEVSE", to: "Faulted", event: "fault detected" },
  F1: { from: "Finishing", to: "Available", event: "all user actions completed" },
  F2: { from: "Finishing", to: "Preparing", event: "the user restarts charging (a new transaction)" },
  F8: {
    from: "Finishing",
    to: "Unavailable",
    event: "user actions completed and a scheduled Unavailable takes effect",
  },
  F9: { from: "Finishing", to: "Faulted", event: "fault detected" },
  G1: { from: "Reserved", to: "Available", event: "reservation expires or CancelReservation" },
  G2: { from: "Reserved", to: "Preparing", event: "the reserved idTag is presented" },
  G8: { from: "Reserved", to: "Unavailable", event: "reservation ends and a scheduled Unavailable takes effect" },
  G9: { from: "Reserved", to: "Faulted", event: "fault detected" },
  H1: { from: "Unavailable", to: "Available", event: "ChangeAvailability to Operative" },
  H2: { from: "Unavailable", to: "Preparing", event: "made available again after user interaction" },
  H3: { from: "Unavailable", to: "Charging", event: "made available, the EV charges (as A3)" },
  H4: { from: "Unavailable", to: "SuspendedEV", event: "made available, the EV does not draw power (as A4)" },
  H5: { from: "Unavailable", to: "SuspendedEVSE", event: "made available, the EVSE does not offer power (as A5)" },
  H9: { from: "Unavailable", to: "Faulted", event: "fault detected" },
  I1: { from: "Faulted", to: "Available", event: "fault cleared, back to Available" },
  I2: { from: "Faulted", to: "Preparing", event: "fault cleared, back to Preparing" },
  I3: { from: "Faulted", to: "Charging", event: "fault cleared, back to Charging" },
  I4: { from: "Faulted", to: "SuspendedEV", event: "fault cleared, back to SuspendedEV" },
  I5: { from: "Faulted", to: "SuspendedEVSE", event: "fault cleared, back to SuspendedEVSE" },
  I6: { from: "Faulted", to: "Finishing", event: "fault cleared, back to Finishing" },
  I7: { from: "Faulted", to: "Reserved", event: "fault cleared, back to Reserved" },
  I8: { from: "Faulted", to: "Unavailable", event: "fault cleared, back to Unavailable" },
} as const satisfies Record<V16TransitionCode, V16Transition>;

/**
 * The OCPP 1.6 status transition table for connectors > 0 (ed.2 §4.9, with errata v3.0 §3.20's B6), keyed by the
 * spec's event codes. Every pair not listed is not allowed.
 *
 * @category Station model
 */
export const V16_TRANSITIONS: Readonly<Record<V16TransitionCode, V16Transition>> = TABLE;

/**
 * The transitions connector 0 may make: among Available, Unavailable and Faulted only.
 *
 * @category Station model
 */
export const V16_CONNECTOR_ZERO_TRANSITIONS: readonly V16TransitionCode[] = ["A8", "A9", "H1", "H9", "I1", "I8"];

const byPair = new Map<string, V16TransitionCode>();
for (const [code, t] of Object.entries(V16_TRANSITIONS)) byPair.set(`${t.from}>${t.to}`, code as V16TransitionCode);
const zeroCodes = new Set<string>(V16_CONNECTOR_ZERO_TRANSITIONS);

/**
 * The event code of the transition `from` → `to` on `connectorId`, or `undefined` when the table does not allow
 * it (connector 0 allows only its subset). A repeated status is not a transition and also gives `undefined`.
 *
 * @example
 * ```ts
 * v16TransitionCode("Preparing", "Finishing", 1); // "B6"
 * v16TransitionCode("Finishing", "Charging", 1); // undefined: not allowed
 * ```
 * @category Station model
 */
export function v16TransitionCode(from: V16Status, to: V16Status, connectorId: number): V16TransitionCode | undefined {
  const code = byPair.get(`${from}>${to}`);
  if (code === undefined) return undefined;
  if (connectorId === 0 && !zeroCodes.has(code)) return undefined;
  return code;
}

/**
 * True when `status` is one of the nine 1.6 statuses.
 *
 * @category Station model
 */
export function isV16Status(status: unknown): status is V16Status {
  return typeof status === "string" && (V16_STATUSES as readonly string[]).includes(status);
}

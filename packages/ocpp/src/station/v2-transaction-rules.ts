import type { TxPoint } from "./tx-points.js";

/**
 * The id of one of {@link V2_TRANSACTION_RULES}.
 *
 * @category Station model
 */
export type V2TransactionRule =
  | "started-once"
  | "ended-once"
  | "started-first"
  | "nothing-after-ended"
  | "replay-idempotent"
  | "seqno-complete"
  | "evse-on-started"
  | "one-per-evse"
  | "authorized-carries-token"
  | "charging-state-carries-state"
  | "remote-start-carries-id"
  | "meter-trigger-carries-values"
  | "late-authorization"
  | "stop-reason-default"
  | "start-point"
  | "stop-point";

/**
 * The OCPP 2.0.1 / 2.1 transaction rules the CSMS checks on every TransactionEvent (Part 2 §E, the OCTT test
 * cases and errata 2023-12), by id, with what each one says. The simulator's transaction machine obeys all of them.
 *
 * @category Station model
 */
export const V2_TRANSACTION_RULES: Readonly<Record<V2TransactionRule, string>> = {
  "started-once": "a transaction has exactly one Started",
  "ended-once": "a transaction has exactly one Ended",
  "started-first": "Started is the first message of a transaction: no seqNo below the Started's",
  "nothing-after-ended": "Ended is the last message of a transaction: no seqNo above the Ended's",
  "replay-idempotent": "a message with a seqNo already received is a replay and is applied once",
  "seqno-complete":
    "seqNo increases by one per message; a transaction is complete when every seqNo from Started to Ended arrived",
  "evse-on-started": "the Started message names the EVSE and connector",
  "one-per-evse": "at most one transaction runs on an EVSE",
  "authorized-carries-token": "triggerReason Authorized carries the idToken",
  "charging-state-carries-state": "triggerReason ChargingStateChanged carries the new chargingState",
  "remote-start-carries-id": "triggerReason RemoteStart carries the remoteStartId",
  "meter-trigger-carries-values":
    "triggerReason MeterValuePeriodic / MeterValueClock / SignedDataReceived carries meter values",
  "late-authorization":
    "a transaction started before authorization (TxStartPoint EVConnected) gets its idToken in a later Updated with triggerReason Authorized",
  "stop-reason-default": "an Ended without stoppedReason was stopped Local",
  "start-point": "the Started's triggerReason is an event of a configured TxStartPoint",
  "stop-point": "the Ended's triggerReason is an event of a configured TxStopPoint, or a stop that overrides them",
};

/**
 * What the checker needs of one TransactionEvent.
 *
 * @category Station model
 */
export interface V2TransactionFacts {
  /** Started, Updated or Ended. */
  readonly eventType: "Started" | "Updated" | "Ended";
  /** The message's sequence number. */
  readonly seqNo: number;
  /** Why it was sent. */
  readonly triggerReason: string;
  /** The EVSE named in the message, if any. */
  readonly evse?: {
    /** The EVSE id. */
    readonly id: number;
    /** The connector, if named. */
    readonly connectorId?: number;
  };
  /** The message carries an idToken. */
  readonly hasIdToken: boolean;
  /** The chargingState it carries. */
  readonly chargingState?: string;
  /** The remoteStartId it carries. */
  readonly remoteStartId?: number;
  /** Number of meter values it carries. */
  readonly meterValues: number;
  /** The stoppedReason it carries. */
  readonly stoppedReason?: string;
}

/**
 * The checker's memory of one transaction: where it started and ended in the seqNo sequence and which seqNos
 * arrived.
 *
 * @category Station model
 */
export interface V2TransactionTrack {
  /** seqNo of the Started message, once received. */
  readonly startedSeqNo?: number;
  /** seqNo of the Ended message, once received. */
  readonly endedSeqNo?: number;
  /** Every seqNo received, ascending. */
  readonly seqNos: readonly number[];
  /** An idToken was received for the transaction. */
  readonly authorized: boolean;
}

/**
 * One rule broken by a message.
 *
 * @category Station model
 */
export interface RuleViolation<R extends string = V2TransactionRule> {
  /** The rule. */
  readonly rule: R;
  /** What exactly was wrong. */
  readonly message: string;
}

/**
 * What the CSMS knows around a transaction message: the station's TxStartPoint / TxStopPoint (when it has
 * learnt them) and the transaction running on the message's EVSE.
 *
 * @category Station model
 */
export interface V2TransactionContext {
  /** The station's TxStartPoint members, if known. */
  readonly startPoints?: readonly TxPoint[];
  /** The station's TxStopPoint members, if known. */
  readonly stopPoints?: readonly TxPoint[];
  /** Another transaction already running on the message's EVSE, if any. */
  readonly otherActiveOnEvse?: string;
}

/**
 * The result of {@link checkTransactionEvent}.
 *
 * @category Station model
 */
export interface V2TransactionCheck {
  /** The updated memory (unchanged for a replay). */
  readonly track: V2TransactionTrack;
  /** The seqNo was received before: a replay, to be applied once. */
  readonly duplicate: boolean;
  /** Rules this message broke (reported, never rejected: stations in the field break them). */
  readonly violations: readonly RuleViolation[];
  /** Every rule whose condition applied to this message, broken or not (for coverage). */
  readonly checked: readonly V2TransactionRule[];
}

const START_TRIGGERS: Readonly<Record<TxPoint, readonly string[]>> = {
  ParkingBayOccupancy: ["EVDetected"],
  EVConnected: ["CablePluggedIn", "EVDetected"],
  Authorized: ["Authorized", "RemoteStart"],
  DataSigned: ["SignedDataReceived"],
  PowerPathClosed: ["CablePluggedIn", "EVDetected", "Authorized", "RemoteStart"],
  EnergyTransfer: ["ChargingStateChanged"],
};

const STOP_TRIGGERS: Readonly<Record<TxPoint, readonly string[]>> = {
  ParkingBayOccupancy: ["EVDeparted"],
  EVConnected: ["EVDeparted", "EVCommunicationLost"],
  Authorized: ["StopAuthorized"],
  DataSigned: ["SignedDataReceived"],
  PowerPathClosed: ["EVDeparted", "EVCommunicationLost", "StopAuthorized"],
  EnergyTransfer: ["ChargingStateChanged", "EVDeparted", "EVCommunicationLost", "StopAuthorized"],
};

/** Stops that end a transaction whatever TxStopPoint says: operator and safety actions, limits, timeouts. */
const OVERRIDING_STOPS = new Set([
  "AbnormalCondition",
  "ResetCommand",
  "RemoteStop",
  "Deauthorized",
  "EnergyLimitReached",
  "TimeLimitReached",
  "CostLimitReached",
  "SoCLimitReached",
  "UnlockCommand",
  "EVConnectTimeout",
]);

const METER_TRIGGERS = new Set(["MeterValuePeriodic", "MeterValueClock", "SignedDataReceived"]);

/**
 * An empty track, for a transaction seen for the first time.
 *
 * @category Station model
 */
export const EMPTY_TRACK: V2TransactionTrack = { seqNos: [], authorized: false };

function insertSorted(values: readonly number[], value: number): number[] {
  const out = [...values];
  let i = out.length;
  while (i > 0 && (out[i - 1] ?? 0) > value) i--;
  out.splice(i, 0, value);
  return out;
}

/**
 * Checks one TransactionEvent against the 2.x transaction rules and updates the transaction's track. Violations
 * are returned, not thrown: the CSMS reports them and still records the data.
 *
 * @example
 * ```ts
 * const first = checkTransactionEvent(EMPTY_TRACK, {
 *   eventType: "Started", seqNo: 0, triggerReason: "CablePluggedIn", evse: { id: 1, connectorId: 1 },
 *   hasIdToken: false, meterValues: 1,
 * });
 * first.violations; // []
 * ```
 * @category Station model
 */
export function checkTransactionEvent(
  track: V2TransactionTrack,
  facts: V2TransactionFacts,
  context: V2TransactionContext = {},
): V2TransactionCheck {
  if (track.seqNos.includes(facts.seqNo)) {
    return { track, duplicate: true, violations: [], checked: ["replay-idempotent"] };
  }
  const violations: RuleViolation[] = [];
  const checked: V2TransactionRule[] = ["seqno-complete"];
  const broke = (rule: V2TransactionRule, message: string) => violations.push({ rule, message });
  const lowest = track.seqNos[0];
  const highest = track.seqNos[track.seqNos.length - 1];
  let { startedSeqNo, endedSeqNo } = track;

  if (facts.eventType === "Started") {
    checked.push("started-once", "started-first", "evse-on-started", "one-per-evse");
    if (startedSeqNo !== undefined)
      broke("started-once", `a second Started (seqNo ${facts.seqNo}, first ${startedSeqNo})`);
    else {
      startedSeqNo = facts.seqNo;
      if (lowest !== undefined && lowest < facts.seqNo) {
        broke("started-first", `Started has seqNo ${facts.seqNo} but seqNo ${lowest} came before it`);
      }
    }
    if (facts.evse === undefined || facts.evse.connectorId === undefined) {
      broke("evse-on-started", "Started does not name the EVSE and connector");
    }
    if (context.otherActiveOnEvse !== undefined) {
      broke("one-per-evse", `transaction ${context.otherActiveOnEvse} is still running on this EVSE`);
    }
    if (context.startPoints !== undefined && context.startPoints.length > 0) {
      checked.push("start-point");
      const allowed = new Set(context.startPoints.flatMap((p) => START_TRIGGERS[p]));
      if (!allowed.has(facts.triggerReason)) {
        broke("start-point", `Started by ${facts.triggerReason}, but TxStartPoint is ${context.startPoints.join(",")}`);
      }
    }
  } else if (startedSeqNo !== undefined && facts.seqNo < startedSeqNo) {
    checked.push("started-first");
    broke("started-first", `${facts.eventType} seqNo ${facts.seqNo} is below the Started's ${startedSeqNo}`);
  }

  if (facts.eventType === "Ended") {
    checked.push("ended-once", "nothing-after-ended", "stop-reason-default");
    if (endedSeqNo !== undefined) broke("ended-once", `a second Ended (seqNo ${facts.seqNo}, first ${endedSeqNo})`);
    else {
      endedSeqNo = facts.seqNo;
      if (highest !== undefined && highest > facts.seqNo) {
        broke("nothing-after-ended", `Ended has seqNo ${facts.seqNo} but seqNo ${highest} came already`);
      }
    }
    if (context.stopPoints !== undefined && context.stopPoints.length > 0) {
      checked.push("stop-point");
      const allowed = new Set(context.stopPoints.flatMap((p) => STOP_TRIGGERS[p]));
      if (!allowed.has(facts.triggerReason) && !OVERRIDING_STOPS.has(facts.triggerReason)) {
        broke("stop-point", `Ended by ${facts.triggerReason}, but TxStopPoint is ${context.stopPoints.join(",")}`);
      }
    }
  } else if (endedSeqNo !== undefined && facts.seqNo > endedSeqNo) {
    checked.push("nothing-after-ended");
    broke("nothing-after-ended", `${facts.eventType} seqNo ${facts.seqNo} is above the Ended's ${endedSeqNo}`);
  }

  switch (facts.triggerReason) {
    case "Authorized":
      checked.push("authorized-carries-token");
      if (!facts.hasIdToken) broke("authorized-carries-token", "triggerReason Authorized without idToken");
      else if (facts.eventType !== "Started" && !track.authorized) checked.push("late-authorization");
      break;
    case "ChargingStateChanged":
      checked.push("charging-state-carries-state");
      if (facts.chargingState === undefined) {
        broke("charging-state-carries-state", "triggerReason ChargingStateChanged without chargingState");
      }
      break;
    case "RemoteStart":
      checked.push("remote-start-carries-id");
      if (facts.remoteStartId === undefined)
        broke("remote-start-carries-id", "triggerReason RemoteStart without remoteStartId");
      break;
    default:
      if (METER_TRIGGERS.has(facts.triggerReason)) {
        checked.push("meter-trigger-carries-values");
        if (facts.meterValues === 0) {
          broke("meter-trigger-carries-values", `triggerReason ${facts.triggerReason} without meter values`);
        }
      }
  }

  const next: V2TransactionTrack = {
    seqNos: insertSorted(track.seqNos, facts.seqNo),
    authorized: track.authorized || facts.hasIdToken,
    ...(startedSeqNo === undefined ? {} : { startedSeqNo }),
    ...(endedSeqNo === undefined ? {} : { endedSeqNo }),
  };
  return { track: next, duplicate: false, violations, checked };
}

/**
 * The seqNos still missing from a transaction: those between its Started (or its lowest seqNo) and its Ended (or
 * its highest seqNo) that have not arrived.
 *
 * @category Station model
 */
export function missingSeqNos(track: V2TransactionTrack): number[] {
  const seen = track.seqNos;
  const first = track.startedSeqNo ?? seen[0];
  const last = track.endedSeqNo ?? seen[seen.length - 1];
  if (first === undefined || last === undefined) return [];
  const have = new Set(seen);
  const missing: number[] = [];
  for (let s = first; s <= last && missing.length < 1000; s++) if (!have.has(s)) missing.push(s);
  return missing;
}

/**
 * True when the transaction's Started and Ended arrived with every seqNo between them.
 *
 * @category Station model
 */
export function isCompleteTrack(track: V2TransactionTrack): boolean {
  return track.startedSeqNo !== undefined && track.endedSeqNo !== undefined && missingSeqNos(track).length === 0;
}

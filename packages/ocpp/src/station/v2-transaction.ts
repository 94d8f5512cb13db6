import type { AuthToken, ChargingState } from "./model.js";
import { NO_TX_CONDITIONS, startPointReached, stopPointReached, type TxConditions, type TxPoint } from "./tx-points.js";

/**
 * The station-side transaction state of one 2.x EVSE: the TxStartPoint / TxStopPoint conditions, who authorized,
 * the energy-transfer state, and the running transaction with its next seqNo.
 *
 * @category Station model
 */
export interface V2EvseTxState {
  /** The EVSE. */
  readonly evseId: number;
  /** The connector in use. */
  readonly connectorId: number;
  /** The start/stop conditions. */
  readonly conditions: TxConditions;
  /** The credential that authorized the session, while authorized. */
  readonly token?: AuthToken;
  /** The remoteStartId when a RequestStartTransaction authorized it. */
  readonly remoteStartId?: number;
  /** Energy-transfer state. */
  readonly chargingState: ChargingState;
  /** The running transaction. */
  readonly transaction?: {
    /** Its id. */
    readonly id: string;
    /** The seqNo of its next message. */
    readonly nextSeqNo: number;
    /** Its idToken has been sent. */
    readonly tokenSent: boolean;
  };
}

/**
 * What happens at a 2.x EVSE.
 *
 * @category Station model
 */
export type V2TxEvent =
  | {
      /** A cable was plugged in. */
      readonly type: "CablePluggedIn";
    }
  | {
      /** The cable was unplugged. */
      readonly type: "CableUnplugged";
    }
  | {
      /** The parking bay detector changed. */
      readonly type: "ParkingBayOccupied";
      /** A vehicle is there. */
      readonly occupied: boolean;
    }
  | {
      /** A credential was accepted (locally, or by RequestStartTransaction). */
      readonly type: "Authorized";
      /** The credential. */
      readonly token: AuthToken;
      /** Set when a RequestStartTransaction authorized it. */
      readonly remoteStartId?: number;
    }
  | {
      /** The driver presented their credential again to stop. */
      readonly type: "StopAuthorized";
      /** The credential. */
      readonly token: AuthToken;
    }
  | {
      /** The authorization was withdrawn (e.g. the CSMS answered Invalid). */
      readonly type: "Deauthorized";
    }
  | {
      /** RequestStopTransaction. */
      readonly type: "RemoteStop";
    }
  | {
      /** Energy started, stopped or paused. */
      readonly type: "ChargingStateChanged";
      /** The new state. */
      readonly chargingState: ChargingState;
    }
  | {
      /** Meter values are due. */
      readonly type: "MeterValues";
      /** Periodic, clock-aligned or triggered. */
      readonly trigger: "MeterValuePeriodic" | "MeterValueClock" | "Trigger";
    }
  | {
      /** The transaction ends for a reason outside the stop points (reset, fault, timeout, limit, unlock). */
      readonly type: "Abort";
      /** The triggerReason to send. */
      readonly trigger:
        | "ResetCommand"
        | "AbnormalCondition"
        | "EVConnectTimeout"
        | "EnergyLimitReached"
        | "UnlockCommand";
      /** The stoppedReason to send. */
      readonly stoppedReason: string;
    };

/**
 * A TransactionEvent the station must send (the simulator adds timestamp, meter values and the offline flag).
 *
 * @category Station model
 */
export interface V2TxMessage {
  /** Started, Updated or Ended. */
  readonly eventType: "Started" | "Updated" | "Ended";
  /** Why. */
  readonly triggerReason: string;
  /** The transaction. */
  readonly transactionId: string;
  /** Its seqNo. */
  readonly seqNo: number;
  /** chargingState, when it is part of the message. */
  readonly chargingState?: ChargingState;
  /** The EVSE and connector (always on Started). */
  readonly evse?: {
    /** The EVSE id. */
    readonly id: number;
    /** The connector. */
    readonly connectorId: number;
  };
  /** The idToken, on the first message after authorization and on a StopAuthorized. */
  readonly token?: AuthToken;
  /** The remoteStartId, with triggerReason RemoteStart. */
  readonly remoteStartId?: number;
  /** stoppedReason, on Ended. */
  readonly stoppedReason?: string;
  /** Which meter values to attach: the begin or end reading, or a periodic one. */
  readonly meter?: "begin" | "end" | "periodic";
}

/**
 * Configuration of the 2.x transaction machine.
 *
 * @category Station model
 */
export interface V2TxConfig {
  /** TxCtrlr.TxStartPoint. */
  readonly startPoints: readonly TxPoint[];
  /** TxCtrlr.TxStopPoint. */
  readonly stopPoints: readonly TxPoint[];
  /** Creates the id of a new transaction (unique for the station's lifetime; UUIDs recommended). */
  readonly newTransactionId: () => string;
}

/**
 * An idle EVSE.
 *
 * @category Station model
 */
export function initialV2EvseTx(evseId: number, connectorId = 1): V2EvseTxState {
  return { evseId, connectorId, conditions: NO_TX_CONDITIONS, chargingState: "Idle" };
}

function after(state: V2EvseTxState, event: V2TxEvent): V2EvseTxState {
  const c = state.conditions;
  switch (event.type) {
    case "CablePluggedIn":
      return { ...state, conditions: { ...c, evConnected: true }, chargingState: "EVConnected" };
    case "CableUnplugged":
      return { ...state, conditions: { ...c, evConnected: false, energyTransfer: false }, chargingState: "Idle" };
    case "ParkingBayOccupied":
      return { ...state, conditions: { ...c, parkingBayOccupied: event.occupied } };
    case "Authorized": {
      const { remoteStartId: _previous, ...rest } = state;
      return {
        ...rest,
        conditions: { ...c, authorized: true },
        token: event.token,
        ...(event.remoteStartId === undefined ? {} : { remoteStartId: event.remoteStartId }),
      };
    }
    case "StopAuthorized":
    case "Deauthorized":
    case "RemoteStop": {
      const { token: _token, remoteStartId: _remote, ...rest } = state;
      return {
        ...rest,
        conditions: { ...c, authorized: false, energyTransfer: false },
        chargingState: c.evConnected ? "EVConnected" : "Idle",
      };
    }
    case "ChargingStateChanged":
      return {
        ...state,
        conditions: { ...c, energyTransfer: event.chargingState === "Charging" },
        chargingState: event.chargingState,
      };
    case "MeterValues":
    case "Abort":
      return state;
  }
}

/** The triggerReason of the event that started a transaction. */
function startTrigger(event: V2TxEvent, point: TxPoint): string {
  switch (event.type) {
    case "CablePluggedIn":
      return "CablePluggedIn";
    case "ParkingBayOccupied":
      return "EVDetected";
    case "Authorized":
      return event.remoteStartId === undefined ? "Authorized" : "RemoteStart";
    case "ChargingStateChanged":
      return "ChargingStateChanged";
    default:
      return point === "DataSigned" ? "SignedDataReceived" : "Trigger";
  }
}

/** triggerReason and stoppedReason of the event that ended a transaction by its stop point. */
function stopReasons(event: V2TxEvent): { triggerReason: string; stoppedReason: string } {
  switch (event.type) {
    case "CableUnplugged":
      return { triggerReason: "EVDeparted", stoppedReason: "EVDisconnected" };
    case "ParkingBayOccupied":
      return { triggerReason: "EVDeparted", stoppedReason: "EVDisconnected" };
    case "StopAuthorized":
      return { triggerReason: "StopAuthorized", stoppedReason: "Local" };
    case "Deauthorized":
      return { triggerReason: "Deauthorized", stoppedReason: "DeAuthorized" };
    case "RemoteStop":
      return { triggerReason: "RemoteStop", stoppedReason: "Remote" };
    case "ChargingStateChanged":
      return {
        triggerReason: "ChargingStateChanged",
        stoppedReason: event.chargingState === "SuspendedEV" ? "StoppedByEV" : "Other",
      };
    default:
      return { triggerReason: "AbnormalCondition", stoppedReason: "Other" };
  }
}

/** The triggerReason of an Updated for an event inside a running transaction. */
function updateTrigger(event: V2TxEvent): string | undefined {
  switch (event.type) {
    case "CablePluggedIn":
      return "CablePluggedIn";
    case "CableUnplugged":
      return "EVDeparted";
    case "ParkingBayOccupied":
      return event.occupied ? "EVDetected" : "EVDeparted";
    case "Authorized":
      return "Authorized";
    case "StopAuthorized":
      return "StopAuthorized";
    case "Deauthorized":
      return "Deauthorized";
    case "RemoteStop":
      return "RemoteStop";
    case "ChargingStateChanged":
      return "ChargingStateChanged";
    case "MeterValues":
      return event.trigger;
    case "Abort":
      return undefined;
  }
}

/**
 * The pure 2.x station transaction machine: applies `event` to one EVSE and returns the TransactionEvents to send,
 * in order. It starts a transaction when the first configured start point becomes true, ends it when a
 * configured stop point stops holding (or on an overriding stop: reset, fault, remote stop), numbers messages with
 * consecutive seqNos from 0, names the EVSE on Started, sends the idToken once (late authorization included) and
 * the remoteStartId with RemoteStart: every rule of {@link V2_TRANSACTION_RULES}.
 *
 * @category Station model
 */
export function v2TransactionStep(
  state: V2EvseTxState,
  event: V2TxEvent,
  config: V2TxConfig,
): {
  /** The EVSE after the event. */
  readonly state: V2EvseTxState;
  /** The TransactionEvents to send, in order. */
  readonly messages: readonly V2TxMessage[];
} {
  const next = after(state, event);
  const messages: V2TxMessage[] = [];
  const tx = state.transaction;
  const evse = { id: state.evseId, connectorId: state.connectorId };

  if (tx === undefined) {
    const point = startPointReached(config.startPoints, state.conditions, next.conditions);
    if (point === undefined) return { state: next, messages };
    const trigger = startTrigger(event, point);
    const id = config.newTransactionId();
    const withToken = next.token !== undefined;
    messages.push({
      eventType: "Started",
      triggerReason: trigger,
      transactionId: id,
      seqNo: 0,
      chargingState: next.chargingState,
      evse,
      meter: "begin",
      ...(next.token === undefined ? {} : { token: next.token }),
      ...(next.remoteStartId === undefined ? {} : { remoteStartId: next.remoteStartId }),
    });
    return { state: { ...next, transaction: { id, nextSeqNo: 1, tokenSent: withToken } }, messages };
  }

  const overriding = event.type === "Abort" || event.type === "RemoteStop" || event.type === "Deauthorized";
  const stopPoint = stopPointReached(config.stopPoints, state.conditions, next.conditions);
  if (overriding || stopPoint !== undefined) {
    const reasons =
      event.type === "Abort"
        ? { triggerReason: event.trigger, stoppedReason: event.stoppedReason }
        : stopReasons(event);
    const { transaction: _ended, ...rest } = next;
    messages.push({
      eventType: "Ended",
      triggerReason: reasons.triggerReason,
      transactionId: tx.id,
      seqNo: tx.nextSeqNo,
      chargingState: rest.chargingState,
      stoppedReason: reasons.stoppedReason,
      meter: "end",
      ...(event.type === "StopAuthorized" ? { token: event.token } : {}),
    });
    return { state: rest, messages };
  }

  const trigger = updateTrigger(event);
  if (trigger === undefined) return { state: next, messages };
  const sendToken = event.type === "Authorized" && !tx.tokenSent;
  if (event.type === "Authorized" && !sendToken) return { state: next, messages };
  messages.push({
    eventType: "Updated",
    triggerReason: trigger,
    transactionId: tx.id,
    seqNo: tx.nextSeqNo,
    chargingState: next.chargingState,
    ...(sendToken && next.token !== undefined ? { token: next.token } : {}),
    ...(event.type === "MeterValues" ? { meter: "periodic" as const } : {}),
    ...(event.type === "StopAuthorized" ? { token: event.token } : {}),
  });
  return {
    state: { ...next, transaction: { ...tx, nextSeqNo: tx.nextSeqNo + 1, tokenSent: tx.tokenSent || sendToken } },
    messages,
  };
}

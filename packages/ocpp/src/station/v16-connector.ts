import { type V16Status, type V16TransitionCode, v16TransitionCode } from "./v16-status.js";

/**
 * A 1.6 `ChargePointErrorCode` other than `NoError` that puts a connector in Faulted, or is reported as a warning
 * with a non-Faulted status.
 *
 * @category Station model
 */
export type V16ErrorCode =
  | "ConnectorLockFailure"
  | "EVCommunicationError"
  | "GroundFailure"
  | "HighTemperature"
  | "InternalError"
  | "LocalListConflict"
  | "OtherError"
  | "OverCurrentFailure"
  | "PowerMeterFailure"
  | "PowerSwitchFailure"
  | "ReaderFailure"
  | "ResetFailure"
  | "UnderVoltage"
  | "OverVoltage"
  | "WeakSignal";

/**
 * The state of one OCPP 1.6 connector on the station side. Faulted is an overlay: while `fault` is set the
 * connector reports Faulted, and `status` (never Faulted) keeps evolving underneath; clearing the fault returns
 * to whatever `status` is then (transitions I1–I8).
 *
 * @category Station model
 */
export interface V16ConnectorState {
  /** The connector number (0 = the main controller). */
  readonly connectorId: number;
  /** The status underneath any fault; never `Faulted`. */
  readonly status: Exclude<V16Status, "Faulted">;
  /** The active fault, when there is one. */
  readonly fault?: {
    /** What failed. */
    readonly errorCode: V16ErrorCode;
    /** Free text about it. */
    readonly info?: string;
  };
  /** A warning reported with a non-Faulted status (e.g. `EVCommunicationError` while Preparing). */
  readonly warning?: V16ErrorCode;
}

/**
 * What drives a 1.6 connector. Each non-fault event names where the connector goes; the table decides whether
 * that is allowed from where it is.
 *
 * @category Station model
 */
export type V16ConnectorEvent =
  | {
      /** Plug in, idTag, start button, remote start (→ Preparing). */
      readonly type: "UsageInitiated";
    }
  | {
      /** Energy flows (→ Charging). */
      readonly type: "ChargingStarted";
    }
  | {
      /** The EV does not draw (→ SuspendedEV). */
      readonly type: "EVSuspended";
    }
  | {
      /** The EVSE does not offer energy (→ SuspendedEVSE). */
      readonly type: "EVSESuspended";
    }
  | {
      /** Stopped, the user must still unplug (→ Finishing). */
      readonly type: "StoppedUserActionRequired";
    }
  | {
      /** ReserveNow (→ Reserved). */
      readonly type: "Reserved";
    }
  | {
      /** ChangeAvailability Inoperative takes effect (→ Unavailable). */
      readonly type: "MadeInoperative";
    }
  | {
      /** Session over, reservation ended, made operative (→ Available). */
      readonly type: "BecameAvailable";
    }
  | {
      /** A fault appears (→ Faulted, over whatever status is underneath). */
      readonly type: "FaultDetected";
      /** What failed. */
      readonly errorCode: V16ErrorCode;
      /** Free text. */
      readonly info?: string;
    }
  | {
      /** The fault clears (back to the status underneath). */
      readonly type: "FaultCleared";
    }
  | {
      /** A warning with a non-Faulted status (e.g. EVCommunicationError while Preparing). */
      readonly type: "WarningRaised";
      /** The warning. */
      readonly errorCode: V16ErrorCode;
    }
  | {
      /** The warning clears. */
      readonly type: "WarningCleared";
    };

/**
 * Where each non-fault event takes a connector.
 *
 * @category Station model
 */
export const V16_EVENT_TARGETS: Readonly<
  Record<Exclude<V16ConnectorEvent["type"], `Fault${string}` | `Warning${string}`>, Exclude<V16Status, "Faulted">>
> = {
  UsageInitiated: "Preparing",
  ChargingStarted: "Charging",
  EVSuspended: "SuspendedEV",
  EVSESuspended: "SuspendedEVSE",
  StoppedUserActionRequired: "Finishing",
  Reserved: "Reserved",
  MadeInoperative: "Unavailable",
  BecameAvailable: "Available",
};

/**
 * A StatusNotification the station must send after a transition.
 *
 * @category Station model
 */
export interface V16StatusReport {
  /** The connector. */
  readonly connectorId: number;
  /** The status as reported (Faulted while a fault is active). */
  readonly status: V16Status;
  /** `NoError`, the fault's code, or a warning's code. */
  readonly errorCode: V16ErrorCode | "NoError";
  /** Free text for the fault. */
  readonly info?: string;
}

/**
 * The outcome of {@link v16ConnectorTransition}: the new state, the table code of the reported change (when the
 * reported status changed), and the StatusNotification to send (when anything reported changed); or a refusal
 * naming why the table does not allow the event here.
 *
 * @category Station model
 */
export type V16ConnectorOutcome =
  | {
      /** The event was taken. */
      readonly ok: true;
      /** The new state. */
      readonly state: V16ConnectorState;
      /** The table code of the reported change, when the reported status changed. */
      readonly code: V16TransitionCode | undefined;
      /** The StatusNotification to send, when anything reported changed. */
      readonly report: V16StatusReport | undefined;
    }
  | {
      /** The table does not allow the event here. */
      readonly ok: false;
      /** Why. */
      readonly reason: string;
    };

/**
 * The status a connector reports: Faulted while a fault is active, otherwise its status.
 *
 * @category Station model
 */
export function v16ReportedStatus(state: V16ConnectorState): V16Status {
  return state.fault === undefined ? state.status : "Faulted";
}

/**
 * A connector in its initial state: Available, no fault.
 *
 * @category Station model
 */
export function initialV16Connector(connectorId: number): V16ConnectorState {
  return { connectorId, status: "Available" };
}

function report(state: V16ConnectorState): V16StatusReport {
  const errorCode = state.fault?.errorCode ?? state.warning ?? "NoError";
  const info = state.fault?.info;
  return {
    connectorId: state.connectorId,
    status: v16ReportedStatus(state),
    errorCode,
    ...(info === undefined ? {} : { info }),
  };
}

/**
 * The pure 1.6 connector machine: applies `event` to `state` by the spec's table (connector 0 by its subset).
 * An event the table does not allow from the current status is refused, so a simulator built on this never
 * reports an illegal sequence. While a fault is active, events move the status underneath without a report.
 *
 * @example
 * ```ts
 * let c = initialV16Connector(1);
 * const out = v16ConnectorTransition(c, { type: "UsageInitiated" });
 * if (out.ok) c = out.state; // out.code === "A2", out.report.status === "Preparing"
 * ```
 * @category Station model
 */
export function v16ConnectorTransition(state: V16ConnectorState, event: V16ConnectorEvent): V16ConnectorOutcome {
  const { connectorId } = state;
  switch (event.type) {
    case "FaultDetected": {
      if (state.fault !== undefined) {
        const next = { ...state, fault: withInfo(event.errorCode, event.info) };
        return { ok: true, state: next, code: undefined, report: report(next) };
      }
      const code = v16TransitionCode(state.status, "Faulted", connectorId);
      if (code === undefined) return { ok: false, reason: `${state.status} cannot become Faulted` };
      const next = { ...state, fault: withInfo(event.errorCode, event.info) };
      return { ok: true, state: next, code, report: report(next) };
    }
    case "FaultCleared": {
      if (state.fault === undefined) return { ok: false, reason: "no fault is active" };
      const { fault: _cleared, ...rest } = state;
      const code = v16TransitionCode("Faulted", state.status, connectorId);
      if (code === undefined) return { ok: false, reason: `Faulted cannot return to ${state.status}` };
      return { ok: true, state: rest, code, report: report(rest) };
    }
    case "WarningRaised": {
      if (event.errorCode === "EVCommunicationError" && !EV_COMMUNICATION_STATUSES.has(state.status)) {
        return {
          ok: false,
          reason: `EVCommunicationError is only reported with Preparing, SuspendedEV/EVSE or Finishing`,
        };
      }
      if (state.warning === event.errorCode) return { ok: true, state, code: undefined, report: undefined };
      const next = { ...state, warning: event.errorCode };
      return { ok: true, state: next, code: undefined, report: state.fault === undefined ? report(next) : undefined };
    }
    case "WarningCleared": {
      if (state.warning === undefined) return { ok: false, reason: "no warning is active" };
      const { warning: _cleared, ...next } = state;
      return { ok: true, state: next, code: undefined, report: state.fault === undefined ? report(next) : undefined };
    }
    default: {
      const to = V16_EVENT_TARGETS[event.type];
      const code = v16TransitionCode(state.status, to, connectorId);
      if (code === undefined) {
        const where = connectorId === 0 ? " on connector 0" : "";
        return { ok: false, reason: `the 1.6 table has no ${state.status} → ${to} transition${where}` };
      }
      // a warning belongs to the situation it was raised in; a new status drops it
      const { warning: _dropped, ...rest } = state;
      const next: V16ConnectorState = { ...rest, status: to as Exclude<V16Status, "Faulted"> };
      if (state.fault !== undefined) return { ok: true, state: next, code: undefined, report: undefined };
      return { ok: true, state: next, code, report: report(next) };
    }
  }
}

/** Statuses with which a 1.6 station may report `EVCommunicationError` (1.6 §7.6). */
const EV_COMMUNICATION_STATUSES = new Set<V16Status>(["Preparing", "SuspendedEV", "SuspendedEVSE", "Finishing"]);

/**
 * True when 1.6 allows `errorCode` as a warning with `status`: `EVCommunicationError` only with Preparing,
 * SuspendedEV, SuspendedEVSE or Finishing.
 *
 * @category Station model
 */
export function v16WarningAllowed(status: V16Status, errorCode: string): boolean {
  return errorCode !== "EVCommunicationError" || EV_COMMUNICATION_STATUSES.has(status);
}

function withInfo(errorCode: V16ErrorCode, info: string | undefined): { errorCode: V16ErrorCode; info?: string } {
  return info === undefined ? { errorCode } : { errorCode, info };
}

import { formatInstant, type TimerHandle } from "@chargekit/core";
import type { AuthToken, ReadingContext } from "../station/model.js";
import { sampleToV16 } from "../station/to-wire.js";
import {
  initialV16Connector,
  type V16ConnectorEvent,
  type V16ConnectorState,
  type V16ErrorCode,
  v16ConnectorTransition,
  v16ReportedStatus,
} from "../station/v16-connector.js";
import type { EvState } from "./ev-model.js";
import {
  type AbortKind,
  applyPower,
  type EvseController,
  evseTimers,
  type Reservation,
  sameHolder,
} from "./evse-controller.js";
import { advance, type EvsePhysics, meterWh, sampleOf } from "./physics.js";
import type { SimContext } from "./sim-context.js";

interface Transaction16 {
  readonly ref: string;
  readonly token: AuthToken;
  readonly meterStartWh: number;
  readonly start: number;
  id: string | undefined;
}

/**
 * One OCPP 1.6 EVSE (= connector) of the simulator, driven by the 1.6 connector machine: every status it reports
 * is a transition of the 1.6 table.
 *
 * @internal
 */
export function createV16Evse(
  ctx: SimContext,
  id: number,
  physics: EvsePhysics,
): EvseController & {
  /** The CSMS answered the StartTransaction of `ref`. */
  started(ref: string, transactionId: number, accepted: boolean): void;
} {
  let conn: V16ConnectorState = initialV16Connector(id);
  let authorized: AuthToken | undefined;
  let tx: Transaction16 | undefined;
  let reservation: (Reservation & { timer: TimerHandle }) | undefined;
  let operative = true;
  let scheduledInoperative = false;
  let evSuspended = false;
  const timers = evseTimers(ctx);

  const move = (event: V16ConnectorEvent): boolean => {
    const out = v16ConnectorTransition(conn, event);
    if (!out.ok) {
      ctx.logger.debug({ evseId: id, event: event.type, reason: out.reason }, "simulator: transition not taken");
      return false;
    }
    const before = v16ReportedStatus(conn);
    conn = out.state;
    if (out.report !== undefined) {
      ctx.notify("StatusNotification", {
        connectorId: id,
        status: out.report.status,
        errorCode: out.report.errorCode,
        timestamp: formatInstant(ctx.clock.now()),
        ...(out.report.info === undefined ? {} : { info: out.report.info }),
      });
      if (out.report.status !== before) ctx.events.emit("status:changed", { evseId: id, status: out.report.status });
    }
    return true;
  };

  const meterValue = (context: ReadingContext, at = ctx.clock.now()) => sampleToV16(sampleOf(physics, at, context));

  const decide = (): void => {
    const d = applyPower(ctx, id, physics, tx !== undefined && conn.fault === undefined, evSuspended, timers, decide);
    if (tx === undefined) return;
    const target =
      d.scheduleW <= 0 || conn.fault !== undefined ? "EVSESuspended" : d.evW <= 0 ? "EVSuspended" : "ChargingStarted";
    const current = conn.status;
    const wanted = target === "EVSESuspended" ? "SuspendedEVSE" : target === "EVSuspended" ? "SuspendedEV" : "Charging";
    if (current !== wanted) move({ type: target });
  };

  const endSession = (): void => {
    if (scheduledInoperative) {
      scheduledInoperative = false;
      operative = false;
      if (!move({ type: "MadeInoperative" })) {
        move({ type: "BecameAvailable" });
        move({ type: "MadeInoperative" });
      }
    } else {
      move({ type: "BecameAvailable" });
    }
    ctx.sessionEnded();
  };

  const startTransaction = (): void => {
    if (authorized === undefined || tx !== undefined) return;
    timers.stopTimeout();
    const now = ctx.clock.now();
    advance(physics, now);
    const started: Transaction16 = {
      ref: ctx.newId(),
      token: authorized,
      meterStartWh: meterWh(physics),
      start: now,
      id: undefined,
    };
    tx = started;
    const reservationId =
      reservation !== undefined && sameHolder(reservation.token, authorized) ? reservation.id : undefined;
    clearReservation();
    ctx.enqueue({
      kind: "start",
      droppable: false,
      action: "StartTransaction",
      transactionRef: started.ref,
      createdAt: now,
      payload: {
        connectorId: id,
        idTag: authorized.value,
        meterStart: started.meterStartWh,
        timestamp: formatInstant(now),
        ...(reservationId === undefined ? {} : { reservationId }),
      },
    });
    ctx.events.emit("transaction:started", { evseId: id, transactionRef: started.ref });
    decide();
    timers.startMeter(() => {
      decide();
      if (tx === undefined) return;
      ctx.enqueue({
        kind: "update",
        droppable: true,
        action: "MeterValues",
        transactionRef: tx.ref,
        createdAt: ctx.clock.now(),
        payload: { connectorId: id, meterValue: [meterValue("Sample.Periodic")] },
      });
    });
  };

  const stopTransaction = (reason: string, token?: AuthToken): void => {
    const running = tx;
    if (running === undefined) return;
    const now = ctx.clock.now();
    advance(physics, now);
    physics.powerW = 0;
    timers.stopMeter();
    timers.boundaryAt(undefined, () => {});
    const meterStop = meterWh(physics);
    tx = undefined;
    authorized = undefined;
    ctx.enqueue({
      kind: "stop",
      droppable: false,
      action: "StopTransaction",
      transactionRef: running.ref,
      createdAt: now,
      payload: {
        meterStop,
        timestamp: formatInstant(now),
        reason,
        transactionData: [meterValue("Transaction.End", now)], // the stop's own instant, not a later one
        ...(token === undefined ? {} : { idTag: token.value }),
      },
    });
    ctx.events.emit("transaction:ended", {
      evseId: id,
      transactionRef: running.ref,
      meterStartWh: running.meterStartWh,
      meterStopWh: meterStop,
      reason,
    });
    // with the cable still in, the user must unplug (or start again): Finishing; otherwise the session is over
    if (physics.ev !== undefined) move({ type: "StoppedUserActionRequired" });
    else endSession();
  };

  const clearReservation = (): void => {
    if (reservation !== undefined) ctx.clock.clearTimeout(reservation.timer);
    reservation = undefined;
  };

  const authorizeSession = (token: AuthToken): void => {
    authorized = token;
    if (conn.status === "Reserved" || conn.status === "Available" || conn.status === "Finishing") {
      move({ type: "UsageInitiated" });
    }
    if (physics.ev !== undefined) startTransaction();
    else {
      // the driver must plug in within ConnectionTimeOut (B1 back to Available)
      timers.startTimeout(ctx.config.number("ConnectionTimeOut", 120) * 1000, () => {
        if (tx !== undefined || physics.ev !== undefined) return;
        authorized = undefined;
        endSession();
      });
    }
  };

  return {
    id,
    physics,
    plugIn(ev: EvState) {
      if (physics.ev !== undefined) return;
      advance(physics, ctx.clock.now());
      physics.ev = ev;
      evSuspended = false;
      if (authorized !== undefined && tx === undefined) {
        startTransaction();
        return;
      }
      if (conn.status === "Available" && operative) {
        move({ type: "UsageInitiated" });
        // no idTag within ConnectionTimeOut: Finishing, not Available (B6, errata v3.0 §3.20)
        timers.startTimeout(ctx.config.number("ConnectionTimeOut", 120) * 1000, () => {
          if (tx === undefined && authorized === undefined && physics.ev !== undefined) {
            move({ type: "StoppedUserActionRequired" });
          }
        });
      }
    },

    unplug() {
      if (physics.ev === undefined) return;
      advance(physics, ctx.clock.now());
      physics.ev = undefined;
      timers.stopTimeout();
      if (tx !== undefined) {
        if (ctx.config.bool("StopTransactionOnEVSideDisconnect", true)) stopTransaction("EVDisconnected");
        else {
          physics.powerW = 0;
          move({ type: "EVSuspended" });
        }
        return;
      }
      if (conn.status === "Preparing" || conn.status === "Finishing") {
        authorized = undefined;
        endSession();
      }
    },

    async present(token) {
      if (tx !== undefined) {
        if (!sameHolder(tx.token, token)) return "Rejected";
        stopTransaction("Local", token);
        return "Stopped";
      }
      if (!operative || conn.fault !== undefined) return "Rejected";
      if (reservation !== undefined && !sameHolder(reservation.token, token)) return "Rejected";
      const status = await ctx.authorize(token);
      if (status !== "Accepted") return "Rejected";
      if (tx !== undefined) return "Rejected";
      authorizeSession(token);
      return "Authorized";
    },

    remoteStart(token) {
      if (!operative || conn.fault !== undefined || tx !== undefined || authorized !== undefined) return "Rejected";
      if (reservation !== undefined && !sameHolder(reservation.token, token)) return "Rejected";
      if (ctx.config.bool("AuthorizeRemoteTxRequests", false)) {
        void ctx.authorize(token).then((status) => {
          if (status === "Accepted" && tx === undefined) authorizeSession(token);
        });
      } else authorizeSession(token);
      return "Accepted";
    },

    remoteStop(transactionId) {
      if (tx === undefined || tx.id !== transactionId) return false;
      stopTransaction("Remote");
      return true;
    },

    reserve(r) {
      if (conn.fault !== undefined) return "Faulted";
      if (!operative) return "Unavailable";
      if (reservation !== undefined && reservation.id !== r.id) return "Occupied";
      if (conn.status !== "Available" && conn.status !== "Reserved") return "Occupied";
      clearReservation();
      const timer = ctx.clock.setTimeout(
        () => {
          reservation = undefined;
          if (conn.status === "Reserved") move({ type: "BecameAvailable" });
        },
        Math.max(0, r.expiresAt - ctx.clock.now()),
      );
      reservation = { ...r, timer };
      if (conn.status === "Available") move({ type: "Reserved" });
      return "Accepted";
    },

    cancelReservation(reservationId) {
      if (reservation?.id !== reservationId) return false;
      clearReservation();
      if (conn.status === "Reserved") move({ type: "BecameAvailable" });
      return true;
    },

    setOperative(wanted) {
      if (wanted) {
        scheduledInoperative = false;
        if (!operative) {
          operative = true;
          move({ type: "BecameAvailable" });
        }
        return "Accepted";
      }
      if (!operative) return "Accepted";
      if (conn.status === "Available" || conn.status === "Reserved") {
        clearReservation();
        operative = false;
        move({ type: "MadeInoperative" });
        return "Accepted";
      }
      scheduledInoperative = true;
      return "Scheduled";
    },

    fault(errorCode) {
      move({ type: "FaultDetected", errorCode: errorCode as V16ErrorCode });
      decide();
    },

    clearFault() {
      if (conn.fault === undefined) return;
      move({ type: "FaultCleared" });
      decide();
    },

    suspendEv(suspended) {
      evSuspended = suspended;
      decide();
    },

    abort(kind: AbortKind) {
      const reason = kind === "ImmediateReset" ? "HardReset" : kind;
      stopTransaction(reason);
    },

    reevaluate() {
      decide();
    },

    reportStatus() {
      ctx.notify("StatusNotification", {
        connectorId: id,
        status: v16ReportedStatus(conn),
        errorCode: conn.fault?.errorCode ?? conn.warning ?? "NoError",
        timestamp: formatInstant(ctx.clock.now()),
      });
    },

    reportMeterValues() {
      advance(physics, ctx.clock.now());
      ctx.notify("MeterValues", {
        connectorId: id,
        meterValue: [meterValue("Trigger")],
        ...(tx?.id === undefined ? {} : { transactionId: Number(tx.id) }),
      });
    },

    triggerTransactionEvent() {
      // 1.6 has no TransactionEvent
    },

    reboot() {
      timers.stopAll();
      clearReservation();
      authorized = undefined;
      tx = undefined;
      scheduledInoperative = false;
      physics.powerW = 0;
      const fault = conn.fault;
      conn = {
        connectorId: id,
        status: operative ? "Available" : "Unavailable",
        ...(fault === undefined ? {} : { fault }),
      };
      if (physics.ev !== undefined && operative) move({ type: "UsageInitiated" });
    },

    transaction() {
      return tx === undefined ? undefined : { ref: tx.ref, id: tx.id, start: tx.start };
    },

    busy() {
      return tx !== undefined || authorized !== undefined;
    },

    started(ref, transactionId, accepted) {
      if (tx?.ref !== ref) return;
      tx.id = String(transactionId);
      if (!accepted && ctx.config.bool("StopTransactionOnInvalidId", true)) stopTransaction("DeAuthorized");
    },

    view() {
      return {
        id,
        status: v16ReportedStatus(conn),
        evConnected: physics.ev !== undefined,
        powerW: physics.powerW,
        meterWh: meterWh(physics),
        operative,
        ...(physics.ev === undefined ? {} : { soc: physics.ev.soc }),
        ...(tx === undefined ? {} : { transactionRef: tx.ref }),
        ...(tx?.id === undefined ? {} : { transactionId: tx.id }),
        ...(reservation === undefined ? {} : { reservationId: reservation.id }),
      };
    },

    stopTimers() {
      timers.stopAll();
      clearReservation();
    },
  };
}

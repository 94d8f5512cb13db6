import { formatInstant, type TimerHandle } from "@chargekit/core";
import type { AuthToken, ChargingState } from "../station/model.js";
import { sampleToV2, tokenToV2 } from "../station/to-wire.js";
import { parseTxPoints } from "../station/tx-points.js";
import { type V2ConnectorState, v2ReportedStatus } from "../station/v2-connector.js";
import {
  initialV2EvseTx,
  type V2EvseTxState,
  type V2TxEvent,
  type V2TxMessage,
  v2TransactionStep,
} from "../station/v2-transaction.js";
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

const ABORTS: Readonly<Record<AbortKind, { trigger: "ResetCommand" | "UnlockCommand"; stoppedReason: string }>> = {
  SoftReset: { trigger: "ResetCommand", stoppedReason: "Reboot" },
  HardReset: { trigger: "ResetCommand", stoppedReason: "Reboot" },
  ImmediateReset: { trigger: "ResetCommand", stoppedReason: "ImmediateReset" },
  UnlockCommand: { trigger: "UnlockCommand", stoppedReason: "Other" },
  Remote: { trigger: "ResetCommand", stoppedReason: "Remote" },
};

/**
 * One OCPP 2.0.1 / 2.1 EVSE of the simulator: availability through the 2.x connector model, the transaction
 * through the pure 2.x transaction machine (TxStartPoint / TxStopPoint, seqNo, late authorization).
 *
 * @internal
 */
export function createV2Evse(
  ctx: SimContext,
  id: number,
  physics: EvsePhysics,
): EvseController & {
  /** The station reserves without naming an EVSE: this one is free for it. */
  free(): boolean;
} {
  const version = ctx.version === "ocpp2.1" ? "ocpp2.1" : "ocpp2.0.1";
  let conn: V2ConnectorState = { operative: true, faulted: false, reserved: false, occupied: false };
  let reported = v2ReportedStatus(conn);
  let machine: V2EvseTxState = initialV2EvseTx(id);
  let reservation: (Reservation & { timer: TimerHandle }) | undefined;
  let scheduledInoperative = false;
  let evSuspended = false;
  let meterStart = 0;
  let startedAt = 0;
  const timers = evseTimers(ctx);

  /** A session is in progress: a cable in, a driver authorized or a transaction running. */
  const inUse = (): boolean =>
    physics.ev !== undefined || machine.transaction !== undefined || machine.conditions.authorized;

  /** Re-derives occupancy; when a session ends, a scheduled Inoperative takes effect. */
  const refresh = (): void => {
    const occupied = inUse();
    if (conn.occupied && !occupied) {
      conn = { ...conn, occupied: false, ...(scheduledInoperative ? { operative: false } : {}) };
      scheduledInoperative = false;
      status();
      ctx.sessionEnded();
      return;
    }
    conn = { ...conn, occupied };
    status();
  };

  const status = (): void => {
    const now = v2ReportedStatus(conn);
    if (now === reported) return;
    reported = now;
    ctx.notify("StatusNotification", {
      timestamp: formatInstant(ctx.clock.now()),
      connectorStatus: now,
      evseId: id,
      connectorId: 1,
    });
    ctx.events.emit("status:changed", { evseId: id, status: now });
  };

  const send = (m: V2TxMessage): void => {
    const now = ctx.clock.now();
    advance(physics, now);
    const context =
      m.meter === "begin" ? "Transaction.Begin" : m.meter === "end" ? "Transaction.End" : "Sample.Periodic";
    const payload = {
      eventType: m.eventType,
      timestamp: formatInstant(now),
      triggerReason: m.triggerReason,
      seqNo: m.seqNo,
      transactionInfo: {
        transactionId: m.transactionId,
        ...(m.chargingState === undefined ? {} : { chargingState: m.chargingState }),
        ...(m.stoppedReason === undefined ? {} : { stoppedReason: m.stoppedReason }),
        ...(m.remoteStartId === undefined ? {} : { remoteStartId: m.remoteStartId }),
      },
      ...(m.evse === undefined ? {} : { evse: m.evse }),
      ...(m.token === undefined ? {} : { idToken: tokenToV2(m.token, version) }),
      ...(m.meter === undefined ? {} : { meterValue: [sampleToV2(sampleOf(physics, now, context))] }),
      ...(ctx.online() ? {} : { offline: true }),
    };
    ctx.enqueue({
      kind: m.eventType === "Started" ? "start" : m.eventType === "Ended" ? "stop" : "update",
      droppable: m.eventType === "Updated" && m.triggerReason === "MeterValuePeriodic",
      action: "TransactionEvent",
      transactionRef: m.transactionId,
      createdAt: now,
      payload,
    });
    if (m.eventType === "Started") {
      meterStart = meterWh(physics);
      startedAt = now;
      ctx.events.emit("transaction:started", { evseId: id, transactionRef: m.transactionId });
    }
    if (m.eventType === "Ended") {
      ctx.events.emit("transaction:ended", {
        evseId: id,
        transactionRef: m.transactionId,
        meterStartWh: meterStart,
        meterStopWh: meterWh(physics),
        reason: m.stoppedReason ?? "Local",
      });
    }
  };

  const step = (event: V2TxEvent): void => {
    const hadTx = machine.transaction !== undefined;
    const out = v2TransactionStep(machine, event, {
      startPoints: parseTxPoints(ctx.config.variable({ component: "TxCtrlr", variable: "TxStartPoint" })?.value ?? ""),
      stopPoints: parseTxPoints(ctx.config.variable({ component: "TxCtrlr", variable: "TxStopPoint" })?.value ?? ""),
      newTransactionId: () => ctx.newId(),
    });
    machine = out.state;
    if (out.messages.some((m) => m.eventType === "Ended")) {
      // energy stops before Ended carries the final reading (errata 2023-12 §2.17.4)
      advance(physics, ctx.clock.now());
      physics.powerW = 0;
    }
    for (const m of out.messages) send(m);
    const hasTx = machine.transaction !== undefined;
    if (!hadTx && hasTx) {
      timers.startMeter(() => {
        decide();
        step({ type: "MeterValues", trigger: "MeterValuePeriodic" });
      });
    }
    if (hadTx && !hasTx) {
      timers.stopMeter();
      timers.boundaryAt(undefined, () => {});
    }
    refresh();
    if (hasTx) decide();
  };

  const decide = (): void => {
    const energize =
      machine.transaction !== undefined && machine.conditions.authorized && physics.ev !== undefined && !conn.faulted;
    const d = applyPower(ctx, id, physics, energize, evSuspended, timers, decide);
    if (machine.transaction === undefined || physics.ev === undefined) return;
    const wanted: ChargingState =
      !energize || d.scheduleW <= 0
        ? machine.conditions.authorized
          ? "SuspendedEVSE"
          : "EVConnected"
        : d.evW <= 0
          ? "SuspendedEV"
          : "Charging";
    if (wanted !== machine.chargingState) step({ type: "ChargingStateChanged", chargingState: wanted });
  };

  const clearReservation = (): void => {
    if (reservation !== undefined) ctx.clock.clearTimeout(reservation.timer);
    reservation = undefined;
    conn = { ...conn, reserved: false };
  };

  const authorize = (token: AuthToken, remoteStartId?: number): void => {
    if (reservation !== undefined && sameHolder(reservation.token, token)) clearReservation();
    step({ type: "Authorized", token, ...(remoteStartId === undefined ? {} : { remoteStartId }) });
    if (physics.ev === undefined) {
      timers.startTimeout(ctx.config.number("ConnectionTimeOut", 120) * 1000, () => {
        if (physics.ev !== undefined) return;
        if (machine.transaction !== undefined)
          step({ type: "Abort", trigger: "EVConnectTimeout", stoppedReason: "Timeout" });
        else step({ type: "Deauthorized" });
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
      timers.stopTimeout();
      step({ type: "CablePluggedIn" });
    },

    unplug() {
      if (physics.ev === undefined) return;
      advance(physics, ctx.clock.now());
      physics.ev = undefined;
      physics.powerW = 0;
      step({ type: "CableUnplugged" });
    },

    async present(token) {
      const running = machine.transaction;
      if (running !== undefined && machine.token !== undefined && sameHolder(machine.token, token)) {
        step({ type: "StopAuthorized", token });
        return "Stopped";
      }
      if (machine.conditions.authorized) return "Rejected";
      if (!conn.operative || conn.faulted) return "Rejected";
      if (reservation !== undefined && !sameHolder(reservation.token, token)) return "Rejected";
      const outcome = await ctx.authorize(token);
      if (outcome !== "Accepted" || machine.conditions.authorized) return "Rejected";
      authorize(token);
      return "Authorized";
    },

    remoteStart(token, remoteStartId) {
      if (!conn.operative || conn.faulted || machine.conditions.authorized) return "Rejected";
      if (reservation !== undefined && !sameHolder(reservation.token, token)) return "Rejected";
      if (ctx.config.bool("AuthorizeRemoteTxRequests", false)) {
        void ctx.authorize(token).then((s) => {
          if (s === "Accepted" && !machine.conditions.authorized) authorize(token, remoteStartId);
        });
      } else authorize(token, remoteStartId);
      return "Accepted";
    },

    remoteStop(transactionId) {
      if (machine.transaction?.id !== transactionId) return false;
      step({ type: "RemoteStop" });
      return true;
    },

    reserve(r) {
      if (conn.faulted) return "Faulted";
      if (!conn.operative) return "Unavailable";
      if (reservation !== undefined && reservation.id !== r.id) return "Occupied";
      if (inUse()) return "Occupied";
      clearReservation();
      const timer = ctx.clock.setTimeout(
        () => {
          if (reservation?.id !== r.id) return;
          clearReservation();
          ctx.notify("ReservationStatusUpdate", { reservationId: r.id, reservationUpdateStatus: "Expired" });
          status();
        },
        Math.max(0, r.expiresAt - ctx.clock.now()),
      );
      reservation = { ...r, timer };
      conn = { ...conn, reserved: true };
      status();
      return "Accepted";
    },

    cancelReservation(reservationId) {
      if (reservation?.id !== reservationId) return false;
      clearReservation();
      status();
      return true;
    },

    setOperative(wanted) {
      if (wanted) {
        scheduledInoperative = false;
        conn = { ...conn, operative: true };
        status();
        return "Accepted";
      }
      if (inUse()) {
        scheduledInoperative = true;
        return "Scheduled";
      }
      clearReservation();
      conn = { ...conn, operative: false };
      status();
      return "Accepted";
    },

    fault() {
      conn = { ...conn, faulted: true };
      status();
      decide();
    },

    clearFault() {
      conn = { ...conn, faulted: false };
      status();
      decide();
    },

    suspendEv(suspended) {
      evSuspended = suspended;
      decide();
    },

    abort(kind) {
      if (machine.transaction === undefined) return;
      const a = ABORTS[kind];
      step(
        kind === "Remote"
          ? { type: "RemoteStop" }
          : { type: "Abort", trigger: a.trigger, stoppedReason: a.stoppedReason },
      );
    },

    reevaluate() {
      decide();
    },

    reportStatus() {
      reported = v2ReportedStatus(conn);
      ctx.notify("StatusNotification", {
        timestamp: formatInstant(ctx.clock.now()),
        connectorStatus: reported,
        evseId: id,
        connectorId: 1,
      });
    },

    reportMeterValues() {
      advance(physics, ctx.clock.now());
      ctx.notify("MeterValues", {
        evseId: id,
        meterValue: [sampleToV2(sampleOf(physics, ctx.clock.now(), "Trigger"))],
      });
    },

    triggerTransactionEvent() {
      if (machine.transaction !== undefined) step({ type: "MeterValues", trigger: "Trigger" });
    },

    reboot() {
      timers.stopAll();
      if (reservation !== undefined) ctx.clock.clearTimeout(reservation.timer);
      reservation = undefined;
      scheduledInoperative = false;
      physics.powerW = 0;
      machine = initialV2EvseTx(id);
      conn = { operative: conn.operative, faulted: conn.faulted, reserved: false, occupied: physics.ev !== undefined };
      reported = v2ReportedStatus(conn);
      if (physics.ev !== undefined) {
        // after a reboot the cable is found plugged in
        const out = v2TransactionStep(
          machine,
          { type: "CablePluggedIn" },
          { startPoints: [], stopPoints: [], newTransactionId: () => "" },
        );
        machine = out.state;
      }
    },

    transaction() {
      const t = machine.transaction;
      return t === undefined ? undefined : { ref: t.id, id: t.id, start: startedAt };
    },

    busy() {
      return machine.transaction !== undefined || machine.conditions.authorized;
    },

    free() {
      return conn.operative && !conn.faulted && !inUse() && reservation === undefined;
    },

    view() {
      const t = machine.transaction;
      return {
        id,
        status: v2ReportedStatus(conn),
        evConnected: physics.ev !== undefined,
        powerW: physics.powerW,
        meterWh: meterWh(physics),
        operative: conn.operative,
        ...(physics.ev === undefined ? {} : { soc: physics.ev.soc }),
        ...(t === undefined ? {} : { transactionRef: t.id, transactionId: t.id }),
        ...(reservation === undefined ? {} : { reservationId: reservation.id }),
      };
    },

    stopTimers() {
      timers.stopAll();
      if (reservation !== undefined) ctx.clock.clearTimeout(reservation.timer);
    },
  };
}

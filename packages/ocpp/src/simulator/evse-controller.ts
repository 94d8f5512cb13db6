import type { Instant, TimerHandle } from "@chargekit/core";
import type { AuthToken } from "../station/model.js";
import type { EvState } from "./ev-model.js";
import { advance, type EvsePhysics } from "./physics.js";
import { decidePower, type PowerDecision } from "./profiles.js";
import type { SimContext } from "./sim-context.js";
import type { SimulatedEvseView } from "./station-types.js";

/** A reservation held by an EVSE. @internal */
export interface Reservation {
  readonly id: number;
  readonly expiresAt: Instant;
  readonly token: AuthToken;
}

/** Answer to a ReserveNow, in both versions' words. @internal */
export type ReserveStatus = "Accepted" | "Faulted" | "Occupied" | "Rejected" | "Unavailable";

/** Why a running transaction is stopped from outside the driver's own actions. @internal */
export type AbortKind = "SoftReset" | "HardReset" | "ImmediateReset" | "UnlockCommand" | "Remote";

/**
 * The version-specific behaviour of one simulated EVSE. The 1.6 and the 2.x controller drive the same physics
 * through their own state machines.
 *
 * @internal
 */
export interface EvseController {
  readonly id: number;
  readonly physics: EvsePhysics;
  plugIn(ev: EvState): void;
  unplug(): void;
  present(token: AuthToken): Promise<"Authorized" | "Stopped" | "Rejected">;
  remoteStart(token: AuthToken, remoteStartId?: number): "Accepted" | "Rejected";
  /** Stops the transaction with this CSMS id; false when it does not run here. */
  remoteStop(transactionId: string): boolean;
  reserve(reservation: Reservation): ReserveStatus;
  cancelReservation(id: number): boolean;
  setOperative(operative: boolean): "Accepted" | "Scheduled";
  fault(errorCode: string): void;
  clearFault(): void;
  suspendEv(suspended: boolean): void;
  /** Ends the running transaction for a reason outside the driver's actions. */
  abort(kind: AbortKind): void;
  /** Re-decides the power (profiles, EV or schedule changed). */
  reevaluate(): void;
  /** Sends the connector's current status. */
  reportStatus(): void;
  /** Sends the current meter values (TriggerMessage). */
  reportMeterValues(): void;
  /** 2.x: sends a TransactionEvent with the current meter values for the running transaction (TriggerMessage). */
  triggerTransactionEvent(): void;
  /** Forgets session state after a reboot (the EV stays plugged, the meter keeps counting). */
  reboot(): void;
  /** The running transaction. */
  transaction(): { readonly ref: string; readonly id: string | undefined; readonly start: Instant } | undefined;
  /** A session (transaction or authorized/plugged preparation) is in progress. */
  busy(): boolean;
  view(): SimulatedEvseView;
  stopTimers(): void;
}

/**
 * Timers of one EVSE that any version needs: periodic meter values while a transaction runs, and a re-decision of
 * the power when the composite schedule changes.
 *
 * @internal
 */
export function evseTimers(ctx: SimContext) {
  let meter: TimerHandle | undefined;
  let boundary: TimerHandle | undefined;
  let timeout: TimerHandle | undefined;
  return {
    startMeter(tick: () => void): void {
      this.stopMeter();
      const seconds = ctx.config.number("MeterValueSampleInterval", 60);
      if (seconds <= 0) return;
      const loop = () => {
        meter = ctx.clock.setTimeout(() => {
          loop();
          tick();
        }, seconds * 1000);
      };
      loop();
    },
    stopMeter(): void {
      if (meter !== undefined) ctx.clock.clearTimeout(meter);
      meter = undefined;
    },
    boundaryAt(at: Instant | undefined, run: () => void): void {
      if (boundary !== undefined) ctx.clock.clearTimeout(boundary);
      boundary = at === undefined ? undefined : ctx.clock.setTimeout(run, Math.max(0, at - ctx.clock.now()));
    },
    startTimeout(ms: number, run: () => void): void {
      this.stopTimeout();
      timeout = ctx.clock.setTimeout(() => {
        timeout = undefined;
        run();
      }, ms);
    },
    stopTimeout(): void {
      if (timeout !== undefined) ctx.clock.clearTimeout(timeout);
      timeout = undefined;
    },
    stopAll(): void {
      this.stopMeter();
      this.stopTimeout();
      this.boundaryAt(undefined, () => {});
    },
  };
}

/** The timers of one EVSE. @internal */
export type EvseTimers = ReturnType<typeof evseTimers>;

/**
 * Brings the physics up to now and sets the power the schedule, the hardware and the EV allow (0 when `energize`
 * is false: no transaction, not authorized, faulted, suspended); arranges a re-decision at the schedule's next
 * change.
 *
 * @internal
 */
export function applyPower(
  ctx: SimContext,
  evseId: number,
  physics: EvsePhysics,
  energize: boolean,
  evSuspended: boolean,
  timers: EvseTimers,
  again: () => void,
): PowerDecision {
  const now = ctx.clock.now();
  advance(physics, now);
  const decision = decidePower(ctx.profiles(), physics, evseId, now, ctx.transactions());
  const evW = evSuspended ? 0 : decision.evW;
  const powerW = energize ? Math.min(decision.powerW, evW) : 0;
  physics.powerW = powerW;
  physics.phasesUsed = decision.phasesUsed;
  timers.boundaryAt(energize ? decision.nextChangeAt : undefined, again);
  return { ...decision, evW, powerW };
}

/** True when `token` may use what `owner` holds (same value, or same group). @internal */
export function sameHolder(owner: AuthToken, token: AuthToken): boolean {
  if (owner.value === token.value) return true;
  return owner.group !== undefined && (token.group === owner.group || token.value === owner.group);
}

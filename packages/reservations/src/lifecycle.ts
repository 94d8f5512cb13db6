import type { Instant, Interval } from "@chargekit/core";
import type { EvseRef } from "./evse.js";
import {
  type BookingTerms,
  type EndReason,
  isLive,
  type Reservation,
  type ReservationEnding,
  type ReservationStatus,
  type TerminalStatus,
} from "./reservation.js";

/**
 * What can happen to a reservation. Every event carries the instant it happened at; deadlines that are due at that
 * instant (hold TTL, window opening, no-show, end of occupancy) are applied first, in order.
 *
 * @category Lifecycle
 */
export type LifecycleEvent =
  | {
      /** The driver (or the app on their behalf) confirms a held reservation. */
      readonly type: "confirm";
      /** When. */
      readonly at: Instant;
    }
  | {
      /** Time passed: apply every deadline due at `at`. */
      readonly type: "tick";
      /** The current instant. */
      readonly at: Instant;
    }
  | {
      /** A matching token started charging. */
      readonly type: "consume";
      /** When the session started. */
      readonly at: Instant;
      /** The session's id (replaying the same id is harmless). */
      readonly sessionId: string;
      /** The EVSE it started on. */
      readonly evse: EvseRef;
    }
  | {
      /** Someone cancels. */
      readonly type: "cancel";
      /** When. */
      readonly at: Instant;
      /** Who. */
      readonly by: "driver" | "operator";
    }
  | {
      /** The EVSE (or, for a site-level hold, every eligible EVSE) became unusable. */
      readonly type: "remove";
      /** When. */
      readonly at: Instant;
      /** Why. */
      readonly reason: "evse_faulted" | "evse_unavailable" | "capacity_lost";
    }
  | {
      /** The window moves (an accepted ETA offer). */
      readonly type: "reschedule";
      /** When. */
      readonly at: Instant;
      /** The new window. */
      readonly window: Interval;
      /** Its terms under the policy. */
      readonly terms: BookingTerms;
      /** The EVSE the plan keeps for it from now on. */
      readonly assignedEvse: EvseRef;
    };

/**
 * One status change.
 *
 * @category Lifecycle
 */
export interface LifecycleStep {
  /** Status before. */
  readonly from: ReservationStatus;
  /** Status after. */
  readonly to: ReservationStatus;
  /** When it took effect (a deadline's own instant for timer-driven steps). */
  readonly at: Instant;
}

/**
 * Why an event could not do what it asked for.
 * - `ended`: the reservation is already terminal.
 * - `hold_lapsed`: a confirmation came at or after the hold deadline.
 * - `not_confirmed`: a held reservation cannot be used before it is confirmed.
 *
 * @category Lifecycle
 */
export type LifecycleRefusal = "ended" | "hold_lapsed" | "not_confirmed";

/**
 * The outcome of {@link transition}.
 *
 * @category Lifecycle
 */
export interface TransitionResult {
  /** The reservation after the event (the same object when nothing changed). */
  readonly reservation: Reservation;
  /** Status changes, in order; empty when the event changed no status. */
  readonly steps: readonly LifecycleStep[];
  /** True when the reservation changed in any way (status, window, timestamps). */
  readonly changed: boolean;
  /** Set when the event could not do what it asked for; replays of an applied event are not refusals. */
  readonly refusal?: LifecycleRefusal;
}

/**
 * The reservation lifecycle as a pure function: no clock, no I/O. `held → confirmed → active →` exactly one of
 * `used`, `expired`, `no_show`, `cancelled`, `removed`. Terminal states absorb every event; replaying an event
 * that was already applied changes nothing.
 *
 * @example
 * ```ts
 * const { reservation, steps } = transition(held, { type: "confirm", at: clock.now() });
 * ```
 * @category Lifecycle
 */
export function transition(reservation: Reservation, event: LifecycleEvent): TransitionResult {
  const steps: LifecycleStep[] = [];
  const current = applyDeadlines(reservation, event.at, steps);
  const done = (next: Reservation, refusal?: LifecycleRefusal): TransitionResult => ({
    reservation: next,
    steps,
    changed: next !== reservation,
    ...(refusal === undefined ? {} : { refusal }),
  });
  switch (event.type) {
    case "tick":
      return done(current);
    case "confirm":
      if (current.status === "held") {
        const confirmed = step(current, "confirmed", event.at, steps, { confirmedAt: event.at });
        return done(applyDeadlines(confirmed, event.at, steps));
      }
      if (current.status === "confirmed" || current.status === "active") return done(current);
      return done(current, reservation.status === "held" ? "hold_lapsed" : "ended");
    case "consume":
      if (current.status === "confirmed" || current.status === "active") {
        return done(end(current, "used", "used", event.at, steps, { sessionId: event.sessionId, evse: event.evse }));
      }
      if (current.status === "held") return done(current, "not_confirmed");
      if (current.status === "used" && current.ending?.sessionId === event.sessionId) return done(current);
      return done(current, "ended");
    case "cancel":
      if (isLive(current.status)) {
        const late = current.status !== "held" && event.at >= current.freeCancelUntil;
        const fee = late ? current.fees.lateCancellation : undefined;
        const reason = event.by === "driver" ? "cancelled_by_driver" : "cancelled_by_operator";
        return done(end(current, "cancelled", reason, event.at, steps, fee === undefined ? {} : { fee }));
      }
      return done(current, current.status === "cancelled" ? undefined : "ended");
    case "remove":
      if (isLive(current.status)) return done(end(current, "removed", event.reason, event.at, steps));
      return done(current, current.status === "removed" ? undefined : "ended");
    case "reschedule": {
      const [next, refusal] = reschedule(current, event, steps);
      return done(next, refusal);
    }
  }
}

function reschedule(
  current: Reservation,
  event: Extract<LifecycleEvent, { type: "reschedule" }>,
  steps: LifecycleStep[],
): [Reservation, LifecycleRefusal?] {
  if (!isLive(current.status)) return [current, "ended"];
  const { noShowAt: _dropped, ...rest } = current;
  let next: Reservation = {
    ...rest,
    window: event.window,
    occupancy: event.terms.occupancy,
    lateStopUntil: event.terms.lateStopUntil,
    assignedEvse: event.assignedEvse,
    updatedAt: event.at,
    ...(event.terms.noShowAt === undefined ? {} : { noShowAt: event.terms.noShowAt }),
  };
  if (next.status === "active" && next.occupancy.start > event.at) {
    const { activatedAt: _reopened, ...withoutActivation } = next;
    next = step(withoutActivation, "confirmed", event.at, steps, {});
  }
  return [applyDeadlines(next, event.at, steps)];
}

/**
 * The next instant at which a `tick` would change the reservation, or `undefined` when it is terminal.
 *
 * @category Lifecycle
 */
export function nextDeadline(reservation: Reservation): Instant | undefined {
  switch (reservation.status) {
    case "held":
      return reservation.heldUntil;
    case "confirmed":
      return reservation.occupancy.start;
    case "active":
      return reservation.noShowAt ?? reservation.occupancy.end;
    default:
      return undefined;
  }
}

function applyDeadlines(reservation: Reservation, at: Instant, steps: LifecycleStep[]): Reservation {
  let current = reservation;
  for (;;) {
    const due = nextDeadline(current);
    if (due === undefined || due > at) return current;
    if (current.status === "held") current = end(current, "expired", "hold_lapsed", due, steps);
    else if (current.status === "confirmed") current = step(current, "active", due, steps, { activatedAt: due });
    else if (current.noShowAt !== undefined) {
      const fee = current.fees.noShow;
      current = end(current, "no_show", "no_show", due, steps, fee === undefined ? {} : { fee });
    } else current = end(current, "expired", "window_passed", due, steps);
  }
}

function step(
  reservation: Reservation,
  to: ReservationStatus,
  at: Instant,
  steps: LifecycleStep[],
  extra: Partial<Reservation>,
): Reservation {
  steps.push({ from: reservation.status, to, at });
  return { ...reservation, ...extra, status: to, updatedAt: Math.max(reservation.updatedAt, at) };
}

function end(
  reservation: Reservation,
  status: TerminalStatus,
  reason: EndReason,
  at: Instant,
  steps: LifecycleStep[],
  extra: Omit<ReservationEnding, "status" | "at" | "reason"> = {},
): Reservation {
  const ending: ReservationEnding = { status, at, reason, ...extra };
  return step(reservation, status, at, steps, { ending });
}

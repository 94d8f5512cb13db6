import { HOUR, MINUTE } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EvseRef } from "./evse.js";
import { type LifecycleEvent, nextDeadline, transition } from "./lifecycle.js";
import { resolvePolicy } from "./policy.js";
import { bookingTerms, isLive, type Reservation, type ReservationStatus } from "./reservation.js";
import { sampleReservation } from "./testing/fixtures.js";

const T0 = Date.UTC(2026, 0, 1);
const policy = resolvePolicy({
  noShowFee: { amount: "2.00", currency: "USD" },
  lateCancellationFee: { amount: "1.50", currency: "USD" },
});
const held = sampleReservation({ now: T0, policy, window: { start: T0 + HOUR, end: T0 + 2 * HOUR } });
const A = EvseRef.of("evse-1");

/** Every status change the lifecycle may make (reschedule may reopen an active reservation as confirmed). */
const LEGAL: Record<ReservationStatus, readonly ReservationStatus[]> = {
  held: ["confirmed", "expired", "cancelled", "removed"],
  confirmed: ["active", "used", "cancelled", "removed"],
  active: ["used", "no_show", "expired", "cancelled", "removed", "confirmed"],
  used: [],
  expired: [],
  no_show: [],
  cancelled: [],
  removed: [],
};

describe("reservation lifecycle", () => {
  it("walks held → confirmed → active → used", () => {
    const confirmed = transition(held, { type: "confirm", at: T0 + MINUTE });
    expect(confirmed.steps).toEqual([{ from: "held", to: "confirmed", at: T0 + MINUTE }]);
    const active = transition(confirmed.reservation, { type: "tick", at: T0 + HOUR });
    expect(active.reservation.status).toBe("active");
    expect(active.reservation.activatedAt).toBe(T0 + HOUR - policy.earlyStart);
    const used = transition(active.reservation, {
      type: "consume",
      at: T0 + HOUR + 5 * MINUTE,
      sessionId: "s1",
      evse: A,
    });
    expect(used.reservation.ending).toEqual({
      status: "used",
      at: T0 + HOUR + 5 * MINUTE,
      reason: "used",
      sessionId: "s1",
      evse: A,
    });
    const replay = transition(used.reservation, {
      type: "consume",
      at: T0 + HOUR + 6 * MINUTE,
      sessionId: "s1",
      evse: A,
    });
    expect(replay.changed).toBe(false);
    expect(replay.refusal).toBeUndefined();
    expect(
      transition(used.reservation, { type: "consume", at: T0 + HOUR + 6 * MINUTE, sessionId: "s2", evse: A }).refusal,
    ).toBe("ended");
  });

  it("expires a hold at its TTL: a confirmation exactly at the deadline is refused", () => {
    const late = transition(held, { type: "confirm", at: held.heldUntil });
    expect(late.refusal).toBe("hold_lapsed");
    expect(late.reservation.ending).toEqual({ status: "expired", at: held.heldUntil, reason: "hold_lapsed" });
    expect(transition(held, { type: "confirm", at: held.heldUntil - 1 }).reservation.status).toBe("confirmed");
  });

  it("ends an unused active reservation as no_show at its deadline, with the fee, releasing the EVSE early", () => {
    const confirmed = transition(held, { type: "confirm", at: T0 }).reservation;
    const r = transition(confirmed, { type: "tick", at: T0 + 3 * HOUR });
    expect(r.steps.map((s) => s.to)).toEqual(["active", "no_show"]);
    expect(r.reservation.ending).toEqual({
      status: "no_show",
      at: T0 + HOUR + 15 * MINUTE,
      reason: "no_show",
      fee: { amount: "2.00", currency: "USD" },
    });
    expect(r.reservation.ending?.at).toBeLessThan(r.reservation.occupancy.end);
  });

  it("expires unused at the end of the occupancy when the policy has no no-show", () => {
    const noNoShow = resolvePolicy({ noShowTimeout: null });
    const r0 = sampleReservation({ now: T0, policy: noNoShow });
    const confirmed = transition(r0, { type: "confirm", at: T0 }).reservation;
    const r = transition(confirmed, { type: "tick", at: r0.occupancy.end });
    expect(r.reservation.ending).toEqual({ status: "expired", at: r0.occupancy.end, reason: "window_passed" });
    expect(transition(confirmed, { type: "tick", at: r0.occupancy.end - 1 }).reservation.status).toBe("active");
  });

  it("charges the late-cancellation fee only after the free-cancel deadline, never for a hold", () => {
    const r0 = sampleReservation({ now: T0, policy, window: { start: T0 + 2 * HOUR, end: T0 + 3 * HOUR } });
    const confirmed = transition(r0, { type: "confirm", at: T0 }).reservation;
    expect(confirmed.freeCancelUntil).toBe(T0 + policy.freeCancelWindow);
    expect(
      transition(confirmed, { type: "cancel", at: T0 + MINUTE, by: "driver" }).reservation.ending?.fee,
    ).toBeUndefined();
    expect(
      transition(confirmed, { type: "cancel", at: T0 + 10 * MINUTE, by: "driver" }).reservation.ending?.fee,
    ).toEqual(policy.lateCancellationFee);
    expect(
      transition(r0, { type: "cancel", at: T0 + 4 * MINUTE, by: "driver" }).reservation.ending?.fee,
    ).toBeUndefined();
  });

  it("reopens an active reservation as confirmed when it is rescheduled into the future", () => {
    const active = transition(transition(held, { type: "confirm", at: T0 }).reservation, {
      type: "tick",
      at: T0 + HOUR,
    }).reservation;
    const window = { start: T0 + 2 * HOUR, end: T0 + 3 * HOUR };
    const r = transition(active, {
      type: "reschedule",
      at: T0 + HOUR,
      window,
      terms: bookingTerms(window, policy),
      assignedEvse: A,
    });
    expect(r.steps).toEqual([{ from: "active", to: "confirmed", at: T0 + HOUR }]);
    expect(r.reservation.activatedAt).toBeUndefined();
    expect(nextDeadline(r.reservation)).toBe(window.start - policy.earlyStart);
  });

  it("on any event sequence: only legal steps, exactly one terminal status, replays harmless", () => {
    const event = (at: number) =>
      fc.oneof(
        fc.constant<LifecycleEvent>({ type: "confirm", at }),
        fc.constant<LifecycleEvent>({ type: "tick", at }),
        fc.constantFrom("s1", "s2").map<LifecycleEvent>((sessionId) => ({ type: "consume", at, sessionId, evse: A })),
        fc
          .constantFrom("driver" as const, "operator" as const)
          .map<LifecycleEvent>((by) => ({ type: "cancel", at, by })),
        fc.constant<LifecycleEvent>({ type: "remove", at, reason: "evse_faulted" }),
        fc.integer({ min: 0, max: 4 * 60 }).map<LifecycleEvent>((m) => {
          const window = { start: T0 + m * MINUTE, end: T0 + m * MINUTE + HOUR };
          return { type: "reschedule", at, window, terms: bookingTerms(window, policy), assignedEvse: A };
        }),
      );
    const sequence = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 25 })
      .chain((gaps) => {
        let at = T0;
        const times = gaps.map(([g]) => (at += g * 5 * MINUTE));
        return fc.tuple(fc.tuple(...times.map(event)), fc.constant(gaps.map(([, replay]) => replay)));
      });
    fc.assert(
      fc.property(sequence, ([events, replays]) => {
        let r: Reservation = held;
        let terminalSteps = 0;
        for (const [i, e] of events.entries()) {
          const result = transition(r, e);
          for (const s of result.steps) {
            expect(LEGAL[s.from]).toContain(s.to);
            expect(s.at).toBeLessThanOrEqual(e.at);
            if (!isLive(s.to)) terminalSteps++;
          }
          if (!isLive(r.status)) expect(result.changed).toBe(false);
          r = result.reservation;
          expect(isLive(r.status)).toBe(r.ending === undefined);
          if (replays[i]) {
            const again = transition(r, e);
            if (e.type !== "reschedule") expect(again.changed).toBe(false);
            expect(again.steps.filter((s) => !isLive(s.to))).toEqual([]);
            r = again.reservation;
          }
        }
        expect(terminalSteps).toBe(isLive(r.status) ? 0 : 1);
      }),
      { numRuns: 300 },
    );
  });
});

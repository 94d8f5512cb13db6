import { DAY, HOUR, TransactionId } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currency } from "../money/currency.js";
import { compareMoney, isZeroMoney, type Money, money, zeroMoney } from "../money/money.js";
import type { PaymentCommand } from "./payment-commands.js";
import { DEFAULT_MACHINE_CONFIG, transition } from "./payment-machine.js";
import { PAYMENT_TRANSITIONS, type PaymentSession, STATE_PHASE, TERMINAL_STATES } from "./payment-session.js";
import type { PaymentIntent } from "./payment-store.js";

const EUR = currency("EUR");
const eur = (cents: number): Money => money((cents / 100).toFixed(2), "EUR");
const T0 = Date.UTC(2026, 0, 1);

function created(holdCents: number): PaymentSession {
  const zero = zeroMoney(EUR);
  return {
    id: "s",
    version: 1,
    state: "Created",
    currency: EUR,
    paymentMethod: "pm",
    methodKind: "card-present",
    holdAmount: eur(holdCents),
    costLimit: eur(holdCents),
    authorizedAmount: zero,
    increments: 0,
    incrementPending: false,
    capturedAmount: zero,
    refundedAmount: zero,
    receivableAmount: zero,
    captureFailures: 0,
    refunds: [],
    createdAt: T0,
    updatedAt: T0,
  };
}

type Step =
  | { kind: "command"; command: PaymentCommand }
  | { kind: "resolve"; pick: number; success: boolean; retryable: boolean }
  | { kind: "time"; ms: number };

const cents = fc.integer({ min: 0, max: 12_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("resolve" as const),
      pick: fc.nat(),
      success: fc.boolean(),
      retryable: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.constantFrom(HOUR, DAY, 3 * DAY, 30_000) }),
  },
  {
    weight: 5,
    arbitrary: fc
      .oneof(
        fc.constant<PaymentCommand>({ type: "authorize" }),
        fc.constant<PaymentCommand>({ type: "start", transactionId: TransactionId.of("tx") }),
        cents.map<PaymentCommand>((c) => ({ type: "running-cost", cost: eur(c) })),
        fc.constant<PaymentCommand>({ type: "stop" }),
        cents.map<PaymentCommand>((c) => ({ type: "price", cost: eur(c % 4 === 0 ? 0 : c) })),
        fc.constant<PaymentCommand>({ type: "cancel" }),
        fc
          .record({ id: fc.constantFrom("r1", "r2", "r3"), c: fc.integer({ min: 1, max: 6000 }) })
          .map<PaymentCommand>(({ id, c }) => ({ type: "refund", refundId: id, amount: eur(c) })),
        fc.constant<PaymentCommand>({ type: "hold.expired" }),
        fc.constant<PaymentCommand>({ type: "tick" }),
      )
      .map((command) => ({ kind: "command" as const, command })),
  },
);

/** Turns a pending intent into the provider outcome command. */
function outcome(
  session: PaymentSession,
  intent: Pick<PaymentIntent, "operation" | "amount" | "seq">,
  success: boolean,
  retryable: boolean,
  now: number,
): PaymentCommand {
  const decline = { code: "declined", message: "no", retryable };
  switch (intent.operation) {
    case "authorize":
      return success
        ? {
            type: "authorization.succeeded",
            ref: "pay_1",
            authorized: intent.amount as Money,
            expiresAt: now + 5 * DAY,
          }
        : { type: "authorization.declined", decline };
    case "increment":
      return success
        ? {
            type: "increment.succeeded",
            n: intent.seq ?? 0,
            authorized: intent.amount as Money,
            expiresAt: session.holdExpiresAt ?? now,
          }
        : { type: "increment.declined", n: intent.seq ?? 0, decline };
    case "capture":
      return success
        ? { type: "capture.succeeded", attempt: intent.seq ?? 1, captured: intent.amount as Money }
        : { type: "capture.failed", attempt: intent.seq ?? 1, decline };
    case "void":
      return success ? { type: "void.succeeded" } : { type: "void.failed", decline };
    case "refund":
      return success
        ? { type: "refund.succeeded", n: intent.seq ?? 1, refundRef: "re" }
        : { type: "refund.failed", n: intent.seq ?? 1, decline };
  }
}

const config = { ...DEFAULT_MACHINE_CONFIG, increment: { step: eur(2000), max: 2 } };

describe("payment state machine (pure)", () => {
  it("only takes table transitions, forward only, keeps terminal states, and never takes more than authorised", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 10_000 }), fc.array(step, { maxLength: 40 }), (hold, steps) => {
        let s = created(hold);
        let now = T0;
        let pending: Pick<PaymentIntent, "key" | "operation" | "amount" | "seq">[] = [];
        for (const st of steps) {
          let command: PaymentCommand;
          if (st.kind === "time") {
            now += st.ms;
            command = { type: "tick" };
          } else if (st.kind === "resolve") {
            if (pending.length === 0) continue;
            const intent = pending[st.pick % pending.length] as (typeof pending)[number];
            command = outcome(s, intent, st.success, st.retryable, now);
          } else command = st.command;
          const r = transition(s, command, now, config);
          if (!r.ok) {
            expect(["INVALID_STATE", "INVALID_AMOUNT", "CONFLICT"]).toContain(r.error.code);
            continue;
          }
          const t = r.value;
          const next = t.session;
          if (t.changed) {
            let from = s.state;
            for (const to of t.path) {
              expect(PAYMENT_TRANSITIONS[from], `${from} → ${to}`).toContain(to);
              expect(STATE_PHASE[to]).toBeGreaterThanOrEqual(STATE_PHASE[from]);
              from = to;
            }
            expect(from).toBe(next.state);
            if (TERMINAL_STATES.has(s.state)) expect(next.state).toBe(s.state);
          } else {
            expect(next).toBe(s);
          }
          // replaying the same command at once changes nothing and records no provider operation
          const replay = transition(next, command, now, config);
          if (replay.ok) {
            expect(replay.value.changed).toBe(false);
            expect(replay.value.addIntents).toEqual([]);
          }
          // money invariants
          expect(compareMoney(next.capturedAmount, next.authorizedAmount)).toBeLessThanOrEqual(0);
          expect(compareMoney(next.refundedAmount, next.capturedAmount)).toBeLessThanOrEqual(0);
          for (const i of t.addIntents) {
            if (i.operation === "capture") {
              expect(isZeroMoney(i.amount as Money)).toBe(false);
              expect(compareMoney(i.amount as Money, next.authorizedAmount)).toBeLessThanOrEqual(0);
              const cost = next.finalCost as Money;
              const expected = compareMoney(cost, next.authorizedAmount) <= 0 ? cost : next.authorizedAmount;
              expect(i.amount).toEqual(expected);
            }
            if (i.operation === "void" && next.finalCost !== undefined) expect(isZeroMoney(next.finalCost)).toBe(true);
          }
          if (next.finalCost !== undefined && (next.state === "Captured" || next.state === "Receivable")) {
            // nothing is dropped: captured + receivable = final cost
            const covered = Number(next.capturedAmount.amount) + Number(next.receivableAmount.amount);
            expect(covered).toBeCloseTo(Number(next.finalCost.amount), 9);
          }
          pending = pending.filter((p) => !t.completeIntents.includes(p.key)).concat(t.addIntents);
          s = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a state not in the table has no way out, and the table only points forward", () => {
    for (const [from, targets] of Object.entries(PAYMENT_TRANSITIONS)) {
      for (const to of targets)
        expect(STATE_PHASE[to as keyof typeof STATE_PHASE]).toBeGreaterThanOrEqual(
          STATE_PHASE[from as keyof typeof STATE_PHASE],
        );
      if (TERMINAL_STATES.has(from as never)) expect(targets).toEqual([]);
    }
  });
});

import { MINUTE, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Money, money } from "../money/money.js";
import { createMemoryPaymentProvider } from "../testing/memory-payment-provider.js";
import { createMemoryPaymentStore } from "./memory-payment-store.js";
import { createPaymentService, type PaymentService } from "./payment-service.js";

// Replaying any command any number of times gives the same state and no extra provider call: a scenario run with
// every command sent once and the same scenario with every command repeated end in identical sessions, identical
// provider call logs and identical audit trails.

const eur = (cents: number): Money => money((cents / 100).toFixed(2), "EUR");

type Command =
  | { kind: "open"; hold: number }
  | { kind: "start" }
  | { kind: "running"; cents: number }
  | { kind: "stop" }
  | { kind: "finalize"; cents: number }
  | { kind: "cancel" }
  | { kind: "refund"; id: string; cents: number }
  | { kind: "recover" };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("start" as const) }),
  fc.record({ kind: fc.constant("running" as const), cents: fc.integer({ min: 0, max: 9000 }) }),
  fc.record({ kind: fc.constant("stop" as const) }),
  fc.record({
    kind: fc.constant("finalize" as const),
    cents: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9000 })),
  }),
  fc.record({ kind: fc.constant("cancel" as const) }),
  fc.record({
    kind: fc.constant("refund" as const),
    id: fc.constantFrom("r1", "r2"),
    cents: fc.integer({ min: 1, max: 3000 }),
  }),
  fc.record({ kind: fc.constant("recover" as const) }),
);

async function send(service: PaymentService, c: Command, withId: boolean, i: number): Promise<unknown> {
  const o = withId ? { commandId: `c${i}` } : {};
  switch (c.kind) {
    case "open":
      return service.open({ sessionId: "s", paymentMethod: "pm", methodKind: "wallet", holdAmount: eur(c.hold) }, o);
    case "start":
      return service.start("s", TransactionId.of("tx"), o);
    case "running":
      return service.reportRunningCost("s", eur(c.cents), o);
    case "stop":
      return service.stop("s", o);
    case "finalize":
      return service.finalize("s", eur(c.cents), o);
    case "cancel":
      return service.cancel("s", o);
    case "refund":
      return service.refund("s", { refundId: c.id, amount: eur(c.cents) }, o);
    case "recover":
      return service.recover();
  }
}

async function run(script: Command[], repeats: number[], withIds: boolean[]) {
  const clock = createManualClock(Date.UTC(2026, 4, 1));
  const store = createMemoryPaymentStore();
  const provider = createMemoryPaymentProvider({
    clock,
    capabilities: { incrementalAuthorization: true },
    incrementCeiling: eur(12_000),
  });
  const service = createPaymentService({
    store,
    provider,
    clock,
    owner: "p",
    machine: { increment: { step: eur(2000), max: 2 } },
  });
  const answers: unknown[] = [];
  for (const [i, c] of script.entries()) {
    let answer: unknown;
    for (let r = 0; r < (repeats[i] ?? 1); r++) answer = await send(service, c, withIds[i] ?? false, i);
    answers.push(answer);
    clock.advance(MINUTE);
  }
  return { session: await store.get("s"), calls: provider.calls, audit: await store.auditTrail("s"), answers };
}

describe("command replay", () => {
  it("repeating any command any number of times gives the same state, answers and provider calls", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 500, max: 8000 }),
        fc.array(command, { maxLength: 14 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 15, maxLength: 15 }),
        fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
        async (hold, rest, repeats, withIds) => {
          const script: Command[] = [{ kind: "open", hold }, ...rest];
          const once = await run(script, [], withIds);
          const many = await run(script, repeats, withIds);
          expect(many.session).toEqual(once.session);
          expect(many.calls).toEqual(once.calls);
          expect(many.audit).toEqual(once.audit);
          expect(many.answers).toEqual(once.answers);
        },
      ),
      { numRuns: 200 },
    );
  });
});

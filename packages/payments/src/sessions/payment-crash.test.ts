import { HOUR, MINUTE, TransactionId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareMoney, isZeroMoney, type Money, minMoney, money } from "../money/money.js";
import { createCrashingStore, type StoreStep } from "../testing/crashing-store.js";
import {
  createMemoryPaymentProvider,
  type MemoryPaymentProvider,
  type ProviderFault,
  SimulatedCrash,
} from "../testing/memory-payment-provider.js";
import { createMemoryPaymentStore } from "./memory-payment-store.js";
import { createPaymentService, type PaymentService } from "./payment-service.js";
import type { PaymentStore } from "./payment-store.js";

// The crash-safety property: whatever step the process dies at — before or after any store write, before or after
// any provider call, or on a lost provider answer — a new process that replays the CSMS's commands (as a station
// re-sends unanswered transaction events) and runs recovery ends with exactly one capture of min(cost, hold).

const eur = (cents: number): Money => money((cents / 100).toFixed(2), "EUR");
const tx = TransactionId.of("tx-crash");
/** Recovery soon after the crash, and 25 hours later (past the provider's 24-hour idempotency-key memory). */
const DELAYS = [0, 25 * HOUR];

interface Env {
  clock: ReturnType<typeof createManualClock>;
  store: PaymentStore;
  provider: MemoryPaymentProvider;
}

function env(): Env {
  const clock = createManualClock(Date.UTC(2026, 2, 1, 12));
  // multiCapture: a capture with a new key would take money again, so only exact key reuse passes
  return {
    clock,
    store: createMemoryPaymentStore(),
    provider: createMemoryPaymentProvider({ clock, capabilities: { multiCapture: true } }),
  };
}

async function commands(service: PaymentService, hold: Money, cost: Money): Promise<void> {
  const ignore = () => undefined; // a refused command (e.g. start before the hold is known) is sent again later
  await service.open(
    { sessionId: "s", paymentMethod: "pm", methodKind: "card-present", holdAmount: hold },
    { commandId: "open" },
  );
  await service.start("s", tx, { commandId: "start" }).then(ignore);
  await service.stop("s", { commandId: "stop" }).then(ignore);
  await service.finalize("s", cost, { commandId: "end" }).then(ignore);
}

/** The surviving process: replays the commands and recovers until the session is settled. */
async function recoverAndSettle(e: Env, hold: Money, cost: Money, delay: number): Promise<void> {
  const service = createPaymentService({ store: e.store, provider: e.provider, clock: e.clock, owner: "survivor" });
  e.clock.advance(delay); // late recoveries find the provider's idempotency keys pruned: only reconciliation helps
  for (let round = 0; round < 8; round++) {
    e.clock.advance(3 * MINUTE); // past the dead process's leases and the unknown-outcome backoff
    await service.recover();
    await commands(service, hold, cost);
    const s = await e.store.get("s");
    const pending = (await e.store.intentsOf("s")).filter((i) => i.status === "pending");
    if (s !== undefined && (s.state === "Captured" || s.state === "Voided") && pending.length === 0) return;
  }
}

async function expectSettled(e: Env, hold: Money, cost: Money, label: string): Promise<void> {
  const s = await e.store.get("s");
  const captures = e.provider.effects.filter((x) => x.operation === "capture");
  if (isZeroMoney(cost)) {
    expect(s?.state, label).toBe("Voided");
    expect(captures, label).toEqual([]);
    return;
  }
  const expected = minMoney(cost, hold);
  expect(s?.state, label).toBe("Captured");
  expect(
    captures.map((c) => c.amount),
    label,
  ).toEqual([expected]);
  expect(s?.capturedAmount, label).toEqual(expected);
  expect(Number(s?.receivableAmount.amount), label).toBeCloseTo(Number(cost.amount) - Number(expected.amount), 9);
  expect(
    e.provider.effects.filter((x) => x.operation === "authorize"),
    label,
  ).toHaveLength(1);
}

describe("crash at every step, then recovery", () => {
  it("ends with exactly one capture of the right amount, wherever the process died", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 10_000 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 15_000 })),
        async (holdCents, costCents) => {
          const hold = eur(holdCents);
          const cost = eur(costCents);
          // a clean run counts the steps
          const clean = env();
          const counted: StoreStep[] = [];
          const cleanStore = createCrashingStore(clean.store, (s) => {
            if (s.phase === "before") counted.push(s);
            return false;
          });
          await commands(
            createPaymentService({ store: cleanStore, provider: clean.provider, clock: clean.clock, owner: "p1" }),
            hold,
            cost,
          );
          await expectSettled(clean, hold, cost, "clean run");
          const providerCalls = clean.provider.calls.length;

          const storeCrashes = counted.flatMap((s) =>
            (["before", "after"] as const).map((phase) => ({ index: s.index, phase })),
          );
          for (const point of storeCrashes) {
            for (const delay of DELAYS) {
              const e = env();
              const store = createCrashingStore(e.store, (s) => s.index === point.index && s.phase === point.phase);
              const dying = createPaymentService({ store, provider: e.provider, clock: e.clock, owner: "p1" });
              await expect(commands(dying, hold, cost)).rejects.toBeInstanceOf(SimulatedCrash);
              await recoverAndSettle(e, hold, cost, delay);
              await expectSettled(
                e,
                hold,
                cost,
                `store ${point.phase} write #${point.index}, recovery after ${delay} ms`,
              );
            }
          }
          const faults: Extract<ProviderFault, { when: string }>[] = [
            { kind: "crash", when: "before" },
            { kind: "crash", when: "after" },
            { kind: "timeout", when: "before" },
            { kind: "timeout", when: "after" },
          ];
          for (let call = 0; call < providerCalls; call++) {
            for (const [fault, delay] of faults.flatMap((f) => DELAYS.map((d) => [f, d] as const))) {
              const e = env();
              let fired = false;
              e.provider.setFaultPlan((c) => {
                if (fired || c.index !== call) return undefined;
                fired = true;
                return fault;
              });
              const dying = createPaymentService({ store: e.store, provider: e.provider, clock: e.clock, owner: "p1" });
              try {
                await commands(dying, hold, cost);
              } catch (error) {
                expect(error).toBeInstanceOf(SimulatedCrash);
              }
              await recoverAndSettle(e, hold, cost, delay);
              await expectSettled(
                e,
                hold,
                cost,
                `provider call #${call}: ${fault.kind} ${fault.when}, after ${delay} ms`,
              );
            }
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it("two processes finalizing the same session at once make exactly one capture call", async () => {
    const e = env();
    const a = createPaymentService({ store: e.store, provider: e.provider, clock: e.clock, owner: "a" });
    const b = createPaymentService({ store: e.store, provider: e.provider, clock: e.clock, owner: "b" });
    await a.open({ sessionId: "s", paymentMethod: "pm", methodKind: "card-present", holdAmount: eur(5000) });
    await a.start("s", tx);
    const [ra, rb] = await Promise.all([a.finalize("s", eur(1234)), b.finalize("s", eur(1234))]);
    expect(ra.ok && rb.ok).toBe(true);
    expect(e.provider.calls.filter((c) => c.operation === "capture")).toHaveLength(1);
    expect((await e.store.get("s"))?.capturedAmount).toEqual(eur(1234));
  });
});

describe("random faults (declines, timeouts, crashes) with recovery", () => {
  it("never captures twice, never more than authorised, never refunds more than captured, never loses the cost", async () => {
    const fault = fc.option(
      fc.constantFrom<ProviderFault>(
        { kind: "timeout", when: "before" },
        { kind: "timeout", when: "after" },
        { kind: "crash", when: "after" },
        { kind: "decline", code: "processing_error", retryable: true },
      ),
      { freq: 3, nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 10_000 }),
        fc.integer({ min: 1, max: 15_000 }),
        fc.array(fault, { maxLength: 12 }),
        fc.integer({ min: 0, max: 100 }),
        async (holdCents, costCents, plan, refundPercent) => {
          const e = env();
          const hold = eur(holdCents);
          const cost = eur(costCents);
          e.provider.setFaultPlan((c) =>
            c.operation === "authorize" && plan[c.index]?.kind === "decline" ? undefined : plan[c.index],
          );
          let service = createPaymentService({ store: e.store, provider: e.provider, clock: e.clock, owner: "p0" });
          for (let round = 0; round < 12; round++) {
            try {
              await commands(service, hold, cost);
              e.clock.advance(20 * MINUTE);
              await service.recover();
            } catch (error) {
              expect(error).toBeInstanceOf(SimulatedCrash);
              service = createPaymentService({
                store: e.store,
                provider: e.provider,
                clock: e.clock,
                owner: `p${round + 1}`,
              });
            }
          }
          const s = await e.store.get("s");
          if (s === undefined) throw new Error("session lost");
          const captures = e.provider.effects.filter((x) => x.operation === "capture");
          expect(captures.length).toBeLessThanOrEqual(1);
          expect(compareMoney(s.capturedAmount, s.authorizedAmount)).toBeLessThanOrEqual(0);
          if (s.state === "Captured") {
            expect(captures.map((c) => c.amount)).toEqual([s.capturedAmount]);
            expect(Number(s.capturedAmount.amount) + Number(s.receivableAmount.amount)).toBeCloseTo(
              Number(cost.amount),
              9,
            );
            const refund = eur(Math.floor((Number(s.capturedAmount.amount) * 100 * refundPercent) / 100));
            if (!isZeroMoney(refund)) {
              for (let round = 0; round < 12; round++) {
                try {
                  await service.refund("s", { refundId: "r1", amount: refund });
                  e.clock.advance(20 * MINUTE);
                  await service.recover();
                } catch (error) {
                  expect(error).toBeInstanceOf(SimulatedCrash);
                  service = createPaymentService({
                    store: e.store,
                    provider: e.provider,
                    clock: e.clock,
                    owner: `r${round}`,
                  });
                }
              }
              const after = await e.store.get("s");
              const refunds = e.provider.effects.filter((x) => x.operation === "refund");
              expect(refunds.length).toBeLessThanOrEqual(1);
              const settled = (await e.store.intentsOf("s")).every((i) => i.status === "done");
              if (settled) expect(after?.refundedAmount).toEqual(refunds.length === 1 ? refund : eur(0));
              expect(
                compareMoney(after?.refundedAmount ?? refund, after?.capturedAmount ?? refund),
              ).toBeLessThanOrEqual(0);
            }
          } else {
            // no capture happened: the cost is either still being settled, or owed as a receivable, never dropped
            expect(captures).toEqual([]);
            if (s.state === "Receivable") expect(s.receivableAmount).toEqual(cost);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

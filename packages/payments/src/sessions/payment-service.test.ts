import { DAY, HOUR, MINUTE, TransactionId, unwrap } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { money } from "../money/money.js";
import { createMemoryPaymentProvider, type MemoryPaymentProviderOptions } from "../testing/memory-payment-provider.js";
import { createMemoryPaymentStore } from "./memory-payment-store.js";
import type { PaymentEvents } from "./payment-events.js";
import { createPaymentService, type PaymentServiceOptions } from "./payment-service.js";

const eur = (a: string) => money(a, "EUR");
const tx = TransactionId.of("tx-1");

function setup(
  providerOptions: Partial<MemoryPaymentProviderOptions> = {},
  machine: PaymentServiceOptions["machine"] = {},
) {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const store = createMemoryPaymentStore();
  const provider = createMemoryPaymentProvider({ clock, ...providerOptions });
  const service = createPaymentService({ store, provider, clock, owner: "p1", machine });
  const seen: { name: string; payload: unknown }[] = [];
  const names: (keyof PaymentEvents)[] = [
    "payment:authorized",
    "payment:declined",
    "payment:stop-requested",
    "payment:hold-increased",
    "payment:captured",
    "payment:capture-failed",
    "payment:receivable",
    "payment:voided",
    "payment:expired",
    "payment:refunded",
    "payment:refund-failed",
  ];
  for (const name of names) service.events.on(name, (payload: unknown) => seen.push({ name, payload }));
  const open = (hold = "50", paymentMethod = "pm_card") =>
    service.open({ sessionId: "s1", paymentMethod, methodKind: "card-not-present", holdAmount: eur(hold) });
  return { clock, store, provider, service, seen, open };
}

describe("payment service", () => {
  it("holds, captures the final cost and releases the rest", async () => {
    const { service, provider, open, seen } = setup();
    const opened = unwrap(await open());
    expect(opened.state).toBe("Authorized");
    expect(opened.authorizedAmount).toEqual(eur("50"));
    unwrap(await service.start("s1", tx));
    unwrap(await service.stop("s1"));
    const done = unwrap(await service.finalize("s1", eur("12.34")));
    expect(done.state).toBe("Captured");
    expect(done.capturedAmount).toEqual(eur("12.34"));
    expect(provider.effects.map((e) => [e.operation, e.idempotencyKey, e.amount?.amount])).toEqual([
      ["authorize", "s1:auth", "50"],
      ["capture", "s1:capture", "12.34"],
    ]);
    expect(seen.map((e) => e.name)).toEqual(["payment:authorized", "payment:captured"]);
  });

  it("captures at most the hold and records the shortfall as a receivable", async () => {
    const { service, open, seen } = setup();
    await open("20");
    await service.start("s1", tx);
    const done = unwrap(await service.finalize("s1", eur("26.80")));
    expect(done.capturedAmount).toEqual(eur("20"));
    expect(done.receivableAmount).toEqual(eur("6.8"));
    expect(seen.find((e) => e.name === "payment:receivable")?.payload).toEqual({ sessionId: "s1", amount: eur("6.8") });
  });

  it("voids a zero-cost session instead of capturing 0", async () => {
    const { service, provider, open } = setup();
    await open();
    await service.start("s1", tx);
    const done = unwrap(await service.finalize("s1", eur("0")));
    expect(done.state).toBe("Voided");
    expect(provider.calls.map((c) => c.operation)).toEqual(["authorize", "void"]);
  });

  it("answers a declined hold and refuses to start on it", async () => {
    const { service, open } = setup({ declinedMethods: { pm_bad: "insufficient_funds" } });
    const opened = unwrap(await open("50", "pm_bad"));
    expect(opened.state).toBe("Declined");
    expect(opened.lastError).toContain("insufficient_funds");
    const start = await service.start("s1", tx);
    expect(start.ok).toBe(false);
  });

  it("asks to stop at the cost limit minus the margin, once", async () => {
    const { service, open, seen } = setup({}, { limitMargin: eur("2") });
    await open("30");
    await service.start("s1", tx);
    await service.reportRunningCost("s1", eur("27.99"));
    expect(seen.filter((e) => e.name === "payment:stop-requested")).toHaveLength(0);
    await service.reportRunningCost("s1", eur("28"));
    await service.reportRunningCost("s1", eur("29"));
    const stops = seen.filter((e) => e.name === "payment:stop-requested");
    expect(stops).toEqual([
      {
        name: "payment:stop-requested",
        payload: { sessionId: "s1", transactionId: tx, reason: "cost-limit", runningCost: eur("28"), limit: eur("30") },
      },
    ]);
  });

  it("raises the hold instead of stopping when the provider supports incremental authorization", async () => {
    const { service, provider, open, seen } = setup(
      { capabilities: { incrementalAuthorization: true }, incrementCeiling: eur("60") },
      { increment: { step: eur("20"), max: 3 } },
    );
    await open("30");
    await service.start("s1", tx);
    const raised = unwrap(await service.reportRunningCost("s1", eur("30")));
    expect(raised.state).toBe("Active");
    expect(raised.authorizedAmount).toEqual(eur("50"));
    await service.reportRunningCost("s1", eur("50"));
    const capped = unwrap(await service.reportRunningCost("s1", eur("50.5")));
    // the second increment (to 70) is above what the card holds: declined, so the session is asked to stop
    expect(capped.authorizedAmount).toEqual(eur("50"));
    expect(seen.filter((e) => e.name === "payment:stop-requested")).toHaveLength(1);
    const done = unwrap(await service.finalize("s1", eur("55")));
    expect(done.capturedAmount).toEqual(eur("50"));
    expect(done.receivableAmount).toEqual(eur("5"));
    expect(provider.effects.map((e) => e.operation)).toEqual(["authorize", "increment", "capture"]);
  });

  it("retries a retryable capture failure on the clock with a new key, then captures", async () => {
    const { service, provider, clock, open, seen } = setup();
    await open();
    await service.start("s1", tx);
    provider.failNext("capture", { kind: "decline", code: "processing_error", retryable: true });
    const failed = unwrap(await service.finalize("s1", eur("10")));
    expect(failed.state).toBe("CaptureFailed");
    expect(failed.wakeAt).toBe(clock.now() + 30_000);
    await clock.advanceAsync(30_000);
    await service.recover();
    const done = await service.get("s1");
    expect(done?.state).toBe("Captured");
    expect(provider.calls.filter((c) => c.operation === "capture").map((c) => c.idempotencyKey)).toEqual([
      "s1:capture",
      "s1:capture:2",
    ]);
    expect(seen.find((e) => e.name === "payment:capture-failed")?.payload).toMatchObject({ willRetry: true });
  });

  it("gives up retrying when the next attempt would fall after the capture deadline: the cost becomes a receivable", async () => {
    const { service, provider, clock, open } = setup({ holdValidity: { "card-not-present": HOUR + 20_000 } });
    await open();
    await service.start("s1", tx);
    // capture deadline = hold expiry − 1 h margin = 20 s from now; the first retry would be in 30 s
    provider.failNext("capture", { kind: "decline", code: "processing_error", retryable: true });
    const failed = unwrap(await service.finalize("s1", eur("10")));
    expect(failed.state).toBe("Receivable");
    expect(failed.receivableAmount).toEqual(eur("10"));
    expect(clock.now()).toBeLessThan(failed.holdExpiresAt ?? 0);
  });

  it("runs recovery on the clock with the worker", async () => {
    const { service, provider, clock, open } = setup();
    await open();
    await service.start("s1", tx);
    provider.failNext("capture", { kind: "timeout", when: "before" });
    expect(unwrap(await service.finalize("s1", eur("7"))).state).toBe("Capturing");
    const stop = service.startWorker(60_000);
    await clock.advanceAsync(2 * 60_000);
    stop();
    expect((await service.get("s1"))?.state).toBe("Captured");
    expect(provider.effects.filter((e) => e.operation === "capture")).toHaveLength(1);
  });

  it("records the whole cost as a receivable when the hold lapsed before the cost was known", async () => {
    const { service, clock, open } = setup({ holdValidity: { "card-not-present": 2 * DAY } });
    await open();
    await service.start("s1", tx);
    await clock.advanceAsync(2 * DAY);
    await service.recover();
    expect((await service.get("s1"))?.state).toBe("Expired");
    const done = unwrap(await service.finalize("s1", eur("15")));
    expect(done.state).toBe("Receivable");
    expect(done.receivableAmount).toEqual(eur("15"));
  });

  it("asks an active session to stop before the capture deadline", async () => {
    const { service, clock, open, seen } = setup({ holdValidity: { "card-not-present": 10 * HOUR } });
    await open();
    await service.start("s1", tx);
    // hold lapses at 10 h, captures by 9 h, stop requested at 8 h
    await clock.advanceAsync(8 * HOUR - MINUTE);
    await service.recover();
    expect(seen.some((e) => e.name === "payment:stop-requested")).toBe(false);
    await clock.advanceAsync(MINUTE);
    await service.recover();
    expect(seen.find((e) => e.name === "payment:stop-requested")?.payload).toMatchObject({ reason: "hold-expiring" });
  });

  it("refunds partially and fully, never more than captured", async () => {
    const { service, open } = setup();
    await open();
    await service.start("s1", tx);
    await service.finalize("s1", eur("20"));
    const part = unwrap(await service.refund("s1", { refundId: "r1", amount: eur("5") }));
    expect(part.state).toBe("PartiallyRefunded");
    const tooMuch = await service.refund("s1", { refundId: "r2", amount: eur("15.01") });
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok) expect(tooMuch.error.code).toBe("INVALID_AMOUNT");
    const rest = unwrap(await service.refund("s1", { refundId: "r2", amount: eur("15") }));
    expect(rest.state).toBe("Refunded");
    expect(rest.refundedAmount).toEqual(eur("20"));
    const again = unwrap(await service.refund("s1", { refundId: "r2", amount: eur("15") }));
    expect(again.version).toBe(rest.version);
  });

  it("cancels an unused hold", async () => {
    const { service, provider, open } = setup();
    await open();
    const cancelled = unwrap(await service.cancel("s1"));
    expect(cancelled.state).toBe("Voided");
    expect(provider.effects.map((e) => e.operation)).toEqual(["authorize", "void"]);
  });

  it("resumes a capture whose answer was lost (timeout after the effect) without capturing twice", async () => {
    const { service, provider, clock, open } = setup();
    await open();
    await service.start("s1", tx);
    provider.failNext("capture", { kind: "timeout", when: "after" });
    const pending = unwrap(await service.finalize("s1", eur("9.99")));
    expect(pending.state).toBe("Capturing");
    await clock.advanceAsync(10 * MINUTE);
    await service.recover();
    expect((await service.get("s1"))?.state).toBe("Captured");
    expect(provider.effects.filter((e) => e.operation === "capture")).toHaveLength(1);
    // reconciliation found the capture at the provider: no second capture call
    expect(provider.calls.filter((c) => c.operation === "capture")).toHaveLength(1);
  });

  it("ignores duplicate webhooks", async () => {
    const { service, provider, open } = setup({ duplicateWebhooks: true });
    provider.subscribe((e) => void service.handleProviderEvent(e));
    await open();
    await service.start("s1", tx);
    await service.finalize("s1", eur("3"));
    provider.redeliver();
    await new Promise((r) => setTimeout(r, 0));
    expect(provider.effects.filter((e) => e.operation === "capture")).toHaveLength(1);
    expect((await service.get("s1"))?.state).toBe("Captured");
  });

  it("replays a command with the same command id without doing anything", async () => {
    const { service, provider, open } = setup();
    await open();
    await service.start("s1", tx, { commandId: "tx-1:started" });
    const first = unwrap(await service.finalize("s1", eur("4"), { commandId: "tx-1:ended" }));
    const again = unwrap(await service.finalize("s1", eur("4"), { commandId: "tx-1:ended" }));
    expect(again).toEqual(first);
    const conflicting = await service.finalize("s1", eur("5"));
    expect(conflicting.ok).toBe(false);
    expect(provider.calls.filter((c) => c.operation === "capture")).toHaveLength(1);
  });
});

import { TransactionId } from "@chargekit/core";
import { createManualClock, defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import { currency } from "../money/currency.js";
import { money, zeroMoney } from "../money/money.js";
import { createPaymentService } from "../sessions/payment-service.js";
import type { PaymentSession } from "../sessions/payment-session.js";
import type { PaymentIntent, PaymentStore, PaymentStoreCapability } from "../sessions/payment-store.js";
import { createMemoryPaymentProvider } from "./memory-payment-provider.js";

const EUR = currency("EUR");
const T0 = Date.UTC(2026, 0, 1);

function session(id: string, patch: Partial<PaymentSession> = {}): PaymentSession {
  const zero = zeroMoney(EUR);
  return {
    id,
    version: 1,
    state: "Authorizing",
    currency: EUR,
    paymentMethod: "pm",
    methodKind: "card-present",
    holdAmount: money("50", "EUR"),
    costLimit: money("50", "EUR"),
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
    ...patch,
  };
}

function intent(sessionId: string, key: string, patch: Partial<PaymentIntent> = {}): PaymentIntent {
  return {
    key,
    sessionId,
    operation: "capture",
    amount: money("12.34", "EUR"),
    seq: 1,
    status: "pending",
    attempts: 0,
    notBefore: T0,
    createdAt: T0,
    ...patch,
  };
}

const bump = (s: PaymentSession, patch: Partial<PaymentSession> = {}): PaymentSession => ({
  ...s,
  ...patch,
  version: s.version + 1,
});

/**
 * The behavioural contract of a {@link PaymentStore}, for the memory store and every database adapter: atomic
 * commits, compare-and-set under concurrency (exactly one winner), unique intent and idempotency keys, intent
 * leases (exactly one claimant), due-session and pending-intent queries, copies, exact money text, and, end to end,
 * that two payment services finalizing the same session concurrently make exactly one capture call.
 *
 * @example
 * ```ts
 * describePaymentStoreContract("memory", () => createMemoryPaymentStore());
 * describePaymentStoreContract("postgres", () => createPostgresPaymentStore(pool), { dispose: truncate });
 * ```
 * @category Testing
 */
export const describePaymentStoreContract = defineContractSuite<PaymentStore, PaymentStoreCapability>(
  "PaymentStore",
  (t) => {
    t.test("creates, reads back exactly, and refuses a second create of the same id", async () => {
      const store = t.subject();
      const s = session("s1", {
        holdAmount: money("12345678901234567890.12", "EUR"),
        receivableAmount: money("0.1", "EUR"),
      });
      expect(await store.create(s, { addIntents: [intent("s1", "s1:auth", { operation: "authorize" })] })).toEqual({
        ok: true,
      });
      expect(await store.get("s1")).toEqual(s);
      expect(await store.create(session("s1"))).toEqual({ ok: false, reason: "already-exists" });
      expect(await store.get("nope")).toBeUndefined();
      expect((await store.getIntent("s1:auth"))?.operation).toBe("authorize");
    });

    t.test("returns copies: changing a returned record changes nothing stored", async () => {
      const store = t.subject();
      await store.create(session("s1"));
      const read = (await store.get("s1")) as unknown as { state: string; refunds: unknown[] };
      read.state = "Captured";
      read.refunds.push({});
      expect((await store.get("s1"))?.state).toBe("Authorizing");
      expect((await store.get("s1"))?.refunds).toEqual([]);
    });

    t.test("commits with compare-and-set; a stale commit writes nothing at all", async () => {
      const store = t.subject();
      const s = session("s1");
      await store.create(s);
      const next = bump(s, { state: "Authorized" });
      expect(
        await store.commit({
          session: next,
          expectedVersion: 1,
          events: [{ sessionId: "s1", at: T0, version: 2, type: "a" }],
        }),
      ).toEqual({ ok: true });
      const stale = await store.commit({
        session: bump(s, { state: "Declined" }),
        expectedVersion: 1,
        addIntents: [intent("s1", "s1:capture")],
        idempotency: [{ key: "cmd:x", sessionId: "s1", response: 1, at: T0 }],
        events: [{ sessionId: "s1", at: T0, version: 2, type: "b" }],
      });
      expect(stale).toEqual({ ok: false, reason: "version-conflict" });
      expect((await store.get("s1"))?.state).toBe("Authorized");
      expect(await store.getIntent("s1:capture")).toBeUndefined();
      expect(await store.getIdempotency("cmd:x")).toBeUndefined();
      expect((await store.auditTrail("s1")).map((e) => e.type)).toEqual(["a"]);
      expect(await store.commit({ session: bump(session("zz")), expectedVersion: 1 })).toEqual({
        ok: false,
        reason: "not-found",
      });
    });

    t.test("of concurrent commits from the same version exactly one succeeds", async () => {
      const store = t.subject();
      const s = session("s1");
      await store.create(s);
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          store.commit({
            session: bump(s, { state: "Capturing" }),
            expectedVersion: 1,
            addIntents: [intent("s1", `s1:capture:${n}`)],
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "version-conflict")).toBe(true);
      expect((await store.intentsOf("s1")).filter((i) => i.operation === "capture")).toHaveLength(1);
      expect((await store.get("s1"))?.version).toBe(2);
    });

    t.test("refuses a whole commit that repeats an intent key or an idempotency key", async () => {
      const store = t.subject();
      const s = session("s1");
      await store.create(s, {
        addIntents: [intent("s1", "s1:capture")],
        idempotency: [{ key: "cmd:1", sessionId: "s1", response: "first", at: T0 }],
      });
      expect(
        await store.commit({ session: bump(s), expectedVersion: 1, addIntents: [intent("s1", "s1:capture")] }),
      ).toEqual({
        ok: false,
        reason: "duplicate-intent",
      });
      expect(
        await store.commit({
          session: bump(s),
          expectedVersion: 1,
          idempotency: [{ key: "cmd:1", sessionId: "s1", response: "second", at: T0 }],
        }),
      ).toEqual({ ok: false, reason: "duplicate-command" });
      expect((await store.get("s1"))?.version).toBe(1);
      expect((await store.getIdempotency("cmd:1"))?.response).toBe("first");
    });

    t.test("completes intents in the commit and lists only pending, due, unleased ones, oldest first", async () => {
      const store = t.subject();
      const s = session("s1");
      await store.create(s, {
        addIntents: [
          intent("s1", "a", { createdAt: T0 + 2 }),
          intent("s1", "b", { createdAt: T0 + 1 }),
          intent("s1", "c", { notBefore: T0 + 1000 }),
          intent("s1", "d", { lease: { owner: "p", until: T0 + 500 } }),
        ],
      });
      expect((await store.pendingIntents({ now: T0, limit: 10 })).map((i) => i.key)).toEqual(["b", "a"]);
      expect((await store.pendingIntents({ now: T0, limit: 1 })).map((i) => i.key)).toEqual(["b"]);
      await store.commit({ session: bump(s), expectedVersion: 1, completeIntents: ["a"] });
      expect((await store.getIntent("a"))?.status).toBe("done");
      expect((await store.pendingIntents({ now: T0 + 1000, limit: 10 })).map((i) => i.key).sort()).toEqual([
        "b",
        "c",
        "d",
      ]);
    });

    t.test("gives an intent's lease to exactly one of concurrent claimants, and again once it ran out", async () => {
      const store = t.subject();
      await store.create(session("s1"), { addIntents: [intent("s1", "k")] });
      const claims = await Promise.all(
        ["p1", "p2", "p3"].map((owner) => store.claimIntent("k", { owner, until: T0 + 100, now: T0 })),
      );
      const winners = claims.filter((c) => c !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.claimIntent("k", { owner: "late", until: T0 + 200, now: T0 + 99 })).toBeUndefined();
      expect((await store.claimIntent("k", { owner: "late", until: T0 + 300, now: T0 + 100 }))?.lease).toEqual({
        owner: "late",
        until: T0 + 300,
      });
    });

    t.test("lets only the lease owner release an intent, counting the attempt and setting the backoff", async () => {
      const store = t.subject();
      await store.create(session("s1"), { addIntents: [intent("s1", "k")] });
      await store.claimIntent("k", { owner: "p1", until: T0 + 100, now: T0 });
      expect(await store.releaseIntent("k", { owner: "p2", notBefore: T0 + 50 })).toBe(false);
      expect(await store.releaseIntent("k", { owner: "p1", notBefore: T0 + 50 })).toBe(true);
      const released = await store.getIntent("k");
      expect(released?.attempts).toBe(1);
      expect(released?.notBefore).toBe(T0 + 50);
      expect(released?.lease).toBeUndefined();
      expect(await store.pendingIntents({ now: T0 + 49, limit: 5 })).toEqual([]);
    });

    t.test("finds sessions by transaction and lists due sessions by wake time", async () => {
      const store = t.subject();
      await store.create(session("a", { wakeAt: T0 + 20 }));
      await store.create(session("b", { wakeAt: T0 + 10 }));
      await store.create(session("c"));
      const b = (await store.get("b")) as PaymentSession;
      await store.commit({
        session: bump(b, { transactionId: TransactionId.of("tx-9"), wakeAt: T0 + 5 }),
        expectedVersion: 1,
      });
      expect((await store.findByTransaction(TransactionId.of("tx-9")))?.id).toBe("b");
      expect(await store.findByTransaction(TransactionId.of("tx-0"))).toBeUndefined();
      expect((await store.dueSessions({ now: T0 + 20, limit: 10 })).map((s) => s.id)).toEqual(["b", "a"]);
      expect((await store.dueSessions({ now: T0 + 19, limit: 10 })).map((s) => s.id)).toEqual(["b"]);
    });

    t.test("keeps the audit trail per session, in order", async () => {
      const store = t.subject();
      const s = session("s1");
      await store.create(s, { events: [{ sessionId: "s1", at: T0, version: 1, type: "open" }] });
      await store.create(session("s2"), { events: [{ sessionId: "s2", at: T0, version: 1, type: "other" }] });
      await store.commit({
        session: bump(s),
        expectedVersion: 1,
        events: [
          { sessionId: "s1", at: T0 + 1, version: 2, type: "x", data: { amount: "1.5" } },
          { sessionId: "s1", at: T0 + 1, version: 2, type: "y" },
        ],
      });
      expect((await store.auditTrail("s1")).map((e) => e.type)).toEqual(["open", "x", "y"]);
      expect((await store.auditTrail("s1"))[1]?.data).toEqual({ amount: "1.5" });
    });

    t.test("two payment services finalizing one session concurrently make exactly one capture call", async () => {
      const store = t.subject();
      const clock = createManualClock(T0);
      const provider = createMemoryPaymentProvider({ clock });
      const a = createPaymentService({ store, provider, clock, owner: "a" });
      const b = createPaymentService({ store, provider, clock, owner: "b" });
      await a.open({
        sessionId: "race",
        paymentMethod: "pm",
        methodKind: "card-present",
        holdAmount: money("40", "EUR"),
      });
      await b.start("race", TransactionId.of("tx-race"));
      const results = await Promise.all([
        a.finalize("race", money("17.5", "EUR")),
        b.finalize("race", money("17.5", "EUR")),
      ]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(provider.calls.filter((c) => c.operation === "capture")).toHaveLength(1);
      expect((await store.get("race"))?.capturedAmount).toEqual(money("17.5", "EUR"));
    });
  },
);

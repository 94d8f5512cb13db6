import { err, ok } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CallFailure } from "../rpc/errors.js";
import { describeTransactionQueueStoreContract } from "../testing/transaction-queue-store.contract.js";
import { chooseDrop } from "./drop-policy.js";
import { createMemoryTransactionQueueStore, type QueuedMessage } from "./queue-store.js";
import { createTransactionQueue } from "./transaction-queue.js";

describeTransactionQueueStoreContract("memory", () => {
  const store = createMemoryTransactionQueueStore();
  return { store, reopen: () => store };
});

type Reply = "ok" | "callerror" | "timeout" | "closed";

function harness(family: "1.6" | "2.x", replies: Reply[], options: { capacity?: number; attempts?: number } = {}) {
  const clock = createManualClock(0);
  const store = createMemoryTransactionQueueStore();
  const sent: { at: number; action: string; payload: Readonly<Record<string, unknown>> }[] = [];
  const dropped: { message: QueuedMessage; reason: string }[] = [];
  let online = true;
  let n = 100;
  const queue = createTransactionQueue({
    store,
    clock,
    family,
    ...(options.capacity === undefined ? {} : { capacity: options.capacity }),
    retry: () => ({ attempts: options.attempts ?? 3, intervalMs: 10_000 }),
    send: (action, payload) => {
      if (!online) return undefined;
      sent.push({ at: clock.now(), action, payload });
      const reply = replies.shift() ?? "ok";
      if (reply === "ok")
        return Promise.resolve(
          ok(action === "StartTransaction" ? { transactionId: n++, idTagInfo: { status: "Accepted" } } : {}),
        );
      const code = reply === "callerror" ? "CALL_ERROR" : reply === "timeout" ? "TIMEOUT" : "CLOSED";
      return Promise.resolve(err(new CallFailure(code, reply)));
    },
    delivered: async (message, response) => {
      if (message.kind === "start" && family === "1.6") {
        await store.bindTransaction(message.transactionRef, (response as { transactionId: number }).transactionId);
      }
    },
    dropped: (message, reason) => dropped.push({ message, reason }),
  });
  const add = (kind: QueuedMessage["kind"], ref = "L1", action = "MeterValues", droppable = kind === "update") =>
    queue.enqueue({
      kind,
      droppable,
      action,
      payload: { n: sent.length },
      transactionRef: ref,
      createdAt: clock.now(),
    });
  return {
    clock,
    store,
    queue,
    sent,
    dropped,
    add,
    setOnline(v: boolean) {
      online = v;
    },
  };
}

describe("transaction queue", () => {
  it("1.6: a message of a transaction started offline gets the id the CSMS assigned to its start", async () => {
    const h = harness("1.6", []);
    await h.add("start", "L1", "StartTransaction");
    await h.add("update", "L1", "MeterValues");
    await h.add("stop", "L1", "StopTransaction");
    h.queue.resume();
    await h.queue.settled();
    expect(h.sent.map((s) => [s.action, s.payload["transactionId"]])).toEqual([
      ["StartTransaction", undefined],
      ["MeterValues", 100],
      ["StopTransaction", 100],
    ]);
    expect(await h.store.transactionIdOf("L1")).toBeUndefined();
  });

  it("1.6: only a CALLERROR counts as a failure; retries wait interval × failures, then the message is given up", async () => {
    const h = harness("1.6", ["callerror", "timeout", "callerror", "callerror"]);
    await h.store.bindTransaction("L1", 5);
    h.queue.resume();
    await h.add("update", "L1", "MeterValues");
    await h.queue.settled();
    for (let i = 0; i < 10; i++) await h.clock.advanceAsync(10_000);
    await h.queue.settled();
    // sent at 0 (error 1), +10 s (timeout: not counted), +10 s (error 2), +20 s (error 3 → given up)
    expect(h.sent.map((s) => s.at)).toEqual([0, 10_000, 20_000, 40_000]);
    expect(h.dropped.map((d) => d.reason)).toEqual(["given up after 3 failed attempts (callerror)"]);
  });

  it("2.x: no answer counts as a failure too", async () => {
    const h = harness("2.x", ["timeout", "timeout", "ok"]);
    h.queue.resume();
    await h.add("start", "tx", "TransactionEvent");
    for (let i = 0; i < 5; i++) await h.clock.advanceAsync(10_000);
    await h.queue.settled();
    expect(h.sent.map((s) => s.at)).toEqual([0, 10_000, 30_000]);
    expect(await h.store.size()).toBe(0);
  });

  it("waits while offline and delivers in order once resumed; a closed connection is no failure", async () => {
    const h = harness("2.x", ["closed"]);
    h.queue.resume();
    await h.add("start", "tx", "TransactionEvent");
    await h.queue.settled();
    h.queue.pause();
    h.setOnline(false);
    await h.add("update", "tx", "TransactionEvent");
    await h.add("stop", "tx", "TransactionEvent");
    expect(await h.store.size()).toBe(3);
    h.setOnline(true);
    h.queue.resume();
    await h.queue.settled();
    expect(h.sent).toHaveLength(4);
    expect((await h.store.list()).length).toBe(0);
    expect(h.dropped).toEqual([]);
  });

  it("property: a bounded queue never drops a start, a stop or a state-changing update, and keeps order", async () => {
    const op = fc.record({
      kind: fc.constantFrom("start", "update", "stop" as const),
      droppable: fc.boolean(),
      tx: fc.constantFrom("a", "b", "c"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), async (ops, capacity) => {
        const h = harness("2.x", [], { capacity });
        h.setOnline(false);
        const added: number[] = [];
        for (const [i, o] of ops.entries()) {
          await h.queue.enqueue({
            kind: o.kind,
            droppable: o.kind === "update" && o.droppable,
            action: "TransactionEvent",
            payload: { i },
            transactionRef: o.tx,
            createdAt: i * 1000,
          });
          added.push(i);
        }
        const kept = (await h.store.list()).map((m) => m.payload["i"] as number);
        const keep = ops.map((o, i) => ({ ...o, i })).filter((o) => o.kind !== "update" || !o.droppable);
        for (const k of keep) expect(kept).toContain(k.i);
        expect(kept).toEqual([...kept].sort((x, y) => x - y));
        expect(kept.length).toBeLessThanOrEqual(Math.max(capacity, keep.length));
        for (const d of h.dropped) expect(d.message.kind === "update" && d.message.droppable).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("drops the most redundant meter update: the one whose neighbours are closest in time", () => {
    const m = (id: number, at: number, kind: QueuedMessage["kind"] = "update"): QueuedMessage => ({
      id,
      kind,
      droppable: kind === "update",
      action: "TransactionEvent",
      payload: {},
      transactionRef: "t",
      attempts: 0,
      createdAt: at,
    });
    const victim = chooseDrop([m(1, 0, "start"), m(2, 60), m(3, 70), m(4, 200), m(5, 400, "stop")]);
    // without 2 the gap is 0 → 70 s, without 3 it is 60 → 200 s: 2 is the most redundant
    expect(victim?.id).toBe(2);
    expect(chooseDrop([m(1, 0, "start"), m(2, 10, "stop")])).toBeUndefined();
  });
});

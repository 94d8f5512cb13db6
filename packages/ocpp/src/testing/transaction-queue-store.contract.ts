import { defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import type { QueuedMessage, TransactionQueueStore } from "../simulator/queue-store.js";

/**
 * What the queue-store contract runs against: a store, and a way to open it again the way a station does after
 * a power cycle (for the memory adapter: the same object).
 *
 * @category Testing
 */
export interface TransactionQueueStoreSubject {
  /** The store under test, empty. */
  readonly store: TransactionQueueStore;
  /** Opens the same storage again. */
  reopen(): TransactionQueueStore | Promise<TransactionQueueStore>;
}

const T0 = Date.UTC(2026, 0, 1);

function message(n: number, kind: QueuedMessage["kind"] = "update", ref = "tx-1"): Omit<QueuedMessage, "id"> {
  return {
    kind,
    droppable: kind === "update",
    action: "TransactionEvent",
    payload: { seqNo: n, nested: { values: [n, n + 0.5] } },
    transactionRef: ref,
    attempts: 0,
    createdAt: T0 + n * 1000,
  };
}

/**
 * The behaviour every {@link TransactionQueueStore} must show: order kept, ids increasing (also for concurrent
 * appends), in-place updates, removal, 1.6 transaction-id bindings, and everything still there after reopening.
 *
 * @example
 * ```ts
 * import { describeTransactionQueueStoreContract } from "@chargekit/ocpp/testing";
 * describeTransactionQueueStoreContract("sqlite", async () => {
 *   const store = await openSqliteQueue(file);
 *   return { store, reopen: () => openSqliteQueue(file) };
 * });
 * ```
 * @category Testing
 */
export const describeTransactionQueueStoreContract = defineContractSuite<TransactionQueueStoreSubject>(
  "TransactionQueueStore",
  (t) => {
    t.test("appends in order with increasing ids; head is the oldest; the payload comes back as stored", async () => {
      const { store } = t.subject();
      expect(await store.head()).toBeUndefined();
      expect(await store.size()).toBe(0);
      const a = await store.append(message(1, "start"));
      const b = await store.append(message(2));
      const c = await store.append(message(3, "stop"));
      expect(a.id).toBeLessThan(b.id);
      expect(b.id).toBeLessThan(c.id);
      expect(await store.head()).toEqual(a);
      expect(await store.list()).toEqual([a, b, c]);
      expect(await store.size()).toBe(3);
      expect((await store.list())[1]).toEqual({ ...message(2), id: b.id });
    });

    t.test("concurrent appends all land, with distinct ids, listed by id", async () => {
      const { store } = t.subject();
      const stored = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(message(i))));
      expect(new Set(stored.map((m) => m.id)).size).toBe(30);
      const listed = await store.list();
      expect(listed.map((m) => m.id)).toEqual([...stored.map((m) => m.id)].sort((x, y) => x - y));
    });

    t.test("update replaces in place; remove takes one out; unknown ids are ignored", async () => {
      const { store } = t.subject();
      const a = await store.append(message(1, "start"));
      const b = await store.append(message(2));
      const c = await store.append(message(3, "stop"));
      await store.update({ ...b, attempts: 2, payload: { seqNo: 2, transactionId: 17 } });
      await store.update({ ...b, id: 9999 });
      expect((await store.list()).map((m) => [m.id, m.attempts])).toEqual([
        [a.id, 0],
        [b.id, 2],
        [c.id, 0],
      ]);
      expect((await store.list())[1]?.payload).toEqual({ seqNo: 2, transactionId: 17 });
      await store.remove(a.id);
      await store.remove(9999);
      expect(await store.head()).toMatchObject({ id: b.id });
      expect(await store.size()).toBe(2);
    });

    t.test("ids keep increasing after removals (a new message never takes an old position)", async () => {
      const { store } = t.subject();
      const a = await store.append(message(1));
      await store.remove(a.id);
      const b = await store.append(message(2));
      expect(b.id).toBeGreaterThan(a.id);
    });

    t.test("1.6 transaction bindings: bound, read, forgotten", async () => {
      const { store } = t.subject();
      expect(await store.transactionIdOf("local-1")).toBeUndefined();
      await store.bindTransaction("local-1", 42);
      await store.bindTransaction("local-2", 43);
      expect(await store.transactionIdOf("local-1")).toBe(42);
      await store.unbindTransaction("local-1");
      expect(await store.transactionIdOf("local-1")).toBeUndefined();
      expect(await store.transactionIdOf("local-2")).toBe(43);
    });

    t.test("survives a reopen: messages, their order and bindings are still there", async () => {
      const subject = t.subject();
      const a = await subject.store.append(message(1, "start", "local-9"));
      const b = await subject.store.append(message(2, "stop", "local-9"));
      await subject.store.bindTransaction("local-9", 7);
      const again = await subject.reopen();
      expect(await again.list()).toEqual([a, b]);
      expect(await again.transactionIdOf("local-9")).toBe(7);
      const c = await again.append(message(3));
      expect(c.id).toBeGreaterThan(b.id);
    });
  },
);

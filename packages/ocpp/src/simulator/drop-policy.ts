import type { QueuedMessage } from "./queue-store.js";

/**
 * The bounded queue's drop policy: which message to give up when the queue is full. Only updates that carry
 * nothing but periodic meter values are candidates — a start, a stop or an update that changes the transaction
 * (authorization, charging state) is never dropped. Among the candidates the most redundant goes: the one whose
 * neighbours in its transaction are closest in time, so what remains keeps the most even resolution (ties: the
 * oldest). Undefined when nothing may be dropped.
 *
 * @category Simulator
 */
export function chooseDrop(messages: readonly QueuedMessage[], keep?: number): QueuedMessage | undefined {
  const byTransaction = new Map<string, QueuedMessage[]>();
  for (const m of messages) {
    let list = byTransaction.get(m.transactionRef);
    if (list === undefined) {
      list = [];
      byTransaction.set(m.transactionRef, list);
    }
    list.push(m);
  }
  let best: { message: QueuedMessage; gap: number } | undefined;
  for (const list of byTransaction.values()) {
    list.forEach((m, i) => {
      if (!m.droppable || m.kind !== "update" || m.id === keep) return;
      const before = list[i - 1]?.createdAt ?? m.createdAt;
      const after = list[i + 1]?.createdAt ?? m.createdAt;
      const gap = after - before;
      if (best === undefined || gap < best.gap || (gap === best.gap && m.id < best.message.id))
        best = { message: m, gap };
    });
  }
  return best?.message;
}

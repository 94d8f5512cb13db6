import type { Capabilities, Instant } from "@chargekit/core";

/**
 * Where a transaction message sits in its transaction: its start and stop are never dropped; an update may be,
 * when it only carries periodic meter values (`droppable`).
 *
 * @category Simulator
 */
export type QueuedKind = "start" | "update" | "stop";

/**
 * A transaction-related message waiting to be delivered to the CSMS, in the order it happened.
 *
 * @category Simulator
 */
export interface QueuedMessage {
  /** Position in the queue: increasing in append order. */
  readonly id: number;
  /** Start, update or stop of its transaction. */
  readonly kind: QueuedKind;
  /** An update that only carries periodic meter values: the bounded queue may drop it when full. */
  readonly droppable: boolean;
  /** The OCPP action (`StartTransaction`, `MeterValues`, `StopTransaction`, `TransactionEvent`). */
  readonly action: string;
  /** The message as JSON; a 1.6 message whose transaction id is not known yet lacks `transactionId`. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The station's own reference of the transaction (1.6: local until the CSMS assigns an id; 2.x: its id). */
  readonly transactionRef: string;
  /** Transmissions so far that failed (CALLERROR, or no answer in 2.x). */
  readonly attempts: number;
  /** When the message was created (its event time). */
  readonly createdAt: Instant;
}

/**
 * The port that keeps a station's transaction messages durable and ordered while it is offline or the CSMS
 * does not take them, plus the 1.6 transaction ids the CSMS assigned to transactions started offline. An
 * implementation must pass `describeTransactionQueueStoreContract` from `@chargekit/ocpp/testing`.
 *
 * @category Simulator
 */
export interface TransactionQueueStore {
  /** Optional features (none defined yet). */
  readonly capabilities?: Capabilities<never>;
  /** Appends a message at the end, giving it the next id. */
  append(message: Omit<QueuedMessage, "id">): Promise<QueuedMessage>;
  /** The oldest message, if any. */
  head(): Promise<QueuedMessage | undefined>;
  /** Every message, oldest first. */
  list(): Promise<QueuedMessage[]>;
  /** Number of messages. */
  size(): Promise<number>;
  /** Replaces a message in place (same id, same position): attempts, payload. Unknown ids are ignored. */
  update(message: QueuedMessage): Promise<void>;
  /** Removes a message; unknown ids are ignored. */
  remove(id: number): Promise<void>;
  /** Records the CSMS's id for a 1.6 transaction the station knows by `transactionRef`. */
  bindTransaction(transactionRef: string, transactionId: number): Promise<void>;
  /** The CSMS's id of a 1.6 transaction, once known. */
  transactionIdOf(transactionRef: string): Promise<number | undefined>;
  /** Forgets the binding of a transaction once all its messages are delivered. */
  unbindTransaction(transactionRef: string): Promise<void>;
}

/**
 * The in-memory {@link TransactionQueueStore} (it lasts as long as the object: pass the same object to a
 * re-created station to simulate a power cycle).
 *
 * @category Simulator
 */
export function createMemoryTransactionQueueStore(): TransactionQueueStore {
  const messages: QueuedMessage[] = [];
  const bindings = new Map<string, number>();
  let next = 1;
  return {
    async append(message) {
      const stored = { ...message, id: next++ };
      messages.push(stored);
      return stored;
    },
    async head() {
      return messages[0];
    },
    async list() {
      return [...messages];
    },
    async size() {
      return messages.length;
    },
    async update(message) {
      const index = messages.findIndex((m) => m.id === message.id);
      if (index >= 0) messages[index] = message;
    },
    async remove(id) {
      const index = messages.findIndex((m) => m.id === id);
      if (index >= 0) messages.splice(index, 1);
    },
    async bindTransaction(ref, id) {
      bindings.set(ref, id);
    },
    async transactionIdOf(ref) {
      return bindings.get(ref);
    },
    async unbindTransaction(ref) {
      bindings.delete(ref);
    },
  };
}

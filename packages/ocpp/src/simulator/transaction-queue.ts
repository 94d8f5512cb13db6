import type { Clock, TimerHandle } from "@chargekit/core";
import type { CallResult } from "../rpc/endpoint-types.js";
import { chooseDrop } from "./drop-policy.js";
import type { QueuedMessage, TransactionQueueStore } from "./queue-store.js";

/**
 * How often and how patiently a transaction message is retried: OCPP 1.6 `TransactionMessageAttempts` /
 * `TransactionMessageRetryInterval`, 2.x `MessageAttemptsTransactionEvent` / `MessageAttemptIntervalTransactionEvent`.
 *
 * @category Simulator
 */
export interface RetryPolicy {
  /** Transmissions before the message is given up. */
  readonly attempts: number;
  /** Wait after the n-th failed transmission: `intervalMs × n` (linear, as both versions specify). */
  readonly intervalMs: number;
}

/**
 * Events of a {@link TransactionQueue}.
 *
 * @category Simulator
 */
export interface TransactionQueueEvents {
  /** A message was given up: dropped to make room, or after its last attempt. */
  "message:dropped": {
    /** The message. */
    readonly message: QueuedMessage;
    /** Why. */
    readonly reason: string;
  };
  /** A message was delivered and answered. */
  "message:delivered": {
    /** The message. */
    readonly message: QueuedMessage;
    /** The CSMS's answer. */
    readonly response: unknown;
  };
}

/**
 * Options of {@link createTransactionQueue}.
 *
 * @category Simulator
 */
export interface TransactionQueueOptions {
  /** Where messages wait. */
  readonly store: TransactionQueueStore;
  /** Time source for retry waits. */
  readonly clock: Clock;
  /** `1.6` (ids assigned by the CSMS, only a CALLERROR counts as failure) or `2.x` (no answer counts too). */
  readonly family: "1.6" | "2.x";
  /** Most messages kept; beyond it, a droppable update is dropped (starts and stops always stay). 1000 by default. */
  readonly capacity?: number;
  /** The retry rules, read at each failure (configuration may change them). */
  readonly retry: () => RetryPolicy;
  /** Sends one message; undefined while offline (the queue waits for {@link TransactionQueue.resume}). */
  readonly send: (
    action: string,
    payload: Readonly<Record<string, unknown>>,
  ) => Promise<CallResult<unknown>> | undefined;
  /** Called with the CSMS's answer before the message leaves the queue (1.6: read the assigned transaction id). */
  readonly delivered?: (message: QueuedMessage, response: unknown) => void | Promise<void>;
  /** Called when a message is given up. */
  readonly dropped?: (message: QueuedMessage, reason: string) => void;
}

/**
 * A durable, ordered, bounded queue of transaction messages with the OCPP retry rules.
 *
 * @category Simulator
 */
export interface TransactionQueue {
  /** Adds a message (dropping a droppable update first when full) and tries to deliver. */
  enqueue(message: Omit<QueuedMessage, "id" | "attempts">): Promise<void>;
  /** Starts (or continues) delivering: call when connected and accepted. */
  resume(): void;
  /** Stops delivering after the message in flight: call when the connection drops. */
  pause(): void;
  /** Resolves when nothing is being delivered right now (the queue may still hold messages waiting for a retry). */
  settled(): Promise<void>;
}

/**
 * Creates a {@link TransactionQueue} over a store. Messages go out strictly in order, one at a time; a 1.6
 * message of a transaction started offline gets the id the CSMS assigned to its StartTransaction (and is given up
 * if that start was); a failed transmission waits `intervalMs × failures` before the next try.
 *
 * @category Simulator
 */
export function createTransactionQueue(options: TransactionQueueOptions): TransactionQueue {
  const { store, clock, family } = options;
  const capacity = options.capacity ?? 1000;
  let paused = true;
  let running: Promise<void> | undefined;
  let inFlight: number | undefined;
  let timer: TimerHandle | undefined;

  const drop = async (message: QueuedMessage, reason: string) => {
    await store.remove(message.id);
    options.dropped?.(message, reason);
  };

  const deliverAll = async (): Promise<void> => {
    while (!paused) {
      const head = await store.head();
      if (head === undefined) return;
      let payload = head.payload;
      if (family === "1.6" && head.kind !== "start") {
        const id = await store.transactionIdOf(head.transactionRef);
        if (id === undefined) {
          await drop(head, "the StartTransaction of its transaction was never accepted");
          continue;
        }
        payload = { ...payload, transactionId: id };
      }
      const sending = options.send(head.action, payload);
      if (sending === undefined) return;
      inFlight = head.id;
      const result = await sending;
      inFlight = undefined;
      if (result.ok) {
        await options.delivered?.(head, result.value);
        await store.remove(head.id);
        if (family === "1.6" && head.kind === "stop") await store.unbindTransaction(head.transactionRef);
        continue;
      }
      const code = result.error.code;
      if (code === "CLOSED" || code === "ABORTED" || code === "QUEUE_FULL") return;
      if (code === "INVALID_REQUEST") {
        await drop(head, `it cannot be sent: ${result.error.message}`);
        continue;
      }
      const counts = code !== "TIMEOUT" || family === "2.x";
      const attempts = head.attempts + (counts ? 1 : 0);
      const policy = options.retry();
      if (counts && attempts >= policy.attempts) {
        await drop(head, `given up after ${attempts} failed attempts (${result.error.message})`);
        continue;
      }
      await store.update({ ...head, attempts });
      timer = clock.setTimeout(() => {
        timer = undefined;
        pump();
      }, policy.intervalMs * Math.max(1, attempts));
      return;
    }
  };

  const pump = (): void => {
    if (running !== undefined || paused || timer !== undefined) return;
    running = deliverAll().finally(() => {
      running = undefined;
    });
  };

  return {
    async enqueue(message) {
      if ((await store.size()) >= capacity) {
        const victim = chooseDrop(await store.list(), inFlight);
        if (victim !== undefined) await drop(victim, `the queue is full (${capacity} messages)`);
        else if (message.kind === "update" && message.droppable) {
          // nothing queued may go: the new meter update is the one given up
          options.dropped?.({ ...message, id: 0, attempts: 0 }, `the queue is full (${capacity} messages)`);
          return;
        }
      }
      await store.append({ ...message, attempts: 0 });
      pump();
    },
    resume() {
      paused = false;
      pump();
    },
    pause() {
      paused = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
    async settled() {
      while (running !== undefined) await running;
    },
  };
}

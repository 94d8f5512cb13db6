import { type Clock, err, type TimerHandle } from "@chargekit/core";
import type { CallResult } from "./endpoint-types.js";
import { CallFailure } from "./errors.js";
import { MessageIdMemory } from "./message-id-memory.js";

/** One outbound CALL, encoded and waiting to be sent or answered. @internal */
export interface OutboundCall {
  readonly messageId: string;
  readonly action: string;
  readonly text: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly settle: (result: CallResult<unknown>) => void;
}

/** What an {@link OutboundQueue} needs. @internal */
export interface OutboundQueueDeps {
  readonly clock: Clock;
  readonly identity: string;
  readonly write: (text: string) => void;
  /** Called whenever nothing is outstanding or queued. */
  readonly onIdle: () => void;
}

interface Entry extends OutboundCall {
  onAbort?: () => void;
  timer?: TimerHandle;
}

/**
 * The outbound side of a connection: at most one CALL outstanding, the rest waiting in order in a bounded queue;
 * per-call timeouts (from when the CALL is written) and abort signals; ids of calls that timed out or were aborted
 * are remembered so a late answer is recognised as such.
 *
 * @internal
 */
export class OutboundQueue {
  private readonly queue: Entry[] = [];
  private current: Entry | undefined;
  private draining = false;
  private readonly expired = new MessageIdMemory(100);

  private readonly deps: OutboundQueueDeps;

  constructor(deps: OutboundQueueDeps) {
    this.deps = deps;
  }

  /** The outstanding call, if any. */
  get outstanding(): OutboundCall | undefined {
    return this.current;
  }

  /** Number of calls waiting behind the outstanding one. */
  get waiting(): number {
    return this.queue.length;
  }

  /** True when `messageId` is outstanding or queued. */
  inUse(messageId: string): boolean {
    return this.current?.messageId === messageId || this.queue.some((q) => q.messageId === messageId);
  }

  /** True when `messageId` belongs to a call that timed out or was aborted after it was sent. */
  isExpired(messageId: string): boolean {
    return this.expired.has(messageId);
  }

  /** Queues a call (and sends it at once when nothing is outstanding). */
  enqueue(call: OutboundCall): void {
    const entry: Entry = { ...call };
    if (call.signal !== undefined) {
      entry.onAbort = () => {
        const failure = err(
          new CallFailure("ABORTED", `${call.action} to ${this.deps.identity} aborted`, { cause: call.signal?.reason }),
        );
        if (this.current === entry) {
          this.settleOutstanding(failure, true);
          return;
        }
        const index = this.queue.indexOf(entry);
        if (index >= 0) this.queue.splice(index, 1);
        this.release(entry);
        entry.settle(failure);
        this.checkIdle();
      };
      call.signal.addEventListener("abort", entry.onAbort, { once: true });
    }
    this.queue.push(entry);
    this.pump();
  }

  /** Settles the outstanding call and sends the next; `expire` remembers its id for late answers. */
  settleOutstanding(result: CallResult<unknown>, expire: boolean): void {
    const entry = this.current;
    if (entry === undefined) return;
    this.current = undefined;
    this.release(entry);
    if (expire) this.expired.add(entry.messageId);
    entry.settle(result);
    this.pump();
  }

  /** Stops sending: every queued call settles as `CLOSED`; the outstanding one keeps waiting for its answer. */
  drain(): void {
    this.draining = true;
    for (const entry of this.queue.splice(0)) {
      this.release(entry);
      entry.settle(err(new CallFailure("CLOSED", `connection to ${this.deps.identity} is closing`)));
    }
    this.checkIdle();
  }

  /** Settles everything (outstanding and queued) with `failure`. */
  failAll(failure: CallFailure): void {
    this.draining = true;
    const entries = [...(this.current === undefined ? [] : [this.current]), ...this.queue.splice(0)];
    this.current = undefined;
    for (const entry of entries) {
      this.release(entry);
      entry.settle(err(failure));
    }
  }

  private release(entry: Entry): void {
    if (entry.timer !== undefined) this.deps.clock.clearTimeout(entry.timer);
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener("abort", entry.onAbort);
  }

  private pump(): void {
    while (this.current === undefined && this.queue.length > 0) {
      const next = this.queue.shift();
      if (next === undefined) break;
      if (this.draining) {
        this.release(next);
        next.settle(err(new CallFailure("CLOSED", `connection to ${this.deps.identity} is closing`)));
        continue;
      }
      this.current = next;
      next.timer = this.deps.clock.setTimeout(() => {
        if (this.current !== next) return;
        const failure = new CallFailure(
          "TIMEOUT",
          `${next.action} to ${this.deps.identity} got no answer within ${next.timeoutMs} ms`,
          { details: { messageId: next.messageId } },
        );
        this.settleOutstanding(err(failure), true);
      }, next.timeoutMs);
      this.deps.write(next.text);
    }
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.current === undefined && this.queue.length === 0) this.deps.onIdle();
  }
}

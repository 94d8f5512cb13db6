import { isCallError } from "./rpc-peer.js";

/** A transaction-related message a station must deliver (OCPP 1.6 §4.7 / 2.0.1 E04: queued while offline). */
export interface QueuedMessage {
  /** The OCPP action. */
  readonly action: string;
  /** Builds the payload when it is sent: a 1.6 message may wait for the transaction id its start is answered with. */
  readonly payload: () => object;
  /** Receives the CSMS's answer (on every delivery, a repeated one too). */
  readonly onAnswer?: (answer: unknown) => void;
}

/** The link a {@link MessageQueue} sends through. */
export interface QueueLink {
  /** Whether a call can be made now. */
  online(): boolean;
  /** Makes a CALL and resolves with its answer. */
  call(action: string, payload: object): Promise<unknown>;
}

/** One delivery of a queued message, as sent. */
export interface Delivery {
  /** The action. */
  readonly action: string;
  /** The payload sent. */
  // biome-ignore lint/suspicious/noExplicitAny: read field by field in the tests
  readonly payload: any;
  /** Whether this was a repeat of a message delivered before. */
  readonly repeat: boolean;
}

/**
 * A station's durable queue of transaction messages: delivered one at a time, in order, each until the CSMS
 * answered it. A message whose call failed without an answer (the connection dropped, the call timed out) stays
 * at the head and is sent again once the station is back online; a CALLERROR is recorded in {@link errors} and
 * the message dropped, as a station gives up on a message the CSMS refuses.
 */
export class MessageQueue {
  private readonly waiting: { message: QueuedMessage; repeat: boolean }[] = [];
  private readonly answered: QueuedMessage[] = [];
  private pumping: Promise<void> | undefined;
  /** Every delivery attempt that got an answer, in order (repeats included). */
  readonly deliveries: Delivery[] = [];
  /** CALLERRORs the CSMS answered. */
  readonly errors: { action: string; code: string; message: string }[] = [];

  private readonly link: QueueLink;

  constructor(link: QueueLink) {
    this.link = link;
  }

  /** Messages not yet answered. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Queues `message` and starts delivering if online. */
  push(message: QueuedMessage): void {
    this.waiting.push({ message, repeat: false });
    this.pump();
  }

  /** Delivers what is queued (call it when the connection is back). */
  pump(): void {
    if (this.pumping !== undefined) return;
    this.pumping = this.run().finally(() => {
      this.pumping = undefined;
      if (this.waiting.length > 0 && this.link.online()) this.pump();
    });
  }

  /** Resolves once the queue stopped sending: empty, or offline. */
  async drained(): Promise<void> {
    while (this.pumping !== undefined) await this.pumping;
  }

  /**
   * Puts the last `count` answered messages back at the head, in their order: a station that never saw those
   * answers (they were lost with the connection) sends them again. The CSMS must recognise them.
   */
  forgetAnswers(count: number): void {
    const again = this.answered.splice(Math.max(0, this.answered.length - count));
    this.waiting.unshift(...again.map((message) => ({ message, repeat: true })));
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0 && this.link.online()) {
      const head = this.waiting[0];
      if (head === undefined) return;
      const payload = head.message.payload();
      try {
        const answer = await this.link.call(head.message.action, payload);
        this.waiting.shift();
        this.answered.push(head.message);
        this.deliveries.push({ action: head.message.action, payload, repeat: head.repeat });
        head.message.onAnswer?.(answer);
      } catch (error) {
        if (!isCallError(error)) continue; // no answer: try again while online, else wait for the reconnect
        this.waiting.shift();
        this.errors.push({ action: head.message.action, code: error.rpcErrorCode, message: error.message });
      }
    }
  }
}

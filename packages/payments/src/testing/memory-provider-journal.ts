import { isChargekitError, portFailure } from "@chargekit/core";
import type { ProviderEvent } from "../sessions/payment-provider.js";
import type {
  MemoryPaymentProviderChange,
  MemoryPaymentProviderPersistence,
  MemoryProviderCounters,
  MemoryProviderPaymentRecord,
  MemoryProviderResponseRecord,
  ProviderCall,
} from "./memory-provider-state.js";

/**
 * The changes of the memory provider not saved yet, and the one-at-a-time saving of them. `flush` resolves with the
 * webhook events saved by it, to be delivered now; it throws when the save failed, keeping the change for the next
 * flush.
 *
 * @internal
 */
export interface ProviderJournal {
  /** A payment was created or changed (the live object; it is copied when saved). */
  payment(p: MemoryProviderPaymentRecord): void;
  /** An idempotency answer was recorded. */
  response(r: MemoryProviderResponseRecord): void;
  /** An effect was performed, at position `seq` of the effects. */
  effect(seq: number, call: ProviderCall): void;
  /** A webhook event was sent, at position `seq` of the events. */
  event(seq: number, event: ProviderEvent): void;
  /** Saves what changed (after the saves before it); resolves with the events it saved. */
  flush(): Promise<readonly ProviderEvent[]>;
}

/** Creates the {@link ProviderJournal} of a memory provider saving to `persistence` (nothing to save without one). */
export function createProviderJournal(
  persistence: MemoryPaymentProviderPersistence | undefined,
  counters: () => MemoryProviderCounters,
): ProviderJournal {
  let payments = new Map<string, MemoryProviderPaymentRecord>();
  let responses = new Map<string, MemoryProviderResponseRecord>();
  let effects: { seq: number; call: ProviderCall }[] = [];
  let events: { seq: number; event: ProviderEvent }[] = [];
  let dirty = false;
  let saving: Promise<unknown> = Promise.resolve();

  const reset = (): void => {
    payments = new Map();
    responses = new Map();
    effects = [];
    events = [];
    dirty = false;
  };

  const take = (): MemoryPaymentProviderChange => {
    const change: MemoryPaymentProviderChange = {
      payments: [...payments.values()].map((p) => structuredClone(p)),
      responses: [...responses.values()],
      effects,
      events,
      counters: counters(),
    };
    reset();
    return change;
  };

  /** Puts a change that could not be saved back in front of what changed since (newer records win). */
  const putBack = (change: MemoryPaymentProviderChange, live: Map<string, MemoryProviderPaymentRecord>): void => {
    const olderPayments = new Map(live);
    for (const [ref, p] of payments) olderPayments.set(ref, p);
    payments = olderPayments;
    const olderResponses = new Map(change.responses.map((r) => [r.idempotencyKey, r]));
    for (const [key, r] of responses) olderResponses.set(key, r);
    responses = olderResponses;
    effects = [...change.effects, ...effects];
    events = [...change.events, ...events];
    dirty = true;
  };

  const save = async (): Promise<readonly ProviderEvent[]> => {
    if (!dirty) return [];
    if (persistence === undefined) {
      const sent = events.map((e) => e.event); // nothing to keep: only the webhooks to deliver
      reset();
      return sent;
    }
    const live = payments;
    const change = take();
    try {
      await persistence.save(change);
    } catch (cause) {
      putBack(change, live);
      throw isChargekitError(cause)
        ? cause
        : portFailure({ port: "MemoryPaymentProviderPersistence", operation: "save", cause });
    }
    return change.events.map((e) => e.event);
  };

  return {
    payment(p) {
      payments.set(p.ref, p);
      dirty = true;
    },
    response(r) {
      responses.set(r.idempotencyKey, r);
      dirty = true;
    },
    effect(seq, call) {
      effects.push({ seq, call });
      dirty = true;
    },
    event(seq, event) {
      events.push({ seq, event });
      dirty = true;
    },
    flush() {
      const turn = saving.then(save);
      saving = turn.catch(() => undefined);
      return turn;
    },
  };
}

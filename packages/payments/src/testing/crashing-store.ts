import type { PaymentStore } from "../sessions/payment-store.js";
import { SimulatedCrash } from "./memory-payment-provider.js";

/**
 * A step of a store wrapped by {@link createCrashingStore}: the method, its call index (from 0, across methods) and
 * whether the crash would happen before the method runs or after it returned.
 *
 * @category Testing
 */
export interface StoreStep {
  /** The store method. */
  readonly method: "create" | "commit" | "claimIntent" | "releaseIntent";
  /** Index of the write among all wrapped writes. */
  readonly index: number;
  /** Before or after the write. */
  readonly phase: "before" | "after";
}

/**
 * Wraps a store so that its writes throw a {@link SimulatedCrash} where `crashAt` says so: before a write (it never
 * happened) or after it (it happened, the process died before using the answer). Reads pass through.
 *
 * @category Testing
 */
export function createCrashingStore(store: PaymentStore, crashAt: (step: StoreStep) => boolean): PaymentStore {
  let index = 0;
  const wrap =
    <A extends unknown[], R>(method: StoreStep["method"], fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const i = index++;
      if (crashAt({ method, index: i, phase: "before" })) throw new SimulatedCrash(`crash before ${method} #${i}`);
      const result = await fn(...args);
      if (crashAt({ method, index: i, phase: "after" })) throw new SimulatedCrash(`crash after ${method} #${i}`);
      return result;
    };
  return {
    ...(store.capabilities === undefined ? {} : { capabilities: store.capabilities }),
    create: wrap("create", (s, w) => store.create(s, w)),
    commit: wrap("commit", (c) => store.commit(c)),
    claimIntent: wrap("claimIntent", (k, c) => store.claimIntent(k, c)),
    releaseIntent: wrap("releaseIntent", (k, r) => store.releaseIntent(k, r)),
    get: (id) => store.get(id),
    findByTransaction: (t) => store.findByTransaction(t),
    getIntent: (k) => store.getIntent(k),
    intentsOf: (s) => store.intentsOf(s),
    pendingIntents: (q) => store.pendingIntents(q),
    dueSessions: (q) => store.dueSessions(q),
    getIdempotency: (k) => store.getIdempotency(k),
    auditTrail: (s) => store.auditTrail(s),
  };
}

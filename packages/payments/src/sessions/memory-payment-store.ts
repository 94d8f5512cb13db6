import type { TransactionId } from "@chargekit/core";
import type { PaymentSession } from "./payment-session.js";
import type {
  CommitResult,
  IdempotencyRecord,
  PaymentAuditEvent,
  PaymentCommit,
  PaymentIntent,
  PaymentStore,
} from "./payment-store.js";

/**
 * An in-memory {@link PaymentStore}: the embedded default and the reference for the store contract. Every write is
 * applied at once (JavaScript runs one task at a time), so commits are atomic and compare-and-set is exact within
 * one process. Records are copied in and out.
 *
 * @example
 * ```ts
 * const store = createMemoryPaymentStore();
 * ```
 * @category Payments
 */
export function createMemoryPaymentStore(): PaymentStore {
  const sessions = new Map<string, PaymentSession>();
  const byTransaction = new Map<string, string>();
  const intents = new Map<string, PaymentIntent>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const audit = new Map<string, PaymentAuditEvent[]>();
  const copy = <T>(value: T): T => structuredClone(value);

  const checkKeys = (write: Omit<PaymentCommit, "session" | "expectedVersion">): CommitResult | undefined => {
    const keys = new Set<string>();
    for (const i of write.addIntents ?? []) {
      if (intents.has(i.key) || keys.has(i.key)) return { ok: false, reason: "duplicate-intent" };
      keys.add(i.key);
    }
    const commands = new Set<string>();
    for (const r of write.idempotency ?? []) {
      if (idempotency.has(r.key) || commands.has(r.key)) return { ok: false, reason: "duplicate-command" };
      commands.add(r.key);
    }
    return undefined;
  };

  const apply = (session: PaymentSession, write: Omit<PaymentCommit, "session" | "expectedVersion">): void => {
    sessions.set(session.id, copy(session));
    if (session.transactionId !== undefined) byTransaction.set(session.transactionId, session.id);
    for (const i of write.addIntents ?? []) intents.set(i.key, copy(i));
    for (const key of write.completeIntents ?? []) {
      const intent = intents.get(key);
      if (intent !== undefined && intent.status === "pending") {
        const { lease: _lease, ...rest } = intent;
        intents.set(key, { ...rest, status: "done" });
      }
    }
    for (const r of write.idempotency ?? []) idempotency.set(r.key, copy(r));
    if (write.events !== undefined && write.events.length > 0) {
      const trail = audit.get(session.id) ?? [];
      trail.push(...copy(write.events));
      audit.set(session.id, trail);
    }
  };

  return {
    async create(session, write = {}) {
      if (sessions.has(session.id)) return { ok: false, reason: "already-exists" };
      const refused = checkKeys(write);
      if (refused !== undefined) return refused;
      apply(session, write);
      return { ok: true };
    },
    async get(id) {
      const s = sessions.get(id);
      return s === undefined ? undefined : copy(s);
    },
    async findByTransaction(transactionId: TransactionId) {
      const id = byTransaction.get(transactionId);
      const s = id === undefined ? undefined : sessions.get(id);
      return s === undefined ? undefined : copy(s);
    },
    async commit(change) {
      const current = sessions.get(change.session.id);
      if (current === undefined) return { ok: false, reason: "not-found" };
      if (current.version !== change.expectedVersion || change.session.version !== change.expectedVersion + 1) {
        return { ok: false, reason: "version-conflict" };
      }
      const refused = checkKeys(change);
      if (refused !== undefined) return refused;
      apply(change.session, change);
      return { ok: true };
    },
    async getIntent(key) {
      const i = intents.get(key);
      return i === undefined ? undefined : copy(i);
    },
    async intentsOf(sessionId) {
      return [...intents.values()].filter((i) => i.sessionId === sessionId).map(copy);
    },
    async claimIntent(key, claim) {
      const i = intents.get(key);
      if (i === undefined || i.status !== "pending") return undefined;
      if (i.lease !== undefined && i.lease.until > claim.now && i.lease.owner !== claim.owner) return undefined;
      const claimed: PaymentIntent = { ...i, lease: { owner: claim.owner, until: claim.until } };
      intents.set(key, claimed);
      return copy(claimed);
    },
    async releaseIntent(key, release) {
      const i = intents.get(key);
      if (i === undefined || i.status !== "pending" || i.lease?.owner !== release.owner) return false;
      const { lease: _lease, ...rest } = i;
      intents.set(key, { ...rest, attempts: i.attempts + 1, notBefore: release.notBefore });
      return true;
    },
    async pendingIntents({ now, limit }) {
      return [...intents.values()]
        .filter((i) => i.status === "pending" && i.notBefore <= now && (i.lease === undefined || i.lease.until <= now))
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, limit)
        .map(copy);
    },
    async dueSessions({ now, limit }) {
      return [...sessions.values()]
        .filter((s) => s.wakeAt !== undefined && s.wakeAt <= now)
        .sort((a, b) => (a.wakeAt ?? 0) - (b.wakeAt ?? 0))
        .slice(0, limit)
        .map(copy);
    },
    async getIdempotency(key) {
      const r = idempotency.get(key);
      return r === undefined ? undefined : copy(r);
    },
    async auditTrail(sessionId) {
      return copy(audit.get(sessionId) ?? []);
    },
  };
}

import type { Capabilities, Instant, TransactionId } from "@chargekit/core";
import type { Money } from "../money/money.js";
import type { PaymentSession } from "./payment-session.js";

/**
 * A provider operation recorded before it is performed (the outbox). It is written in the same atomic store write as
 * the state change that decided it, so a crash after the write never loses the operation and a crash before it never
 * performs it. Its `key` is the idempotency key sent to the provider.
 *
 * @category Payments
 */
export interface PaymentIntent {
  /** The idempotency key; unique in the store. */
  readonly key: string;
  /** The session. */
  readonly sessionId: string;
  /** The provider operation. */
  readonly operation: "authorize" | "increment" | "capture" | "void" | "refund";
  /** Amount of the operation (hold, new total, capture, refund). */
  readonly amount?: Money;
  /** Sequence number of the operation: the increment number, the capture attempt or the refund number. */
  readonly seq?: number;
  /** `pending` until the outcome is recorded in a session commit. */
  readonly status: "pending" | "done";
  /** Attempts whose outcome was unknown (timeouts). */
  readonly attempts: number;
  /** Not before this instant (backoff after an unknown outcome). */
  readonly notBefore: Instant;
  /** The process working on it and until when; others wait for the lease to end. */
  readonly lease?: {
    /** The process holding the lease. */
    readonly owner: string;
    /** When the lease ends. */
    readonly until: Instant;
  };
  /** When it was recorded. */
  readonly createdAt: Instant;
}

/**
 * An audit record: every transition and every provider answer, appended in the same write.
 *
 * @category Payments
 */
export interface PaymentAuditEvent {
  /** The session. */
  readonly sessionId: string;
  /** When. */
  readonly at: Instant;
  /** Session version after the change. */
  readonly version: number;
  /** What happened, e.g. `"capture.succeeded"`. */
  readonly type: string;
  /** Details (JSON-compatible). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * The stored response of an already-processed command (inbound idempotency: a replayed command gets the same answer
 * and causes nothing).
 *
 * @category Payments
 */
export interface IdempotencyRecord {
  /** The command key, e.g. `"cmd:tx-42:ended"` or `"event:evt_123"`. */
  readonly key: string;
  /** The session it concerned. */
  readonly sessionId: string;
  /** The JSON-compatible response given the first time. */
  readonly response: unknown;
  /** When it was recorded. */
  readonly at: Instant;
}

/**
 * One atomic write: the new session (if its stored version is still `expectedVersion`), the intents it adds, the
 * intents it completes, audit events and idempotency records. All of it is written, or nothing.
 *
 * @category Payments
 */
export interface PaymentCommit {
  /** The session after the change; its `version` must be `expectedVersion + 1`. */
  readonly session: PaymentSession;
  /** The version the change was computed from (compare-and-set). */
  readonly expectedVersion: number;
  /** New intents (their keys must be new to the store). */
  readonly addIntents?: readonly PaymentIntent[];
  /** Keys of pending intents whose outcome this change records. */
  readonly completeIntents?: readonly string[];
  /** Audit records. */
  readonly events?: readonly PaymentAuditEvent[];
  /** Idempotency records (their keys must be new to the store). */
  readonly idempotency?: readonly IdempotencyRecord[];
}

/**
 * Why a write was refused. `version-conflict`: another writer changed the session first (reload and retry);
 * `duplicate-intent` / `duplicate-command`: a key already exists (the operation or command was already recorded);
 * `not-found` / `already-exists`: the session is missing, or exists already on create.
 *
 * @category Payments
 */
export type CommitRefusal =
  | "version-conflict"
  | "not-found"
  | "already-exists"
  | "duplicate-intent"
  | "duplicate-command";

/**
 * Result of a store write.
 *
 * @category Payments
 */
export type CommitResult =
  | {
      /** Written. */
      readonly ok: true;
    }
  | {
      /** Refused: nothing was written. */
      readonly ok: false;
      /** Why. */
      readonly reason: CommitRefusal;
    };

/**
 * Optional store features (none yet; adapters may announce their own).
 *
 * @category Payments
 */
export type PaymentStoreCapability = "transactions";

/**
 * The payment store port. The contract (run by `describePaymentStoreContract` from `@chargekit/payments/testing`
 * against every adapter) requires:
 *
 * - **atomic commits**: a commit writes the session, its new intents, completed intents, audit events and idempotency
 *   records together, or nothing;
 * - **compare-and-set**: of concurrent commits from the same `expectedVersion`, exactly one succeeds;
 * - **unique keys**: an intent key or idempotency key is recorded once; a commit repeating one is refused whole;
 * - **leases**: of concurrent `claimIntent` calls, exactly one gets a free or expired lease;
 * - **copies**: returned records are snapshots (mutating them changes nothing stored).
 *
 * A SQL adapter implements a commit as one transaction (`UPDATE … WHERE version = $expected`, `INSERT` into the
 * outbox and idempotency tables with unique keys) and a claim as a conditional `UPDATE`.
 *
 * @category Payments
 */
export interface PaymentStore {
  /** Optional features. */
  readonly capabilities?: Capabilities<PaymentStoreCapability>;
  /** Stores a new session (version 1) with its first intents and records, atomically. */
  create(session: PaymentSession, write?: Omit<PaymentCommit, "session" | "expectedVersion">): Promise<CommitResult>;
  /** The session, or `undefined`. */
  get(id: string): Promise<PaymentSession | undefined>;
  /** The session paying for a charging transaction. */
  findByTransaction(transactionId: TransactionId): Promise<PaymentSession | undefined>;
  /** One atomic compare-and-set write. */
  commit(change: PaymentCommit): Promise<CommitResult>;
  /** An intent by key. */
  getIntent(key: string): Promise<PaymentIntent | undefined>;
  /** The intents of a session, oldest first. */
  intentsOf(sessionId: string): Promise<PaymentIntent[]>;
  /**
   * Takes the lease of a pending intent for `owner` until `until`, if nobody holds a lease that is still running at
   * `now`; returns the claimed intent or `undefined`.
   */
  claimIntent(
    key: string,
    claim: { readonly owner: string; readonly until: Instant; readonly now: Instant },
  ): Promise<PaymentIntent | undefined>;
  /**
   * Gives a pending intent back after an attempt with an unknown outcome: counts the attempt, sets `notBefore` and
   * drops the lease. Only the lease owner may; returns false otherwise.
   */
  releaseIntent(key: string, release: { readonly owner: string; readonly notBefore: Instant }): Promise<boolean>;
  /** Pending intents with `notBefore ≤ now` and no running lease, oldest first. */
  pendingIntents(query: { readonly now: Instant; readonly limit: number }): Promise<PaymentIntent[]>;
  /** Sessions with `wakeAt ≤ now`, earliest first. */
  dueSessions(query: { readonly now: Instant; readonly limit: number }): Promise<PaymentSession[]>;
  /** An idempotency record by key. */
  getIdempotency(key: string): Promise<IdempotencyRecord | undefined>;
  /** The audit trail of a session, in order. */
  auditTrail(sessionId: string): Promise<PaymentAuditEvent[]>;
}

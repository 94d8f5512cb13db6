import { ChargekitError, err, type Instant, ok, type Result } from "@chargekit/core";
import { z } from "zod";
import { type Money, moneySchema } from "../money/money.js";
import type { ProviderDecline, ProviderEvent, ProviderPayment } from "../sessions/payment-provider.js";

/**
 * The mutating operations of the memory provider, plus `retrieve`.
 *
 * @category Testing
 */
export type ProviderOperation = "authorize" | "increment" | "capture" | "void" | "refund" | "retrieve";

/**
 * A call the memory provider received.
 *
 * @category Testing
 */
export interface ProviderCall {
  /** The operation. */
  readonly operation: ProviderOperation;
  /** Its idempotency key (empty for retrieve). */
  readonly idempotencyKey: string;
  /** The amount, when the operation has one. */
  readonly amount?: Money;
}

/**
 * One payment as the memory provider keeps it: what the provider's `retrieve` reports, with the hold's
 * expiry kept after the payment left `authorized`.
 *
 * @category Testing
 */
export interface MemoryProviderPaymentRecord {
  /** The provider's payment reference (`pay_<n>`). */
  readonly ref: string;
  /** The merchant reference given at authorization (the payment session id). */
  readonly merchantReference: string;
  /** The payment's state. */
  readonly status: ProviderPayment["status"];
  /** Amount on hold. */
  readonly authorized: Money;
  /** Amount captured. */
  readonly captured: Money;
  /** Amount refunded. */
  readonly refunded: Money;
  /** When the hold lapses. */
  readonly expiresAt: Instant;
  /** The operations performed on it, in order, with the idempotency key of each. */
  readonly operations: ProviderPayment["operations"];
}

/**
 * The answer the memory provider remembers for an idempotency key, replayed to a request with the same key and
 * parameters while the key lives.
 *
 * @category Testing
 */
export interface MemoryProviderResponseRecord {
  /** The idempotency key. */
  readonly idempotencyKey: string;
  /** The request's parameters (another request with the key and other parameters is refused). */
  readonly fingerprint: string;
  /** The first answer: the operation's result or the decline. */
  readonly response: Result<unknown, ProviderDecline>;
  /** When it was first answered (the key is forgotten `idempotencyTtlMs` later). */
  readonly at: Instant;
}

/**
 * Numbers the memory provider has handed out, so a restored provider never hands one out twice.
 *
 * @category Testing
 */
export interface MemoryProviderCounters {
  /** Payments created (`pay_<n>` was the last reference). */
  readonly payments: number;
  /** Webhook events sent (`evt_<n>` was the last event id). */
  readonly events: number;
}

/**
 * Everything the memory provider must not forget, as plain JSON data: the state a real PSP keeps on its side. Take
 * it with `exportState()` of the provider and give it to a fresh provider (`state` option) to continue
 * where the first stopped; validate stored copies with {@link parseMemoryPaymentProviderState}.
 *
 * @category Testing
 */
export interface MemoryPaymentProviderState {
  /** Format version (1). */
  readonly version: 1;
  /** Every payment, in the order they were created. */
  readonly payments: readonly MemoryProviderPaymentRecord[];
  /** The remembered answer of every idempotency key (keys past their lifetime are ignored on restore). */
  readonly responses: readonly MemoryProviderResponseRecord[];
  /** Every effect performed (money moved), in order (the provider's `effects`). */
  readonly effects: readonly ProviderCall[];
  /** Every webhook event sent, in order (what `redeliver` sends again). */
  readonly events: readonly ProviderEvent[];
  /** The counters of references and event ids. */
  readonly counters: MemoryProviderCounters;
}

/**
 * What one call changed in the memory provider, handed to its {@link MemoryPaymentProviderPersistence} before the
 * answer is returned. Payments and responses come whole (store them by `ref` and `idempotencyKey`, replacing what
 * was there); effects and events are new ones with their position in {@link MemoryPaymentProviderState} (`seq`,
 * from 0), appended in that order.
 *
 * @category Testing
 */
export interface MemoryPaymentProviderChange {
  /** Payments created or changed, each in full. */
  readonly payments: readonly MemoryProviderPaymentRecord[];
  /** Idempotency answers recorded. */
  readonly responses: readonly MemoryProviderResponseRecord[];
  /** Effects performed. */
  readonly effects: readonly {
    /** Position in the state's `effects`, from 0. */
    readonly seq: number;
    /** The effect. */
    readonly call: ProviderCall;
  }[];
  /** Webhook events sent (delivered to subscribers once the change is saved). */
  readonly events: readonly {
    /** Position in the state's `events`, from 0. */
    readonly seq: number;
    /** The event. */
    readonly event: ProviderEvent;
  }[];
  /** The counters after the change. */
  readonly counters: MemoryProviderCounters;
}

/**
 * Where the memory provider keeps its state durably, so that, like a real PSP, it remembers its holds when the
 * process using it dies. The provider calls `save` after every call that changed something and answers only once
 * `save` resolved: an answer the caller received is never lost. When `save` throws, the call fails with a
 * `PORT_FAILURE` (an unknown outcome the payment service reconciles) and the change is saved again, whole, before
 * the next answer. Saves never overlap: the next waits for the previous one.
 *
 * @example
 * ```ts
 * const rows = new Map<string, unknown>();
 * const persistence: MemoryPaymentProviderPersistence = {
 *   async save(change) {
 *     for (const p of change.payments) rows.set(`payment:${p.ref}`, p);
 *     // … responses, effects, events and counters likewise, in one transaction of your store
 *   },
 * };
 * ```
 * @category Testing
 */
export interface MemoryPaymentProviderPersistence {
  /** Stores `change` durably (atomically, all or nothing). */
  save(change: MemoryPaymentProviderChange): Promise<void>;
}

const instant = z.number().int().nonnegative();
const callSchema = z.object({
  operation: z.enum(["authorize", "increment", "capture", "void", "refund", "retrieve"]),
  idempotencyKey: z.string(),
  amount: moneySchema.optional(),
});
const declineSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });
const stateSchema = z.object({
  version: z.literal(1),
  payments: z.array(
    z.object({
      ref: z.string().min(1),
      merchantReference: z.string(),
      status: z.enum(["authorized", "captured", "voided", "expired", "partially_refunded", "refunded"]),
      authorized: moneySchema,
      captured: moneySchema,
      refunded: moneySchema,
      expiresAt: instant,
      operations: z.array(
        z.object({
          idempotencyKey: z.string(),
          kind: z.enum(["authorize", "increment", "capture", "void", "refund"]),
          amount: moneySchema.optional(),
          ref: z.string().optional(),
        }),
      ),
    }),
  ),
  responses: z.array(
    z.object({
      idempotencyKey: z.string(),
      fingerprint: z.string(),
      response: z.union([
        z.object({ ok: z.literal(true), value: z.unknown() }),
        z.object({ ok: z.literal(false), error: declineSchema }),
      ]),
      at: instant,
    }),
  ),
  effects: z.array(callSchema),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.enum([
        "authorization.succeeded",
        "authorization.expired",
        "capture.succeeded",
        "capture.failed",
        "void.succeeded",
        "refund.succeeded",
        "refund.failed",
      ]),
      merchantReference: z.string(),
      ref: z.string(),
      at: instant,
    }),
  ),
  counters: z.object({ payments: z.number().int().nonnegative(), events: z.number().int().nonnegative() }),
});

/**
 * Validates a stored {@link MemoryPaymentProviderState} (JSON read back from a file or a database). The failure
 * names the first fields that are wrong, e.g. `payments[2].captured.amount: amount must be a finite decimal`.
 *
 * @category Testing
 */
export function parseMemoryPaymentProviderState(value: unknown): Result<MemoryPaymentProviderState, ChargekitError> {
  const parsed = stateSchema.safeParse(value);
  if (parsed.success) {
    // zod leaves absent optionals absent; the cast only drops its `| undefined` on them
    return ok(parsed.data as MemoryPaymentProviderState);
  }
  const issues = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `${path === "" ? "(root)" : path.replace(/^\./, "")}: ${issue.message}`;
  });
  return err(
    new ChargekitError("INVALID_INPUT", `invalid memory payment provider state: ${issues.join("; ")}`, {
      details: { issues },
    }),
  );
}

import type { DriverId, Instant, TransactionId } from "@chargekit/core";
import type { CurrencyCode } from "../money/currency.js";
import type { Money } from "../money/money.js";

/**
 * The states of a payment session.
 *
 * ```text
 * Created → Authorizing → Authorized | Declined
 * Authorized → Active (session started) ⇄ Incrementing (hold raised)
 * Authorized | Active → Stopping → Priced → Capturing → Captured | CaptureFailed ⇄ Capturing (retried)
 * Priced (cost 0) | Authorized (never used) → Voiding → Voided
 * any state before capture → Expired (hold lapsed) → Receivable (cost > 0) | Voided (cost 0)
 * Captured → Refunding → PartiallyRefunded | Refunded
 * ```
 *
 * @category Payments
 */
export const PAYMENT_STATES = [
  "Created",
  "Authorizing",
  "Authorized",
  "Declined",
  "Active",
  "Incrementing",
  "Stopping",
  "Priced",
  "Capturing",
  "CaptureFailed",
  "Captured",
  "Voiding",
  "Voided",
  "Expired",
  "Receivable",
  "Refunding",
  "PartiallyRefunded",
  "Refunded",
] as const;

/**
 * One of {@link PAYMENT_STATES}.
 *
 * @category Payments
 */
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * States a session never leaves.
 *
 * @category Payments
 */
export const TERMINAL_STATES: ReadonlySet<PaymentState> = new Set(["Declined", "Voided", "Receivable", "Refunded"]);

/**
 * The phase of each state; a session only ever moves to a state of the same or a later phase (forward-only; the
 * retry loops Capturing ⇄ CaptureFailed, Active ⇄ Incrementing and Captured ⇄ Refunding stay within a phase).
 *
 * @category Payments
 */
export const STATE_PHASE: Readonly<Record<PaymentState, number>> = {
  Created: 0,
  Authorizing: 1,
  Authorized: 2,
  Active: 3,
  Incrementing: 3,
  Stopping: 4,
  Priced: 5,
  Capturing: 6,
  CaptureFailed: 6,
  Voiding: 6,
  Expired: 6,
  Captured: 7,
  Refunding: 7,
  PartiallyRefunded: 7,
  Declined: 9,
  Voided: 9,
  Receivable: 9,
  Refunded: 9,
};

/**
 * Every allowed transition, as data (the property tests check each step against it).
 *
 * @category Payments
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  Created: ["Authorizing", "Voided"],
  Authorizing: ["Authorized", "Declined"],
  Authorized: ["Active", "Stopping", "Priced", "Voiding", "Expired"],
  Active: ["Incrementing", "Stopping", "Priced", "Expired"],
  Incrementing: ["Active", "Stopping", "Priced", "Expired"],
  Stopping: ["Priced", "Expired"],
  Priced: ["Capturing", "Voiding", "Expired"],
  Capturing: ["Captured", "CaptureFailed", "Expired"],
  CaptureFailed: ["Capturing", "Receivable", "Expired"],
  Voiding: ["Voided"],
  Expired: ["Receivable", "Voided"],
  Captured: ["Refunding"],
  Refunding: ["Refunding", "PartiallyRefunded", "Refunded", "Captured"],
  PartiallyRefunded: ["Refunding"],
  Declined: [],
  Voided: [],
  Receivable: [],
  Refunded: [],
};

/**
 * How the driver pays, which decides how long a hold lasts (card schemes give card-present and card-not-present
 * authorisations different validity).
 *
 * @category Payments
 */
export type PaymentMethodKind = "card-present" | "card-not-present" | "wallet";

/**
 * A refund of a captured session.
 *
 * @category Payments
 */
export interface RefundRecord {
  /** Sequence number within the session (1, 2 …): part of the idempotency key. */
  readonly n: number;
  /** The caller's id for the refund (e.g. a support ticket), unique within the session. */
  readonly refundId: string;
  /** Amount refunded. */
  readonly amount: Money;
  /** Where it stands. */
  readonly status: "pending" | "succeeded" | "failed";
  /** The provider's refund reference, once known. */
  readonly providerRef?: string;
}

/**
 * A payment session: one pre-authorisation hold, the charging session it pays for, and what was captured and
 * refunded. Persisted by a {@link PaymentStore}; every change increments `version`.
 *
 * @category Payments
 */
export interface PaymentSession {
  /** Session id (also the merchant reference at the provider). */
  readonly id: string;
  /** Optimistic-concurrency version, starting at 1. */
  readonly version: number;
  /** Current state. */
  readonly state: PaymentState;
  /** Currency of every amount. */
  readonly currency: CurrencyCode;
  /** Opaque payment-method reference for the provider (token, pspRef). */
  readonly paymentMethod: string;
  /** Kind of payment method. */
  readonly methodKind: PaymentMethodKind;
  /** The driver, when known. */
  readonly driverId?: DriverId;
  /** The hold requested. */
  readonly holdAmount: Money;
  /** The most the session may cost before it is stopped (or the hold raised). */
  readonly costLimit: Money;
  /** What the provider authorised (0 before). */
  readonly authorizedAmount: Money;
  /** The provider's payment reference, once authorised. */
  readonly providerRef?: string;
  /** When the hold was authorised. */
  readonly authorizedAt?: Instant;
  /** When the hold lapses. */
  readonly holdExpiresAt?: Instant;
  /** Captures are scheduled before this instant (hold expiry minus the safety margin). */
  readonly captureDeadline?: Instant;
  /** The charging session paid for. */
  readonly transactionId?: TransactionId;
  /** Latest running cost reported. */
  readonly runningCost?: Money;
  /** Set when a stop of the charging session was requested (cost limit reached, or the hold is about to lapse). */
  readonly stopRequested?: {
    /** When the stop was requested. */
    readonly at: Instant;
    /** Why. */
    readonly reason: "cost-limit" | "hold-expiring";
  };
  /** Number of hold increments requested so far. */
  readonly increments: number;
  /** True while a hold increment is in flight (a capture waits for it). */
  readonly incrementPending: boolean;
  /** The final cost, frozen when priced. */
  readonly finalCost?: Money;
  /** The amount to capture (min(final cost, authorised)). */
  readonly captureAmount?: Money;
  /** Captured so far. */
  readonly capturedAmount: Money;
  /** Refunded so far. */
  readonly refundedAmount: Money;
  /** What the driver still owes (final cost not covered by the capture). Never dropped. */
  readonly receivableAmount: Money;
  /** Capture attempts that failed definitively. */
  readonly captureFailures: number;
  /** Refunds. */
  readonly refunds: readonly RefundRecord[];
  /** The last refusal or failure reason from the provider. */
  readonly lastError?: string;
  /** When the next capture attempt is due after a retryable failure. */
  readonly retryAt?: Instant;
  /** When the recovery worker must look at the session next (retry, expiry, deadline); absent when nothing is due. */
  readonly wakeAt?: Instant;
  /** Creation time. */
  readonly createdAt: Instant;
  /** Last change. */
  readonly updatedAt: Instant;
}

/**
 * True when the session can no longer change.
 *
 * @category Payments
 */
export function isTerminal(session: Pick<PaymentSession, "state">): boolean {
  return TERMINAL_STATES.has(session.state);
}

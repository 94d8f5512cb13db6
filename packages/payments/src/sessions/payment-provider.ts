import type { Capabilities, Duration, Instant, Result } from "@chargekit/core";
import type { Money } from "../money/money.js";
import type { PaymentMethodKind } from "./payment-session.js";

/**
 * Optional provider features:
 *
 * - `incrementalAuthorization`: the hold can be raised before capture (Stripe `increment_authorization`, Adyen
 *   authorisation adjustment);
 * - `overcapture`: more than the authorised amount can be captured, up to {@link PaymentProvider.overcaptureLimit};
 * - `multiCapture`: several partial captures of one hold;
 * - `webhooks`: the provider reports outcomes asynchronously (fed to `PaymentService.handleProviderEvent`).
 *
 * @category Payment provider
 */
export type PaymentProviderCapability = "incrementalAuthorization" | "overcapture" | "multiCapture" | "webhooks";

/**
 * A refusal by the provider: an expected business outcome, returned, not thrown.
 *
 * @category Payment provider
 */
export interface ProviderDecline {
  /** Machine-readable reason (`"card_declined"`, `"insufficient_funds"`, `"authorization_expired"` …). */
  readonly code: string;
  /** Human-readable reason. */
  readonly message: string;
  /** True when trying again later (with a new idempotency key) may succeed. */
  readonly retryable: boolean;
}

/**
 * A hold as the provider reports it.
 *
 * @category Payment provider
 */
export interface ProviderAuthorization {
  /** The provider's payment reference. */
  readonly ref: string;
  /** Amount on hold. */
  readonly authorized: Money;
  /** When the hold lapses. */
  readonly expiresAt: Instant;
}

/**
 * A capture as the provider reports it.
 *
 * @category Payment provider
 */
export interface ProviderCapture {
  /** Amount captured. */
  readonly captured: Money;
}

/**
 * A released hold.
 *
 * @category Payment provider
 */
export interface ProviderVoid {
  /** Always true. */
  readonly voided: true;
}

/**
 * A refund as the provider reports it.
 *
 * @category Payment provider
 */
export interface ProviderRefund {
  /** The provider's refund reference. */
  readonly refundRef: string;
  /** Amount refunded. */
  readonly amount: Money;
}

/**
 * A payment as the provider knows it, for reconciliation after a crash or a lost response.
 *
 * @category Payment provider
 */
export interface ProviderPayment {
  /** The provider's payment reference. */
  readonly ref: string;
  /** Our session id, given at authorisation. */
  readonly merchantReference: string;
  /** The payment's state. */
  readonly status: "authorized" | "captured" | "voided" | "expired" | "partially_refunded" | "refunded";
  /** Amount on hold. */
  readonly authorized: Money;
  /** Amount captured. */
  readonly captured: Money;
  /** Amount refunded. */
  readonly refunded: Money;
  /** When the hold lapses (while authorised). */
  readonly expiresAt?: Instant;
  /** The operations the provider performed, with the idempotency key each was requested with. */
  readonly operations: readonly ProviderOperationRecord[];
}

/**
 * One operation a provider performed on a payment.
 *
 * @category Payment provider
 */
export interface ProviderOperationRecord {
  /** The idempotency key it was requested with. */
  readonly idempotencyKey: string;
  /** What it was. */
  readonly kind: "authorize" | "increment" | "capture" | "void" | "refund";
  /** Its amount (hold, new total, capture, refund). */
  readonly amount?: Money;
  /** The provider's reference for it (e.g. a refund id). */
  readonly ref?: string;
}

/**
 * An asynchronous report from the provider (a webhook), already verified and parsed by the adapter. Providers may
 * deliver the same event more than once; `id` identifies it.
 *
 * @category Payment provider
 */
export interface ProviderEvent {
  /** Unique event id (deduplicated). */
  readonly id: string;
  /** What happened. */
  readonly type:
    | "authorization.succeeded"
    | "authorization.expired"
    | "capture.succeeded"
    | "capture.failed"
    | "void.succeeded"
    | "refund.succeeded"
    | "refund.failed";
  /** Our session id. */
  readonly merchantReference: string;
  /** The provider's payment reference. */
  readonly ref: string;
  /** When it happened at the provider. */
  readonly at: Instant;
}

/**
 * The payment provider port: a PSP adapter (Stripe, Adyen, a payment terminal …) implements it. Every mutating call
 * carries an idempotency key the provider must honour (same key → same effect, once; the first answer replayed).
 * Business refusals are returned as {@link ProviderDecline}; when the outcome is unknown (timeout, network, 5xx) the
 * adapter throws a `TIMEOUT`, `UNAVAILABLE` or `PORT_FAILURE` `ChargekitError`, and chargekit reconciles with
 * {@link PaymentProvider.retrieve}. Amounts are {@link Money}; the adapter converts to minor units at its edge
 * (`toMinorUnits`) and refuses amounts its currency table cannot represent.
 *
 * @category Payment provider
 */
export interface PaymentProvider {
  /** Name for logs, e.g. `"stripe"`. */
  readonly name: string;
  /** Optional features. */
  readonly capabilities: Capabilities<PaymentProviderCapability>;
  /** How long a hold stays valid for a kind of payment method (e.g. 7 days card-not-present, 5 days card-present). */
  holdValidity(kind: PaymentMethodKind): Duration;
  /** With `overcapture`: the most that can be captured on a hold of `authorized`. */
  overcaptureLimit?(authorized: Money): Money;
  /** Places a hold. */
  authorize(request: {
    readonly idempotencyKey: string;
    readonly merchantReference: string;
    readonly amount: Money;
    readonly paymentMethod: string;
    readonly methodKind: PaymentMethodKind;
  }): Promise<Result<ProviderAuthorization, ProviderDecline>>;
  /** With `incrementalAuthorization`: raises the hold to `total`. */
  increment(request: {
    readonly idempotencyKey: string;
    readonly ref: string;
    readonly total: Money;
  }): Promise<Result<ProviderAuthorization, ProviderDecline>>;
  /** Captures `amount` of the hold and releases the rest. */
  capture(request: {
    readonly idempotencyKey: string;
    readonly ref: string;
    readonly amount: Money;
  }): Promise<Result<ProviderCapture, ProviderDecline>>;
  /** Releases the hold without charging (cancellation). */
  void(request: {
    readonly idempotencyKey: string;
    readonly ref: string;
  }): Promise<Result<ProviderVoid, ProviderDecline>>;
  /** Refunds `amount` of a capture. */
  refund(request: {
    readonly idempotencyKey: string;
    readonly ref: string;
    readonly amount: Money;
  }): Promise<Result<ProviderRefund, ProviderDecline>>;
  /** The payment made for a session (looked up by merchant reference), or `undefined` if none was made. */
  retrieve(query: { readonly merchantReference: string }): Promise<ProviderPayment | undefined>;
}

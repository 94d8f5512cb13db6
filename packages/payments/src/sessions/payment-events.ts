import type { TransactionId, TypedEmitter } from "@chargekit/core";
import type { Money } from "../money/money.js";
import type { PaymentNotice } from "./payment-commands.js";
import type { PaymentSession } from "./payment-session.js";

/**
 * The payload every payment event carries.
 *
 * @category Payments
 */
export interface PaymentEventBase {
  /** The payment session. */
  readonly sessionId: string;
}

/**
 * Payload of events that report an amount.
 *
 * @category Payments
 */
export interface PaymentAmountEvent extends PaymentEventBase {
  /** The amount concerned. */
  readonly amount: Money;
}

/**
 * Payload of events that report a refusal or failure.
 *
 * @category Payments
 */
export interface PaymentFailureEvent extends PaymentEventBase {
  /** The provider's reason code. */
  readonly reason: string;
}

/**
 * Payload of `payment:stop-requested`.
 *
 * @category Payments
 */
export interface PaymentStopRequest extends PaymentEventBase {
  /** The charging session to stop, when it started. */
  readonly transactionId?: TransactionId;
  /** `cost-limit`: the running cost reached the limit; `hold-expiring`: the hold lapses soon. */
  readonly reason: "cost-limit" | "hold-expiring";
  /** The running cost that triggered it. */
  readonly runningCost?: Money;
  /** The session's cost limit. */
  readonly limit: Money;
}

/**
 * Payload of `payment:capture-failed`.
 *
 * @category Payments
 */
export interface PaymentCaptureFailure extends PaymentFailureEvent {
  /** Whether another attempt is scheduled. */
  readonly willRetry: boolean;
}

/**
 * Payload of the refund events.
 *
 * @category Payments
 */
export interface PaymentRefundEvent extends PaymentEventBase {
  /** The caller's refund id. */
  readonly refundId: string;
}

/**
 * Events of the payment service, one object payload each; emitted after the change is stored.
 *
 * @category Payments
 */
export interface PaymentEvents {
  /** The hold was placed. */
  "payment:authorized": PaymentAmountEvent;
  /** The hold was refused (answer the driver `NoCredit`). */
  "payment:declined": PaymentFailureEvent;
  /**
   * The charging session should stop: the running cost reached the limit minus the margin and the hold cannot be
   * raised, or the hold is about to lapse. The neutral "stop at limit" request; the CSMS turns it into a remote stop.
   */
  "payment:stop-requested": PaymentStopRequest;
  /** The hold was raised (incremental authorization). */
  "payment:hold-increased": PaymentAmountEvent;
  /** Money was captured. */
  "payment:captured": PaymentAmountEvent;
  /** A capture failed. */
  "payment:capture-failed": PaymentCaptureFailure;
  /** The driver owes `amount` that could not be captured (shortfall above the hold, failed capture, lapsed hold). */
  "payment:receivable": PaymentAmountEvent;
  /** The hold was released without charge. */
  "payment:voided": PaymentEventBase;
  /** The hold lapsed before capture. */
  "payment:expired": PaymentEventBase;
  /** A refund went through. */
  "payment:refunded": PaymentRefundEvent & PaymentAmountEvent;
  /** A refund was refused by the provider. */
  "payment:refund-failed": PaymentRefundEvent & PaymentFailureEvent;
}

/**
 * Emits the `payment:*` events of a transition's notices.
 *
 * @internal
 */
export function emitNotices(
  events: TypedEmitter<PaymentEvents>,
  session: PaymentSession,
  notices: readonly PaymentNotice[],
): void {
  const sessionId = session.id;
  for (const n of notices) {
    switch (n.type) {
      case "authorized":
        events.emit("payment:authorized", { sessionId, amount: n.amount });
        break;
      case "declined":
        events.emit("payment:declined", { sessionId, reason: n.reason });
        break;
      case "stop-requested":
        events.emit("payment:stop-requested", {
          sessionId,
          ...(session.transactionId === undefined ? {} : { transactionId: session.transactionId }),
          reason: n.reason,
          ...(n.runningCost === undefined ? {} : { runningCost: n.runningCost }),
          limit: n.limit,
        });
        break;
      case "hold-increased":
        events.emit("payment:hold-increased", { sessionId, amount: n.amount });
        break;
      case "captured":
        events.emit("payment:captured", { sessionId, amount: n.amount });
        break;
      case "capture-failed":
        events.emit("payment:capture-failed", { sessionId, reason: n.reason, willRetry: n.willRetry });
        break;
      case "receivable":
        events.emit("payment:receivable", { sessionId, amount: n.amount });
        break;
      case "voided":
        events.emit("payment:voided", { sessionId });
        break;
      case "expired":
        events.emit("payment:expired", { sessionId });
        break;
      case "refunded":
        events.emit("payment:refunded", { sessionId, refundId: n.refundId, amount: n.amount });
        break;
      case "refund-failed":
        events.emit("payment:refund-failed", { sessionId, refundId: n.refundId, reason: n.reason });
        break;
    }
  }
}

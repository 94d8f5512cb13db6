import type { Instant, TransactionId } from "@chargekit/core";
import type { Money } from "../money/money.js";
import type { ProviderDecline } from "./payment-provider.js";

/**
 * Everything that can happen to a payment session: commands from the CSMS (`authorize`, `start`, `running-cost`,
 * `stop`, `price`, `cancel`, `refund`), provider outcomes, and the passing of time (`tick`).
 *
 * @category Payments
 */
export type PaymentCommand =
  | {
      /** Place the hold. */
      readonly type: "authorize";
    }
  | {
      /** The provider placed the hold. */
      readonly type: "authorization.succeeded";
      /** The provider's payment reference. */
      readonly ref: string;
      /** Amount on hold. */
      readonly authorized: Money;
      /** When the hold lapses. */
      readonly expiresAt: Instant;
    }
  | {
      /** The provider refused the hold. */
      readonly type: "authorization.declined";
      /** Why. */
      readonly decline: ProviderDecline;
    }
  | {
      /** The charging session started on the hold. */
      readonly type: "start";
      /** Its transaction. */
      readonly transactionId: TransactionId;
    }
  | {
      /** A running-cost report. */
      readonly type: "running-cost";
      /** The cost so far (incl. VAT). */
      readonly cost: Money;
    }
  | {
      /** The provider raised the hold. */
      readonly type: "increment.succeeded";
      /** Increment number. */
      readonly n: number;
      /** New amount on hold. */
      readonly authorized: Money;
      /** When the hold lapses. */
      readonly expiresAt: Instant;
    }
  | {
      /** The provider refused to raise the hold. */
      readonly type: "increment.declined";
      /** Increment number. */
      readonly n: number;
      /** Why. */
      readonly decline: ProviderDecline;
    }
  | {
      /** The charging session is ending. */
      readonly type: "stop";
    }
  | {
      /** The final cost is known (in whole minor units). */
      readonly type: "price";
      /** The final cost (incl. VAT). */
      readonly cost: Money;
    }
  | {
      /** The provider captured. */
      readonly type: "capture.succeeded";
      /** Capture attempt (1-based). */
      readonly attempt: number;
      /** Amount captured. */
      readonly captured: Money;
    }
  | {
      /** The provider refused the capture. */
      readonly type: "capture.failed";
      /** Capture attempt (1-based). */
      readonly attempt: number;
      /** Why. */
      readonly decline: ProviderDecline;
    }
  | {
      /** Release an unused hold. */
      readonly type: "cancel";
    }
  | {
      /** The provider released the hold. */
      readonly type: "void.succeeded";
    }
  | {
      /** The provider could not release the hold (it lapses on its own). */
      readonly type: "void.failed";
      /** Why. */
      readonly decline: ProviderDecline;
    }
  | {
      /** Refund part of the capture. */
      readonly type: "refund";
      /** The caller's refund id (idempotency). */
      readonly refundId: string;
      /** Amount to refund. */
      readonly amount: Money;
    }
  | {
      /** The provider refunded. */
      readonly type: "refund.succeeded";
      /** Refund number. */
      readonly n: number;
      /** The provider's refund reference. */
      readonly refundRef: string;
    }
  | {
      /** The provider refused the refund. */
      readonly type: "refund.failed";
      /** Refund number. */
      readonly n: number;
      /** Why. */
      readonly decline: ProviderDecline;
    }
  | {
      /** The provider reports the hold lapsed. */
      readonly type: "hold.expired";
    }
  | {
      /** Time passed: expiries, retries and deadlines are checked. */
      readonly type: "tick";
    };

/**
 * Announcements a transition makes (emitted as `payment:*` events by the service).
 *
 * @category Payments
 */
export type PaymentNotice =
  | {
      /** The hold was placed. */
      readonly type: "authorized";
      /** Amount on hold. */
      readonly amount: Money;
    }
  | {
      /** The hold was refused. */
      readonly type: "declined";
      /** The provider's reason code. */
      readonly reason: string;
    }
  | {
      /** The charging session should stop. */
      readonly type: "stop-requested";
      /** Why: the cost limit, or the hold lapsing. */
      readonly reason: "cost-limit" | "hold-expiring";
      /** The running cost, when known. */
      readonly runningCost?: Money;
      /** The cost limit. */
      readonly limit: Money;
    }
  | {
      /** The hold was raised. */
      readonly type: "hold-increased";
      /** New amount on hold. */
      readonly amount: Money;
    }
  | {
      /** Money was captured. */
      readonly type: "captured";
      /** Amount captured. */
      readonly amount: Money;
    }
  | {
      /** A capture failed. */
      readonly type: "capture-failed";
      /** The provider's reason code. */
      readonly reason: string;
      /** Whether another attempt is scheduled. */
      readonly willRetry: boolean;
    }
  | {
      /** An amount is owed and was not captured. */
      readonly type: "receivable";
      /** Amount owed. */
      readonly amount: Money;
    }
  | {
      /** The hold was released without charge. */
      readonly type: "voided";
    }
  | {
      /** The hold lapsed. */
      readonly type: "expired";
    }
  | {
      /** A refund went through. */
      readonly type: "refunded";
      /** The caller's refund id. */
      readonly refundId: string;
      /** Amount refunded. */
      readonly amount: Money;
    }
  | {
      /** A refund was refused. */
      readonly type: "refund-failed";
      /** The caller's refund id. */
      readonly refundId: string;
      /** The provider's reason code. */
      readonly reason: string;
    };

/**
 * Why a command was refused (an expected outcome: the caller asked for something the session cannot do now).
 *
 * @category Payments
 */
export interface PaymentRefusal {
  /** `INVALID_STATE`: not possible in the current state; `INVALID_AMOUNT`: a bad amount; `CONFLICT`: contradicts what was recorded. */
  readonly code: "INVALID_STATE" | "INVALID_AMOUNT" | "CONFLICT";
  /** Human-readable explanation naming the state or amount. */
  readonly message: string;
}

import { type Duration, err, HOUR, type Instant, MINUTE, ok, type Result, SECOND } from "@chargekit/core";
import {
  addMoney,
  compareMoney,
  isMinorUnitExact,
  isNegativeMoney,
  isZeroMoney,
  type Money,
  maxMoney,
  minMoney,
  subtractMoney,
  zeroMoney,
} from "../money/money.js";
import { idempotencyKey } from "./idempotency-keys.js";
import type { PaymentCommand, PaymentNotice, PaymentRefusal } from "./payment-commands.js";
import { isTerminal, type PaymentSession, type PaymentState, type RefundRecord } from "./payment-session.js";
import type { PaymentIntent } from "./payment-store.js";

/**
 * What a transition decided: the next session (version and timestamps are set by the caller), the provider
 * operations to record in the same write, the intents it completes, announcements and audit records.
 *
 * @category Payments
 */
export interface PaymentTransition {
  /** The next session (same object when nothing changed). */
  readonly session: PaymentSession;
  /** False for a no-op (a replayed command): nothing to write, nothing to call. */
  readonly changed: boolean;
  /** Provider operations to record (outbox), in the same write. */
  readonly addIntents: readonly Pick<PaymentIntent, "key" | "operation" | "amount" | "seq">[];
  /** Keys of intents whose outcome this records. */
  readonly completeIntents: readonly string[];
  /** Announcements. */
  readonly notices: readonly PaymentNotice[];
  /** Every state the session passed through, in order, ending with the new state (empty when it stayed). */
  readonly path: readonly PaymentState[];
}

/**
 * Settings of the payment state machine.
 *
 * @category Payments
 */
export interface PaymentMachineConfig {
  /** Captures are scheduled at least this long before the hold lapses (default 1 h). */
  readonly captureMarginMs: Duration;
  /** An active session is asked to stop this long before the capture deadline (default 1 h). */
  readonly stopLeadMs: Duration;
  /** The stop request fires when the running cost reaches the limit minus this margin (default: 0). */
  readonly limitMargin?: Money;
  /** Capture retries after retryable failures: first delay, doubling up to `maxDelayMs`, at most `maxAttempts`. */
  readonly captureRetry: {
    /** Delay before the second attempt. */
    readonly initialDelayMs: Duration;
    /** Longest delay between attempts. */
    readonly maxDelayMs: Duration;
    /** Most attempts in total. */
    readonly maxAttempts: number;
  };
  /** Raise the hold by `step` instead of stopping, at most `max` times (only when the provider supports it). */
  readonly increment?: {
    /** Amount added to the hold per increment. */
    readonly step: Money;
    /** Most increments per session. */
    readonly max: number;
  };
  /** The most that may be captured on a hold of `authorized` (default: `authorized`; more with overcapture). */
  readonly capturable?: (authorized: Money) => Money;
}

/**
 * Default machine settings.
 *
 * @category Payments
 */
export const DEFAULT_MACHINE_CONFIG: PaymentMachineConfig = {
  captureMarginMs: HOUR,
  stopLeadMs: HOUR,
  captureRetry: { initialDelayMs: 30 * SECOND, maxDelayMs: 30 * MINUTE, maxAttempts: 8 },
};

type Draft = { -readonly [K in keyof PaymentSession]: PaymentSession[K] };

/**
 * The pure payment state machine: `transition(session, command, now, config)` returns the decision without any I/O.
 * Replaying a command that was already applied returns `changed: false` (idempotent); a command that contradicts the
 * record is refused. Terminal states stay terminal. Captures are `min(final cost, capturable)`, the shortfall is
 * recorded as a receivable, a zero cost voids the hold, and refunds never exceed the captured amount.
 *
 * @category Payments
 */
export function transition(
  session: PaymentSession,
  command: PaymentCommand,
  now: Instant,
  config: PaymentMachineConfig = DEFAULT_MACHINE_CONFIG,
): Result<PaymentTransition, PaymentRefusal> {
  const next: Draft = { ...session };
  const intents: PaymentTransition["addIntents"][number][] = [];
  const completes: string[] = [];
  const notices: PaymentNotice[] = [];
  const path: PaymentState[] = [];
  const zero = zeroMoney(session.currency);
  const same = (): Result<PaymentTransition, PaymentRefusal> =>
    ok({ session, changed: false, addIntents: [], completeIntents: [], notices: [], path: [] });
  const refuse = (code: PaymentRefusal["code"], message: string) => err({ code, message });
  const move = (state: PaymentState): void => {
    if (state !== next.state) path.push(state);
    next.state = state;
  };
  const done = (): Result<PaymentTransition, PaymentRefusal> => {
    const wake = wakeAt(next, config);
    if (wake === undefined) delete next.wakeAt;
    else next.wakeAt = wake;
    return ok({ session: next, changed: true, addIntents: intents, completeIntents: completes, notices, path });
  };
  const badAmount = (m: Money, what: string): string | undefined => {
    if (m.currency !== session.currency) return `${what} is in ${m.currency}, the session in ${session.currency}`;
    if (isNegativeMoney(m)) return `${what} ${m.amount} is negative`;
    if (!isMinorUnitExact(m))
      return `${what} ${m.amount} ${m.currency} has more decimals than the currency (round it first)`;
    return undefined;
  };
  const startCapture = (): void => {
    const attempt = next.captureFailures + 1;
    move("Capturing");
    delete next.retryAt;
    intents.push({
      key: idempotencyKey.capture(session.id, attempt),
      operation: "capture",
      amount: next.captureAmount as Money,
      seq: attempt,
    });
  };
  const settlePriced = (): void => {
    // called once the final cost is frozen and no increment is in flight
    const cost = next.finalCost as Money;
    if (isZeroMoney(cost)) {
      move("Voiding");
      next.captureAmount = zero;
      intents.push({ key: idempotencyKey.void(session.id), operation: "void" });
      return;
    }
    const capturable = config.capturable?.(next.authorizedAmount) ?? next.authorizedAmount;
    const capture = minMoney(cost, maxMoney(next.authorizedAmount, capturable));
    next.captureAmount = capture;
    next.receivableAmount = subtractMoney(cost, capture);
    startCapture();
  };
  const expire = (): void => {
    move("Expired");
    notices.push({ type: "expired" });
    if (next.finalCost !== undefined) settleExpired();
  };
  const settleExpired = (): void => {
    const cost = next.finalCost as Money;
    if (isZeroMoney(cost)) {
      move("Voided");
      notices.push({ type: "voided" });
    } else {
      move("Receivable");
      next.receivableAmount = cost;
      notices.push({ type: "receivable", amount: cost });
    }
  };

  if (isTerminal(session) && command.type !== "tick") {
    // terminal states stay terminal: repeating what led here is a no-op, anything else is refused
    const replay =
      (session.state === "Declined" && (command.type === "authorize" || command.type === "authorization.declined")) ||
      (session.state === "Voided" &&
        ["cancel", "void.succeeded", "void.failed", "stop", "price"].includes(command.type)) ||
      (session.state === "Receivable" && ["price", "stop", "capture.failed", "hold.expired"].includes(command.type)) ||
      (session.state === "Refunded" && ["refund", "refund.succeeded"].includes(command.type));
    if (
      replay &&
      command.type === "price" &&
      session.finalCost !== undefined &&
      compareMoney(command.cost, session.finalCost) !== 0
    ) {
      return refuse("CONFLICT", `the final cost was frozen at ${session.finalCost.amount}, not ${command.cost.amount}`);
    }
    if (replay) return same();
    return refuse("INVALID_STATE", `the session is ${session.state}; it cannot ${command.type}`);
  }

  switch (command.type) {
    case "authorize": {
      if (session.state !== "Created") return same();
      move("Authorizing");
      intents.push({ key: idempotencyKey.authorize(session.id), operation: "authorize", amount: session.holdAmount });
      return done();
    }
    case "authorization.succeeded": {
      if (session.state !== "Authorizing") return same();
      move("Authorized");
      next.providerRef = command.ref;
      next.authorizedAmount = command.authorized;
      next.costLimit = minMoney(session.costLimit, command.authorized);
      next.authorizedAt = now;
      next.holdExpiresAt = command.expiresAt;
      next.captureDeadline = command.expiresAt - config.captureMarginMs;
      completes.push(idempotencyKey.authorize(session.id));
      notices.push({ type: "authorized", amount: command.authorized });
      return done();
    }
    case "authorization.declined": {
      if (session.state !== "Authorizing") return same();
      move("Declined");
      next.lastError = `${command.decline.code}: ${command.decline.message}`;
      completes.push(idempotencyKey.authorize(session.id));
      notices.push({ type: "declined", reason: command.decline.code });
      return done();
    }
    case "start": {
      if (session.transactionId !== undefined) {
        return session.transactionId === command.transactionId
          ? same()
          : refuse("CONFLICT", `the session already pays for transaction ${session.transactionId}`);
      }
      if (session.state !== "Authorized") {
        return refuse(
          "INVALID_STATE",
          `a transaction can only start on an authorized hold; the session is ${session.state}`,
        );
      }
      move("Active");
      next.transactionId = command.transactionId;
      return done();
    }
    case "running-cost": {
      if (command.cost.currency !== session.currency || isNegativeMoney(command.cost)) {
        return refuse(
          "INVALID_AMOUNT",
          `running cost ${command.cost.amount} ${command.cost.currency} is not a cost in ${session.currency}`,
        );
      }
      if (!["Authorized", "Active", "Incrementing"].includes(session.state)) return same();
      const previous = session.runningCost;
      // running costs only grow: a report that is not above the last one is a replay or stale, and changes nothing
      if (previous !== undefined && compareMoney(command.cost, previous) <= 0) return same();
      next.runningCost = command.cost;
      const threshold = subtractMoney(session.costLimit, config.limitMargin ?? zero);
      if (
        compareMoney(next.runningCost, threshold) >= 0 &&
        session.stopRequested === undefined &&
        !session.incrementPending
      ) {
        const inc = config.increment;
        if (
          inc !== undefined &&
          session.increments < inc.max &&
          session.state === "Active" &&
          inc.step.currency === session.currency
        ) {
          const n = session.increments + 1;
          move("Incrementing");
          next.increments = n;
          next.incrementPending = true;
          intents.push({
            key: idempotencyKey.increment(session.id, n),
            operation: "increment",
            amount: addMoney(session.authorizedAmount, inc.step),
            seq: n,
          });
        } else {
          next.stopRequested = { at: now, reason: "cost-limit" };
          notices.push({
            type: "stop-requested",
            reason: "cost-limit",
            runningCost: next.runningCost,
            limit: session.costLimit,
          });
        }
      }
      return done();
    }
    case "increment.succeeded":
    case "increment.declined": {
      if (!session.incrementPending || command.n !== session.increments) return same();
      next.incrementPending = false;
      completes.push(idempotencyKey.increment(session.id, command.n));
      if (command.type === "increment.succeeded") {
        next.authorizedAmount = command.authorized;
        next.costLimit = command.authorized;
        next.holdExpiresAt = command.expiresAt;
        next.captureDeadline = command.expiresAt - config.captureMarginMs;
        notices.push({ type: "hold-increased", amount: command.authorized });
      } else {
        next.lastError = `${command.decline.code}: ${command.decline.message}`;
        if (session.stopRequested === undefined && session.state === "Incrementing") {
          next.stopRequested = { at: now, reason: "cost-limit" };
          notices.push({
            type: "stop-requested",
            reason: "cost-limit",
            ...(session.runningCost === undefined ? {} : { runningCost: session.runningCost }),
            limit: session.costLimit,
          });
        }
      }
      if (session.state === "Incrementing") move("Active");
      else if (session.state === "Priced" && session.finalCost !== undefined) settlePriced();
      return done();
    }
    case "stop": {
      if (session.state === "Created") {
        move("Voided");
        notices.push({ type: "voided" });
        return done();
      }
      if (session.state === "Authorizing") return refuse("INVALID_STATE", "the hold is still being authorized");
      if (!["Authorized", "Active", "Incrementing"].includes(session.state)) return same();
      move("Stopping");
      return done();
    }
    case "price": {
      const bad = badAmount(command.cost, "final cost");
      if (bad !== undefined) return refuse("INVALID_AMOUNT", bad);
      if (session.finalCost !== undefined) {
        return compareMoney(session.finalCost, command.cost) === 0
          ? same()
          : refuse("CONFLICT", `the final cost was frozen at ${session.finalCost.amount}, not ${command.cost.amount}`);
      }
      if (session.state === "Created" || session.state === "Authorizing") {
        return refuse("INVALID_STATE", `the session is ${session.state}; there is no hold to settle yet`);
      }
      next.finalCost = command.cost;
      if (session.state === "Expired") {
        settleExpired();
        return done();
      }
      if (!["Authorized", "Active", "Incrementing", "Stopping"].includes(session.state)) return same();
      if (session.holdExpiresAt !== undefined && now >= session.holdExpiresAt) {
        expire();
        return done();
      }
      move("Priced");
      if (!session.incrementPending) settlePriced();
      return done();
    }
    case "capture.succeeded": {
      if (session.state !== "Capturing" || command.attempt !== session.captureFailures + 1) return same();
      move("Captured");
      next.capturedAmount = command.captured;
      next.receivableAmount = maxMoney(zero, subtractMoney(session.finalCost ?? command.captured, command.captured));
      completes.push(idempotencyKey.capture(session.id, command.attempt));
      notices.push({ type: "captured", amount: command.captured });
      if (!isZeroMoney(next.receivableAmount)) notices.push({ type: "receivable", amount: next.receivableAmount });
      return done();
    }
    case "capture.failed": {
      if (session.state !== "Capturing" || command.attempt !== session.captureFailures + 1) return same();
      completes.push(idempotencyKey.capture(session.id, command.attempt));
      next.captureFailures = command.attempt;
      next.lastError = `${command.decline.code}: ${command.decline.message}`;
      const r = config.captureRetry;
      const delay = Math.min(r.maxDelayMs, r.initialDelayMs * 2 ** (command.attempt - 1));
      const retryAt = now + delay;
      const canRetry =
        command.decline.retryable &&
        command.attempt < r.maxAttempts &&
        // the next attempt must fall before the capture deadline, which keeps a margin to the hold's expiry
        (session.captureDeadline ?? session.holdExpiresAt ?? Number.POSITIVE_INFINITY) > retryAt;
      notices.push({ type: "capture-failed", reason: command.decline.code, willRetry: canRetry });
      move("CaptureFailed");
      if (canRetry) {
        next.retryAt = retryAt;
      } else {
        move("Receivable");
        next.receivableAmount = session.finalCost ?? zero;
        notices.push({ type: "receivable", amount: next.receivableAmount });
      }
      return done();
    }
    case "cancel": {
      if (session.state === "Created") {
        move("Voided");
        notices.push({ type: "voided" });
        return done();
      }
      if (session.state === "Voiding") return same();
      if (session.state !== "Authorized") {
        return refuse(
          "INVALID_STATE",
          `only an unused authorized hold can be cancelled; the session is ${session.state}`,
        );
      }
      move("Voiding");
      next.finalCost = zero;
      next.captureAmount = zero;
      intents.push({ key: idempotencyKey.void(session.id), operation: "void" });
      return done();
    }
    case "void.succeeded":
    case "void.failed": {
      if (session.state !== "Voiding") return same();
      completes.push(idempotencyKey.void(session.id));
      if (command.type === "void.failed") next.lastError = `${command.decline.code}: ${command.decline.message}`;
      // a hold that cannot be voided lapses on its own: no money is taken either way
      move("Voided");
      notices.push({ type: "voided" });
      return done();
    }
    case "refund": {
      const existing = session.refunds.find((r) => r.refundId === command.refundId);
      if (existing !== undefined) {
        return compareMoney(existing.amount, command.amount) === 0
          ? same()
          : refuse("CONFLICT", `refund ${command.refundId} was recorded for ${existing.amount.amount}`);
      }
      if (!["Captured", "PartiallyRefunded", "Refunding"].includes(session.state)) {
        return refuse("INVALID_STATE", `only a captured payment can be refunded; the session is ${session.state}`);
      }
      const bad = badAmount(command.amount, "refund");
      if (bad !== undefined || isZeroMoney(command.amount))
        return refuse("INVALID_AMOUNT", bad ?? "a refund must be positive");
      const committed = session.refunds
        .filter((r) => r.status !== "failed")
        .reduce((sum, r) => addMoney(sum, r.amount), zero);
      const room = subtractMoney(session.capturedAmount, committed);
      if (compareMoney(command.amount, room) > 0) {
        return refuse(
          "INVALID_AMOUNT",
          `refund ${command.amount.amount} exceeds what is left to refund (${room.amount})`,
        );
      }
      const n = session.refunds.length + 1;
      const record: RefundRecord = { n, refundId: command.refundId, amount: command.amount, status: "pending" };
      next.refunds = [...session.refunds, record];
      move("Refunding");
      intents.push({
        key: idempotencyKey.refund(session.id, n),
        operation: "refund",
        amount: command.amount,
        seq: n,
      });
      return done();
    }
    case "refund.succeeded":
    case "refund.failed": {
      const record = session.refunds.find((r) => r.n === command.n);
      if (record === undefined || record.status !== "pending") return same();
      completes.push(idempotencyKey.refund(session.id, command.n));
      const updated: RefundRecord =
        command.type === "refund.succeeded"
          ? { ...record, status: "succeeded", providerRef: command.refundRef }
          : { ...record, status: "failed" };
      next.refunds = session.refunds.map((r) => (r.n === command.n ? updated : r));
      if (command.type === "refund.succeeded") {
        next.refundedAmount = addMoney(session.refundedAmount, record.amount);
        notices.push({ type: "refunded", refundId: record.refundId, amount: record.amount });
      } else {
        next.lastError = `${command.decline.code}: ${command.decline.message}`;
        notices.push({ type: "refund-failed", refundId: record.refundId, reason: command.decline.code });
      }
      if (next.refunds.some((r) => r.status === "pending")) move("Refunding");
      else if (compareMoney(next.refundedAmount, session.capturedAmount) >= 0) move("Refunded");
      else if (!isZeroMoney(next.refundedAmount)) move("PartiallyRefunded");
      else move("Captured");
      return done();
    }
    case "hold.expired": {
      if (!["Authorized", "Active", "Incrementing", "Stopping", "Priced", "CaptureFailed"].includes(session.state))
        return same();
      if (session.incrementPending) return same();
      expire();
      return done();
    }
    case "tick": {
      const expiry = session.holdExpiresAt;
      const before = ["Authorized", "Active", "Incrementing", "Stopping", "Priced", "CaptureFailed"];
      if (expiry !== undefined && now >= expiry && before.includes(session.state) && !session.incrementPending) {
        expire();
        return done();
      }
      if (session.state === "CaptureFailed" && session.retryAt !== undefined && now >= session.retryAt) {
        startCapture();
        return done();
      }
      const deadline = session.captureDeadline;
      if (
        deadline !== undefined &&
        session.stopRequested === undefined &&
        (session.state === "Active" || session.state === "Authorized") &&
        now >= deadline - config.stopLeadMs
      ) {
        next.stopRequested = { at: now, reason: "hold-expiring" };
        notices.push({
          type: "stop-requested",
          reason: "hold-expiring",
          ...(session.runningCost === undefined ? {} : { runningCost: session.runningCost }),
          limit: session.costLimit,
        });
        return done();
      }
      return same();
    }
  }
}

/** When the recovery worker must look at a session next. */
function wakeAt(s: PaymentSession, config: PaymentMachineConfig): Instant | undefined {
  const candidates: number[] = [];
  const expiry = s.holdExpiresAt;
  if (
    ["Authorized", "Active", "Incrementing", "Stopping", "Priced", "CaptureFailed"].includes(s.state) &&
    expiry !== undefined
  ) {
    candidates.push(expiry);
  }
  if (s.state === "CaptureFailed" && s.retryAt !== undefined) candidates.push(s.retryAt);
  if (
    (s.state === "Active" || s.state === "Authorized") &&
    s.stopRequested === undefined &&
    s.captureDeadline !== undefined
  ) {
    candidates.push(s.captureDeadline - config.stopLeadMs);
  }
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}

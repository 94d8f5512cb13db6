import { ChargekitError, type Clock, DAY, type Duration, err, ok, type Result } from "@chargekit/core";
import {
  addMoney,
  compareMoney,
  isMinorUnitExact,
  type Money,
  multiplyMoney,
  subtractMoney,
  zeroMoney,
} from "../money/money.js";
import type {
  PaymentProvider,
  PaymentProviderCapability,
  ProviderAuthorization,
  ProviderDecline,
  ProviderEvent,
  ProviderPayment,
} from "../sessions/payment-provider.js";
import type { PaymentMethodKind } from "../sessions/payment-session.js";
import { createProviderJournal } from "./memory-provider-journal.js";
import type {
  MemoryPaymentProviderPersistence,
  MemoryPaymentProviderState,
  MemoryProviderPaymentRecord,
  MemoryProviderResponseRecord,
  ProviderCall,
  ProviderOperation,
} from "./memory-provider-state.js";

export type { ProviderCall, ProviderOperation } from "./memory-provider-state.js";

/**
 * Thrown by fault injection to simulate the process dying at that point. It is deliberately not a
 * `ChargekitError`: the payment service lets it through, as it would a real crash.
 *
 * @category Testing
 */
export class SimulatedCrash extends Error {
  /** Always `"SimulatedCrash"`. */
  override readonly name = "SimulatedCrash";
}

/**
 * A fault to inject into one provider call:
 *
 * - `decline`: the provider refuses (an expected outcome);
 * - `timeout` `before` the effect (nothing happened) or `after` it (it happened, the answer was lost): a `TIMEOUT`
 *   ChargekitError, an unknown outcome for the caller;
 * - `crash` `before` or `after` the effect: a {@link SimulatedCrash}, the caller's process dies between the provider
 *   call and its store write.
 *
 * @category Testing
 */
export type ProviderFault =
  | {
      /** The provider refuses. */
      readonly kind: "decline";
      /** Decline code (default `card_declined`). */
      readonly code?: string;
      /** Whether trying again may succeed (default false). */
      readonly retryable?: boolean;
    }
  | {
      /** The call times out. */
      readonly kind: "timeout";
      /** Before the effect (nothing happened) or after it (the answer was lost). */
      readonly when: "before" | "after";
    }
  | {
      /** The caller's process dies. */
      readonly kind: "crash";
      /** Before the effect or after it. */
      readonly when: "before" | "after";
    };

/**
 * Options of {@link createMemoryPaymentProvider}.
 *
 * @category Testing
 */
export interface MemoryPaymentProviderOptions {
  /** Time source for hold expiry. */
  readonly clock: Clock;
  /** Hold validity per method kind (default 7 days card-not-present, 5 days card-present, 7 days wallet). */
  readonly holdValidity?: Partial<Record<PaymentMethodKind, Duration>>;
  /** Features to announce (default none). */
  readonly capabilities?: Partial<Record<PaymentProviderCapability, boolean>>;
  /** With overcapture: the factor on the authorised amount that may be captured (default 1.15). */
  readonly overcaptureFactor?: string;
  /** Deliver every webhook twice. */
  readonly duplicateWebhooks?: boolean;
  /** Payment methods the provider declines, with the decline code (e.g. `{ pm_declined: "card_declined" }`). */
  readonly declinedMethods?: Readonly<Record<string, string>>;
  /** The most a hold may be raised to by incremental authorization. */
  readonly incrementCeiling?: Money;
  /** How long an idempotency key is remembered (default 24 h, as Stripe prunes keys); afterwards it is new again. */
  readonly idempotencyTtlMs?: Duration;
  /**
   * The state to start from, as {@link MemoryPaymentProvider.exportState} gave it (or as read back from
   * `persistence`): the provider continues with those payments, idempotency answers, effects, events and counters.
   * Default: empty.
   */
  readonly state?: MemoryPaymentProviderState;
  /**
   * Where to keep the state durably: every change is saved before the call that made it answers, so the provider
   * outlives the process that uses it, as a real PSP does. Default: nowhere (the state lives as long as the object).
   */
  readonly persistence?: MemoryPaymentProviderPersistence;
}

/**
 * An in-memory {@link PaymentProvider} that behaves like a card PSP (idempotency keys replay the first answer for
 * `idempotencyTtlMs`, holds lapse, one capture releases the rest — with `multiCapture`, further captures are taken up
 * to the hold —, refunds up to the captured amount) and injects faults: declines,
 * timeouts and crashes before or after the effect, and duplicate webhooks. It records every call (`calls`) and every
 * effect (`effects`, money actually moved) for assertions.
 *
 * Its state can outlive it: {@link MemoryPaymentProvider.exportState} takes a copy and the `state` option restores
 * it into a new provider; with a `persistence` port, every change is saved before the call answers, and webhooks are
 * delivered once their change is saved.
 *
 * @category Testing
 */
export interface MemoryPaymentProvider extends PaymentProvider {
  /** Every call received, replays included. */
  readonly calls: readonly ProviderCall[];
  /** Every operation performed (a replayed key performs nothing). */
  readonly effects: readonly ProviderCall[];
  /** Injects `fault` into the next call of `operation` (`"any"`: the next call of any operation). */
  failNext(operation: ProviderOperation | "any", fault: ProviderFault): void;
  /** Consults `plan` on every call (call index from 0 across operations); return a fault to inject one. */
  setFaultPlan(
    plan: ((call: ProviderCall & { readonly index: number }) => ProviderFault | undefined) | undefined,
  ): void;
  /** Receives webhooks. */
  subscribe(listener: (event: ProviderEvent) => void): () => void;
  /** Delivers every webhook sent so far once more (duplicates). */
  redeliver(): void;
  /** Marks lapsed holds expired (emitting `authorization.expired`); resolves once that is saved. */
  expireHolds(): Promise<void>;
  /**
   * A copy of everything the provider must not forget (plain JSON data): give it to a new provider's `state` option
   * to continue from here. Calls still in flight are included as far as they got.
   */
  exportState(): MemoryPaymentProviderState;
}

/** A payment as the provider keeps it (mutable inside). */
type Payment = {
  -readonly [K in Exclude<keyof MemoryProviderPaymentRecord, "operations">]: MemoryProviderPaymentRecord[K];
} & { readonly operations: ProviderPayment["operations"][number][] };

const DEFAULT_VALIDITY: Record<PaymentMethodKind, Duration> = {
  "card-not-present": 7 * DAY,
  "card-present": 5 * DAY,
  wallet: 7 * DAY,
};

/**
 * Creates a {@link MemoryPaymentProvider}.
 *
 * @example
 * ```ts
 * const provider = createMemoryPaymentProvider({ clock });
 * provider.failNext("capture", { kind: "crash", when: "after" });
 * ```
 * @category Testing
 */
export function createMemoryPaymentProvider(options: MemoryPaymentProviderOptions): MemoryPaymentProvider {
  const { clock } = options;
  const initial = options.state;
  const payments = new Map<string, Payment>(); // by ref
  const byReference = new Map<string, string>();
  const responses = new Map<string, MemoryProviderResponseRecord>();
  const ttl = options.idempotencyTtlMs ?? DAY;
  const calls: ProviderCall[] = [];
  const effects: ProviderCall[] = [...(initial?.effects ?? [])];
  const queued: { operation: ProviderOperation | "any"; fault: ProviderFault }[] = [];
  const listeners = new Set<(e: ProviderEvent) => void>();
  const sent: ProviderEvent[] = [...(initial?.events ?? [])];
  let plan: ((call: ProviderCall & { index: number }) => ProviderFault | undefined) | undefined;
  let counter = 0;
  let paymentCounter = initial?.counters.payments ?? 0;
  let eventCounter = initial?.counters.events ?? 0;
  const capabilities = options.capabilities ?? {};
  const validity = { ...DEFAULT_VALIDITY, ...options.holdValidity };
  for (const p of initial?.payments ?? []) {
    payments.set(p.ref, structuredClone(p) as Payment);
    byReference.set(p.merchantReference, p.ref);
  }
  for (const r of initial?.responses ?? []) responses.set(r.idempotencyKey, r);
  const journal = createProviderJournal(options.persistence, () => ({
    payments: paymentCounter,
    events: eventCounter,
  }));

  const deliver = (event: ProviderEvent): void => {
    const times = options.duplicateWebhooks === true ? 2 : 1;
    for (let i = 0; i < times; i++) for (const l of listeners) l(event);
  };

  /** Saves what changed, then delivers the webhooks it sent; throws (unknown outcome) when the save failed. */
  const settle = async (): Promise<void> => {
    for (const event of await journal.flush()) deliver(event);
  };

  const emit = (type: ProviderEvent["type"], p: Payment): void => {
    const event: ProviderEvent = {
      id: `evt_${++eventCounter}`,
      type,
      merchantReference: p.merchantReference,
      ref: p.ref,
      at: clock.now(),
    };
    journal.event(sent.length, event);
    sent.push(event);
  };

  const lapse = (p: Payment): void => {
    if (p.status === "authorized" && clock.now() >= p.expiresAt) {
      p.status = "expired";
      journal.payment(p);
      emit("authorization.expired", p);
    }
  };

  const decline = (code: string, message: string, retryable = false): Result<never, ProviderDecline> =>
    err({ code, message, retryable });

  const remember = (key: string, fingerprint: string, response: Result<unknown, ProviderDecline>): void => {
    const record: MemoryProviderResponseRecord = { idempotencyKey: key, fingerprint, response, at: clock.now() };
    responses.set(key, record);
    journal.response(record);
  };

  /**
   * Runs one mutating call: fault injection, idempotent replay, then the effect; saves what changed before it
   * answers (or before a crash or timeout after the effect, which happened at the provider all the same).
   */
  const run = async <T>(
    call: ProviderCall,
    fingerprint: string,
    effect: () => Result<T, ProviderDecline>,
  ): Promise<Result<T, ProviderDecline>> => {
    calls.push(call);
    const fault = takeFault(call);
    if (fault?.kind === "crash" && fault.when === "before") throw new SimulatedCrash(`crash before ${call.operation}`);
    if (fault?.kind === "timeout" && fault.when === "before") {
      throw new ChargekitError("TIMEOUT", `provider timed out before ${call.operation}`);
    }
    const remembered = responses.get(call.idempotencyKey);
    const previous = remembered !== undefined && clock.now() - remembered.at < ttl ? remembered : undefined;
    let response: Result<T, ProviderDecline>;
    if (previous !== undefined) {
      response =
        previous.fingerprint === fingerprint
          ? (previous.response as Result<T, ProviderDecline>)
          : decline("idempotency_mismatch", `key ${call.idempotencyKey} was used with other parameters`);
    } else if (fault?.kind === "decline") {
      response = decline(fault.code ?? "card_declined", "declined by fault injection", fault.retryable ?? false);
      remember(call.idempotencyKey, fingerprint, response);
    } else {
      response = effect();
      if (response.ok) {
        journal.effect(effects.length, call);
        effects.push(call);
      }
      remember(call.idempotencyKey, fingerprint, response);
    }
    await settle();
    if (fault?.kind === "crash") throw new SimulatedCrash(`crash after ${call.operation}`);
    if (fault?.kind === "timeout") throw new ChargekitError("TIMEOUT", `provider answer to ${call.operation} was lost`);
    return response;
  };

  const takeFault = (call: ProviderCall): ProviderFault | undefined => {
    const index = counter++;
    const i = queued.findIndex((q) => q.operation === call.operation || q.operation === "any");
    if (i >= 0) {
      const [q] = queued.splice(i, 1);
      return q?.fault;
    }
    return plan?.({ ...call, index });
  };

  const findRef = (ref: string): Payment | undefined => {
    const p = payments.get(ref);
    if (p !== undefined) lapse(p);
    return p;
  };

  /** Records an operation performed on `p`. */
  const performed = (p: Payment, operation: Payment["operations"][number]): void => {
    p.operations.push(operation);
    journal.payment(p);
  };

  const capturable = (authorized: Money): Money =>
    capabilities.overcapture === true ? multiplyMoney(authorized, options.overcaptureFactor ?? "1.15") : authorized;

  const provider: MemoryPaymentProvider = {
    name: "memory",
    capabilities,
    calls,
    effects,
    holdValidity: (kind) => validity[kind],
    ...(capabilities.overcapture === true ? { overcaptureLimit: capturable } : {}),
    authorize(request) {
      const fp = `${request.merchantReference}|${request.amount.amount}|${request.amount.currency}|${request.paymentMethod}`;
      return run<ProviderAuthorization>(
        { operation: "authorize", idempotencyKey: request.idempotencyKey, amount: request.amount },
        fp,
        () => {
          const declined = options.declinedMethods?.[request.paymentMethod];
          if (declined !== undefined) return decline(declined, `payment method ${request.paymentMethod} declined`);
          if (!isMinorUnitExact(request.amount)) return decline("invalid_amount", "amount is not in minor units");
          const ref = `pay_${++paymentCounter}`;
          const expiresAt = clock.now() + validity[request.methodKind];
          const zero = zeroMoney(request.amount.currency);
          const p: Payment = {
            ref,
            merchantReference: request.merchantReference,
            status: "authorized",
            authorized: request.amount,
            captured: zero,
            refunded: zero,
            expiresAt,
            operations: [],
          };
          payments.set(ref, p);
          byReference.set(request.merchantReference, ref);
          performed(p, { idempotencyKey: request.idempotencyKey, kind: "authorize", amount: request.amount });
          emit("authorization.succeeded", p);
          return ok({ ref, authorized: request.amount, expiresAt });
        },
      );
    },
    increment(request) {
      return run<ProviderAuthorization>(
        { operation: "increment", idempotencyKey: request.idempotencyKey, amount: request.total },
        `${request.ref}|${request.total.amount}`,
        () => {
          if (capabilities.incrementalAuthorization !== true)
            return decline("not_supported", "incremental authorization");
          if (!isMinorUnitExact(request.total)) return decline("invalid_amount", "amount is not in minor units");
          const p = findRef(request.ref);
          if (p === undefined || p.status !== "authorized") return decline("invalid_state", "no authorized hold");
          if (options.incrementCeiling !== undefined && compareMoney(request.total, options.incrementCeiling) > 0) {
            return decline("insufficient_funds", "the card cannot hold more");
          }
          p.authorized = request.total;
          performed(p, { idempotencyKey: request.idempotencyKey, kind: "increment", amount: request.total });
          return ok({ ref: p.ref, authorized: p.authorized, expiresAt: p.expiresAt });
        },
      );
    },
    capture(request) {
      return run<{ captured: Money }>(
        { operation: "capture", idempotencyKey: request.idempotencyKey, amount: request.amount },
        `${request.ref}|${request.amount.amount}`,
        () => {
          const p = findRef(request.ref);
          if (p === undefined) return decline("not_found", "no such payment");
          if (!isMinorUnitExact(request.amount)) return decline("invalid_amount", "amount is not in minor units");
          if (p.status === "expired") return decline("authorization_expired", "the hold lapsed");
          const again = capabilities.multiCapture === true && p.status === "captured";
          if (p.status !== "authorized" && !again) return decline("invalid_state", `payment is ${p.status}`);
          const total = addMoney(p.captured, request.amount);
          if (compareMoney(total, capturable(p.authorized)) > 0) return decline("amount_too_large", "above the hold");
          p.captured = total;
          p.status = "captured";
          performed(p, { idempotencyKey: request.idempotencyKey, kind: "capture", amount: request.amount });
          emit("capture.succeeded", p);
          return ok({ captured: request.amount });
        },
      );
    },
    void(request) {
      return run<{ voided: true }>({ operation: "void", idempotencyKey: request.idempotencyKey }, request.ref, () => {
        const p = findRef(request.ref);
        if (p === undefined) return decline("not_found", "no such payment");
        if (p.status === "captured" || p.status === "refunded" || p.status === "partially_refunded") {
          return decline("invalid_state", "already captured");
        }
        p.status = "voided";
        performed(p, { idempotencyKey: request.idempotencyKey, kind: "void" });
        emit("void.succeeded", p);
        return ok({ voided: true as const });
      });
    },
    refund(request) {
      return run<{ refundRef: string; amount: Money }>(
        { operation: "refund", idempotencyKey: request.idempotencyKey, amount: request.amount },
        `${request.ref}|${request.amount.amount}`,
        () => {
          const p = findRef(request.ref);
          if (p === undefined) return decline("not_found", "no such payment");
          if (!isMinorUnitExact(request.amount)) return decline("invalid_amount", "amount is not in minor units");
          const room = subtractMoney(p.captured, p.refunded);
          if (compareMoney(request.amount, room) > 0) return decline("amount_too_large", "above what was captured");
          p.refunded = addMoney(p.refunded, request.amount);
          p.status = compareMoney(p.refunded, p.captured) === 0 ? "refunded" : "partially_refunded";
          const refundRef = `re_${p.operations.length}`;
          performed(p, {
            idempotencyKey: request.idempotencyKey,
            kind: "refund",
            amount: request.amount,
            ref: refundRef,
          });
          emit("refund.succeeded", p);
          return ok({ refundRef, amount: request.amount });
        },
      );
    },
    async retrieve(query) {
      const call: ProviderCall = { operation: "retrieve", idempotencyKey: "" };
      calls.push(call);
      const fault = takeFault(call);
      if (fault?.kind === "crash") throw new SimulatedCrash("crash during retrieve");
      if (fault?.kind === "timeout") throw new ChargekitError("TIMEOUT", "provider timed out on retrieve");
      const ref = byReference.get(query.merchantReference);
      const p = ref === undefined ? undefined : findRef(ref);
      // report nothing that is not saved (a change of an earlier call whose save failed, a hold that lapsed now)
      await settle();
      if (p === undefined) return undefined;
      return structuredClone({
        ref: p.ref,
        merchantReference: p.merchantReference,
        status: p.status,
        authorized: p.authorized,
        captured: p.captured,
        refunded: p.refunded,
        ...(p.status === "authorized" ? { expiresAt: p.expiresAt } : {}),
        operations: p.operations,
      });
    },
    failNext(operation, fault) {
      queued.push({ operation, fault });
    },
    setFaultPlan(next) {
      plan = next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    redeliver() {
      for (const e of [...sent]) for (const l of listeners) l(e);
    },
    async expireHolds() {
      for (const p of payments.values()) lapse(p);
      await settle();
    },
    exportState() {
      return structuredClone({
        version: 1 as const,
        payments: [...payments.values()],
        responses: [...responses.values()],
        effects,
        events: sent,
        counters: { payments: paymentCounter, events: eventCounter },
      });
    },
  };
  return provider;
}

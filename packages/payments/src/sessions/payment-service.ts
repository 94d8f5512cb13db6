import {
  ChargekitError,
  type Clock,
  createEmitter,
  type DriverId,
  type Duration,
  err,
  every,
  isChargekitError,
  type Logger,
  MINUTE,
  ok,
  type Result,
  randomId,
  SECOND,
  silentLogger,
  type TransactionId,
  type TypedEmitter,
} from "@chargekit/core";
import { compareMoney, isMinorUnitExact, isZeroMoney, type Money, zeroMoney } from "../money/money.js";
import { reconcile, runProviderOperation } from "./intent-execution.js";
import type { PaymentCommand, PaymentNotice, PaymentRefusal } from "./payment-commands.js";
import { emitNotices, type PaymentEvents } from "./payment-events.js";
import { DEFAULT_MACHINE_CONFIG, type PaymentMachineConfig, transition } from "./payment-machine.js";
import type { PaymentProvider, ProviderEvent } from "./payment-provider.js";
import type { PaymentMethodKind, PaymentSession } from "./payment-session.js";
import type { PaymentIntent, PaymentStore } from "./payment-store.js";

/**
 * A refusal of a payment command, or an unknown session.
 *
 * @category Payments
 */
export type PaymentError =
  | PaymentRefusal
  | {
      /** There is no such session. */
      readonly code: "NOT_FOUND";
      /** Names the session id. */
      readonly message: string;
    };

/**
 * Options of a command: `commandId` makes a command idempotent across processes and restarts (a replay with the same
 * id returns the current session without doing anything), e.g. the OCPP message id of the TransactionEvent.
 *
 * @category Payments
 */
export interface CommandOptions {
  /** Unique id of this command. */
  readonly commandId?: string;
}

/**
 * What a new payment session needs.
 *
 * @category Payments
 */
export interface OpenPaymentInput {
  /** Session id (default: a random UUID); also the merchant reference at the provider. Reuse it to replay `open`. */
  readonly sessionId?: string;
  /** Opaque payment-method reference for the provider. */
  readonly paymentMethod: string;
  /** Kind of payment method. */
  readonly methodKind: PaymentMethodKind;
  /** The hold to place (minor-unit exact, positive); its currency is the session's. */
  readonly holdAmount: Money;
  /** The most the session may cost (default: the hold). */
  readonly costLimit?: Money;
  /** The driver, when known. */
  readonly driverId?: DriverId;
}

/**
 * What one recovery pass did.
 *
 * @category Payments
 */
export interface RecoveryReport {
  /** Pending provider operations resumed. */
  readonly intents: number;
  /** Sessions whose timers were due. */
  readonly sessions: number;
}

/**
 * Options of {@link createPaymentService}.
 *
 * @category Payments
 */
export interface PaymentServiceOptions {
  /** Where sessions, intents and idempotency records live. */
  readonly store: PaymentStore;
  /** The payment provider. */
  readonly provider: PaymentProvider;
  /** All time: hold expiry, capture scheduling, retries, leases. */
  readonly clock: Clock;
  /** This process's name for intent leases (default: a random UUID). */
  readonly owner?: string;
  /** How long a process may work on a provider operation before another may take over (default 2 min). */
  readonly leaseMs?: Duration;
  /** Settings of the state machine. */
  readonly machine?: Partial<PaymentMachineConfig>;
  /** Logger (default silent). */
  readonly logger?: Logger;
}

/**
 * The payment flow: a thin shell around the pure state machine that owns the store, the provider, the clock and the
 * events. Every provider call is recorded as an intent in the same atomic write as the state change that decided it
 * (the outbox), before the call; the outcome is written back with compare-and-set. After a crash, `recover()` (or
 * the worker) resumes pending intents: it first asks the provider (`retrieve`) whether the operation happened and
 * only calls again, with the same idempotency key, when it did not. So money is taken once, never more than
 * authorised, and never lost.
 *
 * @category Payments
 */
export interface PaymentService {
  /** `payment:*` events. */
  readonly events: TypedEmitter<PaymentEvents>;
  /** Creates a session and places the hold (replaying with the same `sessionId` resumes it). */
  open(input: OpenPaymentInput, options?: CommandOptions): Promise<Result<PaymentSession, PaymentError>>;
  /** The session, or `undefined`. */
  get(sessionId: string): Promise<PaymentSession | undefined>;
  /** The charging session started on the hold. */
  start(
    sessionId: string,
    transactionId: TransactionId,
    options?: CommandOptions,
  ): Promise<Result<PaymentSession, PaymentError>>;
  /** Reports the running cost; at the limit the hold is raised (when supported) or `payment:stop-requested` fires. */
  reportRunningCost(
    sessionId: string,
    cost: Money,
    options?: CommandOptions,
  ): Promise<Result<PaymentSession, PaymentError>>;
  /** The charging session is ending; the final cost follows. */
  stop(sessionId: string, options?: CommandOptions): Promise<Result<PaymentSession, PaymentError>>;
  /**
   * Freezes the final cost (rounded to the currency's minor unit) and settles: captures `min(cost, capturable)` and
   * records any shortfall as a receivable, or voids the hold for a zero cost.
   */
  finalize(sessionId: string, cost: Money, options?: CommandOptions): Promise<Result<PaymentSession, PaymentError>>;
  /** Releases an unused hold. */
  cancel(sessionId: string, options?: CommandOptions): Promise<Result<PaymentSession, PaymentError>>;
  /** Refunds part or all of a capture; `refundId` makes it idempotent. */
  refund(
    sessionId: string,
    refund: { readonly refundId: string; readonly amount: Money },
    options?: CommandOptions,
  ): Promise<Result<PaymentSession, PaymentError>>;
  /** Feeds a provider webhook (duplicates are harmless). */
  handleProviderEvent(event: ProviderEvent): Promise<void>;
  /** One recovery pass: resumes pending provider operations and runs due timers. */
  recover(options?: { readonly limit?: number }): Promise<RecoveryReport>;
  /** Runs `recover()` every `intervalMs` on the clock; returns a function that stops it. */
  startWorker(intervalMs?: Duration): () => void;
}

/**
 * Creates a {@link PaymentService}.
 *
 * @category Payments
 */
export function createPaymentService(options: PaymentServiceOptions): PaymentService {
  const { store, provider, clock } = options;
  const owner = options.owner ?? randomId();
  const leaseMs = options.leaseMs ?? 2 * MINUTE;
  const logger = options.logger ?? silentLogger;
  const overcapture = provider.capabilities.overcapture === true ? provider.overcaptureLimit : undefined;
  const config: PaymentMachineConfig = {
    ...DEFAULT_MACHINE_CONFIG,
    ...options.machine,
    ...(overcapture === undefined ? {} : { capturable: (a: Money) => overcapture.call(provider, a) }),
  };
  if (provider.capabilities.incrementalAuthorization !== true) delete (config as { increment?: unknown }).increment;
  const events = createEmitter<PaymentEvents>();

  const announce = (session: PaymentSession, notices: readonly PaymentNotice[]): void =>
    emitNotices(events, session, notices);

  const toIntents = (
    session: PaymentSession,
    drafts: readonly Pick<PaymentIntent, "key" | "operation" | "amount" | "seq">[],
  ) => {
    const now = clock.now();
    return drafts.map(
      (d): PaymentIntent => ({
        ...d,
        sessionId: session.id,
        status: "pending",
        attempts: 0,
        notBefore: now,
        createdAt: now,
        lease: { owner, until: now + leaseMs },
      }),
    );
  };

  /** Applies a command with compare-and-set, retrying on conflicts; runs the intents it records. */
  const apply = async (
    sessionId: string,
    command: PaymentCommand,
    commandKey?: string,
  ): Promise<Result<PaymentSession, PaymentError>> => {
    for (let attempt = 0; attempt < 16; attempt++) {
      if (commandKey !== undefined && (await store.getIdempotency(commandKey)) !== undefined) {
        const current = await store.get(sessionId);
        return current === undefined ? notFound(sessionId) : ok(current);
      }
      const session = await store.get(sessionId);
      if (session === undefined) return notFound(sessionId);
      const now = clock.now();
      const decided = transition(session, command, now, config);
      if (!decided.ok) return decided;
      const t = decided.value;
      if (!t.changed) return ok(session);
      const next: PaymentSession = { ...t.session, version: session.version + 1, updatedAt: now };
      const added = toIntents(next, t.addIntents);
      const result = await store.commit({
        session: next,
        expectedVersion: session.version,
        addIntents: added,
        completeIntents: t.completeIntents,
        events: [
          {
            sessionId,
            at: now,
            version: next.version,
            type: command.type,
            data: { from: session.state, to: next.state, ...auditData(command) },
          },
        ],
        ...(commandKey === undefined
          ? {}
          : { idempotency: [{ key: commandKey, sessionId, response: { state: next.state }, at: now }] }),
      });
      if (!result.ok) {
        if (
          result.reason === "version-conflict" ||
          result.reason === "duplicate-command" ||
          result.reason === "duplicate-intent"
        ) {
          continue;
        }
        throw new ChargekitError(
          "INTERNAL",
          `payment store refused a commit of session ${sessionId}: ${result.reason}`,
        );
      }
      announce(next, t.notices);
      for (const intent of added) await execute(intent, false);
      return ok((await store.get(sessionId)) ?? next);
    }
    throw new ChargekitError("CONFLICT", `session ${sessionId} kept changing under concurrent writers; try again`);
  };

  /** Performs one claimed intent: reconcile when resuming, call the provider, write the outcome back. */
  const execute = async (intent: PaymentIntent, resuming: boolean): Promise<void> => {
    const session = await store.get(intent.sessionId);
    if (session === undefined) return;
    let outcome: PaymentCommand | undefined;
    try {
      if (resuming || intent.attempts > 0) {
        const payment = await provider.retrieve({ merchantReference: session.id });
        outcome = reconcile(intent, session, payment, intent.createdAt + provider.holdValidity(session.methodKind));
      }
      outcome ??= await runProviderOperation(provider, intent, session);
    } catch (error) {
      if (!isChargekitError(error)) throw error; // not an infrastructure failure: a bug, or the process is dying
      const backoff = Math.min(10 * MINUTE, 5 * SECOND * 2 ** Math.min(intent.attempts, 10));
      await store.releaseIntent(intent.key, { owner, notBefore: clock.now() + backoff });
      logger.warn(
        { sessionId: session.id, intent: intent.key, code: error.code },
        "provider outcome unknown; will reconcile",
      );
      return;
    }
    const applied = await apply(session.id, outcome);
    const after = await store.getIntent(intent.key);
    if (after?.status === "pending") {
      // the outcome no longer changes the session (e.g. it moved on): close the intent so it is not retried forever
      await closeOrphan(intent.key, applied.ok ? applied.value : session);
    }
  };

  const closeOrphan = async (key: string, session: PaymentSession): Promise<void> => {
    for (let i = 0; i < 8; i++) {
      const current = (await store.get(session.id)) ?? session;
      const now = clock.now();
      const result = await store.commit({
        session: { ...current, version: current.version + 1, updatedAt: now },
        expectedVersion: current.version,
        completeIntents: [key],
        events: [
          { sessionId: current.id, at: now, version: current.version + 1, type: "intent.closed", data: { key } },
        ],
      });
      if (result.ok || result.reason !== "version-conflict") return;
    }
  };

  const recoverIntents = async (limit: number): Promise<number> => {
    const now = clock.now();
    let count = 0;
    for (const pending of await store.pendingIntents({ now, limit })) {
      const claimed = await store.claimIntent(pending.key, { owner, until: now + leaseMs, now });
      if (claimed === undefined) continue;
      count++;
      await execute(claimed, true);
    }
    return count;
  };

  const recover = async (o: { readonly limit?: number } = {}): Promise<RecoveryReport> => {
    const limit = o.limit ?? 100;
    const intents = await recoverIntents(limit);
    let sessions = 0;
    for (const due of await store.dueSessions({ now: clock.now(), limit })) {
      sessions++;
      for (let i = 0; i < 3; i++) {
        const before = await store.get(due.id);
        const r = await apply(due.id, { type: "tick" });
        if (!r.ok || r.value.version === before?.version) break;
      }
    }
    return { intents, sessions };
  };

  return {
    events,
    async open(input, commandOptions = {}) {
      const sessionId = input.sessionId ?? randomId();
      const existing = await store.get(sessionId);
      if (existing !== undefined) return apply(sessionId, { type: "authorize" }, commandKey(commandOptions));
      const hold = input.holdAmount;
      if (!isMinorUnitExact(hold) || isZeroMoney(hold) || compareMoney(hold, zeroMoney(hold.currency)) < 0) {
        return err({
          code: "INVALID_AMOUNT",
          message: `hold ${hold.amount} ${hold.currency} must be positive and in whole minor units`,
        });
      }
      if (input.costLimit !== undefined && input.costLimit.currency !== hold.currency) {
        return err({ code: "INVALID_AMOUNT", message: "the cost limit must be in the hold's currency" });
      }
      const now = clock.now();
      const zero = zeroMoney(hold.currency);
      const created: PaymentSession = {
        id: sessionId,
        version: 0,
        state: "Created",
        currency: hold.currency,
        paymentMethod: input.paymentMethod,
        methodKind: input.methodKind,
        ...(input.driverId === undefined ? {} : { driverId: input.driverId }),
        holdAmount: hold,
        costLimit: input.costLimit ?? hold,
        authorizedAmount: zero,
        increments: 0,
        incrementPending: false,
        capturedAmount: zero,
        refundedAmount: zero,
        receivableAmount: zero,
        captureFailures: 0,
        refunds: [],
        createdAt: now,
        updatedAt: now,
      };
      const decided = transition(created, { type: "authorize" }, now, config);
      if (!decided.ok) return decided;
      const first: PaymentSession = { ...decided.value.session, version: 1 };
      const added = toIntents(first, decided.value.addIntents);
      const key = commandKey(commandOptions);
      const result = await store.create(first, {
        addIntents: added,
        events: [
          { sessionId, at: now, version: 1, type: "open", data: { hold: hold.amount, currency: hold.currency } },
        ],
        ...(key === undefined ? {} : { idempotency: [{ key, sessionId, response: { state: first.state }, at: now }] }),
      });
      if (!result.ok) {
        // created concurrently by another process (same session id): continue as a replay
        return apply(sessionId, { type: "authorize" });
      }
      for (const intent of added) await execute(intent, false);
      return ok((await store.get(sessionId)) ?? first);
    },
    get: (sessionId) => store.get(sessionId),
    start: (sessionId, transactionId, o = {}) => apply(sessionId, { type: "start", transactionId }, commandKey(o)),
    reportRunningCost: (sessionId, cost, o = {}) => apply(sessionId, { type: "running-cost", cost }, commandKey(o)),
    stop: (sessionId, o = {}) => apply(sessionId, { type: "stop" }, commandKey(o)),
    finalize: (sessionId, cost, o = {}) => apply(sessionId, { type: "price", cost }, commandKey(o)),
    cancel: (sessionId, o = {}) => apply(sessionId, { type: "cancel" }, commandKey(o)),
    refund: (sessionId, r, o = {}) =>
      apply(sessionId, { type: "refund", refundId: r.refundId, amount: r.amount }, commandKey(o)),
    async handleProviderEvent(event) {
      const key = `event:${event.id}`;
      if ((await store.getIdempotency(key)) !== undefined) return;
      const session = await store.get(event.merchantReference);
      if (session === undefined) {
        logger.warn(
          { event: event.id, merchantReference: event.merchantReference },
          "provider event for an unknown session",
        );
        return;
      }
      // the provider says something happened: settle any pending operation of the session from the provider's truth
      const now = clock.now();
      for (const intent of await store.intentsOf(session.id)) {
        if (intent.status !== "pending") continue;
        const claimed = await store.claimIntent(intent.key, { owner, until: now + leaseMs, now });
        if (claimed !== undefined) await execute(claimed, true);
      }
      if (event.type === "authorization.expired") await apply(session.id, { type: "hold.expired" }, key);
    },
    recover,
    startWorker(intervalMs = 30 * SECOND) {
      let running = false;
      return every(clock, intervalMs, () => {
        if (running) return;
        running = true;
        void (async () => {
          try {
            await recover();
          } catch (error) {
            logger.error({ error: String(error) }, "payment recovery pass failed");
          } finally {
            running = false;
          }
        })();
      });
    },
  };
}

function commandKey(options: CommandOptions): string | undefined {
  return options.commandId === undefined ? undefined : `cmd:${options.commandId}`;
}

function notFound(sessionId: string): Result<never, PaymentError> {
  return err({ code: "NOT_FOUND", message: `no payment session ${sessionId}` });
}

function auditData(command: PaymentCommand): Record<string, unknown> {
  const { type: _type, ...rest } = command as PaymentCommand & Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

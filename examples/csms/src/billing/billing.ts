import type { Logger, StationId, TransactionId } from "@chargekit/core";
import { HOUR } from "@chargekit/core";
import type { TransactionRecord } from "@chargekit/ocpp";
import {
  compareMoney,
  createRunningCost,
  type HoldPolicy,
  money,
  type PaymentService,
  payableAmount,
  type RunningCost,
  sizeHold,
  type Tariff,
} from "@chargekit/payments";
import type { PaymentsConfig } from "../config/payments.js";
import type { SessionRecord } from "../store/session-store.js";
import type { TokenBilling } from "../store/token-store.js";
import type { CostView, CsmsEvents, SessionRef } from "../wiring/events.js";
import type { CsmsServices } from "../wiring/services.js";
import type { BillingService } from "./billing-service.js";
import { priceTransaction, pricingSample, runningView, samplesOf, storedCostOf } from "./session-pricing.js";

/** The payment session id of a transaction: also the merchant reference at the provider. */
export function paymentSessionId(stationId: StationId, transactionId: TransactionId): string {
  return `${stationId}:${transactionId}`;
}

/** The transaction of a payment session id (station ids never contain `:`). */
export function transactionOfPayment(sessionId: string): { stationId: string; transactionId: string } | undefined {
  const at = sessionId.indexOf(":");
  return at <= 0 ? undefined : { stationId: sessionId.slice(0, at), transactionId: sessionId.slice(at + 1) };
}

/** The hold policy of the configuration, in a tariff's currency. */
export function holdPolicyOf(config: PaymentsConfig, currency: string): HoldPolicy {
  const amount = (n: number | undefined) => (n === undefined ? undefined : money(n, currency));
  const classes: Record<
    string,
    { fixed?: ReturnType<typeof money>; min?: ReturnType<typeof money>; max?: ReturnType<typeof money> }
  > = {};
  for (const [name, c] of Object.entries(config.holdPolicy.classes)) {
    const fixed = amount(c.fixed);
    const min = amount(c.min);
    const max = amount(c.max);
    classes[name] = {
      ...(fixed === undefined ? {} : { fixed }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
    };
  }
  return {
    classes,
    estimateDurationMs: config.holdPolicy.estimateHours * HOUR,
    roundUpTo: money(config.holdPolicy.roundUpTo, currency),
    stopMargin: money(config.holdPolicy.stopMargin, currency),
  };
}

interface Priced {
  readonly ref: SessionRef;
  readonly tariff: Tariff;
  readonly timeZone: string;
  running: RunningCost;
  view: CostView | undefined;
  paymentId: string | undefined;
  reported: string | undefined;
}

const keyOf = (stationId: string, transactionId: string) => `${stationId}\u0000${transactionId}`;

/**
 * Prices sessions and runs their payments, from the bus:
 *
 * - `session:started`: the site's tariff starts a running cost; a token with a payment method (or a 2.x
 *   DirectPayment card) gets a hold sized by the hold policy, placed before the session is marked started at the
 *   payment service (a declined hold asks the station to stop);
 * - `meter:sample`: the running cost follows, is published as `session:cost`, and is reported to the payment
 *   service against the hold (which emits `payment:stop-requested` near the limit);
 * - `session:ended`: the stored samples are priced with the tariff, the cost is stored, and the payment is
 *   finalized: captured, or voided when the cost is zero.
 *
 * Every payment command carries an id derived from the transaction, so a replay after a crash does nothing twice.
 */
export function createBilling(
  services: CsmsServices,
  payments: PaymentService,
  tariffs: ReadonlyMap<string, Tariff>,
  logger: Logger,
) {
  const priced = new Map<string, Priced>();
  const config = services.config;

  const tariffOf = (siteId: SessionRef["siteId"]) => {
    const id = siteId === undefined ? undefined : services.sites.site(siteId)?.tariffId;
    return id === undefined ? undefined : tariffs.get(id);
  };
  const timeZoneOf = (ref: SessionRef) =>
    (ref.siteId === undefined ? undefined : services.sites.site(ref.siteId)?.timezone) ?? "UTC";
  const record = (ref: SessionRef) =>
    services.need("registry").transactions.get(ref.stationId, ref.transactionId) as Promise<
      TransactionRecord | undefined
    >;

  const evseMaxPowerW = (ref: SessionRef): number => {
    const station = services.sites.station(ref.stationId);
    if (station === undefined) return 22_000;
    if (station.current === "DC" && station.maxPowerKw !== undefined) return station.maxPowerKw * 1000;
    const voltage = (ref.siteId === undefined ? undefined : services.sites.site(ref.siteId)?.voltage) ?? 230;
    return station.maxCurrent * station.phases * voltage;
  };

  /** How the session pays: the token's payment method, or a DirectPayment card's own reference. */
  const billingOf = async (ref: SessionRef): Promise<TokenBilling | undefined> => {
    if (ref.token === undefined) return undefined;
    const authorization = services.need("authorization");
    const credential = authorization.credentialOf(ref.token);
    if (credential.kind === "card") return { paymentMethod: credential.pspRef, methodKind: "card-present" };
    return (await authorization.tokenOf(ref.token))?.billing;
  };

  const stop = async (ref: SessionRef, why: string) => {
    const result = await services.need("registry").commands.remoteStop(ref.stationId, {
      transactionId: ref.transactionId,
    });
    logger.warn(
      {
        stationId: ref.stationId,
        transactionId: ref.transactionId,
        why,
        outcome: result.ok ? result.value.status : result.error.code,
      },
      "asked the station to stop a session",
    );
  };

  /** Places the hold and marks the payment started; idempotent by the derived ids. */
  const pay = async (entry: Priced, row: SessionRecord | undefined, resumed: boolean) => {
    const { ref } = entry;
    const id = paymentSessionId(ref.stationId, ref.transactionId);
    const existing = await payments.get(id);
    if (existing === undefined && (resumed || !config.payments.enabled)) return;
    const billing = await billingOf(ref);
    if (existing === undefined && billing === undefined) return;
    if (existing === undefined && billing !== undefined) {
      const hold = sizeHold(
        {
          driverClass: billing.driverClass ?? "default",
          tariff: entry.tariff,
          timeZone: entry.timeZone,
          at: services.clock.now(),
          evseMaxPowerW: evseMaxPowerW(ref),
          stationEnforcesCostLimit: false,
        },
        holdPolicyOf(config.payments, entry.tariff.currency),
      );
      if (!hold.ok) throw hold.error;
      const opened = await payments.open({
        sessionId: id,
        paymentMethod: billing.paymentMethod,
        methodKind: billing.methodKind,
        holdAmount: hold.value.holdAmount,
        costLimit: hold.value.costLimit,
        ...(ref.driverId === undefined ? {} : { driverId: ref.driverId }),
      });
      if (!opened.ok) throw new Error(`payment session ${id} could not be opened: ${opened.error.message}`);
      if (opened.value.state === "Declined") {
        entry.paymentId = id;
        await services.need("storage").sessions.recordPayment(ref.stationId, ref.transactionId, id);
        await stop(ref, "the hold was declined");
        return;
      }
    }
    entry.paymentId = id;
    if (row?.paymentSessionId !== id) {
      await services.need("storage").sessions.recordPayment(ref.stationId, ref.transactionId, id);
    }
    const started = await payments.start(id, ref.transactionId, { commandId: `${id}:start` });
    if (!started.ok && started.error.code !== "NOT_FOUND") {
      logger.info({ paymentSessionId: id, reason: started.error.message }, "payment not marked started");
    }
  };

  const onStarted = async (event: CsmsEvents["session:started"]) => {
    const tariff = tariffOf(event.siteId);
    if (tariff === undefined) return;
    const key = keyOf(event.stationId, event.transactionId);
    const entry: Priced = {
      ref: event,
      tariff,
      timeZone: timeZoneOf(event),
      running: createRunningCost(tariff, { timeZone: timeZoneOf(event), startAt: event.startedAt }),
      view: undefined,
      paymentId: undefined,
      reported: undefined,
    };
    priced.set(key, entry);
    const tx = await record(event);
    if (tx !== undefined) {
      const stored = event.resumed ? await services.need("registry").transactions.samples(tx.stationId, tx.id) : [];
      for (const sample of samplesOf(tx, stored)) entry.running.add(sample);
      entry.view = runningView(tariff, entry.running);
    }
    const row = await services.need("storage").sessions.get(event.stationId, event.transactionId);
    await pay(entry, row, event.resumed);
  };

  const onSample = async (event: CsmsEvents["meter:sample"]) => {
    const ref = event.session;
    if (ref === undefined) return;
    const entry = priced.get(keyOf(ref.stationId, ref.transactionId));
    const sample = pricingSample(event.sample);
    if (entry === undefined || sample === undefined) return;
    if (!entry.running.add(sample).ok) {
      // out of order (an offline station's replay): rebuild from what is stored
      const tx = await record(ref);
      if (tx === undefined) return;
      entry.running = createRunningCost(entry.tariff, { timeZone: entry.timeZone, startAt: tx.startedAt });
      const stored = await services.need("registry").transactions.samples(tx.stationId, tx.id);
      for (const s of samplesOf(tx, stored)) entry.running.add(s);
    }
    entry.view = runningView(entry.tariff, entry.running);
    services.events.emit("session:cost", { ...entry.ref, cost: entry.view });
    if (entry.paymentId === undefined) return;
    const ifStopped = payableAmount(entry.running.ifStoppedNow());
    if (entry.reported !== undefined && compareMoney(money(entry.reported, ifStopped.currency), ifStopped) === 0)
      return;
    entry.reported = ifStopped.amount;
    await payments.reportRunningCost(entry.paymentId, ifStopped);
  };

  /** Prices an ended session, stores its cost and finalizes its payment; marks it settled. */
  const settle = async (ref: SessionRef) => {
    const key = keyOf(ref.stationId, ref.transactionId);
    const sessions = services.need("storage").sessions;
    const tariff = tariffOf(ref.siteId);
    const tx = await record(ref);
    if (tariff === undefined || tx === undefined) {
      priced.delete(key);
      await sessions.recordSettled(ref.stationId, ref.transactionId);
      return;
    }
    const samples = await services.need("registry").transactions.samples(tx.stationId, tx.id);
    const cost = storedCostOf(priceTransaction(tariff, tx, samples, timeZoneOf(ref)));
    await sessions.recordCost(ref.stationId, ref.transactionId, tariff.id, cost);
    const id = paymentSessionId(ref.stationId, ref.transactionId);
    const payment = await payments.get(id);
    if (payment !== undefined) {
      await payments.stop(id, { commandId: `${id}:stop` });
      const settled = await payments.finalize(id, money(cost.inclVat, cost.currency), { commandId: `${id}:final` });
      logger.info(
        { paymentSessionId: id, state: settled.ok ? settled.value.state : settled.error.code, cost: cost.inclVat },
        "payment finalized",
      );
    }
    await sessions.recordSettled(ref.stationId, ref.transactionId);
    priced.delete(key);
    services.events.emit("session:cost", {
      ...ref,
      cost: { ...cost, final: true, energyWh: tx.energyWh, at: tx.endedAt ?? tx.newest.at },
    });
  };

  const inOrder = (ref: { stationId: string; transactionId: string }, what: string, task: () => Promise<void>) =>
    void services.work.run(`billing:${keyOf(ref.stationId, ref.transactionId)}`, what, task);

  const service: BillingService = {
    tariffOf,
    runningCost: (stationId, transactionId) => priced.get(keyOf(stationId, transactionId))?.view,
  };

  return {
    service,
    /** Follows the bus and the payment service; returns the function that stops it. */
    follow(): () => void {
      const { events } = services;
      const started = (e: CsmsEvents["session:started"]) => inOrder(e, "session pricing", () => onStarted(e));
      const sampled = (e: CsmsEvents["meter:sample"]) => {
        if (e.session !== undefined) inOrder(e.session, "running cost", () => onSample(e));
      };
      const ended = (e: CsmsEvents["session:ended"]) => inOrder(e, "session settlement", () => settle(e));
      const captured = ({ sessionId, amount }: { sessionId: string; amount: { amount: string } }) =>
        void services.work.run(`payment:${sessionId}`, "capture record", () =>
          services.need("storage").sessions.recordCapture(sessionId, amount.amount),
        );
      const stopRequested = ({ sessionId, reason }: { sessionId: string; reason: string }) => {
        const tx = transactionOfPayment(sessionId);
        const entry = tx === undefined ? undefined : priced.get(keyOf(tx.stationId, tx.transactionId));
        if (entry !== undefined)
          void services.work.run(`payment:${sessionId}`, "remote stop", () => stop(entry.ref, reason));
      };
      events.on("session:started", started);
      events.on("meter:sample", sampled);
      events.on("session:ended", ended);
      payments.events.on("payment:captured", captured);
      payments.events.on("payment:stop-requested", stopRequested);
      return () => {
        events.off("session:started", started);
        events.off("meter:sample", sampled);
        events.off("session:ended", ended);
        payments.events.off("payment:captured", captured);
        payments.events.off("payment:stop-requested", stopRequested);
      };
    },
    /** Settles the sessions that ended but were not settled (the process died in between). */
    async catchUp(): Promise<number> {
      let settled = 0;
      for (const row of await services.need("storage").sessions.unsettled(100_000)) {
        if (row.endedAt === undefined) continue;
        const ref: SessionRef = {
          stationId: row.stationId,
          transactionId: row.transactionId,
          siteId: row.siteId,
          evseId: row.evseId,
          connectorId: undefined,
          token: undefined,
          driverId: row.driverId,
          reservationId: undefined,
        };
        await services.work.run(`billing:${keyOf(ref.stationId, ref.transactionId)}`, "session settlement", () =>
          settle(ref),
        );
        settled++;
      }
      return settled;
    },
  };
}

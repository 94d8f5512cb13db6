import { randomId, SECOND } from "@chargekit/core";
import { createMemoryPaymentProvider, createPaymentService, type PaymentProvider } from "@chargekit/payments";
import { driverSessionRoutes } from "../api/driver/sessions.js";
import { createBilling } from "../billing/billing.js";
import { loadTariffs } from "../billing/tariff-book.js";
import type { CsmsModule } from "../server/module.js";
import type { CsmsServices } from "./services.js";

/** Options of {@link paymentsModule}. */
export interface PaymentsModuleOptions {
  /**
   * The payment provider (default: a fresh in-memory provider). Tests pass one they can inspect or keep across a
   * restart, as a real provider would be.
   */
  readonly provider?: PaymentProvider;
}

/**
 * Payments: the payment service on the PostgreSQL payment store with the in-memory provider behind the
 * `PaymentProvider` port, the tariffs, and billing (hold on start, running cost, price and capture on stop, void on
 * zero cost, remote stop when the cost limit is reached). The recovery worker resumes pending provider operations
 * on the server's clock; before stations connect, pending operations are resumed and sessions that ended while the
 * server was down are settled. Serves the driver routes of session status and running cost.
 */
export function paymentsModule(services: CsmsServices, options: PaymentsModuleOptions = {}): CsmsModule {
  let stops: (() => void)[] = [];
  return {
    name: "payments",
    routes: (ctx) => {
      services.bind(ctx);
      return driverSessionRoutes(services);
    },
    async start(ctx) {
      services.bind(ctx);
      const storage = services.need("storage");
      const tariffs = await loadTariffs(ctx.config);
      const payments = createPaymentService({
        store: storage.stores.payments,
        provider: options.provider ?? createMemoryPaymentProvider({ clock: ctx.clock }),
        clock: ctx.clock,
        owner: `csms-${process.pid}-${randomId().slice(0, 8)}`,
        logger: ctx.logger.child({ part: "payment-service" }),
      });
      const billing = createBilling(services, payments, tariffs, ctx.logger);
      services.provide("payments", payments);
      services.provide("billing", billing.service);
      stops = [billing.follow()];
      for (const event of [
        "payment:declined",
        "payment:receivable",
        "payment:capture-failed",
        "payment:expired",
      ] as const) {
        const log = (payload: object) => ctx.logger.warn({ event, ...payload }, "payment needs attention");
        payments.events.on(event, log);
        stops.push(() => payments.events.off(event, log));
      }
      services.beforeListening("payments", async () => {
        const recovered = await payments.recover();
        const settled = await billing.catchUp();
        if (recovered.intents + recovered.sessions + settled > 0) {
          ctx.logger.info({ ...recovered, settled }, "payments caught up after a restart");
        }
        stops.push(payments.startWorker(ctx.config.payments.recoveryIntervalSec * SECOND));
      });
      ctx.logger.info({ tariffs: [...tariffs.keys()] }, "tariffs loaded");
    },
    async stop() {
      for (const stop of stops) stop();
      stops = [];
      await services.work.idle();
      services.withdraw("billing");
      services.withdraw("payments");
    },
  };
}

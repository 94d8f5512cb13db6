import { randomId, SECOND } from "@chargekit/core";
import { createPaymentService, type PaymentProvider } from "@chargekit/payments";
import { driverSessionRoutes } from "../api/driver/sessions.js";
import { createBilling } from "../billing/billing.js";
import { loadTariffs } from "../billing/tariff-book.js";
import { openSimulatedPsp } from "../payments-sim/simulated-psp.js";
import type { CsmsModule } from "../server/module.js";
import type { CsmsServices } from "./services.js";

/** Options of {@link paymentsModule}. */
export interface PaymentsModuleOptions {
  /**
   * The payment provider (default: the simulated PSP, the in-memory provider with its books in the CSMS's database,
   * so it keeps its holds across a restart as a real provider does). Tests pass one they can inspect.
   */
  readonly provider?: PaymentProvider;
}

/**
 * Payments: the payment service on the PostgreSQL payment store with the simulated PSP (the in-memory provider,
 * its state written to the database before each answer) behind the `PaymentProvider` port, the tariffs, and billing
 * (hold on start, running cost, price and capture on stop, void on zero cost, remote stop when the cost limit is
 * reached). The recovery worker resumes pending provider operations on the server's clock; before stations connect,
 * pending operations are resumed and sessions that ended while the server was down are settled. Serves the driver
 * routes of session status and running cost.
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
      const provider =
        options.provider ??
        (await openSimulatedPsp({
          client: storage.client,
          clock: ctx.clock,
          logger: ctx.logger.child({ part: "simulated-psp" }),
        }));
      const payments = createPaymentService({
        store: storage.stores.payments,
        provider,
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

import { type Clock, DAY, type Logger } from "@chargekit/core";
import { createMemoryPaymentProvider, type MemoryPaymentProvider } from "@chargekit/payments";
import type { PostgresClient } from "@chargekit/storage-postgres";
import { sqlOf } from "../store/sql.js";
import { migratePspSimSchema } from "./psp-sim-schema.js";
import { createPspSimStore } from "./psp-sim-store.js";

/** How long the simulated PSP remembers an idempotency key (as Stripe: 24 h). */
export const PSP_SIM_KEY_TTL = DAY;

/** Options of {@link openSimulatedPsp}. */
export interface SimulatedPspOptions {
  /** The CSMS's database client (PGlite or a pg Pool); the PSP's books go in their own schema. */
  readonly client: PostgresClient;
  /** The server's clock (hold expiry, idempotency-key lifetime). */
  readonly clock: Clock;
  /** Where to say what was restored. */
  readonly logger: Logger;
}

/**
 * The example's payment company: the in-memory provider of `@chargekit/payments` whose books are kept in the CSMS's
 * database, each change written before the provider answers. A real PSP is an external system that does not forget
 * a hold when the CSMS crashes; this one does not either: a server killed at any point and started again on the same
 * data finds every hold, capture and idempotency answer the provider gave, so the payment service's recovery and
 * the sessions that end after the restart capture as usual. It stands for one PSP: run one CSMS process per
 * database (a second process would keep its own copy of the books).
 */
export async function openSimulatedPsp(options: SimulatedPspOptions): Promise<MemoryPaymentProvider> {
  const sql = sqlOf(options.client, "psp-sim");
  await migratePspSimSchema(sql);
  const store = createPspSimStore(sql);
  const keysSince = options.clock.now() - PSP_SIM_KEY_TTL;
  const forgotten = await store.forgetKeys(keysSince);
  const state = await store.load(keysSince);
  if (state.payments.length > 0 || forgotten > 0) {
    options.logger.info(
      {
        payments: state.payments.length,
        onHold: state.payments.filter((p) => p.status === "authorized").length,
        effects: state.effects.length,
        forgottenKeys: forgotten,
      },
      "simulated PSP books restored",
    );
  }
  return createMemoryPaymentProvider({
    clock: options.clock,
    idempotencyTtlMs: PSP_SIM_KEY_TTL,
    state,
    persistence: store.persistence,
  });
}

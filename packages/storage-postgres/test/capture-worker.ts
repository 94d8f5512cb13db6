// One process of the capture race: POOL payment services (one per connection, each its own lease owner) all
// finalizing every session at once, through the PostgreSQL payment store.
import { createManualClock } from "@chargekit/core/testing";
import { createPaymentService, money } from "@chargekit/payments";
import pg from "pg";
import { createPostgresPaymentStore } from "../src/payments/payment-store.js";
import { createRecordingProvider } from "./recording-provider.js";
import { waitForGo } from "./spawn-worker.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const url = env("RACE_URL");
const worker = Number(env("RACE_WORKER"));
const connections = Number(env("RACE_CONNECTIONS"));
const sessions = env("RACE_SESSIONS").split(",");
const cost = env("RACE_COST");
const clock = createManualClock(Number(env("RACE_NOW")));

const pool = new pg.Pool({ connectionString: url, max: connections });
pool.on("error", () => {});
const store = createPostgresPaymentStore({ client: pool });
const services = Array.from({ length: connections }, (_, c) => {
  const owner = `worker-${worker}-${c}`;
  return createPaymentService({ store, provider: createRecordingProvider(pool, owner, clock.now), clock, owner });
});
await Promise.all(Array.from({ length: connections }, () => pool.query("SELECT 1")));
await waitForGo();

const outcomes: { session: string; ok: boolean; state?: string; error?: string }[] = [];
for (const session of sessions) {
  await Promise.all(
    services.map(async (service) => {
      try {
        const result = await service.finalize(session, money(cost, "EUR"));
        outcomes.push(
          result.ok
            ? { session, ok: true, state: result.value.state }
            : { session, ok: false, error: result.error.code },
        );
      } catch (error) {
        outcomes.push({ session, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
}
await pool.end();
process.stdout.write(`${JSON.stringify({ worker, outcomes })}\n`);

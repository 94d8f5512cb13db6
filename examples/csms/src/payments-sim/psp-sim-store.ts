import { type Instant, unwrap } from "@chargekit/core";
import {
  type MemoryPaymentProviderPersistence,
  type MemoryPaymentProviderState,
  parseMemoryPaymentProviderState,
} from "@chargekit/payments";
import { numberOf, type Sql } from "../store/sql.js";
import { PSP_SIM_SCHEMA } from "./psp-sim-schema.js";

/**
 * The simulated PSP's books in the database (tables of {@link PSP_SIM_SCHEMA}): the persistence port of the memory
 * payment provider, and the state it starts from.
 */
export interface PspSimStore {
  /** Saves one change of the provider, in one statement (all or nothing). */
  readonly persistence: MemoryPaymentProviderPersistence;
  /**
   * Everything saved, as the provider's state. Idempotency answers given before `keysSince` are left out (the
   * provider would ignore them; default: all).
   */
  load(keysSince?: Instant): Promise<MemoryPaymentProviderState>;
  /** Deletes the idempotency answers given before `before` (the provider has forgotten them); returns how many. */
  forgetKeys(before: Instant): Promise<number>;
}

function jsonOf(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

// One statement per change: every row it touches is written, or none. Payments and idempotency answers replace
// what was there; effects and webhook events are appended at their position; the counters never go back.
const SAVE = `
WITH change AS (SELECT $1::jsonb AS j),
payments AS (
  INSERT INTO ${PSP_SIM_SCHEMA}.payments (ref, merchant_reference, status, record)
  SELECT p->>'ref', p->>'merchantReference', p->>'status', p
  FROM change, jsonb_array_elements(change.j->'payments') WITH ORDINALITY AS x(p, n) ORDER BY n
  ON CONFLICT (ref) DO UPDATE SET status = excluded.status, record = excluded.record
  RETURNING 1
),
keys AS (
  INSERT INTO ${PSP_SIM_SCHEMA}.idempotency_keys (key, answered_at, record)
  SELECT r->>'idempotencyKey', (r->>'at')::bigint, r
  FROM change, jsonb_array_elements(change.j->'responses') WITH ORDINALITY AS x(r, n) ORDER BY n
  ON CONFLICT (key) DO UPDATE SET answered_at = excluded.answered_at, record = excluded.record
  RETURNING 1
),
effects AS (
  INSERT INTO ${PSP_SIM_SCHEMA}.effects (seq, operation, call)
  SELECT (e->>'seq')::integer, e->'call'->>'operation', e->'call'
  FROM change, jsonb_array_elements(change.j->'effects') AS e
  ON CONFLICT (seq) DO UPDATE SET operation = excluded.operation, call = excluded.call
  RETURNING 1
),
events AS (
  INSERT INTO ${PSP_SIM_SCHEMA}.webhook_events (seq, event)
  SELECT (e->>'seq')::integer, e->'event' FROM change, jsonb_array_elements(change.j->'events') AS e
  ON CONFLICT (seq) DO UPDATE SET event = excluded.event
  RETURNING 1
)
INSERT INTO ${PSP_SIM_SCHEMA}.counters (id, payments, events)
SELECT true, (j->'counters'->>'payments')::bigint, (j->'counters'->>'events')::bigint FROM change
ON CONFLICT (id) DO UPDATE SET payments = greatest(counters.payments, excluded.payments),
                               events = greatest(counters.events, excluded.events)`;

/** The {@link PspSimStore} on `sql` (the CSMS's PGlite or PostgreSQL; the schema migrated). */
export function createPspSimStore(sql: Sql): PspSimStore {
  return {
    persistence: {
      async save(change) {
        await sql.count(SAVE, [JSON.stringify(change)]);
      },
    },
    async load(keysSince = 0) {
      const [payments, responses, effects, events, counters] = await Promise.all([
        sql.rows(`SELECT record FROM ${PSP_SIM_SCHEMA}.payments ORDER BY position`),
        sql.rows(`SELECT record FROM ${PSP_SIM_SCHEMA}.idempotency_keys WHERE answered_at >= $1 ORDER BY position`, [
          keysSince,
        ]),
        sql.rows(`SELECT call FROM ${PSP_SIM_SCHEMA}.effects ORDER BY seq`),
        sql.rows(`SELECT event FROM ${PSP_SIM_SCHEMA}.webhook_events ORDER BY seq`),
        sql.rows(`SELECT payments, events FROM ${PSP_SIM_SCHEMA}.counters`),
      ]);
      const parsed = parseMemoryPaymentProviderState({
        version: 1,
        payments: payments.map((r) => jsonOf(r["record"])),
        responses: responses.map((r) => jsonOf(r["record"])),
        effects: effects.map((r) => jsonOf(r["call"])),
        events: events.map((r) => jsonOf(r["event"])),
        counters: {
          payments: numberOf(counters[0]?.["payments"]) ?? 0,
          events: numberOf(counters[0]?.["events"]) ?? 0,
        },
      });
      // a corrupt row is named (`payments[3].captured …`); the server does not start on books it cannot read
      return unwrap(parsed);
    },
    async forgetKeys(before) {
      return sql.count(`DELETE FROM ${PSP_SIM_SCHEMA}.idempotency_keys WHERE answered_at < $1`, [before]);
    },
  };
}

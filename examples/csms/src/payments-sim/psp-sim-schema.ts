import type { Sql } from "../store/sql.js";

/**
 * The schema of the simulated PSP's books. Its own, not the CSMS's: it stands for a payment company's system that
 * merely lives in the same database, and the CSMS never reads it.
 */
export const PSP_SIM_SCHEMA = "chargekit_psp_sim";

/** The simulated PSP's migrations, applied once each, in order; an applied one is never edited. */
export const PSP_SIM_MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] =
  [
    {
      version: 1,
      name: "payments, idempotency keys, effects, webhook events, counters",
      sql: `
CREATE TABLE ${PSP_SIM_SCHEMA}.payments (
  ref                 text PRIMARY KEY,
  position            bigserial NOT NULL,
  merchant_reference  text NOT NULL,
  status              text NOT NULL,
  record              jsonb NOT NULL
);
CREATE INDEX payments_reference ON ${PSP_SIM_SCHEMA}.payments (merchant_reference);
CREATE TABLE ${PSP_SIM_SCHEMA}.idempotency_keys (
  key          text PRIMARY KEY,
  position     bigserial NOT NULL,
  answered_at  bigint NOT NULL,
  record       jsonb NOT NULL
);
CREATE INDEX idempotency_keys_answered ON ${PSP_SIM_SCHEMA}.idempotency_keys (answered_at);
CREATE TABLE ${PSP_SIM_SCHEMA}.effects (
  seq        integer PRIMARY KEY,
  operation  text NOT NULL,
  call       jsonb NOT NULL
);
CREATE TABLE ${PSP_SIM_SCHEMA}.webhook_events (
  seq    integer PRIMARY KEY,
  event  jsonb NOT NULL
);
CREATE TABLE ${PSP_SIM_SCHEMA}.counters (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  payments  bigint NOT NULL,
  events    bigint NOT NULL
);
`,
    },
  ];

/**
 * Brings the simulated PSP's schema up to date, under a transaction-scoped advisory lock (processes starting at once
 * apply each migration once). Returns the versions applied.
 */
export async function migratePspSimSchema(sql: Sql): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.rows("SELECT pg_advisory_xact_lock(hashtext($1))", [PSP_SIM_SCHEMA]);
    await tx.count(`CREATE SCHEMA IF NOT EXISTS ${PSP_SIM_SCHEMA}`);
    await tx.count(`CREATE TABLE IF NOT EXISTS ${PSP_SIM_SCHEMA}.schema_migrations (
  version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.rows(`SELECT version FROM ${PSP_SIM_SCHEMA}.schema_migrations`)).map((r) => Number(r["version"])),
    );
    const applied: number[] = [];
    for (const migration of PSP_SIM_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.sql.split(";").map((s) => s.trim())) {
        if (statement !== "") await tx.count(statement);
      }
      await tx.count(`INSERT INTO ${PSP_SIM_SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

import { operationsMigrations } from "./operations-schema.js";
import type { Sql } from "./sql.js";

/** The schema of the CSMS's own tables (the chargekit stores live in `chargekit`). */
export const CSMS_SCHEMA = "chargekit_csms";

/** The CSMS's own migrations, applied once each, in order; an applied one is never edited. */
export const CSMS_MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  {
    version: 1,
    name: "tokens and sessions",
    sql: `
CREATE TABLE ${CSMS_SCHEMA}.tokens (
  key         text PRIMARY KEY,
  credential  jsonb NOT NULL,
  status      text NOT NULL,
  expires_at  bigint,
  group_id    text,
  driver_id   text,
  billing     jsonb,
  label       text,
  updated_at  bigint NOT NULL
);
CREATE INDEX tokens_driver ON ${CSMS_SCHEMA}.tokens (driver_id, key);
CREATE TABLE ${CSMS_SCHEMA}.sessions (
  station_id          text NOT NULL,
  transaction_id      text NOT NULL,
  site_id             text,
  evse_id             integer,
  driver_id           text,
  token_key           text,
  started_at          bigint NOT NULL,
  ended_at            bigint,
  energy_wh           double precision NOT NULL DEFAULT 0,
  stopped_reason      text,
  tariff_id           text,
  currency            text,
  cost_excl_vat       text,
  cost_incl_vat       text,
  settled             boolean NOT NULL DEFAULT false,
  payment_session_id  text UNIQUE,
  captured            text,
  PRIMARY KEY (station_id, transaction_id)
);
CREATE INDEX sessions_started ON ${CSMS_SCHEMA}.sessions (started_at DESC);
CREATE INDEX sessions_driver ON ${CSMS_SCHEMA}.sessions (driver_id, started_at DESC);
CREATE INDEX sessions_active_token ON ${CSMS_SCHEMA}.sessions (token_key) WHERE ended_at IS NULL;
CREATE INDEX sessions_unsettled ON ${CSMS_SCHEMA}.sessions (started_at) WHERE NOT settled;
CREATE TABLE ${CSMS_SCHEMA}.session_days (
  station_id      text NOT NULL,
  transaction_id  text NOT NULL,
  site_id         text,
  day             date NOT NULL,
  energy_wh       double precision NOT NULL,
  PRIMARY KEY (station_id, transaction_id, day)
);
CREATE INDEX session_days_site ON ${CSMS_SCHEMA}.session_days (site_id, day);
`,
  },
  ...operationsMigrations(CSMS_SCHEMA),
];

/**
 * Brings the CSMS schema up to date: under a transaction-scoped advisory lock (processes starting at once apply each
 * migration once), creates the schema and its `schema_migrations` table, then applies what is missing. Returns the
 * versions applied.
 */
export async function migrateCsmsSchema(sql: Sql): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.rows("SELECT pg_advisory_xact_lock(hashtext($1))", [CSMS_SCHEMA]);
    await tx.count(`CREATE SCHEMA IF NOT EXISTS ${CSMS_SCHEMA}`);
    await tx.count(`CREATE TABLE IF NOT EXISTS ${CSMS_SCHEMA}.schema_migrations (
  version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.rows(`SELECT version FROM ${CSMS_SCHEMA}.schema_migrations`)).map((r) => Number(r["version"])),
    );
    const applied: number[] = [];
    for (const migration of CSMS_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.sql.split(";").map((s) => s.trim())) {
        if (statement !== "") await tx.count(statement);
      }
      await tx.count(`INSERT INTO ${CSMS_SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

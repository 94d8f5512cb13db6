/**
 * PostgreSQL adapters for every chargekit store port, on a PostgreSQL server (a `pg` Pool) or embedded (PGlite with
 * `btree_gist`), with the same SQL on both: reservations (no double booking by an exclusion constraint, per-site
 * advisory locks), payments (sessions, outbox, idempotency: captures exactly once across processes) and station
 * credentials; versioned migrations applied at start-up.
 *
 * @module
 */
export { DEFAULT_SCHEMA } from "./client/identifiers.js";
export type {
  PGliteLike,
  PGliteTransactionLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresClient,
  SqlRows,
} from "./client/postgres-client.js";
export { MIGRATIONS } from "./migrations/index.js";
export {
  type MigrateOptions,
  type MigrationReport,
  type MigrationScript,
  migrate,
  migrationScripts,
} from "./migrations/migrate.js";
export type { Migration } from "./migrations/migration.js";
export {
  createPostgresStationCredentials,
  type PostgresStationCredentials,
} from "./ocpp/station-credentials.js";
export { createPostgresStationStore } from "./ocpp/station-store.js";
export {
  createPostgresTransactionQueueStore,
  type PostgresTransactionQueueStoreOptions,
} from "./ocpp/transaction-queue-store.js";
export { createPostgresTransactionStore } from "./ocpp/transaction-store.js";
export type { PostgresStoreOptions } from "./options.js";
export { createPostgresPaymentStore } from "./payments/payment-store.js";
export { reservationOutcomes, type SiteReservationOutcomes } from "./reservations/reservation-outcomes.js";
export {
  createPostgresReservationStore,
  type PostgresReservationStoreOptions,
} from "./reservations/reservation-store.js";
export { type OpenPostgresStorageOptions, openPostgresStorage, type PostgresStorage } from "./storage.js";

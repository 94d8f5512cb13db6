import type { PostgresClient } from "./client/postgres-client.js";

/**
 * What every store factory of this package takes.
 *
 * @category Stores
 */
export interface PostgresStoreOptions {
  /** A `pg` Pool or a PGlite instance, already migrated with {@link migrate}. The store never closes it. */
  readonly client: PostgresClient;
  /** The PostgreSQL schema the tables are in; default `"chargekit"` (the one {@link migrate} uses by default). */
  readonly schema?: string;
}

import { ChargekitError } from "@chargekit/core";
import { LOCK_SPACE } from "../client/advisory-locks.js";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import type { PostgresClient } from "../client/postgres-client.js";
import { type Sql, toSqlClient } from "../client/sql-client.js";
import { guard, sqlState } from "../client/sql-errors.js";
import { MIGRATIONS } from "./index.js";
import type { Migration } from "./migration.js";

/**
 * Options of {@link migrate}.
 *
 * @category Migrations
 */
export interface MigrateOptions {
  /** The PostgreSQL schema to create the tables in; default `"chargekit"`. */
  readonly schema?: string;
}

/**
 * What {@link migrate} found and did.
 *
 * @category Migrations
 */
export interface MigrationReport {
  /** The schema. */
  readonly schema: string;
  /** Versions applied by this call (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The highest version now recorded. */
  readonly version: number;
  /**
   * Versions recorded in the database that this package does not know (a newer release migrated it). The tables
   * this release uses are unchanged by later versions, so it keeps working; upgrade it anyway.
   */
  readonly unknown: readonly number[];
}

const MIGRATIONS_TABLE = "schema_migrations";

/**
 * Brings a schema up to date at start-up: creates the `btree_gist` extension, the schema and its
 * `schema_migrations` table if missing, then applies every shipped {@link Migration} not recorded there yet, each
 * recorded with its name and an MD5 checksum of its SQL. All of it runs in one transaction under a
 * database-wide advisory lock, so processes starting at once apply each migration exactly once (the others wait,
 * then find nothing to do), and a failing migration leaves nothing half done. Running it again is a no-op.
 *
 * Throws `INVALID_INPUT` when an applied migration's checksum differs from the shipped SQL (someone edited an
 * applied migration), `UNAVAILABLE` when `btree_gist` cannot be created, and `PORT_FAILURE` when the database
 * fails.
 *
 * @example
 * ```ts no-run
 * const db = await PGlite.create({ dataDir: "./data", extensions: { btree_gist } });
 * const report = await migrate(db); // { schema: "chargekit", applied: [1, 2, 3], version: 3, unknown: [] }
 * ```
 * @category Migrations
 */
export async function migrate(client: PostgresClient, options: MigrateOptions = {}): Promise<MigrationReport> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const quoted = quoteSchema(schema);
  const sql = toSqlClient(client);
  return guard({ port: "migrations", operation: "migrate", key: schema }, () =>
    sql.transaction(async (tx) => {
      await tx.rows("SELECT pg_advisory_xact_lock($1::int4, 0)", [LOCK_SPACE.migrations]);
      await createExtension(tx);
      await tx.script(`CREATE SCHEMA IF NOT EXISTS ${quoted};
CREATE TABLE IF NOT EXISTS ${quoted}.${MIGRATIONS_TABLE} (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);`);
      const recorded = new Map(
        (await tx.rows(`SELECT version, checksum FROM ${quoted}.${MIGRATIONS_TABLE}`)).map((r) => [
          Number(r["version"]),
          String(r["checksum"]),
        ]),
      );
      const checksums = await checksumsOf(tx, MIGRATIONS);
      const applied: number[] = [];
      for (const [i, migration] of MIGRATIONS.entries()) {
        const stored = recorded.get(migration.version);
        if (stored !== undefined) {
          if (stored !== checksums[i]) throw editedMigration(schema, migration);
          continue;
        }
        await tx.script(`SET LOCAL search_path TO ${quoted};\n${migration.sql}`);
        await tx.rows(`INSERT INTO ${quoted}.${MIGRATIONS_TABLE} (version, name, checksum) VALUES ($1, $2, md5($3))`, [
          migration.version,
          migration.name,
          migration.sql,
        ]);
        applied.push(migration.version);
      }
      await tx.script("SET LOCAL search_path TO DEFAULT");
      const known = new Set(MIGRATIONS.map((m) => m.version));
      const all = [...recorded.keys(), ...applied];
      return {
        schema,
        applied,
        version: Math.max(0, ...all),
        unknown: [...recorded.keys()].filter((v) => !known.has(v)).sort((a, b) => a - b),
      };
    }),
  );
}

/**
 * Creates `btree_gist` if missing, then uses it once: a PGlite data directory reopened without the extension
 * loaded still lists it in the catalog, and would only fail at the first booking.
 */
async function createExtension(tx: Sql): Promise<void> {
  try {
    await tx.script(`CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TEMP TABLE chargekit_btree_gist_probe (k int4, EXCLUDE USING gist (k WITH =)) ON COMMIT DROP;
INSERT INTO chargekit_btree_gist_probe VALUES (1);`);
  } catch (error) {
    const state = sqlState(error);
    if (state === "0A000" || state === "58P01" || state === "42501") {
      throw new ChargekitError(
        "UNAVAILABLE",
        "the btree_gist extension cannot be created: on PGlite pass it at creation " +
          "(PGlite.create({ extensions: { btree_gist } }) with btree_gist from @electric-sql/pglite/contrib/btree_gist); " +
          "on a server install postgresql-contrib and let a privileged role run CREATE EXTENSION btree_gist once",
        { cause: error, details: { sqlState: state } },
      );
    }
    throw error;
  }
}

async function checksumsOf(tx: Sql, migrations: readonly Migration[]): Promise<string[]> {
  const rows = await tx.rows(
    "SELECT md5(s) AS checksum FROM unnest($1::text[]) WITH ORDINALITY AS m(s, n) ORDER BY n",
    [migrations.map((m) => m.sql)],
  );
  return rows.map((r) => String(r["checksum"]));
}

function editedMigration(schema: string, migration: Migration): ChargekitError {
  return new ChargekitError(
    "INVALID_INPUT",
    `migration ${migration.version} (${migration.name}) recorded in schema ${schema} differs from the shipped SQL: ` +
      "an applied migration was edited; restore it and add the change as a new version",
    { details: { schema, version: migration.version, name: migration.name } },
  );
}

/**
 * One migration as a self-contained script for an external migration tool.
 *
 * @category Migrations
 */
export interface MigrationScript {
  /** The migration's version (record it in `schema_migrations`). */
  readonly version: number;
  /** Its name. */
  readonly name: string;
  /** The script: extension, schema, `search_path`, then the migration's SQL. */
  readonly sql: string;
}

/**
 * The SQL of every shipped migration for a schema, in order, for teams that apply migrations with their own tool
 * (Flyway, sqitch, a DBA). Each script sets `search_path` to the schema first. Record them in
 * `<schema>.schema_migrations` as {@link migrate} does, or never call `migrate`.
 *
 * @category Migrations
 */
export function migrationScripts(options: MigrateOptions = {}): readonly MigrationScript[] {
  const quoted = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  return MIGRATIONS.map((m) => ({
    version: m.version,
    name: m.name,
    sql: `CREATE EXTENSION IF NOT EXISTS btree_gist;\nCREATE SCHEMA IF NOT EXISTS ${quoted};\nSET search_path TO ${quoted};\n${m.sql.trim()}\n`,
  }));
}

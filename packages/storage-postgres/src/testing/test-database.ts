import { randomBytes } from "node:crypto";
import { ChargekitError } from "@chargekit/core";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import type { PostgresClient } from "../client/postgres-client.js";

/**
 * Where a {@link TestDatabase} lives: embedded PGlite in memory, or a fresh database on a PostgreSQL server.
 *
 * @category Testing
 */
export type TestTarget =
  | {
      /** Discriminant. */
      readonly kind: "pglite";
      /**
       * A data directory dumped with PGlite's `dumpDataDir()` to start from (e.g. one already migrated, made once
       * per test run): about 0.5 s instead of 2.5–5 s for a fresh PGlite.
       */
      readonly template?: Blob;
    }
  | {
      /** Discriminant. */
      readonly kind: "server";
      /** A connection URL of the server whose role may create databases (its database is only used to create and drop the fresh one). */
      readonly url: string;
      /** Connections of the pool; default 10. */
      readonly poolSize?: number;
    };

/**
 * A database for one test file: a fresh PGlite, or a freshly created `chargekit_test_<random>` database on a server,
 * dropped again on {@link TestDatabase.close}.
 *
 * @category Testing
 */
export interface TestDatabase {
  /** `pglite` or `server`. */
  readonly kind: TestTarget["kind"];
  /** The client to give the stores (a PGlite instance, or a pg Pool on the fresh database). */
  readonly client: PostgresClient;
  /** For a server: the URL of the fresh database (for child processes); `undefined` for PGlite. */
  readonly url: string | undefined;
  /** Empties every table of `schema` except `schema_migrations` and restarts its sequences (between tests). */
  truncate(schema?: string): Promise<void>;
  /** Closes PGlite, or ends the pool and drops the fresh database. */
  close(): Promise<void>;
}

/**
 * The targets the tests of a database adapter should run on: always PGlite (from `template` when given), and the
 * server named by `DATABASE_URL` when it is set.
 *
 * @example
 * ```ts no-run
 * for (const target of testTargets()) {
 *   describe(target.kind, () => { ... openTestDatabase(target) ... });
 * }
 * ```
 * @category Testing
 */
export function testTargets(
  env: Readonly<Record<string, string | undefined>> = process.env,
  template?: Blob,
): TestTarget[] {
  const url = env["DATABASE_URL"];
  const pglite: TestTarget = template === undefined ? { kind: "pglite" } : { kind: "pglite", template };
  return url === undefined || url === "" ? [pglite] : [pglite, { kind: "server", url }];
}

/**
 * Opens a fresh, empty {@link TestDatabase} (PGlite with `btree_gist` loaded, or a new database on the server).
 * Call `migrate` on its client before creating stores, and `close()` it when the file is done.
 *
 * @category Testing
 */
export async function openTestDatabase(target: TestTarget): Promise<TestDatabase> {
  return target.kind === "pglite" ? openPGlite(target.template) : openServer(target.url, target.poolSize ?? 10);
}

async function openPGlite(template: Blob | undefined): Promise<TestDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const db = await PGlite.create({
    extensions: { btree_gist },
    ...(template === undefined ? {} : { loadDataDir: template }),
  });
  return {
    kind: "pglite",
    client: db,
    url: undefined,
    truncate: (schema) => truncate((text) => db.query(text), schema),
    close: () => db.close(),
  };
}

async function openServer(url: string, poolSize: number): Promise<TestDatabase> {
  const { default: pg } = await import("pg");
  const name = `chargekit_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: fresh.toString(), max: poolSize });
  // Idle connections that the server ends (DROP DATABASE … WITH (FORCE) at close) report an error on the pool;
  // without a listener it would be an uncaught exception.
  pool.on("error", () => {});
  return {
    kind: "server",
    client: pool,
    url: fresh.toString(),
    truncate: (schema) => truncate((text) => pool.query(text), schema),
    async close() {
      await pool.end();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function truncate(
  run: (text: string) => Promise<{ rows: readonly Record<string, unknown>[] }>,
  schema = DEFAULT_SCHEMA,
): Promise<void> {
  const quoted = quoteSchema(schema);
  const literal = `'${schema}'`;
  const tables = await run(
    `SELECT tablename FROM pg_tables WHERE schemaname = ${literal} AND tablename <> 'schema_migrations' ORDER BY 1`,
  );
  const names = tables.rows.map((r) => `${quoted}."${String(r["tablename"])}"`);
  if (names.length === 0) {
    throw new ChargekitError("NOT_FOUND", `schema ${schema} has no tables to truncate: run migrate() first`);
  }
  await run(`TRUNCATE ${names.join(", ")} RESTART IDENTITY`);
  const sequences = await run(`SELECT sequencename FROM pg_sequences WHERE schemaname = ${literal}`);
  for (const s of sequences.rows) await run(`ALTER SEQUENCE ${quoted}."${String(s["sequencename"])}" RESTART`);
}

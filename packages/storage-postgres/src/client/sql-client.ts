import { isPGlite, type PgPoolClientLike, type PostgresClient, type SqlRows } from "./postgres-client.js";
import { sqlState } from "./sql-errors.js";

/** One row as the drivers return it. @internal */
export type Row = Record<string, unknown>;

/** Statements on a connection or inside a transaction. @internal */
export interface Sql {
  /** Runs one statement with parameters; returns its rows. */
  rows(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs one statement with parameters; returns how many rows it changed (or returned). */
  count(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a script of several statements without parameters. */
  script(text: string): Promise<void>;
}

/** Options of {@link SqlClient.transaction}. @internal */
export interface TransactionOptions {
  /** SQLSTATEs after which the whole body runs again (always: 40001 serialization failure, 40P01 deadlock). */
  readonly retryOn?: readonly string[];
  /** Most runs of the body; default 8. */
  readonly attempts?: number;
}

/**
 * The one seam between the adapters and the two drivers: the same SQL text runs on a pg Pool and on PGlite.
 *
 * @internal
 */
export interface SqlClient extends Sql {
  /** Which driver is underneath. */
  readonly kind: "pg" | "pglite";
  /**
   * Runs `body` in one transaction (READ COMMITTED): commits when it returns, rolls back when it throws. Throw
   * {@link rollback} to roll back and return a value. Runs the body again after a serialization failure or a
   * deadlock (and the SQLSTATEs in `retryOn`), at most `attempts` times, then throws the last error.
   */
  transaction<T>(body: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

class Rollback<T> {
  readonly value: T;
  constructor(value: T) {
    this.value = value;
  }
}

/**
 * Ends the running transaction body with a rollback; the transaction resolves to `value`.
 *
 * @internal
 */
export function rollback<T>(value: T): never {
  throw new Rollback(value);
}

const ALWAYS_RETRY = ["40001", "40P01"];

const changed = (result: SqlRows): number => result.rowCount ?? result.affectedRows ?? result.rows.length;

function statements(
  run: (text: string, params?: unknown[]) => Promise<SqlRows>,
  script: (t: string) => Promise<unknown>,
): Sql {
  return {
    async rows(text, params) {
      return (await run(text, params === undefined ? [] : [...params])).rows as Row[];
    },
    async count(text, params) {
      return changed(await run(text, params === undefined ? [] : [...params]));
    },
    async script(text) {
      await script(text);
    },
  };
}

async function onPoolConnection<T>(connection: PgPoolClientLike, body: (tx: Sql) => Promise<T>): Promise<T> {
  const tx = statements(
    (text, params) => connection.query(text, params),
    (text) => connection.query(text),
  );
  await connection.query("BEGIN");
  try {
    const value = await body(tx);
    await connection.query("COMMIT");
    return value;
  } catch (error) {
    await connection.query("ROLLBACK");
    throw error;
  }
}

/**
 * Wraps a pg Pool or a PGlite instance in the {@link SqlClient} seam.
 *
 * @internal
 */
export function toSqlClient(client: PostgresClient): SqlClient {
  const once: <T>(body: (tx: Sql) => Promise<T>) => Promise<T> = isPGlite(client)
    ? (body) =>
        client.transaction((tx) =>
          body(
            statements(
              (t, p) => tx.query(t, p),
              (t) => tx.exec(t),
            ),
          ),
        )
    : async (body) => {
        const connection = await client.connect();
        let broken: Error | undefined;
        try {
          return await onPoolConnection(connection, body);
        } catch (error) {
          // A statement error leaves the connection usable; anything without a SQLSTATE may have broken it.
          if (sqlState(error) === undefined && !(error instanceof Rollback)) broken = toError(error);
          throw error;
        } finally {
          connection.release(broken ?? false);
        }
      };
  const base = isPGlite(client)
    ? statements(
        (text, params) => client.query(text, params),
        (text) => client.exec(text),
      )
    : statements(
        (text, params) => client.query(text, params),
        (text) => client.query(text),
      );
  return {
    ...base,
    kind: isPGlite(client) ? "pglite" : "pg",
    async transaction(body, options = {}) {
      const retryOn = [...ALWAYS_RETRY, ...(options.retryOn ?? [])];
      const attempts = Math.max(1, options.attempts ?? 8);
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(body);
        } catch (error) {
          if (error instanceof Rollback) return error.value as Awaited<ReturnType<typeof body>>;
          const state = sqlState(error);
          if (attempt >= attempts || state === undefined || !retryOn.includes(state)) throw error;
        }
      }
    },
  };
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

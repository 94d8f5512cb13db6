import { isChargekitError, portFailure } from "@chargekit/core";
import type { PGliteLike, PgPoolLike, PostgresClient, SqlRows } from "@chargekit/storage-postgres";

/** One row as the drivers return it. */
export type Row = Record<string, unknown>;

/** Statements of the CSMS's own tables, on a PGlite instance or a pg Pool (the same SQL on both). */
export interface Sql {
  /** Runs one statement; returns its rows. */
  rows(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs one statement; returns how many rows it changed. */
  count(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `body` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(body: (tx: Sql) => Promise<T>): Promise<T>;
}

const changed = (result: SqlRows): number => result.rowCount ?? result.affectedRows ?? result.rows.length;

function isPGlite(client: PostgresClient): client is PGliteLike {
  const c = client as Partial<PGliteLike>;
  return typeof c.transaction === "function" && typeof c.exec === "function";
}

function statements(
  run: (text: string, params: unknown[]) => Promise<SqlRows>,
  port: string,
): Omit<Sql, "transaction"> {
  const guarded = async (operation: string, text: string, params: readonly unknown[] | undefined) => {
    try {
      return await run(text, params === undefined ? [] : [...params]);
    } catch (cause) {
      if (isChargekitError(cause)) throw cause;
      throw portFailure({ port, operation, cause });
    }
  };
  return {
    rows: async (text, params) => (await guarded("query", text, params)).rows as Row[],
    count: async (text, params) => changed(await guarded("update", text, params)),
  };
}

/**
 * Wraps a client: PGlite runs transactions through its own `transaction`; a pg Pool borrows one connection for
 * `BEGIN … COMMIT`. Driver failures become `PORT_FAILURE` errors naming `port`.
 */
export function sqlOf(client: PostgresClient, port = "csms-store"): Sql {
  if (isPGlite(client)) {
    const self: Sql = {
      ...statements((text, params) => client.query(text, params), port),
      transaction: (body) =>
        client.transaction((tx) =>
          body({
            ...statements((text, params) => tx.query(text, params), port),
            transaction: () => Promise.reject(new Error("nested transactions are not supported")),
          }),
        ),
    };
    return self;
  }
  const pool: PgPoolLike = client;
  return {
    ...statements((text, params) => pool.query(text, params), port),
    async transaction(body) {
      const connection = await pool.connect();
      const tx: Sql = {
        ...statements((text, params) => connection.query(text, params), port),
        transaction: () => Promise.reject(new Error("nested transactions are not supported")),
      };
      try {
        await connection.query("BEGIN");
        const result = await body(tx);
        await connection.query("COMMIT");
        connection.release();
        return result;
      } catch (error) {
        await connection.query("ROLLBACK").catch(() => {});
        connection.release(error instanceof Error ? error : true);
        throw error;
      }
    },
  };
}

/** A database integer (pg returns int8 as text) as a number; undefined for NULL. */
export function numberOf(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "number" ? value : Number(value);
}

/** A database text as a string; undefined for NULL. */
export function textOf(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/**
 * A query result as both drivers give it: the rows, and how many rows a statement touched where the driver says so.
 *
 * @category Client
 */
export interface SqlRows {
  /** The rows, one object per row keyed by column name. */
  readonly rows: readonly Record<string, unknown>[];
  /** Rows changed by an `INSERT`/`UPDATE`/`DELETE` (pg: `rowCount`). */
  readonly rowCount?: number | null;
  /** Rows changed (PGlite: `affectedRows`). */
  readonly affectedRows?: number;
}

/**
 * The part of a `pg` `PoolClient` the adapters use: run a statement, give the connection back.
 *
 * @category Client
 */
export interface PgPoolClientLike {
  /** Runs one statement (with values), or a script of several statements (without). */
  query(text: string, values?: unknown[]): Promise<SqlRows>;
  /** Returns the connection to the pool; pass the error to have a broken connection closed instead. */
  release(error?: Error | boolean): void;
}

/**
 * The part of a `pg` `Pool` the adapters use (a `new pg.Pool(...)` fits). The adapters borrow a connection per
 * transaction and never end the pool: its owner does.
 *
 * @category Client
 */
export interface PgPoolLike {
  /** Borrows a connection. */
  connect(): Promise<PgPoolClientLike>;
  /** Runs one statement on any free connection. */
  query(text: string, values?: unknown[]): Promise<SqlRows>;
}

/**
 * The statements of a PGlite transaction.
 *
 * @category Client
 */
export interface PGliteTransactionLike {
  /** Runs one statement with parameters. */
  query(query: string, params?: unknown[]): Promise<SqlRows>;
  /** Runs a script of statements without parameters. */
  exec(query: string): Promise<unknown>;
}

/**
 * The part of a PGlite instance the adapters use (a `PGlite.create(...)` result fits). PGlite is one connection:
 * it runs one transaction at a time and queues every other statement behind it. The adapters never close it.
 *
 * @category Client
 */
export interface PGliteLike extends PGliteTransactionLike {
  /** Runs `callback` in a transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
}

/**
 * What every adapter of this package receives: a `pg` Pool for a PostgreSQL server, or a PGlite instance (with the
 * `btree_gist` extension loaded) for the embedded default. The same SQL runs on both.
 *
 * @example
 * ```ts no-run
 * const server: PostgresClient = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const embedded: PostgresClient = await PGlite.create({ dataDir: "./data", extensions: { btree_gist } });
 * ```
 * @category Client
 */
export type PostgresClient = PgPoolLike | PGliteLike;

/** True for a PGlite instance (it has `transaction` and `exec`; a pg Pool has neither). @internal */
export function isPGlite(client: PostgresClient): client is PGliteLike {
  const c = client as Partial<PGliteLike>;
  return typeof c.transaction === "function" && typeof c.exec === "function";
}

import { openTestDatabase } from "@chargekit/storage-postgres/testing";

/** Where a suite's CSMS keeps its data. */
export interface StorageTarget {
  /** `embedded PGlite` or `PostgreSQL`. */
  readonly name: string;
  /**
   * Prepares a fresh store: the `storage` configuration to give the server (`dataDir` for the embedded one), and
   * `close` to drop it when the suite is done.
   */
  open(dataDir: string): Promise<{ storage: Record<string, unknown>; close(): Promise<void> }>;
}

/**
 * The stores every end-to-end suite runs on: embedded PGlite always, and a fresh database on the PostgreSQL server
 * of `DATABASE_URL` when it is set (the same suite, not a reduced one).
 */
export function storageTargets(env: Readonly<Record<string, string | undefined>> = process.env): StorageTarget[] {
  const embedded: StorageTarget = {
    name: "embedded PGlite",
    open: async (dataDir) => ({ storage: { kind: "embedded", dataDir }, close: async () => {} }),
  };
  const url = env["DATABASE_URL"];
  if (url === undefined || url === "") return [embedded];
  const server: StorageTarget = {
    name: "PostgreSQL",
    async open() {
      const db = await openTestDatabase({ kind: "server", url, poolSize: 1 });
      if (db.url === undefined) throw new Error("a server database has a URL");
      return { storage: { kind: "postgres", url: db.url }, close: () => db.close() };
    },
  };
  return [embedded, server];
}

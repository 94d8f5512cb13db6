import { join } from "node:path";
import type { MemoryPaymentProviderState } from "@chargekit/payments";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import pg from "pg";
import { createPspSimStore } from "../../payments-sim/psp-sim-store.js";
import { sqlOf } from "../../store/sql.js";
import { PGLITE_DIR } from "../../wiring/storage.js";

/**
 * The simulated PSP's books as the server left them in its store (the `storage` configuration the server ran on):
 * every payment with the operations performed on it, and every effect (money moved), across all the server's
 * processes. For the embedded store the server must have stopped first (PGlite has one process per directory).
 */
export async function readPspBooks(storage: Record<string, unknown>): Promise<MemoryPaymentProviderState> {
  if (storage["kind"] === "postgres") {
    const pool = new pg.Pool({ connectionString: String(storage["url"]), max: 1 });
    try {
      return await createPspSimStore(sqlOf(pool)).load();
    } finally {
      await pool.end();
    }
  }
  const db = await PGlite.create({
    dataDir: join(String(storage["dataDir"]), PGLITE_DIR),
    extensions: { btree_gist },
  });
  try {
    return await createPspSimStore(sqlOf(db)).load();
  } finally {
    await db.close();
  }
}

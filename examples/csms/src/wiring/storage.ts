import { resolve } from "node:path";
import { openPostgresStorage, type PostgresClient } from "@chargekit/storage-postgres";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import pg from "pg";
import type { CsmsModule } from "../server/module.js";
import { migrateCsmsSchema } from "../store/csms-schema.js";
import { lockDataDir } from "../store/data-dir-lock.js";
import { createPostgresSessionStore } from "../store/postgres-session-store.js";
import { createPostgresTokenStore } from "../store/postgres-token-store.js";
import { createReportQueries } from "../store/report-queries.js";
import { sqlOf } from "../store/sql.js";
import type { CsmsServices } from "./services.js";

/** The sub-directory of `storage.dataDir` holding the PGlite files (the lock file sits beside it). */
export const PGLITE_DIR = "pglite";

/**
 * Storage: opens embedded PGlite in `storage.dataDir` (relative to the working directory; the PGlite files in its
 * `pglite/` sub-directory, the directory locked to this process) or a `pg` Pool on `DATABASE_URL`, applies the
 * chargekit and CSMS migrations, and provides `storage`. First in the module list, so it closes last.
 */
export function storageModule(services: CsmsServices): CsmsModule {
  let close: (() => Promise<void>) | undefined;
  let kind = "";
  return {
    name: "storage",
    async start(ctx) {
      services.bind(ctx);
      const config = ctx.config.storage;
      let client: PostgresClient;
      if (config.kind === "postgres") {
        const pool = new pg.Pool({ connectionString: config.url, max: 20 });
        pool.on("error", (error) => ctx.logger.error({ err: error.message }, "idle PostgreSQL connection failed"));
        client = pool;
        close = () => pool.end();
      } else {
        const dir = resolve(config.dataDir);
        const unlock = await lockDataDir(dir);
        try {
          const db = await PGlite.create({ dataDir: resolve(dir, PGLITE_DIR), extensions: { btree_gist } });
          client = db;
          close = async () => {
            await db.close();
            await unlock();
          };
        } catch (error) {
          await unlock();
          throw error;
        }
      }
      kind = config.kind;
      try {
        const stores = await openPostgresStorage({ client });
        const sql = sqlOf(client);
        const csms = await migrateCsmsSchema(sql);
        ctx.logger.info(
          { kind, applied: stores.migrations.applied, version: stores.migrations.version, csmsApplied: csms },
          "storage open",
        );
        services.provide("storage", {
          kind: config.kind,
          client,
          stores,
          tokens: createPostgresTokenStore(sql),
          sessions: createPostgresSessionStore(sql),
          reports: createReportQueries(sql),
        });
        ctx.addReadinessCheck("database", async () => (await sql.rows("SELECT 1 AS ok")).length === 1);
      } catch (error) {
        await close();
        close = undefined;
        throw error;
      }
    },
    async stop() {
      await services.work.idle();
      services.withdraw("storage");
      await close?.();
      close = undefined;
    },
    banner: () => [
      kind === "postgres"
        ? "Storage    PostgreSQL server (DATABASE_URL)"
        : `Storage    embedded PGlite in ${resolve(services.config.storage.kind === "embedded" ? services.config.storage.dataDir : ".")}`,
    ],
  };
}

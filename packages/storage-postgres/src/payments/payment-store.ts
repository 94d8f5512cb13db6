import type { CommitRefusal, CommitResult, PaymentCommit, PaymentStore } from "@chargekit/payments";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { rollback, type Sql, toSqlClient } from "../client/sql-client.js";
import { guard } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";
import { decodeAudit, decodeIdempotency, decodeIntent, decodeSession, sessionParams } from "./payment-rows.js";
import { paymentSql } from "./payment-sql.js";

const PORT = "PaymentStore";

type Extras = Omit<PaymentCommit, "session" | "expectedVersion">;

const refused = (reason: CommitRefusal): CommitResult => ({ ok: false, reason });

/**
 * The `PaymentStore` on PostgreSQL (a server through a `pg` Pool, or embedded PGlite), passing the same
 * contract suite as the memory store. Every write is one transaction:
 *
 * - the session row changes only `WHERE version = expectedVersion` (compare-and-set: of concurrent commits from
 *   one version exactly one updates the row; the others find no row and get `version-conflict`);
 * - new outbox intents and idempotency records are inserted under unique keys (`ON CONFLICT DO NOTHING`; a key
 *   already there refuses and rolls back the whole commit: `duplicate-intent` / `duplicate-command`);
 * - audit events are appended in order.
 *
 * An intent's lease is a conditional `UPDATE`, so of concurrent claimants exactly one gets it. Together with the
 * payment service's flow (record the intent with the state change, then call the provider under the lease) this
 * makes a capture happen once across any number of processes. Infrastructure failures throw `PORT_FAILURE`; run
 * {@link migrate} before the first call.
 *
 * @example
 * ```ts no-run
 * await migrate(pool);
 * const payments = createPaymentService({ store: createPostgresPaymentStore({ client: pool }), provider, clock });
 * ```
 * @category Stores
 */
export function createPostgresPaymentStore(options: PostgresStoreOptions): PaymentStore {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const q = paymentSql(quoteSchema(schema));
  const sql = toSqlClient(options.client);
  const clamp = (limit: number): number => Math.max(0, Math.floor(Number.isFinite(limit) ? limit : 0));

  /** Writes what comes with a session change; a repeated key rolls everything back. */
  const writeExtras = async (tx: Sql, write: Extras): Promise<CommitResult> => {
    const intents = write.addIntents ?? [];
    if (intents.length > 0) {
      const inserted = await tx.rows(q.addIntents, [JSON.stringify(intents)]);
      if (inserted.length < intents.length) return rollback(refused("duplicate-intent"));
    }
    const completed = write.completeIntents ?? [];
    if (completed.length > 0) await tx.count(q.completeIntents, [completed]);
    const commands = write.idempotency ?? [];
    if (commands.length > 0) {
      const inserted = await tx.rows(q.addIdempotency, [JSON.stringify(commands)]);
      if (inserted.length < commands.length) return rollback(refused("duplicate-command"));
    }
    const events = write.events ?? [];
    if (events.length > 0) await tx.count(q.addAudit, [JSON.stringify(events)]);
    return { ok: true };
  };

  return {
    async create(session, write = {}) {
      return guard({ port: PORT, operation: "create", key: session.id }, () =>
        sql.transaction(async (tx) => {
          const created = await tx.rows(q.createSession, sessionParams(session));
          if (created.length === 0) return rollback(refused("already-exists"));
          return writeExtras(tx, write);
        }),
      );
    },

    async get(id) {
      return guard({ port: PORT, operation: "get", key: id }, async () => {
        const [row] = await sql.rows(q.getSession, [id]);
        return row === undefined ? undefined : decodeSession(row, schema);
      });
    },

    async findByTransaction(transactionId) {
      return guard({ port: PORT, operation: "findByTransaction", key: transactionId }, async () => {
        const [row] = await sql.rows(q.byTransaction, [transactionId]);
        return row === undefined ? undefined : decodeSession(row, schema);
      });
    },

    async commit(change) {
      const { session, expectedVersion } = change;
      return guard({ port: PORT, operation: "commit", key: session.id }, async () => {
        if (session.version !== expectedVersion + 1) {
          const exists = await sql.rows(q.sessionExists, [session.id]);
          return refused(exists.length === 0 ? "not-found" : "version-conflict");
        }
        return sql.transaction(async (tx) => {
          const updated = await tx.rows(q.updateSession, [...sessionParams(session), expectedVersion]);
          if (updated.length === 0) {
            const exists = await tx.rows(q.sessionExists, [session.id]);
            return rollback(refused(exists.length === 0 ? "not-found" : "version-conflict"));
          }
          return writeExtras(tx, change);
        });
      });
    },

    async getIntent(key) {
      return guard({ port: PORT, operation: "getIntent", key }, async () => {
        const [row] = await sql.rows(q.getIntent, [key]);
        return row === undefined ? undefined : decodeIntent(row);
      });
    },

    async intentsOf(sessionId) {
      return guard({ port: PORT, operation: "intentsOf", key: sessionId }, async () =>
        (await sql.rows(q.intentsOf, [sessionId])).map(decodeIntent),
      );
    },

    async claimIntent(key, claim) {
      return guard({ port: PORT, operation: "claimIntent", key }, async () => {
        const [row] = await sql.rows(q.claimIntent, [key, claim.owner, claim.until, claim.now]);
        return row === undefined ? undefined : decodeIntent(row);
      });
    },

    async releaseIntent(key, release) {
      return guard({ port: PORT, operation: "releaseIntent", key }, async () => {
        return (await sql.count(q.releaseIntent, [key, release.owner, release.notBefore])) > 0;
      });
    },

    async pendingIntents({ now, limit }) {
      return guard({ port: PORT, operation: "pendingIntents" }, async () =>
        (await sql.rows(q.pendingIntents, [now, clamp(limit)])).map(decodeIntent),
      );
    },

    async dueSessions({ now, limit }) {
      return guard({ port: PORT, operation: "dueSessions" }, async () =>
        (await sql.rows(q.dueSessions, [now, clamp(limit)])).map((row) => decodeSession(row, schema)),
      );
    },

    async getIdempotency(key) {
      return guard({ port: PORT, operation: "getIdempotency", key }, async () => {
        const [row] = await sql.rows(q.getIdempotency, [key]);
        return row === undefined ? undefined : decodeIdempotency(row);
      });
    },

    async auditTrail(sessionId) {
      return guard({ port: PORT, operation: "auditTrail", key: sessionId }, async () =>
        (await sql.rows(q.auditTrail, [sessionId])).map(decodeAudit),
      );
    },
  };
}

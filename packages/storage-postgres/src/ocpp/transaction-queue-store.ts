import type { QueuedMessage, TransactionQueueStore } from "@chargekit/ocpp";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { type Row, toSqlClient } from "../client/sql-client.js";
import { guard } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";

/**
 * Options of {@link createPostgresTransactionQueueStore}.
 *
 * @category Stores
 */
export interface PostgresTransactionQueueStoreOptions extends PostgresStoreOptions {
  /** The station whose queue this is (its identity); many stations share the tables. */
  readonly station: string;
}

const PORT = "TransactionQueueStore";
const COLUMNS = "id, kind, droppable, action, payload, transaction_ref, attempts, created_at";

function decode(row: Row): QueuedMessage {
  return {
    id: Number(row["id"]),
    kind: row["kind"] as QueuedMessage["kind"],
    droppable: row["droppable"] === true,
    action: String(row["action"]),
    payload: row["payload"] as QueuedMessage["payload"],
    transactionRef: String(row["transaction_ref"]),
    attempts: Number(row["attempts"]),
    createdAt: Number(row["created_at"]),
  };
}

/**
 * The station-side `TransactionQueueStore` of `@chargekit/ocpp` on PostgreSQL: a station's transaction messages
 * (and the 1.6 ids the CSMS assigned to transactions started offline) survive a power cycle, in order. One table
 * holds the queues of many stations (a simulated fleet, or a gateway in front of several chargers), keyed by
 * `station`. Passes the same contract suite as the memory queue. Run {@link migrate} first.
 *
 * @example
 * ```ts no-run
 * const queue = createPostgresTransactionQueueStore({ client: db, station: "CP-1" });
 * const station = createSimulatedStation({ ..., queue });
 * ```
 * @category Stores
 */
export function createPostgresTransactionQueueStore(
  options: PostgresTransactionQueueStoreOptions,
): TransactionQueueStore {
  const schema = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  const queue = `${schema}.station_queue`;
  const bindings = `${schema}.station_queue_bindings`;
  const station = options.station;
  const sql = toSqlClient(options.client);
  const call = <T>(operation: string, run: () => Promise<T>) => guard({ port: PORT, operation, key: station }, run);

  return {
    async append(message) {
      return call("append", async () => {
        const [row] = await sql.rows(
          `INSERT INTO ${queue} (station, kind, droppable, action, payload, transaction_ref, attempts, created_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) RETURNING ${COLUMNS}`,
          [
            station,
            message.kind,
            message.droppable,
            message.action,
            JSON.stringify(message.payload),
            message.transactionRef,
            message.attempts,
            message.createdAt,
          ],
        );
        return decode(row as Row);
      });
    },
    async head() {
      return call("head", async () => {
        const [row] = await sql.rows(`SELECT ${COLUMNS} FROM ${queue} WHERE station = $1 ORDER BY id LIMIT 1`, [
          station,
        ]);
        return row === undefined ? undefined : decode(row);
      });
    },
    async list() {
      return call("list", async () =>
        (await sql.rows(`SELECT ${COLUMNS} FROM ${queue} WHERE station = $1 ORDER BY id`, [station])).map(decode),
      );
    },
    async size() {
      return call("size", async () => {
        const [row] = await sql.rows(`SELECT count(*)::int4 AS n FROM ${queue} WHERE station = $1`, [station]);
        return Number(row?.["n"] ?? 0);
      });
    },
    async update(message) {
      await call("update", () =>
        sql.count(
          `UPDATE ${queue} SET kind = $3, droppable = $4, action = $5, payload = $6::jsonb, transaction_ref = $7,
    attempts = $8, created_at = $9 WHERE station = $1 AND id = $2`,
          [
            station,
            message.id,
            message.kind,
            message.droppable,
            message.action,
            JSON.stringify(message.payload),
            message.transactionRef,
            message.attempts,
            message.createdAt,
          ],
        ),
      );
    },
    async remove(id) {
      await call("remove", () => sql.count(`DELETE FROM ${queue} WHERE station = $1 AND id = $2`, [station, id]));
    },
    async bindTransaction(transactionRef, transactionId) {
      await call("bindTransaction", () =>
        sql.count(
          `INSERT INTO ${bindings} (station, transaction_ref, transaction_id) VALUES ($1, $2, $3)
  ON CONFLICT (station, transaction_ref) DO UPDATE SET transaction_id = excluded.transaction_id`,
          [station, transactionRef, transactionId],
        ),
      );
    },
    async transactionIdOf(transactionRef) {
      return call("transactionIdOf", async () => {
        const [row] = await sql.rows(
          `SELECT transaction_id FROM ${bindings} WHERE station = $1 AND transaction_ref = $2`,
          [station, transactionRef],
        );
        return row === undefined ? undefined : Number(row["transaction_id"]);
      });
    },
    async unbindTransaction(transactionRef) {
      await call("unbindTransaction", () =>
        sql.count(`DELETE FROM ${bindings} WHERE station = $1 AND transaction_ref = $2`, [station, transactionRef]),
      );
    },
  };
}

import { ChargekitError, type StationId, TransactionId } from "@chargekit/core";
import {
  type MeterSample,
  mergeTransactionChange,
  sampleKey,
  type TransactionChange,
  type TransactionRecord,
  type TransactionStore,
} from "@chargekit/ocpp";
import { LOCK_SPACE, lockKey } from "../client/advisory-locks.js";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { type Sql, toSqlClient } from "../client/sql-client.js";
import { guard, SQLSTATE, sqlState } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";

const PORT = "TransactionStore";

/**
 * The OCPP `TransactionStore` on PostgreSQL (a server through a `pg` Pool, or embedded PGlite), passing the
 * same contract suite as the memory store, across processes:
 *
 * - the messages of one transaction are applied one after the other under a transaction-scoped advisory lock on
 *   (station, transaction id), also before its row exists; the key of every applied message is stored, so a
 *   replay is a `duplicate` whichever process receives it;
 * - meter samples are stored once per (instant, context) and the record is merged with the package's own
 *   `mergeTransactionChange`, so energy is a register difference that a duplicate cannot change;
 * - 1.6 transaction ids come from a 32-bit sequence; the start message's key is stored with the id it got
 *   (`ON CONFLICT DO NOTHING` on the key, then a row lock), so a StartTransaction resent to any process before its
 *   stop gets the same id back, and the same start after the stop is a new transaction.
 *
 * Run {@link migrate} first.
 *
 * @example
 * ```ts no-run
 * const registry = createStationRegistry({ transactions: createPostgresTransactionStore({ client: pool }), ... });
 * ```
 * @category Stores
 */
export function createPostgresTransactionStore(options: PostgresStoreOptions): TransactionStore {
  const schemaName = options.schema ?? DEFAULT_SCHEMA;
  const schema = quoteSchema(schemaName);
  const t = {
    transactions: `${schema}.transactions`,
    messages: `${schema}.transaction_messages`,
    samples: `${schema}.transaction_samples`,
    starts: `${schema}.v16_starts`,
  };
  const sql = toSqlClient(options.client);
  const pk = "station_id = $1 AND transaction_id = $2";

  const readRecord = async (run: Sql, stationId: string, id: string) => {
    const [row] = await run.rows(`SELECT record FROM ${t.transactions} WHERE ${pk}`, [stationId, id]);
    return row?.["record"] as TransactionRecord | undefined;
  };
  const lockTransaction = (tx: Sql, stationId: string, id: string) =>
    tx.rows("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [
      LOCK_SPACE.transaction,
      lockKey(`${schemaName}\u0000${stationId}\u0000${id}`),
    ]);
  const write = async (
    tx: Sql,
    record: TransactionRecord,
    key: string,
    fresh: readonly MeterSample[],
    exists: boolean,
  ): Promise<void> => {
    const params = [record.stationId, record.id, record.startedAt, record.ended, JSON.stringify(record)];
    await tx.count(
      exists
        ? `UPDATE ${t.transactions} SET started_at = $3, ended = $4, record = $5::jsonb WHERE ${pk}`
        : `INSERT INTO ${t.transactions} (station_id, transaction_id, started_at, ended, record) VALUES ($1, $2, $3, $4, $5::jsonb)`,
      params,
    );
    await tx.count(`INSERT INTO ${t.messages} (station_id, transaction_id, key) VALUES ($1, $2, $3)`, [
      record.stationId,
      record.id,
      key,
    ]);
    if (fresh.length > 0) {
      await tx.count(
        `INSERT INTO ${t.samples} (station_id, transaction_id, sample_key, at, sample)
  SELECT $1, $2, s->>'key', (s->>'at')::int8, s->'sample'
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(s, n) ORDER BY n`,
        [record.stationId, record.id, JSON.stringify(fresh.map((s) => ({ key: sampleKey(s), at: s.at, sample: s })))],
      );
    }
  };

  return {
    async startV16(start) {
      return guard({ port: PORT, operation: "startV16", key: `${start.stationId}/${start.key}` }, () =>
        sql.transaction(async (tx) => {
          // The start key's current transaction, read under the key's row lock (a concurrent start with the same key
          // waits here) and the transaction's advisory lock (a concurrent stop of it has finished or waits).
          const current = async () => {
            const [row] = await tx.rows(
              `SELECT transaction_id FROM ${t.starts} WHERE station_id = $1 AND start_key = $2 FOR UPDATE`,
              [start.stationId, start.key],
            );
            if (row === undefined) return undefined;
            const id = String(row["transaction_id"]);
            await lockTransaction(tx, start.stationId, id);
            return { id, record: await readRecord(tx, start.stationId, id) };
          };
          const known = await current();
          // A station resends a start before its stop, never after: the same start after the stop is a new one.
          if (known?.record !== undefined && !known.record.ended) {
            return { outcome: "replayed" as const, transaction: known.record };
          }
          let id: TransactionId;
          try {
            const [row] = await tx.rows(`SELECT nextval('${schema}.v16_transaction_ids')::int4 AS id`);
            id = TransactionId.of(String(row?.["id"]));
          } catch (error) {
            if (sqlState(error) !== SQLSTATE.sequenceExhausted) throw error;
            throw new ChargekitError("LIMIT_EXCEEDED", "OCPP 1.6 transaction ids are exhausted", { cause: error });
          }
          if (known === undefined) {
            // Waits for a concurrent insert of the same start key and then inserts nothing: that start won.
            const claimed = await tx.rows(
              `INSERT INTO ${t.starts} (station_id, start_key, transaction_id) VALUES ($1, $2, $3)
  ON CONFLICT (station_id, start_key) DO NOTHING RETURNING transaction_id`,
              [start.stationId, start.key, id],
            );
            if (claimed.length === 0) {
              const winner = await current();
              if (winner?.record === undefined) {
                throw new ChargekitError("INTERNAL", `1.6 start ${start.key} has no transaction`);
              }
              return { outcome: "replayed" as const, transaction: winner.record };
            }
          } else {
            await tx.count(`UPDATE ${t.starts} SET transaction_id = $3 WHERE station_id = $1 AND start_key = $2`, [
              start.stationId,
              start.key,
              id,
            ]);
          }
          await lockTransaction(tx, start.stationId, id);
          const record = mergeTransactionChange(
            undefined,
            {
              stationId: start.stationId,
              transactionId: id,
              family: "1.6",
              key: "start",
              kind: "started",
              at: start.at,
              evseId: start.evseId,
              connectorId: start.connectorId,
              ...(start.token === undefined ? {} : { token: start.token }),
              meterStartWh: start.meterStartWh,
              ...(start.reservationId === undefined ? {} : { reservationId: start.reservationId }),
              samples: [],
            },
            [],
          );
          await write(tx, record, "start", [], false);
          return { outcome: "created" as const, transaction: record };
        }),
      );
    },

    async apply(change: TransactionChange) {
      return guard({ port: PORT, operation: "apply", key: `${change.stationId}/${change.transactionId}` }, () =>
        sql.transaction(async (tx) => {
          await lockTransaction(tx, change.stationId, change.transactionId);
          const current = await readRecord(tx, change.stationId, change.transactionId);
          if (current !== undefined) {
            const seen = await tx.rows(`SELECT 1 FROM ${t.messages} WHERE ${pk} AND key = $3`, [
              change.stationId,
              change.transactionId,
              change.key,
            ]);
            if (seen.length > 0) return { outcome: "duplicate" as const, transaction: current, newSamples: [] };
          }
          const fresh = new Map<string, MeterSample>();
          for (const sample of change.samples) {
            const key = sampleKey(sample);
            if (!fresh.has(key)) fresh.set(key, sample);
          }
          if (current !== undefined && fresh.size > 0) {
            const stored = await tx.rows(
              `SELECT sample_key FROM ${t.samples} WHERE ${pk} AND sample_key = ANY($3::text[])`,
              [change.stationId, change.transactionId, [...fresh.keys()]],
            );
            for (const row of stored) fresh.delete(String(row["sample_key"]));
          }
          const newSamples = [...fresh.values()];
          const record = mergeTransactionChange(current, change, newSamples);
          await write(tx, record, change.key, newSamples, current !== undefined);
          return {
            outcome: current === undefined ? ("created" as const) : ("applied" as const),
            transaction: record,
            newSamples,
          };
        }),
      );
    },

    async get(stationId: StationId, transactionId: TransactionId) {
      return guard({ port: PORT, operation: "get", key: `${stationId}/${transactionId}` }, () =>
        readRecord(sql, stationId, transactionId),
      );
    },

    async list(query = {}) {
      return guard({ port: PORT, operation: "list" }, async () => {
        const where: string[] = [];
        const params: unknown[] = [];
        const add = (clause: string, value: unknown) => {
          params.push(value);
          where.push(clause.replace("?", `$${params.length}`));
        };
        if (query.stationId !== undefined) add("station_id = ?", query.stationId);
        if (query.active !== undefined) add("ended = ?", !query.active);
        if (query.from !== undefined) add("started_at >= ?", query.from);
        if (query.to !== undefined) add("started_at < ?", query.to);
        params.push(Math.max(0, Math.floor(query.limit ?? 100)));
        const rows = await sql.rows(
          `SELECT record FROM ${t.transactions} ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
  ORDER BY started_at DESC, transaction_id COLLATE "C" DESC LIMIT $${params.length}`,
          params,
        );
        return rows.map((r) => r["record"] as TransactionRecord);
      });
    },

    async samples(stationId, transactionId) {
      return guard({ port: PORT, operation: "samples", key: `${stationId}/${transactionId}` }, async () => {
        const rows = await sql.rows(`SELECT sample FROM ${t.samples} WHERE ${pk} ORDER BY at, seq`, [
          stationId,
          transactionId,
        ]);
        return rows.map((r) => r["sample"] as MeterSample);
      });
    },
  };
}

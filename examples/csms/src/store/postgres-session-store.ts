import { ChargekitError, DriverId, EvseId, SiteId, StationId, TransactionId } from "@chargekit/core";
import { CSMS_SCHEMA } from "./csms-schema.js";
import type { SessionRecord, SessionStore } from "./session-store.js";
import { numberOf, type Row, type Sql, textOf } from "./sql.js";

const TABLE = `${CSMS_SCHEMA}.sessions`;
const DAYS = `${CSMS_SCHEMA}.session_days`;
const COLUMNS =
  "station_id, transaction_id, site_id, evse_id, driver_id, token_key, started_at, ended_at, energy_wh, " +
  "stopped_reason, tariff_id, currency, cost_excl_vat, cost_incl_vat, settled, payment_session_id, captured";

function corrupt(row: Row, field: string): ChargekitError {
  return new ChargekitError(
    "INVALID_INPUT",
    `stored session ${String(row["station_id"])}/${String(row["transaction_id"])} has an invalid ${field}`,
    { details: { field } },
  );
}

function id<T>(row: Row, field: string, parse: (v: string) => { ok: true; value: T } | { ok: false }): T | undefined {
  const text = textOf(row[field]);
  if (text === undefined) return undefined;
  const parsed = parse(text);
  if (!parsed.ok) throw corrupt(row, field);
  return parsed.value;
}

/** Reads a row, refusing a corrupt one by key and field. */
function toRecord(row: Row): SessionRecord {
  const stationId = id(row, "station_id", StationId.parse);
  const transactionId = id(row, "transaction_id", TransactionId.parse);
  if (stationId === undefined || transactionId === undefined) throw corrupt(row, "key");
  const siteId = id(row, "site_id", SiteId.parse);
  const evse = numberOf(row["evse_id"]);
  const evseId = evse === undefined ? undefined : EvseId.parse(evse);
  if (evseId !== undefined && !evseId.ok) throw corrupt(row, "evse_id");
  const driverId = id(row, "driver_id", DriverId.parse);
  const currency = textOf(row["currency"]);
  const exclVat = textOf(row["cost_excl_vat"]);
  const inclVat = textOf(row["cost_incl_vat"]);
  const optional = {
    siteId,
    evseId: evseId?.ok === true ? evseId.value : undefined,
    driverId,
    tokenKey: textOf(row["token_key"]),
    endedAt: numberOf(row["ended_at"]),
    stoppedReason: textOf(row["stopped_reason"]),
    tariffId: textOf(row["tariff_id"]),
    cost:
      currency === undefined || exclVat === undefined || inclVat === undefined
        ? undefined
        : { currency, exclVat, inclVat },
    paymentSessionId: textOf(row["payment_session_id"]),
    captured: textOf(row["captured"]),
  };
  const record: Record<string, unknown> = {
    stationId,
    transactionId,
    startedAt: numberOf(row["started_at"]) ?? 0,
    energyWh: numberOf(row["energy_wh"]) ?? 0,
    settled: row["settled"] === true,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) record[key] = value;
  return record as unknown as SessionRecord;
}

/** The {@link SessionStore} on the CSMS schema. */
export function createPostgresSessionStore(sql: Sql): SessionStore {
  const get = async (stationId: string, transactionId: string) => {
    const [row] = await sql.rows(`SELECT ${COLUMNS} FROM ${TABLE} WHERE station_id = $1 AND transaction_id = $2`, [
      stationId,
      transactionId,
    ]);
    return row === undefined ? undefined : toRecord(row);
  };
  return {
    async recordStart(record) {
      await sql.count(
        `INSERT INTO ${TABLE} (station_id, transaction_id, site_id, evse_id, driver_id, token_key, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (station_id, transaction_id) DO NOTHING`,
        [
          record.stationId,
          record.transactionId,
          record.siteId ?? null,
          record.evseId ?? null,
          record.driverId ?? null,
          record.tokenKey ?? null,
          record.startedAt,
        ],
      );
      const stored = await get(record.stationId, record.transactionId);
      if (stored === undefined) throw new ChargekitError("INTERNAL", "session row vanished after its insert");
      return stored;
    },
    async recordToken(stationId, transactionId, tokenKey, driverId) {
      await sql.count(
        `UPDATE ${TABLE} SET token_key = COALESCE(token_key, $3), driver_id = COALESCE(driver_id, $4)
         WHERE station_id = $1 AND transaction_id = $2`,
        [stationId, transactionId, tokenKey, driverId ?? null],
      );
    },
    async recordEnd(stationId, transactionId, end) {
      await sql.transaction(async (tx) => {
        await tx.count(
          `UPDATE ${TABLE} SET ended_at = $3, energy_wh = $4, stopped_reason = $5
           WHERE station_id = $1 AND transaction_id = $2`,
          [stationId, transactionId, end.endedAt, end.energyWh, end.stoppedReason ?? null],
        );
        await tx.count(`DELETE FROM ${DAYS} WHERE station_id = $1 AND transaction_id = $2`, [stationId, transactionId]);
        for (const day of end.days) {
          await tx.count(
            `INSERT INTO ${DAYS} (station_id, transaction_id, site_id, day, energy_wh)
             SELECT $1, $2, site_id, $3::date, $4 FROM ${TABLE} WHERE station_id = $1 AND transaction_id = $2`,
            [stationId, transactionId, day.day, day.energyWh],
          );
        }
      });
    },
    async recordPayment(stationId, transactionId, paymentSessionId) {
      await sql.count(`UPDATE ${TABLE} SET payment_session_id = $3 WHERE station_id = $1 AND transaction_id = $2`, [
        stationId,
        transactionId,
        paymentSessionId,
      ]);
    },
    async recordCost(stationId, transactionId, tariffId, cost) {
      await sql.count(
        `UPDATE ${TABLE} SET tariff_id = $3, currency = $4, cost_excl_vat = $5, cost_incl_vat = $6
         WHERE station_id = $1 AND transaction_id = $2`,
        [stationId, transactionId, tariffId, cost.currency, cost.exclVat, cost.inclVat],
      );
    },
    async recordSettled(stationId, transactionId) {
      await sql.count(`UPDATE ${TABLE} SET settled = true WHERE station_id = $1 AND transaction_id = $2`, [
        stationId,
        transactionId,
      ]);
    },
    async recordCapture(paymentSessionId, amount) {
      await sql.count(`UPDATE ${TABLE} SET captured = $2 WHERE payment_session_id = $1`, [paymentSessionId, amount]);
    },
    get,
    async list(query = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace("?", `$${params.length}`));
      };
      if (query.driverId !== undefined) add("driver_id = ?", query.driverId);
      if (query.stationId !== undefined) add("station_id = ?", query.stationId);
      if (query.siteId !== undefined) add("site_id = ?", query.siteId);
      if (query.active === true) where.push("ended_at IS NULL");
      if (query.active === false) where.push("ended_at IS NOT NULL");
      if (query.from !== undefined) add("started_at >= ?", query.from);
      if (query.to !== undefined) add("started_at < ?", query.to);
      params.push(query.limit ?? 100, query.offset ?? 0);
      const rows = await sql.rows(
        `SELECT ${COLUMNS} FROM ${TABLE} ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
         ORDER BY started_at DESC, station_id, transaction_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return rows.map(toRecord);
    },
    async activeOfToken(tokenKey) {
      const rows = await sql.rows(`SELECT ${COLUMNS} FROM ${TABLE} WHERE token_key = $1 AND ended_at IS NULL`, [
        tokenKey,
      ]);
      return rows.map(toRecord);
    },
    async unsettled(limit = 1000) {
      const rows = await sql.rows(`SELECT ${COLUMNS} FROM ${TABLE} WHERE NOT settled ORDER BY started_at LIMIT $1`, [
        limit,
      ]);
      return rows.map(toRecord);
    },
  };
}

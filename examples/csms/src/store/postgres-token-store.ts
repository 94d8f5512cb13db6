import { ChargekitError, DriverId } from "@chargekit/core";
import { AUTHORIZATION_STATUSES, type AuthorizationStatus, parseCredential } from "@chargekit/payments";
import { CSMS_SCHEMA } from "./csms-schema.js";
import { numberOf, type Row, type Sql, textOf } from "./sql.js";
import type { TokenBilling, TokenRecord, TokenStore } from "./token-store.js";

const TABLE = `${CSMS_SCHEMA}.tokens`;
const COLUMNS = "key, credential, status, expires_at, group_id, driver_id, billing, label, updated_at";

function corrupt(key: string, field: string): ChargekitError {
  return new ChargekitError("INVALID_INPUT", `stored token ${key} has an invalid ${field}`, {
    details: { key, field },
  });
}

function jsonOf(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** Reads a row, refusing a corrupt one by key and field (never hands it on). */
function toRecord(row: Row): TokenRecord {
  const key = String(row["key"]);
  const credential = parseCredential(jsonOf(row["credential"]));
  if (!credential.ok) throw corrupt(key, "credential");
  const status = String(row["status"]);
  if (!(AUTHORIZATION_STATUSES as readonly string[]).includes(status)) throw corrupt(key, "status");
  const driverText = textOf(row["driver_id"]);
  const driver = driverText === undefined ? undefined : DriverId.parse(driverText);
  if (driver !== undefined && !driver.ok) throw corrupt(key, "driver_id");
  const billing = jsonOf(row["billing"]) as TokenBilling | null;
  const expiresAt = numberOf(row["expires_at"]);
  const groupId = textOf(row["group_id"]);
  const label = textOf(row["label"]);
  return {
    key,
    credential: credential.value,
    status: status as AuthorizationStatus,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(groupId === undefined ? {} : { groupId }),
    ...(driver === undefined ? {} : { driverId: driver.value }),
    ...(billing === null || billing === undefined ? {} : { billing }),
    ...(label === undefined ? {} : { label }),
    updatedAt: numberOf(row["updated_at"]) ?? 0,
  };
}

/** The {@link TokenStore} on the CSMS schema. */
export function createPostgresTokenStore(sql: Sql): TokenStore {
  return {
    async list(query = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.driverId !== undefined) {
        params.push(query.driverId);
        where.push(`driver_id = $${params.length}`);
      }
      if (query.after !== undefined) {
        params.push(query.after);
        where.push(`key > $${params.length}`);
      }
      params.push(query.limit ?? 100);
      const rows = await sql.rows(
        `SELECT ${COLUMNS} FROM ${TABLE} ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
         ORDER BY key LIMIT $${params.length}`,
        params,
      );
      return rows.map(toRecord);
    },
    async all() {
      return (await sql.rows(`SELECT ${COLUMNS} FROM ${TABLE} ORDER BY key`)).map(toRecord);
    },
    async get(key) {
      const [row] = await sql.rows(`SELECT ${COLUMNS} FROM ${TABLE} WHERE key = $1`, [key]);
      return row === undefined ? undefined : toRecord(row);
    },
    async put(record) {
      await sql.count(
        `INSERT INTO ${TABLE} (${COLUMNS}) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7::jsonb, $8, $9)
         ON CONFLICT (key) DO UPDATE SET credential = excluded.credential, status = excluded.status,
           expires_at = excluded.expires_at, group_id = excluded.group_id, driver_id = excluded.driver_id,
           billing = excluded.billing, label = excluded.label, updated_at = excluded.updated_at`,
        [
          record.key,
          JSON.stringify(record.credential),
          record.status,
          record.expiresAt ?? null,
          record.groupId ?? null,
          record.driverId ?? null,
          record.billing === undefined ? null : JSON.stringify(record.billing),
          record.label ?? null,
          record.updatedAt,
        ],
      );
    },
    async remove(key) {
      return (await sql.count(`DELETE FROM ${TABLE} WHERE key = $1`, [key])) > 0;
    },
  };
}

import type { StationId } from "@chargekit/core";
import type { ConnectorView, StationRecord, StationStore } from "@chargekit/ocpp";
import { DEFAULT_SCHEMA, quoteSchema } from "../client/identifiers.js";
import { type Row, toSqlClient } from "../client/sql-client.js";
import { guard } from "../client/sql-errors.js";
import type { PostgresStoreOptions } from "../options.js";

const PORT = "StationStore";

function decodeStation(row: Row, connectors: readonly ConnectorView[]): StationRecord {
  const optional = <K extends string>(key: K, value: unknown, map: (v: unknown) => unknown = (v) => v) =>
    value === null || value === undefined ? {} : { [key]: map(value) };
  return {
    id: String(row["id"]) as StationId,
    ...optional("version", row["version"]),
    ...optional("registration", row["registration"]),
    ...optional("boot", row["boot"]),
    ...optional("bootedAt", row["booted_at"], Number),
    ...optional("lastHeartbeatAt", row["last_heartbeat_at"], Number),
    connectors,
  } as StationRecord;
}

/**
 * The OCPP `StationStore` on PostgreSQL (a server through a `pg` Pool, or embedded PGlite), passing the same
 * contract suite as the memory store. Every write to a station first creates and locks its row, so writes of one
 * station run one after the other (no lost connector status), and a status older than the stored one for its
 * connector is refused. Run {@link migrate} first.
 *
 * @example
 * ```ts no-run
 * const registry = createStationRegistry({ stations: createPostgresStationStore({ client: pool }), ... });
 * ```
 * @category Stores
 */
export function createPostgresStationStore(options: PostgresStoreOptions): StationStore {
  const schema = quoteSchema(options.schema ?? DEFAULT_SCHEMA);
  const stations = `${schema}.stations`;
  const connectors = `${schema}.station_connectors`;
  const sql = toSqlClient(options.client);
  const lockStation = [
    `INSERT INTO ${stations} (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`,
    `SELECT id FROM ${stations} WHERE id = $1 FOR UPDATE`,
  ];
  const read = async (run: (text: string, params: unknown[]) => Promise<Row[]>, id: StationId) => {
    const [row] = await run(`SELECT * FROM ${stations} WHERE id = $1`, [id]);
    if (row === undefined) return undefined;
    const views = await run(`SELECT view FROM ${connectors} WHERE station_id = $1 ORDER BY evse_id, connector_id`, [
      id,
    ]);
    return decodeStation(
      row,
      views.map((v) => v["view"] as ConnectorView),
    );
  };

  return {
    async get(id) {
      return guard({ port: PORT, operation: "get", key: id }, () => read((t, p) => sql.rows(t, p), id));
    },

    async list() {
      return guard({ port: PORT, operation: "list" }, async () => {
        const rows = await sql.rows(`SELECT * FROM ${stations} ORDER BY id COLLATE "C"`);
        const views = await sql.rows(
          `SELECT station_id, view FROM ${connectors} ORDER BY station_id, evse_id, connector_id`,
        );
        const byStation = new Map<string, ConnectorView[]>();
        for (const v of views) {
          const id = String(v["station_id"]);
          const list = byStation.get(id) ?? [];
          list.push(v["view"] as ConnectorView);
          byStation.set(id, list);
        }
        return rows.map((row) => decodeStation(row, byStation.get(String(row["id"])) ?? []));
      });
    },

    async recordBoot(id, boot) {
      return guard({ port: PORT, operation: "recordBoot", key: id }, () =>
        sql.transaction(async (tx) => {
          await tx.count(
            `INSERT INTO ${stations} (id, version, registration, boot, booted_at) VALUES ($1, $2, $3, $4::jsonb, $5)
  ON CONFLICT (id) DO UPDATE SET version = excluded.version, registration = excluded.registration,
    boot = excluded.boot, booted_at = excluded.booted_at`,
            [id, boot.version, boot.registration, JSON.stringify(boot.boot), boot.at],
          );
          return (await read((t, p) => tx.rows(t, p), id)) as StationRecord;
        }),
      );
    },

    async recordStatus(id, status) {
      return guard({ port: PORT, operation: "recordStatus", key: id }, () =>
        sql.transaction(async (tx) => {
          for (const statement of lockStation) await tx.rows(statement, [id]);
          const [row] = await tx.rows(
            `SELECT view FROM ${connectors} WHERE station_id = $1 AND evse_id = $2 AND connector_id = $3`,
            [id, status.evseId, status.connectorId],
          );
          const previous = row?.["view"] as ConnectorView | undefined;
          if (previous !== undefined && status.since < previous.since) return { applied: false, previous };
          await tx.count(
            `INSERT INTO ${connectors} (station_id, evse_id, connector_id, since, view) VALUES ($1, $2, $3, $4, $5::jsonb)
  ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET since = excluded.since, view = excluded.view`,
            [id, status.evseId, status.connectorId, status.since, JSON.stringify(status)],
          );
          return { applied: true, previous };
        }),
      );
    },

    async recordHeartbeat(id, at) {
      await guard({ port: PORT, operation: "recordHeartbeat", key: id }, () =>
        sql.count(
          `INSERT INTO ${stations} (id, last_heartbeat_at) VALUES ($1, $2)
  ON CONFLICT (id) DO UPDATE SET last_heartbeat_at = GREATEST(${stations}.last_heartbeat_at, excluded.last_heartbeat_at)`,
          [id, at],
        ),
      );
    },
  };
}

import { ChargekitError, type SiteId } from "@chargekit/core";
import { effectiveEnd } from "../balancing/dr-book.js";
import { parseStoredDrReport } from "../balancing/dr-schema.js";
import type { SiteLimits } from "../sites/site-limits.js";
import { siteLimitsSchema, toSiteLimits } from "../sites/site-limits-schema.js";
import { CSMS_SCHEMA } from "./csms-schema.js";
import type { OperationsStore, QueueOutcome } from "./operations-store.js";
import { numberOf, type Sql } from "./sql.js";

function jsonOf(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

function corrupt(what: string, id: string): ChargekitError {
  return new ChargekitError("INVALID_INPUT", `stored ${what} ${id} is not valid`, { details: { id } });
}

/** The {@link OperationsStore} on the CSMS schema (tables of {@link operationsMigrations}). */
export function createPostgresOperationsStore(sql: Sql, schema = CSMS_SCHEMA): OperationsStore {
  return {
    async siteLimits() {
      const out = new Map<SiteId, SiteLimits>();
      for (const row of await sql.rows(`SELECT site_id, limits FROM ${schema}.site_limits`)) {
        const id = String(row["site_id"]);
        const parsed = siteLimitsSchema.safeParse(jsonOf(row["limits"]));
        if (!parsed.success) throw corrupt("site limits of", id);
        out.set(id as SiteId, toSiteLimits(parsed.data));
      }
      return out;
    },
    async saveSiteLimits(siteId, limits, at) {
      await sql.count(
        `INSERT INTO ${schema}.site_limits (site_id, limits, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (site_id) DO UPDATE SET limits = excluded.limits, updated_at = excluded.updated_at`,
        [siteId, JSON.stringify(limits), at],
      );
    },
    async demandResponse(since) {
      const rows = await sql.rows(
        `SELECT id, report FROM ${schema}.demand_response WHERE ends_at >= $1 ORDER BY ends_at, id`,
        [since],
      );
      return rows.map((row) => {
        const report = parseStoredDrReport(jsonOf(row["report"]));
        if (report === undefined) throw corrupt("demand-response event", String(row["id"]));
        return report;
      });
    },
    async saveDemandResponse(report) {
      await sql.count(
        `INSERT INTO ${schema}.demand_response (id, site_id, ends_at, report) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (id) DO UPDATE SET ends_at = excluded.ends_at, report = excluded.report`,
        [report.event.id, report.event.siteId, effectiveEnd(report.event), JSON.stringify(report)],
      );
    },
    async recordQueueWait(wait) {
      await sql.count(
        `INSERT INTO ${schema}.queue_waits (site_id, driver_id, joined_at, ended_at, outcome)
         VALUES ($1, $2, $3, $4, $5)`,
        [wait.siteId, wait.driverId, wait.joinedAt, wait.endedAt, wait.outcome satisfies QueueOutcome],
      );
    },
    async queueWaits(from, to) {
      const rows = await sql.rows(
        `SELECT site_id, count(*) AS count,
                count(*) FILTER (WHERE outcome = 'accepted') AS served,
                coalesce(round(avg(ended_at - joined_at) FILTER (WHERE outcome = 'accepted')), 0) AS average,
                coalesce(max(ended_at - joined_at) FILTER (WHERE outcome = 'accepted'), 0) AS longest
         FROM ${schema}.queue_waits WHERE ended_at >= $1 AND ended_at < $2
         GROUP BY site_id ORDER BY site_id`,
        [from, to],
      );
      return rows.map((row) => ({
        siteId: String(row["site_id"]) as SiteId,
        count: numberOf(row["count"]) ?? 0,
        served: numberOf(row["served"]) ?? 0,
        averageWaitMs: numberOf(row["average"]) ?? 0,
        maxWaitMs: numberOf(row["longest"]) ?? 0,
      }));
    },
  };
}

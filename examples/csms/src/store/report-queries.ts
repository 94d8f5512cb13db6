import type { Instant } from "@chargekit/core";
import { CSMS_SCHEMA } from "./csms-schema.js";
import { numberOf, type Sql, textOf } from "./sql.js";

/** Energy of one site on one local day. */
export interface SiteDayEnergy {
  /** The site (absent: stations on no site). */
  readonly siteId: string | undefined;
  /** Local date `YYYY-MM-DD` in the site's time zone. */
  readonly day: string;
  /** Energy delivered, Wh. */
  readonly energyWh: number;
  /** Sessions that delivered energy that day. */
  readonly sessions: number;
}

/** Time sessions occupied EVSEs of one site within a window. */
export interface SiteOccupancy {
  /** The site. */
  readonly siteId: string | undefined;
  /** Sessions that overlap the window. */
  readonly sessions: number;
  /** Their time inside the window, ms. */
  readonly occupiedMs: number;
}

/** Money of the sessions of one site in one currency that ended within a window. */
export interface SiteRevenue {
  /** The site. */
  readonly siteId: string | undefined;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Priced sessions. */
  readonly sessions: number;
  /** Their cost excluding VAT, decimal text. */
  readonly exclVat: string;
  /** Their cost including VAT (billed), decimal text. */
  readonly inclVat: string;
  /** What was captured from payment methods, decimal text. */
  readonly captured: string;
}

/** The report queries over the CSMS's session records (ended sessions; the day split is written at the end). */
export interface ReportQueries {
  /** Energy per site per local day, days `from` … `to` inclusive (`YYYY-MM-DD`). */
  energyByDay(from: string, to: string): Promise<SiteDayEnergy[]>;
  /** Session time per site inside `[from, to)`; a running session counts until `now`. */
  occupancy(from: Instant, to: Instant, now: Instant): Promise<SiteOccupancy[]>;
  /** Billed and captured money per site and currency of sessions that ended in `[from, to)`. */
  revenue(from: Instant, to: Instant): Promise<SiteRevenue[]>;
}

/** The {@link ReportQueries} on the CSMS schema (sums are exact: costs are summed as numeric). */
export function createReportQueries(sql: Sql): ReportQueries {
  return {
    async energyByDay(from, to) {
      const rows = await sql.rows(
        `SELECT site_id, to_char(day, 'YYYY-MM-DD') AS day, SUM(energy_wh) AS energy_wh, COUNT(*) AS sessions
         FROM ${CSMS_SCHEMA}.session_days WHERE day >= $1::date AND day <= $2::date
         GROUP BY site_id, day ORDER BY site_id, day`,
        [from, to],
      );
      return rows.map((r) => ({
        siteId: textOf(r["site_id"]),
        day: String(r["day"]),
        energyWh: numberOf(r["energy_wh"]) ?? 0,
        sessions: numberOf(r["sessions"]) ?? 0,
      }));
    },
    async occupancy(from, to, now) {
      const rows = await sql.rows(
        `SELECT site_id, COUNT(*) AS sessions,
           SUM(LEAST(COALESCE(ended_at, $3::bigint), $2::bigint) - GREATEST(started_at, $1::bigint)) AS occupied
         FROM ${CSMS_SCHEMA}.sessions
         WHERE started_at < $2::bigint AND COALESCE(ended_at, $3::bigint) > $1::bigint
         GROUP BY site_id ORDER BY site_id`,
        [from, to, now],
      );
      return rows.map((r) => ({
        siteId: textOf(r["site_id"]),
        sessions: numberOf(r["sessions"]) ?? 0,
        occupiedMs: Math.max(0, numberOf(r["occupied"]) ?? 0),
      }));
    },
    async revenue(from, to) {
      const rows = await sql.rows(
        `SELECT site_id, currency, COUNT(*) AS sessions,
           SUM(cost_excl_vat::numeric)::text AS excl_vat, SUM(cost_incl_vat::numeric)::text AS incl_vat,
           COALESCE(SUM(captured::numeric), 0)::text AS captured
         FROM ${CSMS_SCHEMA}.sessions
         WHERE ended_at >= $1::bigint AND ended_at < $2::bigint AND currency IS NOT NULL
         GROUP BY site_id, currency ORDER BY site_id, currency`,
        [from, to],
      );
      return rows.map((r) => ({
        siteId: textOf(r["site_id"]),
        currency: String(r["currency"]),
        sessions: numberOf(r["sessions"]) ?? 0,
        exclVat: String(r["excl_vat"]),
        inclVat: String(r["incl_vat"]),
        captured: String(r["captured"]),
      }));
    },
  };
}

import { ChargekitError, DAY, HOUR, SiteId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { moneyText } from "../../billing/money-text.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import { localDay } from "../../sessions/daily-energy.js";
import type { CsmsServices } from "../../wiring/services.js";
import { requireTenant } from "../common.js";
import { MAX_REPORT_DAYS, reportWindow, reportWindowQuery, reportWindowSchema } from "./report-window.js";

const dateSchema = z.iso.date({ error: "expected a date YYYY-MM-DD" });

/** Operator reports over the session records: energy per site per day, utilization, revenue. */
export function reportRoutes(services: CsmsServices): Route[] {
  const reports = () => services.need("storage").reports;
  const evsesOf = (siteId: SiteId) =>
    services.sites.stationsOf(siteId).reduce((n, id) => n + (services.sites.station(id)?.evses ?? 0), 0);
  const sitesIn = (siteId: SiteId | undefined) =>
    services.sites.sites.filter((s) => siteId === undefined || s.id === siteId).map((s) => s.id);

  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/reports/energy",
      roles: [ROLES.OPERATOR],
      summary: "Energy delivered per site per local day",
      description:
        "Days are the site's own (its `timezone`); a session across midnight is split between the days at a " +
        "constant rate between meter values. Counts sessions once they ended.",
      tags: ["reports"],
      query: z.object({
        from: dateSchema.optional().describe("first day (default: 6 days before `to`)"),
        to: dateSchema.optional().describe("last day, inclusive (default: today, UTC)"),
        siteId: SiteId.schema.optional(),
      }),
      responses: {
        200: z.object({
          from: z.string(),
          to: z.string(),
          items: z.array(
            z.object({ siteId: z.string().optional(), day: z.string(), energyWh: z.number(), sessions: z.number() }),
          ),
          totals: z.array(z.object({ siteId: z.string().optional(), energyWh: z.number() })),
        }),
      },
      handler: async ({ principal, query }) => {
        requireTenant(services, principal, "reports");
        const now = services.clock.now();
        const to = query.to ?? localDay(now, "UTC");
        const from = query.from ?? localDay(Date.parse(`${to}T00:00:00Z`) - 6 * DAY, "UTC");
        const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY;
        if (span < 0 || span >= MAX_REPORT_DAYS) {
          const message = span < 0 ? "must not be after `to`" : `at most ${MAX_REPORT_DAYS} days`;
          throw new ChargekitError("INVALID_INPUT", message, {
            details: { issues: [{ path: "query.from", message }] },
          });
        }
        const rows = (await reports().energyByDay(from, to)).filter(
          (r) => query.siteId === undefined || r.siteId === query.siteId,
        );
        const totals = new Map<string | undefined, number>();
        for (const r of rows) totals.set(r.siteId, (totals.get(r.siteId) ?? 0) + r.energyWh);
        return reply(200, {
          from,
          to,
          items: rows.map((r) => ({
            ...(r.siteId === undefined ? {} : { siteId: r.siteId }),
            day: r.day,
            energyWh: r.energyWh,
            sessions: r.sessions,
          })),
          totals: [...totals].map(([siteId, energyWh]) => ({ ...(siteId === undefined ? {} : { siteId }), energyWh })),
        });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/reports/utilization",
      roles: [ROLES.OPERATOR],
      summary: "Utilization per site: the share of EVSE time occupied by sessions in the window",
      description:
        "utilization = session time inside the window ÷ (EVSEs of the site × window length). A running session " +
        "counts until now.",
      tags: ["reports"],
      query: reportWindowQuery,
      responses: {
        200: reportWindowSchema.extend({
          items: z.array(
            z.object({
              siteId: z.string(),
              evses: z.number().int(),
              sessions: z.number().int(),
              occupiedHours: z.number(),
              availableHours: z.number(),
              utilization: z.number().min(0).describe("0 … 1"),
            }),
          ),
        }),
      },
      handler: async ({ principal, query }) => {
        requireTenant(services, principal, "reports");
        const now = services.clock.now();
        const window = reportWindow(query, now);
        const rows = new Map(
          (await reports().occupancy(window.from, window.to, now)).map((r) => [r.siteId, r] as const),
        );
        const hours = (window.to - window.from) / HOUR;
        const items = sitesIn(query.siteId).map((siteId) => {
          const evses = evsesOf(siteId);
          const occupied = (rows.get(siteId)?.occupiedMs ?? 0) / HOUR;
          return {
            siteId: siteId as string,
            evses,
            sessions: rows.get(siteId)?.sessions ?? 0,
            occupiedHours: occupied,
            availableHours: evses * hours,
            utilization: evses === 0 ? 0 : Math.min(1, occupied / (evses * hours)),
          };
        });
        return reply(200, { ...window.echo, items });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/reports/revenue",
      roles: [ROLES.OPERATOR],
      summary: "Revenue per site and currency of the sessions that ended in the window: billed and captured",
      tags: ["reports"],
      query: reportWindowQuery,
      responses: {
        200: reportWindowSchema.extend({
          items: z.array(
            z.object({
              siteId: z.string().optional(),
              currency: z.string(),
              sessions: z.number().int(),
              exclVat: z.string().describe("billed excluding VAT, decimal text"),
              inclVat: z.string().describe("billed including VAT, decimal text"),
              captured: z.string().describe("captured from payment methods, decimal text"),
            }),
          ),
        }),
      },
      handler: async ({ principal, query }) => {
        requireTenant(services, principal, "reports");
        const window = reportWindow(query, services.clock.now());
        const rows = (await reports().revenue(window.from, window.to)).filter(
          (r) => query.siteId === undefined || r.siteId === query.siteId,
        );
        return reply(200, {
          ...window.echo,
          items: rows.map(({ siteId, currency, sessions, exclVat, inclVat, captured }) => ({
            ...(siteId === undefined ? {} : { siteId }),
            currency,
            sessions,
            exclVat: moneyText(exclVat, currency),
            inclVat: moneyText(inclVat, currency),
            captured: moneyText(captured, currency),
          })),
        });
      },
    }),
  ];
}

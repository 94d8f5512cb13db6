import { ChargekitError, DriverId, SiteId, StationId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { instantSchema, ownTenant, pageQuery, requireTenant, transactionParams } from "../common.js";
import { sessionDetail, sessionDetailSchema, sessionSchema, sessionView } from "../session-view.js";

/** Operator routes of transactions (charging sessions) with their energy, cost and payment. */
export function transactionRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/transactions",
      roles: [ROLES.OPERATOR],
      summary: "Transactions, newest first, with energy, cost and payment",
      tags: ["transactions"],
      query: z.object({
        stationId: StationId.schema.optional(),
        siteId: SiteId.schema.optional(),
        driverId: DriverId.schema.optional(),
        status: z.enum(["active", "ended"]).optional(),
        from: instantSchema.optional().describe("started at or after"),
        to: instantSchema.optional().describe("started before"),
        ...pageQuery,
      }),
      responses: { 200: z.object({ items: z.array(sessionSchema) }) },
      handler: async ({ principal, query }) => {
        if (!ownTenant(services, principal)) return reply(200, { items: [] });
        const rows = await services.need("storage").sessions.list({
          limit: query.limit,
          offset: query.offset,
          ...(query.stationId === undefined ? {} : { stationId: query.stationId }),
          ...(query.siteId === undefined ? {} : { siteId: query.siteId }),
          ...(query.driverId === undefined ? {} : { driverId: query.driverId }),
          ...(query.status === undefined ? {} : { active: query.status === "active" }),
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
        });
        const items = [];
        for (const row of rows) items.push(await sessionView(services, row));
        return reply(200, { items });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/stations/:stationId/transactions/:transactionId",
      roles: [ROLES.OPERATOR],
      summary: "One transaction: energy, meter start and stop, running or final cost, payment",
      tags: ["transactions"],
      params: transactionParams,
      responses: { 200: sessionDetailSchema },
      handler: async ({ principal, params }) => {
        const what = `transaction ${params.transactionId} of station ${params.stationId}`;
        requireTenant(services, principal, what);
        const row = await services.need("storage").sessions.get(params.stationId, params.transactionId);
        if (row === undefined) throw new ChargekitError("NOT_FOUND", `${what} not found`);
        return reply(200, await sessionDetail(services, row));
      },
    }),
  ];
}

import { DriverId } from "@chargekit/core";
import { z } from "zod";
import { actingDriver, ownedOrNotFound } from "../../auth/ownership.js";
import { ROLES } from "../../auth/roles.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { pageQuery, transactionParams } from "../common.js";
import { sessionSchema, sessionView } from "../session-view.js";

/**
 * Driver routes: a driver's own sessions with their status and running cost. A driver app sees only its driver's
 * sessions (another driver's answers 404, exactly like one that does not exist); an operator names the driver.
 */
export function driverSessionRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/sessions",
      roles: [ROLES.DRIVER_APP, ROLES.OPERATOR],
      summary: "The driver's charging sessions, newest first, with status and running or final cost",
      description:
        "Live updates of the driver's sessions follow on `GET /api/v1/events?topics=sessions` " +
        "(`session:started`, `session:cost`, `session:ended`).",
      tags: ["sessions"],
      query: z.object({
        driverId: DriverId.schema.optional().describe("operators: the driver; driver apps: their own (default)"),
        status: z.enum(["active", "ended"]).optional(),
        ...pageQuery,
      }),
      responses: { 200: z.object({ items: z.array(sessionSchema) }) },
      handler: async ({ principal, query }) => {
        const driverId = actingDriver(principal, query.driverId);
        if (principal.tenant !== services.tenant) return reply(200, { items: [] });
        const rows = await services.need("storage").sessions.list({
          driverId,
          limit: query.limit,
          offset: query.offset,
          ...(query.status === undefined ? {} : { active: query.status === "active" }),
        });
        const items = [];
        for (const row of rows) items.push(await sessionView(services, row));
        return reply(200, { items });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/sessions/:stationId/:transactionId",
      roles: [ROLES.DRIVER_APP, ROLES.OPERATOR],
      summary: "One session's status, energy and running (or final) cost; drivers see only their own",
      tags: ["sessions"],
      params: transactionParams,
      responses: { 200: sessionSchema },
      handler: async ({ principal, params }) => {
        const row = await services.need("storage").sessions.get(params.stationId, params.transactionId);
        const owned = ownedOrNotFound(
          principal,
          row === undefined ? undefined : { ...row, tenant: services.tenant },
          `session ${params.stationId}/${params.transactionId}`,
        );
        return reply(200, await sessionView(services, owned));
      },
    }),
  ];
}

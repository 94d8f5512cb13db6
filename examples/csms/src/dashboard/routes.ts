import { ChargekitError } from "@chargekit/core";
import { ROLES } from "../auth/roles.js";
import { defineRoute, type Route, reply } from "../http/route.js";
import { dashboardSnapshotSchema } from "./model.js";
import type { DashboardSource } from "./source.js";

/**
 * `GET /api/v1/dashboard/snapshot`: everything the dashboard shows, for its first paint and after a reset. The
 * source holds one tenant's network; operators of other tenants get `404`.
 */
export function dashboardApiRoutes(source: DashboardSource, tenant: string): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/dashboard/snapshot",
      roles: [ROLES.OPERATOR],
      summary: "Stations, sites with their power history, queues and reservations, now",
      description: "Live changes follow on `GET /api/v1/events?topics=dashboard`.",
      tags: ["dashboard"],
      responses: { 200: dashboardSnapshotSchema },
      handler: async ({ principal }) => {
        if (principal.tenant !== tenant) throw new ChargekitError("NOT_FOUND", "no dashboard for this tenant");
        return reply(200, await source.snapshot());
      },
    }),
  ];
}

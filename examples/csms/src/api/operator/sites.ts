import { SiteId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { errorBodySchema } from "../../http/errors.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import { limitsView, siteLimitsSchema, toSiteLimits } from "../../sites/site-limits-schema.js";
import type { CsmsServices } from "../../wiring/services.js";
import { instantInput } from "../instants.js";
import { siteOrNotFound, visibleSites } from "../site-access.js";
import {
  powerSampleViewSchema,
  powerView,
  siteDetail,
  siteDetailSchema,
  siteSummary,
  siteSummarySchema,
} from "./site-view.js";

const siteParams = z.object({ siteId: SiteId.schema });
const TAGS = ["sites"];

/**
 * Operator routes of sites: every site with its limits and power now, one site with its nodes' loads and every
 * session's setpoint (and why it is not higher), changing a site's limits (validated, stored, rebalanced at
 * once), and a site's power against its limit over time.
 */
export function siteRoutes(services: CsmsServices): Route[] {
  const lm = () => services.need("loadManagement");
  const evseCount = (siteId: SiteId) => lm().directory.evsesOf(siteId).length;
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/sites",
      roles: [ROLES.OPERATOR],
      summary: "Every site with its limits and power now",
      tags: TAGS,
      responses: { 200: z.object({ items: z.array(siteSummarySchema) }) },
      handler: ({ principal }) => {
        const { manager, limits } = lm();
        const items = visibleSites(services, principal).map((site) =>
          siteSummary(
            site,
            limits.get(site.id) ?? limits.configured(site.id) ?? { gridLimit: site.gridLimit, nodes: [] },
            manager,
            evseCount(site.id),
          ),
        );
        return reply(200, { items });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/sites/:siteId",
      roles: [ROLES.OPERATOR],
      summary: "One site: limits, the last round's node loads and every session's setpoint",
      tags: TAGS,
      params: siteParams,
      responses: { 200: siteDetailSchema, 404: errorBodySchema },
      handler: ({ params, principal }) => {
        const site = siteOrNotFound(services, principal, params.siteId);
        const { manager, limits } = lm();
        const configured = limits.configured(site.id) ?? { gridLimit: site.gridLimit, nodes: [] };
        return reply(200, siteDetail(site, limits.get(site.id) ?? configured, configured, manager, evseCount(site.id)));
      },
    }),
    defineRoute({
      method: "PUT",
      path: "/api/v1/sites/:siteId/limits",
      roles: [ROLES.OPERATOR],
      summary: "Change a site's limits (stored; the site rebalances at once)",
      description:
        "The grid connection's current per phase (A) and optional power (kW), and any grid node's. Nodes left out " +
        "keep their configured limits; send the configured limits (GET the site) to go back to them.",
      tags: TAGS,
      params: siteParams,
      body: siteLimitsSchema,
      responses: {
        200: z.object({ siteId: z.string(), limits: siteLimitsSchema }),
        400: errorBodySchema,
        404: errorBodySchema,
      },
      handler: async ({ params, body, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const limits = await lm().setLimits(params.siteId, toSiteLimits(body));
        return reply(200, { siteId: params.siteId, limits: limitsView(limits) });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/sites/:siteId/power",
      roles: [ROLES.OPERATOR],
      summary: "A site's power against its limit over time (oldest first)",
      tags: TAGS,
      params: siteParams,
      query: z.object({ since: instantInput.optional() }),
      responses: {
        200: z.object({ siteId: z.string(), samples: z.array(powerSampleViewSchema) }),
        400: errorBodySchema,
        404: errorBodySchema,
      },
      handler: ({ params, query, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const samples = lm().manager.history.of(params.siteId, query.since).map(powerView);
        return reply(200, { siteId: params.siteId, samples });
      },
    }),
  ];
}

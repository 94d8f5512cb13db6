import { ChargekitError, SiteId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { slugSchema } from "../../config/fields.js";
import { errorBodySchema } from "../../http/errors.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { siteOrNotFound } from "../site-access.js";
import { drCreateSchema, drReportSchema, drView, toSolverSignal } from "./dr-view.js";

const siteParams = z.object({ siteId: SiteId.schema });
const eventParams = z.object({ siteId: SiteId.schema, eventId: slugSchema });
const TAGS = ["demand response"];

/**
 * Operator routes of demand response: list a site's events with their reports, create one (a cap, a reduction, an
 * OpenADR SIMPLE level or minimum-only, on the grid connection or a node), read one with every round's shed power,
 * and cancel one.
 */
export function drRoutes(services: CsmsServices): Route[] {
  const now = () => services.clock.now();
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/sites/:siteId/demand-response",
      roles: [ROLES.OPERATOR],
      summary: "A site's demand-response events with what each shed",
      tags: TAGS,
      params: siteParams,
      responses: { 200: z.object({ items: z.array(drReportSchema) }), 404: errorBodySchema },
      handler: ({ params, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const items = services.need("demandResponse").book.list(params.siteId);
        return reply(200, { items: items.map((r) => drView(r, now(), false)) });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/sites/:siteId/demand-response",
      roles: [ROLES.OPERATOR],
      summary: "Create a demand-response event (the site rebalances at its start and end)",
      description:
        "The signal caps the node's power (kind cap, kW), cuts its limit by a fraction (reduction), applies an " +
        "OpenADR SIMPLE level (0–3: none, −30 %, −60 %, minimum only) or holds every session at its minimum. " +
        "Caps are met in the round in which the event starts.",
      tags: TAGS,
      params: siteParams,
      body: drCreateSchema,
      responses: { 201: drReportSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: ({ params, body, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const report = services.need("demandResponse").create(
          params.siteId,
          {
            id: body.id,
            nodeId: body.nodeId,
            start: body.start,
            end: body.end,
            signal: toSolverSignal(body.signal),
            direction: body.direction,
          },
          `operator:${principal.keyId}`,
        );
        return reply(201, drView(report, now(), false));
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/sites/:siteId/demand-response/:eventId",
      roles: [ROLES.OPERATOR],
      summary: "One demand-response event with the shed power of every round",
      tags: TAGS,
      params: eventParams,
      responses: { 200: drReportSchema, 404: errorBodySchema },
      handler: ({ params, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const report = services.need("demandResponse").book.get(params.eventId);
        if (report === undefined || report.event.siteId !== params.siteId) {
          throw new ChargekitError("NOT_FOUND", `demand-response event ${params.eventId} not found`);
        }
        return reply(200, drView(report, now(), true));
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/sites/:siteId/demand-response/:eventId/cancel",
      roles: [ROLES.OPERATOR],
      summary: "Cancel a demand-response event (it ends now if it runs)",
      tags: TAGS,
      params: eventParams,
      responses: { 200: drReportSchema, 404: errorBodySchema },
      handler: ({ params, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const report = services.need("demandResponse").cancel(params.siteId, params.eventId);
        return reply(200, drView(report, now(), false));
      },
    }),
  ];
}

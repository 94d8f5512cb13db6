import { isChargekitError, StationId } from "@chargekit/core";
import { CommandFailure } from "@chargekit/ocpp";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { commandError, requireTenant } from "../common.js";

const outcomeSchema = z
  .object({
    stationId: z.string(),
    outcome: z
      .enum(["up-to-date", "sent", "Failed", "NotSupported", "VersionMismatch", "error"])
      .describe("sent: every message accepted; Failed/NotSupported/VersionMismatch: the station's answer"),
    version: z.number().int().optional().describe("the list version the station holds now"),
    messages: z.number().int(),
    entries: z.number().int(),
    error: z.object({ code: z.string(), message: z.string() }).optional().describe("why it could not be sent"),
  })
  .meta({ id: "LocalListSync" });

/** Operator routes of the local authorization list: its version, and SendLocalList to stations. */
export function localListRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/local-list",
      roles: [ROLES.OPERATOR],
      summary: "The master local authorization list: version and size",
      tags: ["tokens"],
      responses: { 200: z.object({ version: z.number().int(), size: z.number().int() }) },
      handler: ({ principal }) => {
        requireTenant(services, principal, "local list");
        const { localList } = services.need("authorization");
        return reply(200, { version: localList.version, size: localList.size });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/local-list/sync",
      roles: [ROLES.OPERATOR],
      summary: "Send the local authorization list to stations (SendLocalList, differential when possible)",
      description:
        "Each station gets the messages that bring its copy to the current version: a differential update when " +
        "the server knows what it holds, a full one otherwise (or with `full: true`). One result per station; a " +
        "station that cannot be reached is reported with its error and does not stop the others.",
      tags: ["tokens"],
      body: z.strictObject({
        stationIds: z.array(StationId.schema).max(1000).optional().describe("default: every connected station"),
        full: z.boolean().default(false),
      }),
      responses: { 200: z.object({ results: z.array(outcomeSchema) }) },
      handler: async ({ principal, body }) => {
        requireTenant(services, principal, "local list");
        const authorization = services.need("authorization");
        const registry = services.need("registry");
        const targets =
          body.stationIds ??
          registry
            .views()
            .filter((v) => v.connected)
            .map((v) => v.id);
        const results = [];
        for (const stationId of targets) {
          try {
            const outcome = await authorization.syncLocalList(stationId, { full: body.full });
            results.push({ ...outcome, stationId: outcome.stationId as string });
          } catch (error) {
            if (!isChargekitError(error)) throw error;
            const mapped = error instanceof CommandFailure ? commandError(error) : error;
            results.push({
              stationId: stationId as string,
              outcome: "error" as const,
              messages: 0,
              entries: 0,
              error: { code: mapped.code, message: mapped.message },
            });
          }
        }
        return reply(200, { results });
      },
    }),
  ];
}

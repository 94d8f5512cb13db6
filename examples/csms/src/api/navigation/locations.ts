import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { visibleSites } from "../site-access.js";

/** What a navigation app may see of a charger: never who is on it. */
const EVSE_STATES = ["available", "occupied", "reserved", "unavailable", "faulted", "offline"] as const;

const locationSchema = z
  .object({
    /** The site. */
    id: z.string(),
    /** Display name. */
    name: z.string(),
    /** IANA time zone. */
    timezone: z.string(),
    /** Chargers free now. */
    available: z.number().int(),
    /** Every charger. */
    evses: z.array(
      z.object({
        stationId: z.string(),
        evseId: z.number().int(),
        connectorTypes: z.array(z.string()),
        maxPowerKw: z.number(),
        /** `available`, `occupied`, `reserved`, `unavailable`, `faulted` or `offline`. */
        status: z.enum(EVSE_STATES),
      }),
    ),
  })
  .meta({ id: "Location" });

/** The public status of the sites: chargers, their connector types and power, and whether each is free now. */
export function locationRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/locations",
      roles: [ROLES.NAVIGATION_APP, ROLES.DRIVER_APP, ROLES.OPERATOR],
      summary: "Sites and their chargers with their status now (no driver data)",
      tags: ["navigation"],
      responses: { 200: z.object({ items: z.array(locationSchema) }) },
      handler: ({ principal }) => {
        const rs = services.need("reservations");
        const registry = services.get("registry");
        const now = services.clock.now();
        const items = visibleSites(services, principal).map((site) => {
          const view = rs.engine.view(site.id);
          const evses = rs.directory.evsesOf(site.id).map((entry) => {
            const state = view?.evse(entry.ref);
            const connected = registry?.view(entry.stationId)?.connected === true;
            let status: (typeof EVSE_STATES)[number] = "available";
            if (!connected) status = "offline";
            else if (state?.status === "faulted") status = "faulted";
            else if (state?.status === "unavailable") status = "unavailable";
            else if (state?.session !== undefined) status = "occupied";
            else if ((view?.blocks(entry.ref, now, now + 1).length ?? 0) > 0) status = "reserved";
            return {
              stationId: entry.stationId as string,
              evseId: entry.evseId as number,
              connectorTypes: [...entry.spec.connectorTypes],
              maxPowerKw: Math.round(entry.spec.maxPower / 100) / 10,
              status,
            };
          });
          return {
            id: site.id,
            name: site.name,
            timezone: site.timezone,
            available: evses.filter((e) => e.status === "available").length,
            evses,
          };
        });
        return reply(200, { items });
      },
    }),
  ];
}

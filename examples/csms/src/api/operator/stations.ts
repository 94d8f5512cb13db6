import { randomBytes } from "node:crypto";
import { ChargekitError, SiteId, type StationId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../cli/hash-password.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import { allStationViews, stationView, stationViewSchema } from "../../stations/station-view.js";
import type { CsmsServices } from "../../wiring/services.js";
import { ownTenant, requireTenant, stationParams } from "../common.js";

const printable = /^[\x21-\x7e]+$/;

/** Throws `NOT_FOUND` unless the station is declared (or the configuration declares none). */
export function requireStation(services: CsmsServices, stationId: StationId): void {
  if (!services.sites.isAccepted(stationId)) throw new ChargekitError("NOT_FOUND", `station ${stationId} not found`);
}

/** A fresh 32-character station password (24 random bytes, base64url). */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/** Operator routes of stations: the fleet with live status, one station, and its Basic-auth password. */
export function stationRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/stations",
      roles: [ROLES.OPERATOR],
      summary: "Stations with their connectors and live status",
      description: "Live changes follow on `GET /api/v1/events?topics=stations` (`station:changed`).",
      tags: ["stations"],
      query: z.object({ siteId: SiteId.schema.optional().describe("only this site's stations") }),
      responses: { 200: z.object({ items: z.array(stationViewSchema) }) },
      handler: async ({ principal, query }) => {
        if (!ownTenant(services, principal)) return reply(200, { items: [] });
        const all = await allStationViews(services);
        return reply(200, { items: query.siteId === undefined ? all : all.filter((s) => s.siteId === query.siteId) });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/stations/:stationId",
      roles: [ROLES.OPERATOR],
      summary: "One station: registration, boot information, EVSEs, connectors and latest meter readings",
      tags: ["stations"],
      params: stationParams,
      responses: { 200: stationViewSchema },
      handler: async ({ principal, params }) => {
        requireTenant(services, principal, `station ${params.stationId}`);
        const registry = services.need("registry");
        const view = stationView(
          services,
          params.stationId,
          registry.view(params.stationId),
          await registry.stations.get(params.stationId),
        );
        if (view === undefined) throw new ChargekitError("NOT_FOUND", `station ${params.stationId} not found`);
        return reply(200, view);
      },
    }),
    defineRoute({
      method: "PUT",
      path: "/api/v1/stations/:stationId/password",
      roles: [ROLES.OPERATOR],
      summary: "Provision the station's HTTP Basic password (security profiles 1 and 2)",
      description:
        "Only a salted scrypt hash is stored; it replaces the configuration's `passwordHash` for this station. " +
        "Without a `password` the server generates one and returns it once: configure it on the station " +
        "(1.6 `AuthorizationKey`, 2.x `BasicAuthPassword`). Takes effect at the station's next connection.",
      tags: ["stations"],
      params: stationParams,
      body: z.strictObject({
        password: z
          .string()
          .min(MIN_PASSWORD_LENGTH, { error: `expected ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters` })
          .max(MAX_PASSWORD_LENGTH, { error: `expected ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters` })
          .regex(printable, { error: "expected printable ASCII without spaces" })
          .optional(),
      }),
      responses: {
        200: z.object({
          stationId: z.string(),
          password: z.string().optional().describe("the generated password, shown this once"),
        }),
      },
      handler: async ({ principal, params, body, log }) => {
        requireTenant(services, principal, `station ${params.stationId}`);
        requireStation(services, params.stationId);
        const password = body.password ?? generatePassword();
        await services.need("storage").stores.stationCredentials.setPassword(params.stationId, password);
        log.info({ stationId: params.stationId, generated: body.password === undefined }, "station password set");
        return reply(200, {
          stationId: params.stationId as string,
          ...(body.password === undefined ? { password } : {}),
        });
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/api/v1/stations/:stationId/password",
      roles: [ROLES.OPERATOR],
      summary: "Remove the provisioned password (the configuration's hash, if any, applies again)",
      tags: ["stations"],
      params: stationParams,
      responses: { 200: z.object({ stationId: z.string(), removed: z.boolean() }) },
      handler: async ({ principal, params }) => {
        requireTenant(services, principal, `station ${params.stationId}`);
        requireStation(services, params.stationId);
        const removed = await services.need("storage").stores.stationCredentials.remove(params.stationId);
        return reply(200, { stationId: params.stationId as string, removed });
      },
    }),
  ];
}

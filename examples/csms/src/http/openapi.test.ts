import { DriverId, StationId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ROLES } from "../auth/roles.js";
import {
  checkSchemaObjects,
  documentSchemas,
  openApiStructureValidator,
  pointerSegment,
  schemaObjects,
} from "../testing/openapi-validator.js";
import { buildOpenApiDocument } from "./openapi.js";
import { defineRoute, reply } from "./route.js";

const station = z
  .object({ id: StationId.schema, status: z.enum(["Available", "Charging"]), power: z.number().optional() })
  .meta({ id: "Station", description: "A station and its live status." });
const reservationInput = z
  .object({ stationId: StationId.schema, driverId: DriverId.schema.optional(), minutes: z.number().int().default(30) })
  .meta({ id: "ReservationRequest" });

const routes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/stations",
    roles: [ROLES.OPERATOR, ROLES.NAVIGATION_APP],
    summary: "List stations",
    tags: ["stations"],
    query: z.object({
      site: z.string().optional().describe("only this site"),
      limit: z.coerce.number().int().max(100),
    }),
    responses: { 200: z.object({ items: z.array(station) }) },
    handler: () => reply(200, { items: [] }),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/stations/:stationId",
    roles: [ROLES.OPERATOR],
    summary: "One station",
    params: z.object({ stationId: StationId.schema }),
    responses: { 200: station },
    handler: ({ params }) => reply(200, { id: params.stationId, status: "Available" as const }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/reservations",
    roles: [ROLES.OPERATOR, ROLES.DRIVER_APP],
    summary: "Reserve",
    body: reservationInput,
    responses: { 201: reservationInput },
    handler: ({ body }) => reply(201, body),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/events",
    roles: [ROLES.OPERATOR],
    summary: "Live events",
    responses: { 200: { contentType: "text/event-stream", description: "server-sent events" } },
    handler: () => ({ raw: (res) => void res.end() }),
  }),
  defineRoute({
    method: "GET",
    path: "/healthz",
    roles: "public",
    summary: "Liveness",
    responses: { 200: z.object({ status: z.literal("ok") }) },
    handler: () => reply(200, { status: "ok" as const }),
  }),
];

// biome-ignore lint/suspicious/noExplicitAny: the document is read field by field
type Loose = Record<string, any>;

const doc = buildOpenApiDocument(routes, { title: "test", version: "1" }) as {
  paths: Record<string, Record<string, Loose>>;
  components: { schemas: Record<string, unknown> };
};

describe("buildOpenApiDocument", () => {
  it("is a valid OpenAPI 3.1 document by the official schema", () => {
    const validate = openApiStructureValidator();
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(schemaObjects(doc).length).toBeGreaterThan(10);
    expect(checkSchemaObjects(doc)).toEqual([]);
    // the checkers do reject broken documents
    expect(validate({ ...doc, info: { title: "no version" } })).toBe(false);
    const broken = { ...doc, components: { schemas: { Bad: { type: "objekt" } } } };
    expect(checkSchemaObjects(broken)).toEqual([expect.stringMatching(/^\/components\/schemas\/Bad: /)]);
  });

  it("has every route, once, with a unique operationId", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, id: op["operationId"] })),
    );
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      routes.map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`).sort(),
    );
    expect(new Set(operations.map((o) => o.id)).size).toBe(operations.length);
    expect(doc.paths["/api/v1/stations/{stationId}"]?.["get"]?.["operationId"]).toBe("getApiV1StationsByStationId");
  });

  it("describes parameters, bodies, security, roles and errors", () => {
    const list = doc.paths["/api/v1/stations"]?.["get"] ?? {};
    expect(list["parameters"]).toEqual([
      {
        name: "site",
        in: "query",
        required: false,
        description: "only this site",
        schema: { type: "string", description: "only this site" },
      },
      expect.objectContaining({ name: "limit", in: "query", required: true }),
    ]);
    expect(list["x-roles"]).toEqual(["operator", "navigation-app"]);
    expect(list["security"]).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(Object.keys(list["responses"])).toEqual(["200", "400", "401", "403", "default"]);
    expect(list["responses"]["401"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    const health = doc.paths["/healthz"]?.["get"] ?? {};
    expect(health["security"]).toEqual([]);
    expect(Object.keys(health["responses"])).toEqual(["200", "default"]);
    expect(doc.paths["/api/v1/events"]?.["get"]?.["responses"]["200"].content).toHaveProperty("text/event-stream");
  });

  it("names shared schemas as components, with separate input and output forms where they differ", () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual([
      "Error",
      "ReservationRequest",
      "ReservationRequestInput",
      "Station",
    ]);
    expect(doc.paths["/api/v1/reservations"]?.["post"]?.["requestBody"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ReservationRequestInput",
    });
  });

  it("documents schemas that accept what the server accepts and reject what it rejects", () => {
    const schemaAt = documentSchemas(doc);
    const body = schemaAt(
      `/paths/${pointerSegment("/api/v1/reservations")}/post/requestBody/content/${pointerSegment("application/json")}/schema`,
    );
    expect(body({ stationId: "CP-1" })).toBe(true);
    expect(body({ stationId: "CP-1", minutes: "x" })).toBe(false);
    const error = schemaAt("/components/schemas/Error");
    expect(error({ error: { code: "NOT_FOUND", message: "m", requestId: "r" } })).toBe(true);
    expect(error({ error: { code: "NOT_FOUND" } })).toBe(false);
  });
});

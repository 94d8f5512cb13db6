import { z } from "zod";
import { errorBodySchema } from "./errors.js";
import { isRawResponse, type Route } from "./route.js";

/** What the document says about the API as a whole. */
export interface OpenApiInfo {
  /** API title. */
  readonly title: string;
  /** API version (of the document, not of OpenAPI). */
  readonly version: string;
  /** Markdown description. */
  readonly description?: string;
}

/** An OpenAPI 3.1 document as plain JSON. */
export type OpenApiDocument = Record<string, unknown>;

type Json = Record<string, unknown>;
type Io = "input" | "output";

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No content",
  400: "Invalid request: the details name each bad field",
  401: "Missing or invalid API key",
  403: "The key's role may not call this operation",
  404: "Not found (or not yours)",
  409: "Conflict",
  503: "Unavailable",
};

/**
 * Generates the OpenAPI 3.1 document of `routes` from their zod schemas (`z.toJSONSchema`, JSON Schema 2020-12,
 * which is OpenAPI 3.1's own dialect). Schemas with a `.meta({ id })` become `components.schemas` entries; an
 * input and an output form that differ get `Name` and `NameInput`. Every operation lists its roles (`x-roles`),
 * its security, a `400` when it takes input, `401`/`403` when it is protected, and the error body as `default`.
 */
export function buildOpenApiDocument(routes: readonly Route[], info: OpenApiInfo): OpenApiDocument {
  const components: Record<string, Json> = {};
  const convert = (schema: z.ZodType, io: Io): Json => toComponentSchema(schema, io, components);
  const errorRef = convert(errorBodySchema, "output");
  const paths: Record<string, Record<string, Json>> = {};

  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const parameters = [...parametersOf(route.params, "path", convert), ...parametersOf(route.query, "query", convert)];
    const responses: Record<string, Json> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      if (isRawResponse(spec)) {
        responses[status] = {
          description: spec.description,
          content: { [spec.contentType]: { schema: { type: "string" } } },
        };
      } else {
        responses[status] = {
          description: spec.description ?? STATUS_TEXT[Number(status)] ?? "Response",
          content: { "application/json": { schema: convert(spec, "output") } },
        };
      }
    }
    const errorResponse = (status: number): Json => ({
      description: STATUS_TEXT[status] ?? "Error",
      content: { "application/json": { schema: errorRef } },
    });
    if (route.params !== undefined || route.query !== undefined || route.body !== undefined) {
      responses["400"] ??= errorResponse(400);
    }
    const protectedRoute = route.roles !== "public";
    if (protectedRoute) {
      responses["401"] ??= errorResponse(401);
      responses["403"] ??= errorResponse(403);
    }
    responses["default"] = { description: "Error", content: { "application/json": { schema: errorRef } } };

    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      ...(route.tags.length === 0 ? {} : { tags: [...route.tags] }),
      security: protectedRoute ? [{ bearerAuth: [] }, { apiKeyHeader: [] }] : [],
      "x-roles": protectedRoute ? [...route.roles] : "public",
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(route.body === undefined
        ? {}
        : {
            requestBody: { required: true, content: { "application/json": { schema: convert(route.body, "input") } } },
          }),
      responses,
    };
    const item = paths[path] ?? {};
    item[route.method.toLowerCase()] = operation;
    paths[path] = item;
  }

  return {
    openapi: "3.1.1",
    info: {
      title: info.title,
      version: info.version,
      ...(info.description === undefined ? {} : { description: info.description }),
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key as a bearer token." },
        apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: "An API key in a header." },
      },
    },
  };
}

function parametersOf(
  schema: z.ZodObject | undefined,
  where: "path" | "query",
  convert: (schema: z.ZodType, io: Io) => Json,
): Json[] {
  if (schema === undefined) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const required = where === "path" || !fieldSchema.isOptional();
    return {
      name,
      in: where,
      required,
      ...(fieldSchema.description === undefined ? {} : { description: fieldSchema.description }),
      schema: convert(fieldSchema, "output"),
    };
  });
}

/**
 * Converts one schema, moving its named definitions into `components` and pointing references there. A named
 * definition whose JSON differs from a component of the same name (the input form of an output schema, say) is
 * stored under a suffixed name.
 */
function toComponentSchema(schema: z.ZodType, io: Io, components: Record<string, Json>): Json {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  const defs = (json["$defs"] ?? {}) as Record<string, Json>;
  delete json["$defs"];
  delete json["$schema"];
  const names = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) names.set(name, componentName(name, def, io, components));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== "object" || value === null) return value;
    const out: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/$defs/")) {
        const local = inner.slice("#/$defs/".length);
        out[key] = `#/components/schemas/${names.get(local) ?? local}`;
      } else {
        out[key] = rewrite(inner);
      }
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs)) {
    const target = names.get(name) ?? name;
    components[target] = rewrite(def) as Json;
  }
  return rewrite(json) as Json;
}

function componentName(name: string, def: Json, io: Io, components: Record<string, Json>): string {
  const candidates = io === "input" ? [name, `${name}Input`] : [name, `${name}Output`];
  const text = JSON.stringify(def);
  for (const candidate of candidates) {
    const existing = components[candidate];
    // Compare before rewriting references: nested named schemas keep the same local names in both forms.
    if (existing === undefined || JSON.stringify(existing).replaceAll("#/components/schemas/", "#/$defs/") === text) {
      return candidate;
    }
  }
  let n = 2;
  while (components[`${name}${n}`] !== undefined) n++;
  return `${name}${n}`;
}

import { z } from "zod";
import { ALL_ROLES } from "../auth/roles.js";
import { buildOpenApiDocument, type OpenApiInfo } from "../http/openapi.js";
import { defineRoute, type Route, reply } from "../http/route.js";
import type { SseHub } from "../live/sse-hub.js";

/** A named readiness check: true when that part of the server can take traffic. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/** What the system routes need from the server. */
export interface SystemRouteDeps {
  /** The live-update hub. */
  readonly hub: SseHub;
  /** True once shutdown began. */
  readonly isShuttingDown: () => boolean;
  /** Readiness checks by name (the store, the OCPP endpoint … register theirs). */
  readonly readiness: ReadonlyMap<string, ReadinessCheck>;
  /** Every route of the server, for the OpenAPI document (read when the document is first asked for). */
  readonly allRoutes: () => readonly Route[];
  /** Title and version of the document. */
  readonly info: OpenApiInfo;
}

const principalSchema = z
  .object({
    keyId: z.string(),
    role: z.enum(ALL_ROLES as [string, ...string[]]),
    tenant: z.string(),
    driverId: z.string().optional(),
  })
  .meta({ id: "Principal", description: "The caller, as established from its API key." });

const readinessSchema = z
  .object({ status: z.enum(["ready", "not-ready"]), checks: z.record(z.string(), z.boolean()) })
  .meta({ id: "Readiness" });

/** Health, readiness, the OpenAPI document, `whoami` and the live event stream. */
export function systemRoutes(deps: SystemRouteDeps): Route[] {
  let document: Record<string, unknown> | undefined;
  return [
    defineRoute({
      method: "GET",
      path: "/healthz",
      roles: "public",
      summary: "Liveness: the process answers",
      tags: ["system"],
      responses: { 200: z.object({ status: z.literal("ok") }) },
      handler: () => reply(200, { status: "ok" as const }),
    }),
    defineRoute({
      method: "GET",
      path: "/readyz",
      roles: "public",
      summary: "Readiness: every part can take traffic (503 while starting or shutting down)",
      tags: ["system"],
      responses: { 200: readinessSchema, 503: readinessSchema },
      handler: async () => {
        const checks: Record<string, boolean> = { accepting: !deps.isShuttingDown() };
        for (const [name, check] of deps.readiness) {
          checks[name] = await Promise.resolve()
            .then(check)
            .catch(() => false);
        }
        const ready = Object.values(checks).every(Boolean);
        return ready
          ? reply(200, { status: "ready" as const, checks })
          : reply(503, { status: "not-ready" as const, checks });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/openapi.json",
      roles: "public",
      summary: "This API's OpenAPI 3.1 document, generated from its zod schemas",
      tags: ["system"],
      responses: { 200: z.record(z.string(), z.unknown()) },
      handler: () => {
        document ??= buildOpenApiDocument(deps.allRoutes(), deps.info);
        return reply(200, document);
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/whoami",
      roles: ALL_ROLES,
      summary: "The caller: key id, role, tenant and (for driver apps) driver",
      tags: ["system"],
      responses: { 200: principalSchema },
      handler: ({ principal }) => reply(200, principal),
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/events",
      roles: ALL_ROLES,
      summary: "Live updates as server-sent events",
      description:
        "Each event has an `id` (send it back as `Last-Event-ID` to resume), a `noun:verb` name and JSON data. " +
        "A caller receives only what its role may see: a driver app only its own driver's events. " +
        "`stream:reset` means missed events are gone: reload the snapshot. `stream:closing` precedes a shutdown.",
      tags: ["live"],
      query: z.object({
        topics: z
          .string()
          .regex(/^[a-z0-9:_-]+(,[a-z0-9:_-]+)*$/, { error: "expected comma-separated topic names" })
          .optional()
          .describe("comma-separated topics (dashboard, queue, reservations …); all when absent"),
      }),
      responses: { 200: { contentType: "text/event-stream", description: "an endless event stream" } },
      handler: ({ query, principal, req }) => {
        const lastEventId = req.headers["last-event-id"];
        const topics = new Set(query.topics === undefined ? [] : query.topics.split(","));
        return {
          raw: (res) => {
            deps.hub.attach(res, {
              principal,
              topics,
              lastEventId: typeof lastEventId === "string" ? lastEventId : undefined,
            });
          },
        };
      },
    }),
  ];
}

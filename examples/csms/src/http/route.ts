import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@chargekit/core";
import type { z } from "zod";
import type { Principal } from "../auth/principal.js";
import type { Role } from "../auth/roles.js";

/** The HTTP methods routes are declared with. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call a route: the roles listed, or anyone (`"public"`: health checks, the OpenAPI document). */
export type Access = readonly Role[] | "public";

/** A response that is not JSON (a server-sent event stream, an HTML page), described for the OpenAPI document. */
export interface RawResponseSpec {
  /** Its media type, e.g. `text/event-stream`. */
  readonly contentType: string;
  /** What it holds. */
  readonly description: string;
}

/** A response of a route: a zod schema of its JSON body, or a {@link RawResponseSpec}. */
export type ResponseSpec = z.ZodType | RawResponseSpec;

/** The responses of a route by status code. */
export type ResponseSpecs = { readonly [status: number]: ResponseSpec };

/** A JSON reply: one of the declared statuses with a body of its schema. */
export type JsonReply<R extends ResponseSpecs> = {
  [S in keyof R & number]: R[S] extends z.ZodType ? JsonReplyOf<S, z.input<R[S]>> : never;
}[keyof R & number];

/** A reply the handler writes itself (streams, static files); the kernel only sets the common headers first. */
export interface RawReply {
  /** Writes the response (status, headers, body) and resolves when done or handed over to a long-lived stream. */
  readonly raw: (res: ServerResponse) => void | Promise<void>;
}

/** What a handler returns. */
export type Reply<R extends ResponseSpecs> = JsonReply<R> | RawReply;

/**
 * Builds a JSON reply, keeping the status as a literal so it is checked against the route's declared responses.
 *
 * @example
 * ```ts
 * handler: ({ params }) => reply(200, registry.get(params.stationId)),
 * ```
 */
export function reply<const S extends number, B>(
  status: S,
  body: B,
  headers?: Readonly<Record<string, string>>,
): JsonReplyOf<S, B> {
  return headers === undefined ? { status, body } : { status, body, headers };
}

/** What {@link reply} builds. */
export interface JsonReplyOf<S extends number, B> {
  /** HTTP status. */
  readonly status: S;
  /** The body. */
  readonly body: B;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A reply with its types erased, as the kernel sees it. */
export interface AnyJsonReply {
  /** HTTP status (one the route declares). */
  readonly status: number;
  /** The body, to be checked against the status's schema. */
  readonly body: unknown;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler receives: validated input, the caller, and per-request tools. */
export interface HandlerContext<P, Q, B, A extends Access> {
  /** Path parameters, validated. */
  readonly params: P;
  /** Query parameters, validated. */
  readonly query: Q;
  /** The JSON body, validated (`undefined` for routes without a body schema). */
  readonly body: B;
  /** The authenticated caller (possibly absent on public routes). */
  readonly principal: A extends "public" ? Principal | undefined : Principal;
  /** The request id (echoed as `X-Request-Id`). */
  readonly requestId: string;
  /** A logger bound to this request. */
  readonly log: Logger;
  /** Aborts when the client goes away or the server stops waiting during shutdown. */
  readonly signal: AbortSignal;
  /** The raw request (headers such as `Last-Event-ID`). */
  readonly req: IncomingMessage;
}

/** A route as declared (see {@link defineRoute}). */
export interface RouteSpec<
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType,
  R extends ResponseSpecs,
  A extends Access,
> {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path with `:name` parameters, e.g. `/api/v1/stations/:stationId`. */
  readonly path: string;
  /** Who may call it. */
  readonly roles: A;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** More prose for the OpenAPI document. */
  readonly description?: string;
  /** OpenAPI tags (groups). */
  readonly tags?: readonly string[];
  /** OpenAPI operationId; derived from method and path when absent. */
  readonly operationId?: string;
  /** Schema of the path parameters (an object with one string-typed field per `:name`). */
  readonly params?: P;
  /** Schema of the query parameters (use `z.coerce` for numbers). */
  readonly query?: Q;
  /** Schema of the JSON body; absent: the route takes no body. */
  readonly body?: B;
  /** The responses by status. */
  readonly responses: R;
  /** Does the work. Throw a ChargekitError to answer with an error; return one of the declared responses. */
  readonly handler: (
    ctx: HandlerContext<z.output<P>, z.output<Q>, z.output<B>, A>,
  ) => NoInfer<Reply<R>> | Promise<NoInfer<Reply<R>>>;
}

/** The validated input the kernel hands to a route. */
export interface RouteInput {
  /** Validated path parameters. */
  readonly params: unknown;
  /** Validated query parameters. */
  readonly query: unknown;
  /** Validated body. */
  readonly body: unknown;
  /** The caller. */
  readonly principal: Principal | undefined;
  /** Request id. */
  readonly requestId: string;
  /** Request logger. */
  readonly log: Logger;
  /** Abort signal of the request. */
  readonly signal: AbortSignal;
  /** Raw request. */
  readonly req: IncomingMessage;
}

/** A route with its types erased, as the kernel and the OpenAPI generator see it. */
export interface Route {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path pattern. */
  readonly path: string;
  /** Who may call it. */
  readonly roles: Access;
  /** OpenAPI summary. */
  readonly summary: string;
  /** OpenAPI description. */
  readonly description: string | undefined;
  /** OpenAPI tags. */
  readonly tags: readonly string[];
  /** OpenAPI operationId. */
  readonly operationId: string;
  /** Path parameter schema. */
  readonly params: z.ZodObject | undefined;
  /** Query schema. */
  readonly query: z.ZodObject | undefined;
  /** Body schema. */
  readonly body: z.ZodType | undefined;
  /** Responses by status. */
  readonly responses: ResponseSpecs;
  /** Runs the handler with input the kernel validated against the schemas above. */
  readonly handle: (input: RouteInput) => Promise<AnyJsonReply | RawReply>;
}

/**
 * Declares a route: method, path with `:params`, roles, zod schemas of params, query, body and each response, and a
 * handler typed from them. The kernel validates every input before the handler runs and answers `400` naming the
 * bad fields; the OpenAPI document is generated from the same schemas.
 *
 * @example
 * ```ts
 * const getStation = defineRoute({
 *   method: "GET",
 *   path: "/api/v1/stations/:stationId",
 *   roles: [ROLES.OPERATOR],
 *   summary: "One station and its live status",
 *   params: z.object({ stationId: StationId.schema }),
 *   responses: { 200: stationSchema },
 *   handler: ({ params }) => reply(200, registry.get(params.stationId)),
 * });
 * ```
 */
export function defineRoute<
  const A extends Access,
  R extends ResponseSpecs,
  P extends z.ZodObject = z.ZodObject<Record<string, never>>,
  Q extends z.ZodObject = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, B, R, A>): Route {
  type Ctx = HandlerContext<z.output<P>, z.output<Q>, z.output<B>, A>;
  return {
    method: spec.method,
    path: spec.path,
    roles: spec.roles,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags ?? [],
    operationId: spec.operationId ?? deriveOperationId(spec.method, spec.path),
    params: spec.params,
    query: spec.query,
    body: spec.body,
    responses: spec.responses,
    // The one place types are erased: the kernel validated `input` against exactly these schemas.
    handle: async (input) => (await spec.handler(input as unknown as Ctx)) as AnyJsonReply | RawReply,
  };
}

/** `GET /api/v1/stations/:stationId` → `getApiV1StationsByStationId`. */
export function deriveOperationId(method: HttpMethod, path: string): string {
  const words = path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (s.startsWith(":") ? `by-${s.slice(1)}` : s))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+|(?=[A-Z])/))
    .filter((w) => w !== "");
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join("");
}

/** True when the response spec is a raw (non-JSON) one. */
export function isRawResponse(spec: ResponseSpec): spec is RawResponseSpec {
  return typeof (spec as RawResponseSpec).contentType === "string";
}

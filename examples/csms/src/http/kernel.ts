import type { IncomingMessage, ServerResponse } from "node:http";
import { type Clock, isChargekitError, type Logger, randomId } from "@chargekit/core";
import type { z } from "zod";
import { type Authenticator, credentialOf } from "../auth/credentials.js";
import type { Principal } from "../auth/principal.js";
import { expectationOf, type FieldIssue, toFieldIssues } from "../validation/issues.js";
import { readJsonBody } from "./body.js";
import { httpError, mapError } from "./errors.js";
import { applyCors, type CorsPolicy, setSecurityHeaders } from "./headers.js";
import { isRawResponse, type Route } from "./route.js";
import { createRouter, type Router } from "./router.js";

/** Options of {@link createHttpKernel}. */
export interface HttpKernelOptions {
  /** Every route the server answers. */
  readonly routes: readonly Route[];
  /** Resolves API keys to callers. */
  readonly authenticate: Authenticator;
  /** Request logs go to a child of this logger. */
  readonly logger: Logger;
  /** Measures request durations. */
  readonly clock: Clock;
  /** Largest JSON body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** CORS allow-list (default: off). */
  readonly cors?: CorsPolicy;
  /** Served over TLS (adds HSTS). */
  readonly tls?: boolean;
  /** HTTP statuses for domain error codes, on top of the built-in map. */
  readonly errorStatuses?: Readonly<Record<string, number>>;
  /** Check every JSON response against its schema and send the schema's output (default true). */
  readonly validateResponses?: boolean;
  /** True while shutting down: new requests get `503` and `Connection: close`. */
  readonly isDraining?: () => boolean;
}

/** The request handler of the HTTP server. */
export interface HttpKernel {
  /** The routes, compiled. */
  readonly router: Router;
  /** Answers one request; never rejects. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Handlers still running (a cut connection aborts its handler's signal; this counts until it returns). */
  active(): number;
  /** Resolves once no handler is running. */
  idle(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The HTTP kernel: request ids, security headers, CORS, routing (404/405), authentication and role checks
 * (401/403) before any body is read, bounded JSON bodies, validation of params, query and body (400 naming every
 * bad field), the handler, response validation, and one error mapping for everything thrown.
 */
export function createHttpKernel(options: HttpKernelOptions): HttpKernel {
  const router = createRouter(options.routes);
  const log = options.logger.child({ component: "http" });
  const cors = options.cors ?? { origins: [] };
  const validateResponses = options.validateResponses ?? true;
  const allMethods = [...new Set(options.routes.map((r) => r.method))];

  let active = 0;
  const idleWaiters: (() => void)[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    active++;
    try {
      await answer(req, res);
    } finally {
      active--;
      if (active === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    }
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = options.clock.now();
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomId();
    const aborter = new AbortController();
    res.on("close", () => aborter.abort(new Error("client went away")));
    res.setHeader("X-Request-Id", requestId);
    setSecurityHeaders(res, options.tls ?? false);
    let reqLog = log.child({ requestId });
    let routePath = "(unmatched)";
    let principal: Principal | undefined;
    try {
      const method = req.method ?? "GET";
      if (applyCors(cors, method, req.headers.origin, res, allMethods)) return;
      if (options.isDraining?.() === true) {
        res.setHeader("Connection", "close");
        throw httpError("SHUTTING_DOWN", "the server is shutting down");
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      const match = router.match(method, url.pathname);
      if (match.kind === "not-found") throw httpError("NOT_FOUND", `no route for ${method} ${url.pathname}`);
      if (match.kind === "bad-path") throw httpError("INVALID_INPUT", match.message);
      if (match.kind === "method-not-allowed") {
        res.setHeader("Allow", match.allow.join(", "));
        throw httpError("METHOD_NOT_ALLOWED", `${method} is not allowed here; use ${match.allow.join(" or ")}`);
      }
      const { route } = match;
      routePath = route.path;
      principal = authorize(route, req, options.authenticate, res);
      if (principal !== undefined) reqLog = reqLog.child({ keyId: principal.keyId, role: principal.role });

      const issues: FieldIssue[] = [];
      const params = validate(route.params, match.params, "params", issues);
      const query = validate(route.query, queryObject(url.searchParams), "query", issues);
      let body: unknown;
      if (route.body !== undefined) {
        if (issues.length > 0) throw invalid(issues);
        body = validate(route.body, await readJsonBody(req, options.maxBodyBytes), "body", issues);
      }
      if (issues.length > 0) throw invalid(issues);

      const reply = await route.handle({
        params,
        query,
        body,
        principal,
        requestId,
        log: reqLog,
        signal: aborter.signal,
        req,
      });
      if ("raw" in reply) {
        await reply.raw(res);
        return;
      }
      const spec = route.responses[reply.status];
      if (spec === undefined || isRawResponse(spec)) {
        throw httpError("INTERNAL", `handler answered status ${reply.status}, which ${routePath} does not declare`);
      }
      let payload: unknown = reply.body;
      if (validateResponses) {
        const checked = (spec as z.ZodType).safeParse(reply.body);
        if (!checked.success) {
          reqLog.error(
            { issues: toFieldIssues("response", checked.error.issues) },
            "response does not match its schema",
          );
          throw httpError("INTERNAL", "response does not match its schema");
        }
        payload = checked.data;
      }
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      sendJson(res, reply.status, payload);
    } catch (error) {
      const mapped = mapError(error, requestId, options.errorStatuses);
      if (mapped.serverFault && !isChargekitError(error, "SHUTTING_DOWN")) {
        reqLog.error({ err: error }, "request failed");
      }
      if (mapped.status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="chargekit"');
      if (res.headersSent) res.destroy();
      else sendJson(res, mapped.status, mapped.body);
    } finally {
      reqLog.debug(
        { method: req.method, route: routePath, status: res.statusCode, ms: options.clock.now() - started },
        "request",
      );
    }
  };
  return {
    router,
    handle,
    active: () => active,
    idle: () => (active === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  };
}

function authorize(
  route: Route,
  req: IncomingMessage,
  authenticate: Authenticator,
  res: ServerResponse,
): Principal | undefined {
  const key = credentialOf(req.headers);
  if (route.roles === "public") return key === undefined || key === "" ? undefined : authenticate(key);
  if (key === undefined || key === "") {
    throw httpError("UNAUTHENTICATED", "an API key is required (Authorization: Bearer <key> or X-API-Key)");
  }
  const principal = authenticate(key);
  if (principal === undefined) throw httpError("UNAUTHENTICATED", "the API key is not valid");
  if (!route.roles.includes(principal.role)) {
    res.setHeader("X-Allowed-Roles", route.roles.join(", "));
    throw httpError("FORBIDDEN", `role ${principal.role} may not call ${route.method} ${route.path}`);
  }
  return principal;
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string, issues: FieldIssue[]): unknown {
  if (schema === undefined) return where === "body" ? undefined : {};
  const result = schema.safeParse(value, { error: expectationOf, reportInput: true });
  if (result.success) return result.data;
  issues.push(...toFieldIssues(where, result.error.issues));
  return undefined;
}

function invalid(issues: readonly FieldIssue[]) {
  const first = issues[0];
  const summary = first === undefined ? "invalid request" : `${first.path}: ${first.message}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return httpError("INVALID_INPUT", `invalid request: ${summary}${more}`, issues);
}

/** Query parameters as an object; a repeated name becomes an array. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = out[name];
    out[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** Writes a JSON response with its length. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

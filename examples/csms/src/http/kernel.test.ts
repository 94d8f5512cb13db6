import { ChargekitError, silentLogger, systemClock } from "@chargekit/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiKeyAuthenticator } from "../auth/api-keys.js";
import { ROLES } from "../auth/roles.js";
import { testKeys } from "../testing/keys.js";
import { type Listening, listen } from "../testing/listen.js";
import { createHttpKernel } from "./kernel.js";
import { defineRoute, reply } from "./route.js";

const keys = testKeys();
const thing = z.object({ id: z.string(), name: z.string(), count: z.number().int() });
let draining = false;

const routes = [
  defineRoute({
    method: "GET",
    path: "/things/:id",
    roles: [ROLES.OPERATOR, ROLES.DRIVER_APP],
    summary: "a thing",
    params: z.object({ id: z.string().regex(/^t-\d+$/) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(10).optional() }),
    responses: { 200: thing },
    // `secret` is not in the response schema: it must be stripped, not sent.
    handler: ({ params, query, principal }) =>
      reply(200, { id: params.id, name: principal.role, count: query.limit ?? 0, secret: "do-not-send" }),
  }),
  defineRoute({
    method: "POST",
    path: "/things",
    roles: [ROLES.OPERATOR],
    summary: "create a thing",
    body: z.strictObject({ name: z.string().min(1), count: z.number().int().min(0), tags: z.array(z.string()).max(3) }),
    responses: { 201: thing },
    handler: ({ body }) => reply(201, { id: "t-1", name: body.name, count: body.count }),
  }),
  defineRoute({
    method: "GET",
    path: "/things/search",
    roles: "public",
    summary: "literal segments win over parameters",
    responses: { 200: z.object({ search: z.literal(true), caller: z.string() }) },
    handler: ({ principal }) => reply(200, { search: true as const, caller: principal?.role ?? "anonymous" }),
  }),
  defineRoute({
    method: "GET",
    path: "/broken",
    roles: "public",
    summary: "throws",
    responses: { 200: z.object({}) },
    handler: () => {
      throw new Error("connect ECONNREFUSED postgres://app:hunter2@db");
    },
  }),
  defineRoute({
    method: "GET",
    path: "/wrong-shape",
    roles: "public",
    summary: "answers a body that breaks its schema",
    responses: { 200: z.object({ n: z.number() }) },
    handler: () => reply(200, { n: "not a number" } as unknown as { n: number }),
  }),
  defineRoute({
    method: "GET",
    path: "/domain/:code",
    roles: "public",
    summary: "throws a domain error",
    params: z.object({ code: z.string() }),
    responses: { 200: z.object({}) },
    handler: ({ params }) => {
      throw new ChargekitError<string>(params.code, `domain said ${params.code}`);
    },
  }),
];

let server: Listening;
beforeAll(async () => {
  const kernel = createHttpKernel({
    routes,
    authenticate: createApiKeyAuthenticator(keys.entries),
    logger: silentLogger,
    clock: systemClock,
    maxBodyBytes: 2048,
    errorStatuses: { SLOT_TAKEN: 409 },
    isDraining: () => draining,
  });
  server = await listen((req, res) => void kernel.handle(req, res));
});
afterAll(() => server.close());

// biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field
type Loose = Record<string, any>;

async function call(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== undefined) headers.set("authorization", `Bearer ${init.key}`);
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === "" ? undefined : (JSON.parse(text) as Loose),
  };
}

const post = (body: string, contentType = "application/json") => ({
  method: "POST",
  key: keys.operator,
  body,
  headers: { "content-type": contentType },
});

describe("routing", () => {
  it("404 for unknown paths and 405 with Allow for unknown methods", async () => {
    const missing = await call("/nothing");
    expect(missing.status).toBe(404);
    expect(missing.body?.["error"]).toMatchObject({ code: "NOT_FOUND", message: "no route for GET /nothing" });
    const wrong = await call("/things", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("literal segments win over parameters", async () => {
    expect((await call("/things/search")).body).toEqual({ search: true, caller: "anonymous" });
    expect((await call("/things/search", { key: keys.navigation })).body).toEqual({
      search: true,
      caller: "navigation-app",
    });
  });
});

describe("authentication and roles", () => {
  it("401 without a key, with WWW-Authenticate", async () => {
    const res = await call("/things/t-1");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="chargekit"');
    expect(res.body?.["error"].code).toBe("UNAUTHENTICATED");
  });

  it("401 for a wrong, malformed or tampered key", async () => {
    for (const key of ["nope", `${keys.operator}x`, keys.operator.replace(/.$/, (c) => (c === "A" ? "B" : "A"))]) {
      expect((await call("/things/t-1", { key })).status).toBe(401);
    }
  });

  it("accepts X-API-Key as well as a bearer token", async () => {
    expect((await call("/things/t-1", { headers: { "x-api-key": keys.operator } })).status).toBe(200);
  });

  it("403 for a role the route does not list, 200 for one it does", async () => {
    const forbidden = await call("/things/t-1", { key: keys.navigation });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body?.["error"].code).toBe("FORBIDDEN");
    expect((await call("/things/t-1", { key: keys.driverA })).body).toEqual({
      id: "t-1",
      name: "driver-app",
      count: 0,
    });
    expect((await call("/things", { ...post('{"name":"x","count":1,"tags":[]}'), key: keys.driverA })).status).toBe(
      403,
    );
  });

  it("checks the key before reading the body", async () => {
    const res = await call("/things", { ...post("{ not json"), key: keys.navigation });
    expect(res.status).toBe(403);
  });
});

describe("validation", () => {
  it("names bad params and query fields", async () => {
    const res = await call("/things/x-1?limit=99", { key: keys.operator });
    expect(res.status).toBe(400);
    expect(res.body?.["error"]).toMatchObject({
      code: "INVALID_INPUT",
      details: [
        { path: "params.id", message: 'expected text of the documented form, got "x-1"' },
        { path: "query.limit", message: "expected a number ≤ 10, got 99" },
      ],
    });
  });

  it("names every bad body field", async () => {
    const res = await call("/things", post('{"name":"","count":-1,"tags":["a",2],"extra":true}'));
    expect(res.status).toBe(400);
    expect(res.body?.["error"].details).toEqual([
      { path: "body.name", message: 'expected at least 1 character, got ""' },
      { path: "body.count", message: "expected a number ≥ 0, got -1" },
      { path: "body.tags[1]", message: "expected a string, got 2" },
      { path: "body.extra", message: "unknown field" },
    ]);
    expect(res.body?.["error"].message).toBe(
      'invalid request: body.name: expected at least 1 character, got "" (and 3 more)',
    );
  });

  it("415 for other media types, 400 for malformed or empty JSON, 413 past the size bound", async () => {
    expect((await call("/things", post("name=x", "application/x-www-form-urlencoded"))).status).toBe(415);
    const malformed = await call("/things", post("{ nope"));
    expect(malformed.status).toBe(400);
    expect(malformed.body?.["error"].details[0].path).toBe("body");
    expect((await call("/things", post(""))).status).toBe(400);
    const big = JSON.stringify({ name: "x".repeat(4096), count: 1, tags: [] });
    expect((await call("/things", post(big))).status).toBe(413);
  });

  it("answers 200 or a 400 that names a body field for any JSON body, never 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
        const res = await call("/things", post(JSON.stringify(value)));
        expect([201, 400, 413]).toContain(res.status);
        if (res.status === 400) {
          for (const d of res.body?.["error"].details ?? []) expect(d.path).toMatch(/^body/);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("responses and errors", () => {
  it("sends only the fields of the response schema", async () => {
    const res = await call("/things/t-7?limit=3", { key: keys.operator });
    expect(res.body).toEqual({ id: "t-7", name: "operator", count: 3 });
  });

  it("hides unknown errors behind a generic 500", async () => {
    const res = await call("/broken");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: "INTERNAL", message: "internal error", requestId: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain("hunter2");
  });

  it("refuses to send a response that breaks its schema", async () => {
    expect((await call("/wrong-shape")).status).toBe(500);
  });

  it("maps error codes to statuses, domain codes through errorStatuses", async () => {
    expect((await call("/domain/SLOT_TAKEN")).status).toBe(409);
    expect((await call("/domain/CONFLICT")).status).toBe(409);
    expect((await call("/domain/NOT_FOUND")).status).toBe(404);
    expect((await call("/domain/LIMIT_EXCEEDED")).status).toBe(429);
    const unavailable = await call("/domain/PORT_FAILURE");
    expect(unavailable.status).toBe(503);
    expect(unavailable.body?.["error"].message).toBe("service unavailable");
    const unknown = await call("/domain/SOMETHING_ELSE");
    expect(unknown.status).toBe(500);
    expect(unknown.body?.["error"]).toMatchObject({ code: "INTERNAL", message: "internal error" });
  });

  it("sets security headers and a request id on every response, echoing a valid incoming one", async () => {
    const res = await call("/nothing", { headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(res.body?.["error"].requestId).toBe("abc-123");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const generated = await call("/nothing", { headers: { "x-request-id": "bad id with spaces" } });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends no CORS headers by default", async () => {
    const res = await call("/things/search", { headers: { origin: "https://evil.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect((await call("/things", { method: "OPTIONS", headers: { origin: "https://evil.example" } })).status).toBe(
      405,
    );
  });

  it("answers 503 with Connection: close while draining", async () => {
    draining = true;
    try {
      const res = await call("/things/search");
      expect(res.status).toBe(503);
      expect(res.body?.["error"].code).toBe("SHUTTING_DOWN");
    } finally {
      draining = false;
    }
  });
});

describe("CORS when configured", () => {
  it("answers preflights and tags responses for listed origins only", async () => {
    const kernel = createHttpKernel({
      routes,
      authenticate: () => undefined,
      logger: silentLogger,
      clock: systemClock,
      maxBodyBytes: 2048,
      cors: { origins: ["https://app.example"] },
    });
    const cors = await listen((req, res) => void kernel.handle(req, res));
    try {
      const preflight = await fetch(`${cors.url}/things`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example", "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
      expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
      const other = await fetch(`${cors.url}/things/search`, { headers: { origin: "https://evil.example" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      expect(other.headers.get("vary")).toBe("Origin");
    } finally {
      await cors.close();
    }
  });
});

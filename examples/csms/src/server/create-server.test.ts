import { ChargekitError, DriverId, silentLogger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ROLES } from "../auth/roles.js";
import { createMemoryDashboardSource, seedFromConfig } from "../dashboard/memory-source.js";
import { defineRoute, reply } from "../http/route.js";
import { driverAndOperators } from "../live/audience.js";
import { testConfig } from "../testing/config.js";
import { deferred } from "../testing/deferred.js";
import { testKeys } from "../testing/keys.js";
import {
  checkSchemaObjects,
  documentSchemas,
  openApiStructureValidator,
  pointerSegment,
} from "../testing/openapi-validator.js";
import { openSse } from "../testing/sse-client.js";
import { type CsmsServer, createServer } from "./create-server.js";
import type { CsmsModule } from "./module.js";

const keys = testKeys();
const running: CsmsServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop("test over");
});

async function startServer(modules: CsmsModule[] = []) {
  const clock = createManualClock(Date.UTC(2026, 10, 21, 8));
  const config = testConfig(keys.entries);
  const dashboard = createMemoryDashboardSource(clock);
  seedFromConfig(dashboard, config, clock);
  const server = createServer(config, { clock, logger: silentLogger, dashboard, modules });
  running.push(server);
  const urls = await server.start();
  const get = async (path: string, key?: string) => {
    const res = await fetch(
      `${urls.http}${path}`,
      key === undefined ? {} : { headers: { authorization: `Bearer ${key}` } },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { server, urls, clock, dashboard, get };
}

describe("createServer", () => {
  it("answers health and readiness, and readiness follows the modules' checks", async () => {
    let storeUp = true;
    const { get } = await startServer([
      { name: "store", start: (ctx) => ctx.addReadinessCheck("connected", () => storeUp) },
    ]);
    expect(await get("/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get("/readyz")).toEqual({
      status: 200,
      body: { status: "ready", checks: { accepting: true, "store.connected": true } },
    });
    storeUp = false;
    expect((await get("/readyz")).status).toBe(503);
  });

  it("serves a valid OpenAPI 3.1 document listing every registered route", async () => {
    const { server, get } = await startServer();
    const { status, body: doc } = await get("/openapi.json");
    expect(status).toBe(200);
    const validate = openApiStructureValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(checkSchemaObjects(doc)).toEqual([]);
    const paths = doc["paths"] as Record<string, Record<string, unknown>>;
    for (const route of server.routes) {
      const path = route.path.replace(/:(\w+)/g, "{$1}");
      expect(paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    const documented = Object.values(paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(documented).toBe(server.routes.length);
  });

  it("sends a dashboard snapshot that matches its documented schema, to operators only", async () => {
    const { get } = await startServer();
    const doc = (await get("/openapi.json")).body;
    const snapshot = await get("/api/v1/dashboard/snapshot", keys.operator);
    expect(snapshot.status).toBe(200);
    const schema = documentSchemas(doc)(
      `/paths/${pointerSegment("/api/v1/dashboard/snapshot")}/get/responses/200/content/${pointerSegment("application/json")}/schema`,
    );
    expect(schema(snapshot.body), JSON.stringify(schema.errors)).toBe(true);
    expect(snapshot.body["sites"]).toEqual([{ id: "site-a", name: "Site A", limitW: 40_000, powerW: 0, history: [] }]);
    expect((snapshot.body["stations"] as { id: string; status: string }[]).map((s) => [s.id, s.status])).toEqual([
      ["CP-1", "Offline"],
      ["CP-2", "Offline"],
    ]);
    expect((await get("/api/v1/dashboard/snapshot")).status).toBe(401);
    expect((await get("/api/v1/dashboard/snapshot", keys.driverA)).status).toBe(403);
    expect((await get("/api/v1/dashboard/snapshot", keys.navigation)).status).toBe(403);
  });

  it("tells each key who it is", async () => {
    const { get } = await startServer();
    expect((await get("/api/v1/whoami", keys.driverA)).body).toEqual({
      keyId: "app-a",
      role: "driver-app",
      tenant: "default",
      driverId: "driver-a",
    });
    expect((await get("/api/v1/whoami", keys.navigation)).body).toMatchObject({ role: "navigation-app" });
    expect((await get("/api/v1/whoami", "ck_ops.wrong")).status).toBe(401);
  });

  it("streams dashboard changes to operators, and a driver's events to that driver only", async () => {
    const { urls, dashboard, server } = await startServer();
    const operator = await openSse(`${urls.http}/api/v1/events?topics=dashboard`, keys.operator);
    const alice = await openSse(`${urls.http}/api/v1/events`, keys.driverA);
    const bob = await openSse(`${urls.http}/api/v1/events`, keys.driverB);
    expect(operator.status).toBe(200);
    await Promise.all([operator, alice, bob].map((c) => c.next((f) => f.comment === "connected")));

    dashboard.setStationStatus("CP-1", "Charging", 7400);
    const change = await operator.next((f) => f.event === "station:updated");
    expect(change.data).toMatchObject({ station: { id: "CP-1", status: "Charging", powerW: 7400 } });

    server.hub.publish({
      topic: "queue",
      type: "queue:position",
      data: { position: 2 },
      audience: driverAndOperators("default", DriverId.of("driver-a")),
    });
    expect((await alice.next((f) => f.event === "queue:position")).data).toEqual({ position: 2 });
    server.hub.publish({
      topic: "queue",
      type: "queue:position",
      data: { position: 1 },
      audience: driverAndOperators("default", DriverId.of("driver-b")),
    });
    expect((await bob.next((f) => f.event === "queue:position")).data).toEqual({ position: 1 });
    expect(alice.frames.filter((f) => f.event !== undefined).map((f) => f.data)).toEqual([{ position: 2 }]);
    expect(bob.frames.some((f) => f.event === "station:updated")).toBe(false);
    for (const c of [operator, alice, bob]) c.close();
  });

  it("assembles modules: their routes, error statuses, start order and reverse stop order", async () => {
    const order: string[] = [];
    const module = (name: string): CsmsModule => ({
      name,
      start: () => void order.push(`start ${name}`),
      stop: () => void order.push(`stop ${name}`),
    });
    const reservations: CsmsModule = {
      ...module("reservations"),
      errorStatuses: { SLOT_TAKEN: 409 },
      routes: [
        defineRoute({
          method: "POST",
          path: "/api/v1/reservations",
          roles: [ROLES.DRIVER_APP],
          summary: "reserve",
          body: z.object({ stationId: z.string() }),
          responses: { 201: z.object({ id: z.number() }) },
          handler: ({ body }) => {
            if (body.stationId === "taken") throw new ChargekitError<string>("SLOT_TAKEN", "that slot is taken");
            return reply(201, { id: 1 });
          },
        }),
      ],
    };
    const { server, urls } = await startServer([module("store"), module("ocpp"), reservations]);
    const post = (stationId: string) =>
      fetch(`${urls.http}/api/v1/reservations`, {
        method: "POST",
        headers: { authorization: `Bearer ${keys.driverA}`, "content-type": "application/json" },
        body: JSON.stringify({ stationId }),
      });
    expect((await post("CP-1")).status).toBe(201);
    expect((await post("taken")).status).toBe(409);
    const report = await server.stop("test");
    expect(order).toEqual([
      "start store",
      "start ocpp",
      "start reservations",
      "stop reservations",
      "stop ocpp",
      "stop store",
    ]);
    expect(report.hooks.map((h) => h.name)).toEqual(["reservations", "ocpp", "store", "dashboard-bridge"]);
  });
});

describe("graceful shutdown", () => {
  it("stops accepting, closes live streams, lets in-flight requests finish, then runs the hooks", async () => {
    let release: () => void = () => {};
    const slowStarted = deferred();
    const order: string[] = [];
    const slow: CsmsModule = {
      name: "slow",
      routes: [
        defineRoute({
          method: "GET",
          path: "/slow",
          roles: "public",
          summary: "finishes when told",
          responses: { 200: z.object({ done: z.boolean() }) },
          handler: async () => {
            slowStarted.resolve();
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            order.push("in-flight request finished");
            return reply(200, { done: true });
          },
        }),
      ],
      stop: () => void order.push("module stopped"),
    };
    const { server, urls } = await startServer([slow]);
    const stream = await openSse(`${urls.http}/api/v1/events`, keys.operator);
    await stream.next((f) => f.comment === "connected");
    const inFlight = fetch(`${urls.http}/slow`);
    await slowStarted.promise;

    const stopped = server.stop("SIGTERM");
    await stream.ended;
    expect(stream.frames.at(-1)?.event).toBe("stream:closing");
    await expect(fetch(`${urls.http}/healthz`)).rejects.toThrow();
    expect(order).toEqual([]);

    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    const report = await stopped;
    expect(order).toEqual(["in-flight request finished", "module stopped"]);
    expect(report.reason).toBe("SIGTERM");
  });

  it("cuts requests still running at the deadline, then runs the hooks", async () => {
    const hung = deferred();
    const order: string[] = [];
    const { server, urls, clock } = await startServer([
      {
        name: "hangs",
        routes: [
          defineRoute({
            method: "GET",
            path: "/hang",
            roles: "public",
            summary: "never answers",
            responses: { 200: z.object({}) },
            handler: async ({ signal }) => {
              hung.resolve();
              await new Promise((resolve) => signal.addEventListener("abort", resolve));
              order.push("handler saw the abort");
              return reply(200, {});
            },
          }),
        ],
        stop: () => void order.push("module stopped"),
      },
    ]);
    const request = fetch(`${urls.http}/hang`).catch((error: unknown) => error);
    await hung.promise;
    const stopped = server.stop("SIGTERM");
    await clock.advanceAsync(4_999);
    expect(order).toEqual([]);
    await clock.advanceAsync(1);
    await stopped;
    expect(await request).toBeInstanceOf(Error);
    expect(order).toEqual(["handler saw the abort", "module stopped"]);
  });
});

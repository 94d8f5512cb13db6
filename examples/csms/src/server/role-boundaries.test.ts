import { silentLogger } from "@chargekit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_ROLES, type Role } from "../auth/roles.js";
import { operatorsOf } from "../live/audience.js";
import { testConfig } from "../testing/config.js";
import { testKeys } from "../testing/keys.js";
import { openSse } from "../testing/sse-client.js";
import { type CsmsServer, createServer } from "./create-server.js";

const keys = testKeys();
const keyOf: Record<Role, string> = {
  operator: keys.operator,
  "driver-app": keys.driverA,
  "navigation-app": keys.navigation,
};
let server: CsmsServer;
let base: string;

beforeAll(async () => {
  server = createServer(testConfig(keys.entries), { logger: silentLogger });
  base = (await server.start()).http;
});
afterAll(() => server.stop("test over"));

async function statusOf(method: string, path: string, key: string | undefined): Promise<number> {
  const aborter = new AbortController();
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["authorization"] = `Bearer ${key}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    signal: aborter.signal,
    ...(method === "GET" ? {} : { body: "{}" }),
  });
  aborter.abort(); // event streams never end on their own
  return res.status;
}

describe("every route enforces its roles", () => {
  it("401 without a key and 403 for every role it does not list; never 401/403 for a role it lists", async () => {
    const checked: string[] = [];
    for (const route of server.routes) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => (name === "file" ? "dashboard.css" : "x"));
      if (route.roles === "public") {
        expect(await statusOf(route.method, path, undefined), `${route.method} ${route.path}`).not.toBe(401);
        continue;
      }
      expect(await statusOf(route.method, path, undefined), `${route.method} ${route.path} without a key`).toBe(401);
      for (const role of ALL_ROLES) {
        const status = await statusOf(route.method, path, keyOf[role]);
        if (route.roles.includes(role))
          expect([401, 403], `${route.method} ${route.path} as ${role}`).not.toContain(status);
        else expect(status, `${route.method} ${route.path} as ${role}`).toBe(403);
        checked.push(`${route.method} ${route.path} ${role}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(9);
  });

  it("an operator of another tenant is authenticated but sees none of this tenant's data", async () => {
    const headers = { authorization: `Bearer ${keys.otherTenant}` };
    expect(await (await fetch(`${base}/api/v1/whoami`, { headers })).json()).toMatchObject({ tenant: "other" });
    const snapshot = await fetch(`${base}/api/v1/dashboard/snapshot`, { headers });
    expect(snapshot.status).toBe(404);
    const stream = await openSse(`${base}/api/v1/events`, keys.otherTenant);
    const own = await openSse(`${base}/api/v1/events`, keys.operator);
    await Promise.all([stream, own].map((c) => c.next((f) => f.comment === "connected")));
    server.hub.publish({
      topic: "dashboard",
      type: "station:updated",
      data: { n: 1 },
      audience: operatorsOf("default"),
    });
    server.hub.publish({ topic: "dashboard", type: "station:updated", data: { n: 2 }, audience: operatorsOf("other") });
    await own.next((f) => f.event === "station:updated");
    // Each stream is written in publish order: had the first event reached the other tenant, it would come first.
    expect((await stream.next((f) => f.event === "station:updated")).data).toEqual({ n: 2 });
    expect(stream.frames.filter((f) => f.event !== undefined).map((f) => f.data)).toEqual([{ n: 2 }]);
    stream.close();
    own.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_ROLES, type Role } from "../auth/roles.js";
import { type CsmsHarness, startCsms } from "../testing/csms-harness.js";
import { checkSchemaObjects, openApiStructureValidator } from "../testing/openapi-validator.js";

let csms: CsmsHarness;

beforeAll(async () => {
  csms = await startCsms({ stations: [{ id: "CP-1", evses: 2 }] });
}, 60_000);
afterAll(() => csms?.stop());

async function statusOf(method: string, path: string, key: string | undefined): Promise<number> {
  const aborter = new AbortController();
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["authorization"] = `Bearer ${key}`;
  const res = await fetch(`${csms.http}${path}`, {
    method,
    headers,
    signal: aborter.signal,
    ...(method === "GET" ? {} : { body: "{}" }),
  });
  aborter.abort();
  return res.status;
}

describe("the assembled server's API", () => {
  it("enforces every route's roles: 401 without a key, 403 for roles not listed, never for roles listed", async () => {
    const keyOf: Record<Role, string> = {
      operator: csms.keys.operator,
      "driver-app": csms.keys.driverA,
      "navigation-app": csms.keys.navigation,
    };
    let checked = 0;
    for (const route of csms.server.routes) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => (name === "file" ? "dashboard.css" : "x"));
      if (route.roles === "public") continue;
      expect(await statusOf(route.method, path, undefined), `${route.method} ${route.path}`).toBe(401);
      for (const role of ALL_ROLES) {
        const status = await statusOf(route.method, path, keyOf[role]);
        if (route.roles.includes(role))
          expect([401, 403], `${route.method} ${route.path} ${role}`).not.toContain(status);
        else expect(status, `${route.method} ${route.path} ${role}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  }, 60_000);

  it("documents every route in a valid OpenAPI 3.1 document", async () => {
    const doc = (await (await fetch(`${csms.http}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const validate = openApiStructureValidator();
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(checkSchemaObjects(doc)).toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(
      csms.server.routes.map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`).sort(),
    );
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names every bad field of a body", async () => {
    const res = await csms.api("PUT", "/api/v1/tokens", csms.keys.operator, {
      credential: { kind: "idTag", idTag: "THIS-TAG-IS-FAR-TOO-LONG" },
      status: "Fine",
      billing: { methodKind: "cash" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "body.billing.methodKind",
      "body.billing.paymentMethod",
      "body.credential.idTag",
      "body.status",
    ]);
    const remote = await csms.api("POST", "/api/v1/stations/CP-1/remote-start", csms.keys.operator, { evseId: -1 });
    expect(remote.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "body.evseId",
      "body.idToken",
    ]);
    const unknownClass = await csms.api("PUT", "/api/v1/tokens", csms.keys.operator, {
      credential: { kind: "idTag", idTag: "T1" },
      billing: { paymentMethod: "pm_1", driverClass: "vip" },
    });
    expect(unknownClass.body.error.details).toEqual([
      { path: "body.billing.driverClass", message: 'no hold policy class "vip"' },
    ]);
  });

  it("shows another tenant's operator nothing of this network", async () => {
    const other = csms.keys.otherTenant;
    expect((await csms.api("GET", "/api/v1/stations", other)).body).toEqual({ items: [] });
    expect((await csms.api("GET", "/api/v1/transactions", other)).body).toEqual({ items: [] });
    expect((await csms.api("GET", "/api/v1/tokens", other)).body).toEqual({ items: [] });
    expect((await csms.api("GET", "/api/v1/stations/CP-1", other)).status).toBe(404);
    expect((await csms.api("POST", "/api/v1/stations/CP-1/reset", other, {})).status).toBe(404);
    expect((await csms.api("GET", "/api/v1/reports/revenue", other)).status).toBe(404);
  });

  it("lists the declared stations before they ever connected, and answers 404 for others", async () => {
    const list = await csms.api("GET", "/api/v1/stations", csms.keys.operator);
    expect(list.body.items).toEqual([{ id: "CP-1", siteId: "site-a", declared: true, connected: false, evses: [] }]);
    expect((await csms.api("GET", "/api/v1/stations/CP-9", csms.keys.operator)).status).toBe(404);
    expect((await csms.api("PUT", "/api/v1/stations/CP-9/password", csms.keys.operator, {})).status).toBe(404);
  });
});

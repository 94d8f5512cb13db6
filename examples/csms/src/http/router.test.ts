import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineRoute, deriveOperationId, type HttpMethod, reply } from "./route.js";
import { createRouter } from "./router.js";

const route = (method: HttpMethod, path: string) =>
  defineRoute({
    method,
    path,
    roles: "public",
    summary: path,
    responses: { 200: z.object({}) },
    handler: () => reply(200, {}),
  });

describe("router", () => {
  const routes = [
    route("GET", "/api/v1/stations"),
    route("GET", "/api/v1/stations/:stationId"),
    route("GET", "/api/v1/stations/search"),
    route("POST", "/api/v1/stations/:stationId/evses/:evseId/reset"),
    route("DELETE", "/api/v1/stations/:stationId"),
  ];
  const router = createRouter(routes);

  it("decodes any parameter value back exactly (percent-encoding round trip)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        (station, evse) => {
          const match = router.match(
            "POST",
            `/api/v1/stations/${encodeURIComponent(station)}/evses/${encodeURIComponent(evse)}/reset`,
          );
          expect(match).toEqual({ kind: "found", route: routes[3], params: { stationId: station, evseId: evse } });
        },
      ),
    );
  });

  it("prefers literal segments, reports the allowed methods, and refuses broken encodings", () => {
    expect(router.match("GET", "/api/v1/stations/search")).toMatchObject({ kind: "found", route: routes[2] });
    expect(router.match("GET", "/api/v1/stations/CP-1")).toMatchObject({ params: { stationId: "CP-1" } });
    expect(router.match("PUT", "/api/v1/stations/CP-1")).toEqual({
      kind: "method-not-allowed",
      allow: ["GET", "DELETE"],
    });
    expect(router.match("GET", "/api/v1/stations/%E0%A4%A")).toMatchObject({ kind: "bad-path" });
    expect(router.match("GET", "/api/v1/stations/")).toEqual({ kind: "not-found" });
    expect(router.match("GET", "/api/v1")).toEqual({ kind: "not-found" });
  });

  it("refuses duplicate routes and relative paths", () => {
    expect(() => createRouter([route("GET", "/a/:x"), route("GET", "/a/:y")])).toThrow(/duplicate route GET \/a\/:y/);
    expect(() => createRouter([route("GET", "a")])).toThrow(/must start with/);
  });

  it("derives readable operation ids", () => {
    expect(deriveOperationId("POST", "/api/v1/stations/:stationId/evses/:evseId/reset")).toBe(
      "postApiV1StationsByStationIdEvsesByEvseIdReset",
    );
    expect(deriveOperationId("GET", "/openapi.json")).toBe("getOpenapiJson");
  });
});

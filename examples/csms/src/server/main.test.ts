import { describe, expect, it } from "vitest";
import { main } from "./main.js";

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Map<string, () => void>();
  return {
    out,
    err,
    signal: (name: "SIGINT" | "SIGTERM") => handlers.get(name)?.(),
    options: {
      print: (line: string, stream: "out" | "err") => void (stream === "out" ? out : err).push(line),
      onSignal: (signal: "SIGINT" | "SIGTERM", handler: () => void) => void handlers.set(signal, handler),
    },
  };
}

describe("main", () => {
  it("refuses an unusable configuration with exit code 2 and the field named", async () => {
    const h = harness();
    const outcome = await main({ ...h.options, argv: [], env: { CHARGEKIT_HTTP_PORT: "http" } });
    expect(outcome).toBe(2);
    expect(h.err).toEqual(['config: http.port: expected a port number 0–65535, got "http" (from CHARGEKIT_HTTP_PORT)']);
  });

  it("stops what started and exits with 1 when start-up fails (a port in use, a module that cannot start)", async () => {
    const h = harness();
    const stopped: string[] = [];
    const outcome = await main({
      ...h.options,
      argv: [],
      env: { CHARGEKIT_HTTP_PORT: "0", CHARGEKIT_LOG_LEVEL: "silent" },
      modules: [
        { name: "store", stop: () => void stopped.push("store") },
        {
          name: "ocpp",
          start: () => {
            throw new Error("listen EADDRINUSE 127.0.0.1:9000");
          },
        },
      ],
    });
    expect(outcome).toBe(1);
    expect(h.err).toEqual(["chargekit CSMS could not start: listen EADDRINUSE 127.0.0.1:9000"]);
    expect(stopped).toEqual(["store"]);
  });

  it("starts on the shipped configuration, prints the URLs with a temporary operator key, and stops on SIGTERM", async () => {
    const h = harness();
    const outcome = await main({
      ...h.options,
      argv: [],
      env: { CHARGEKIT_HTTP_PORT: "0", CHARGEKIT_LOG_LEVEL: "silent", CHARGEKIT_DEMO: "0" },
    });
    if (typeof outcome === "number") throw new Error(`main exited with ${outcome}`);
    const dashboardLine = h.out.find((line) => line.includes("Dashboard"));
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)#key=(ck_dashboard\.[\w-]+)/.exec(dashboardLine ?? "");
    expect(url, h.out.join("\n")).not.toBeNull();
    expect(
      h.out.some((line) =>
        /HTTP API\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1\s+OpenAPI: http:.*\/openapi\.json/.test(line),
      ),
    ).toBe(true);
    const [, base, key] = url ?? [];
    const whoami = await fetch(`${base}api/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });
    expect(await whoami.json()).toEqual({ keyId: "dashboard", role: "operator", tenant: "default" });
    const snapshot = await fetch(`${base}api/v1/dashboard/snapshot`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await snapshot.json()) as { sites: unknown[]; stations: unknown[] };
    expect([body.sites.length, body.stations.length]).toEqual([3, 20]);

    h.signal("SIGTERM");
    expect(await outcome.exited).toBe(0);
    expect(outcome.server.lifecycle.isShuttingDown()).toBe(true);
    await expect(fetch(`${base}healthz`)).rejects.toThrow();
  });
});

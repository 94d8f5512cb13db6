import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG_FILE, loadConfig, validateConfig } from "./load.js";

const demo = JSON.parse(readFileSync(DEFAULT_CONFIG_FILE, "utf8")) as Record<string, unknown>;

function messageOf(raw: Record<string, unknown>, env: Record<string, string> = {}): string {
  const result = validateConfig(raw, env);
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.error.message;
}

describe("loadConfig", () => {
  it("loads the shipped demo configuration when no file is named: 3 sites, 20 stations, demo on", () => {
    const loaded = loadConfig({ argv: [], env: {} });
    if (!loaded.ok) throw loaded.error;
    const { config } = loaded.value;
    expect(loaded.value.file).toBe(DEFAULT_CONFIG_FILE);
    expect(config.sites).toHaveLength(3);
    expect(config.stations).toHaveLength(20);
    expect(config.demo.enabled).toBe(true);
    expect(config.ocpp.securityProfile).toBe(1);
    expect(config.storage).toEqual({ kind: "embedded", dataDir: "./data" });
  });

  it("fills every default for an empty file", () => {
    const loaded = loadConfig({ argv: ["--config", "x.json"], env: {}, readFile: () => "{}", cwd: "/srv" });
    if (!loaded.ok) throw loaded.error;
    expect(loaded.value.file).toBe("/srv/x.json");
    expect(loaded.value.config.http).toMatchObject({ host: "127.0.0.1", port: 8080, corsOrigins: [] });
    expect(loaded.value.config.demo.enabled).toBe(false);
    expect(loaded.value.config.log.level).toBe("info");
  });

  it("takes the file from --config=, then CHARGEKIT_CONFIG", () => {
    const seen: string[] = [];
    const readFile = (path: string) => {
      seen.push(path);
      return "{}";
    };
    loadConfig({ argv: ["--config=/a.json"], env: { CHARGEKIT_CONFIG: "/b.json" }, readFile });
    loadConfig({ argv: [], env: { CHARGEKIT_CONFIG: "/b.json" }, readFile });
    expect(seen).toEqual(["/a.json", "/b.json"]);
  });

  it("names an unreadable or malformed file", () => {
    const missing = loadConfig({
      argv: ["--config", "/nope.json"],
      env: {},
      readFile: () => {
        throw Object.assign(new Error("no such file"), { code: "ENOENT" });
      },
    });
    expect(!missing.ok && missing.error.message).toBe(
      "config: /nope.json: cannot read the configuration file (ENOENT)",
    );
    const broken = loadConfig({ argv: ["--config", "/b.json"], env: {}, readFile: () => "{ nope" });
    expect(!broken.ok && broken.error.message).toMatch(/^config: \/b\.json: not valid JSON: /);
    const list = loadConfig({ argv: ["--config", "/l.json"], env: {}, readFile: () => "[]" });
    expect(!list.ok && list.error.message).toBe("config: /l.json: expected a JSON object at the top level");
  });
});

describe("configuration errors name the field, the value and the source", () => {
  it("a bad per-phase limit", () => {
    const sites = structuredClone(demo["sites"]) as Record<string, unknown>[];
    (sites[1] as { gridLimit: Record<string, unknown> }).gridLimit["L2"] = "x";
    expect(messageOf({ ...demo, sites })).toBe('config: sites[1].gridLimit.L2: expected a number ≥ 0, got "x"');
  });

  it("a negative limit deep in the tree and an unknown field", () => {
    const sites = structuredClone(demo["sites"]) as { children: { limit: Record<string, number> }[] }[];
    const feeder = sites[0]?.children[1];
    if (feeder === undefined) throw new Error("demo config changed");
    feeder.limit["L3"] = -5;
    expect(messageOf({ ...demo, sites, htpp: {} }).split("\n")).toEqual([
      "config: sites[0].children[1].limit.L3: expected a number ≥ 0, got -5",
      "config: htpp: unknown field",
    ]);
  });

  it("environment overrides are converted and blamed", () => {
    expect(messageOf({}, { CHARGEKIT_HTTP_PORT: "eighty" })).toBe(
      'config: http.port: expected a port number 0–65535, got "eighty" (from CHARGEKIT_HTTP_PORT)',
    );
    expect(messageOf({}, { CHARGEKIT_DEMO: "maybe" })).toBe(
      'config: demo.enabled: expected true or false, got "maybe" (from CHARGEKIT_DEMO)',
    );
    expect(messageOf({}, { CHARGEKIT_SECURITY_PROFILE: "4" })).toBe(
      "config: ocpp.securityProfile: expected a security profile 0, 1, 2 or 3, got 4 (from CHARGEKIT_SECURITY_PROFILE)",
    );
  });

  it("environment overrides apply", () => {
    const loaded = validateConfig(demo, {
      CHARGEKIT_HTTP_PORT: "0",
      CHARGEKIT_DEMO: "0",
      CHARGEKIT_LOG_LEVEL: "warn",
      CHARGEKIT_CORS_ORIGINS: "https://a.example, https://b.example",
      CHARGEKIT_DATA_DIR: "/var/lib/chargekit",
    });
    if (!loaded.ok) throw loaded.error;
    const { config } = loaded.value;
    expect(config.http.port).toBe(0);
    expect(config.demo.enabled).toBe(false);
    expect(config.log.level).toBe("warn");
    expect(config.http.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.storage).toEqual({ kind: "embedded", dataDir: "/var/lib/chargekit" });
    expect(loaded.value.fromEnvironment).toContain("CHARGEKIT_DEMO");
  });

  it("DATABASE_URL selects PostgreSQL, and its value is never echoed", () => {
    const loaded = validateConfig(demo, { DATABASE_URL: "postgres://u:p@127.0.0.1/db", CHARGEKIT_DATA_DIR: "/x" });
    if (!loaded.ok) throw loaded.error;
    expect(loaded.value.config.storage).toEqual({ kind: "postgres", url: "postgres://u:p@127.0.0.1/db" });
    expect(messageOf({}, { DATABASE_URL: "mysql://u:secret@h/db" })).toBe(
      "config: storage.url: expected a postgres:// URL, got (value hidden) (from DATABASE_URL)",
    );
  });

  it("a storage kind that does not exist", () => {
    expect(messageOf({ storage: { kind: "sqlite" } })).toBe(
      'config: storage.kind: expected one of "embedded", "postgres", got "sqlite"',
    );
  });

  it("a driver-app key without its driver, and a malformed hash", () => {
    const apiKeys = [{ id: "app", role: "driver-app", hash: `sha256$${"a".repeat(64)}` }];
    expect(messageOf({ apiKeys })).toBe("config: apiKeys[0].driverId: is required (must be a string)");
    const bad = [{ id: "ops", role: "operator", hash: "plaintext-key" }];
    expect(messageOf({ apiKeys: bad })).toBe(
      "config: apiKeys[0].hash: expected a sha256$<64 hex digits> hash, got (value hidden)",
    );
  });

  it("cross-field rules: duplicates, undeclared and unassigned stations, TLS for profiles 2 and 3", () => {
    const stations = [{ id: "CP-1" }, { id: "CP-1" }, { id: "CP-2" }];
    const sites = [
      { id: "s", name: "S", gridLimit: { L1: 1, L2: 1, L3: 1 }, stations: ["CP-1", "CP-9"] },
      { id: "s", name: "T", gridLimit: { L1: 1, L2: 1, L3: 1 }, children: [{ id: "n", stations: ["CP-1"] }] },
    ];
    expect(messageOf({ stations, sites }).split("\n")).toEqual([
      'config: stations[1].id: duplicate station id "CP-1" (see stations[0])',
      'config: sites[0].stations[1]: station "CP-9" is not declared in stations',
      'config: sites[1].id: duplicate site id "s" (see sites[0])',
      'config: sites[1].children[0].stations[0]: station "CP-1" is already assigned at sites[0].stations[0]',
      'config: stations[2].id: station "CP-2" is not assigned to any site',
    ]);
    expect(messageOf({ ocpp: { securityProfile: 2 } })).toBe(
      "config: ocpp.tls: required for security profile 2 (certFile and keyFile)",
    );
    expect(messageOf({ ocpp: { securityProfile: 3, tls: { certFile: "c", keyFile: "k" } } })).toBe(
      "config: ocpp.tls.caFile: required for security profile 3 (the CA that signs station certificates)",
    );
  });

  it("never throws, whatever the input: it returns a configuration or names at least one field", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.dictionary(fc.constantFrom("CHARGEKIT_HTTP_PORT", "CHARGEKIT_DEMO"), fc.string()),
        (value, env) => {
          const raw = typeof value === "object" && value !== null && !Array.isArray(value) ? value : { http: value };
          const result = validateConfig(raw as Record<string, unknown>, env);
          if (!result.ok) {
            const issues = result.error.details["issues"] as { path: string; message: string }[];
            expect(issues.length).toBeGreaterThan(0);
            for (const line of result.error.message.split("\n")) expect(line).toMatch(/^config: \S.*: \S/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

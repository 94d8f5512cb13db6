import type { ApiKeyConfig } from "../config/api-keys.js";
import { validateConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";

/** A small valid configuration for tests: port 0, one site with two stations, the given API keys. */
export function testConfig(apiKeys: readonly ApiKeyConfig[], overrides: Record<string, unknown> = {}): Config {
  const loaded = validateConfig({
    http: { port: 0, shutdownGraceMs: 5_000 },
    log: { level: "silent" },
    stations: [{ id: "CP-1", name: "Bay 1", evses: 2 }, { id: "CP-2" }],
    sites: [
      {
        id: "site-a",
        name: "Site A",
        gridLimit: { L1: 63, L2: 63, L3: 63 },
        maxPowerKw: 40,
        children: [{ id: "feeder", limit: { L1: 32, L2: 32, L3: 32 }, stations: ["CP-1", "CP-2"] }],
      },
    ],
    apiKeys,
    ...overrides,
  });
  if (!loaded.ok) throw loaded.error;
  return loaded.value.config;
}

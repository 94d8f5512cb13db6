import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TEST_TARIFF } from "../../testing/csms-harness.js";
import type { testKeys } from "../../testing/keys.js";

/** The stations of the crash scenario: a 1.6 one with two EVSEs and a 2.0.1 one with one. */
export const CRASH_STATIONS = [
  { id: "CP-16", evses: 2 },
  { id: "CP-201", evses: 1 },
] as const;

/** The site of the crash scenario. */
export const CRASH_SITE = "site-a";

/** Its grid limit, A per phase. */
export const CRASH_GRID_A = 32;

/**
 * Writes the configuration file the server process runs on: fixed ports (the stations reconnect to the same URL
 * after the restart), the given storage, one site with both stations and the test tariff, the test API keys,
 * no demo fleet, info logs.
 */
export async function writeCrashConfig(options: {
  readonly dir: string;
  readonly httpPort: number;
  readonly ocppPort: number;
  readonly storage: Record<string, unknown>;
  readonly keys: ReturnType<typeof testKeys>;
}): Promise<string> {
  const file = join(options.dir, "csms.json");
  const config = {
    http: { host: "127.0.0.1", port: options.httpPort, shutdownGraceMs: 5_000 },
    ocpp: { host: "127.0.0.1", port: options.ocppPort, securityProfile: 1 },
    storage: options.storage,
    log: { level: "info" },
    demo: { enabled: false },
    stations: CRASH_STATIONS,
    sites: [
      {
        id: CRASH_SITE,
        name: "Site A",
        timezone: "Europe/Berlin",
        tariffId: TEST_TARIFF.id,
        gridLimit: { L1: CRASH_GRID_A, L2: CRASH_GRID_A, L3: CRASH_GRID_A },
        stations: CRASH_STATIONS.map((s) => s.id),
      },
    ],
    tariffs: { inline: [TEST_TARIFF] },
    apiKeys: options.keys.entries,
  };
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

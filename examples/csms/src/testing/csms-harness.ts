import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, silentLogger } from "@chargekit/core";
import type { ManualClock } from "@chargekit/core/testing";
import { createSimulatedStation, type OcppVersion, type SimulatedStation } from "@chargekit/ocpp";
import { createOcppClient, type OcppClient } from "@chargekit/ocpp/ws";
import type { PaymentProvider } from "@chargekit/payments";
import { validateConfig } from "../config/load.js";
import { type CsmsServer, createServer } from "../server/create-server.js";
import { csmsModules } from "../wiring/modules.js";
import { type CsmsServices, createServices } from "../wiring/services.js";
import { apiClient } from "./api-client.js";
import { testKeys } from "./keys.js";

/** A tariff for tests: 0.40 EUR/kWh plus 19 % VAT, billed per Wh. */
export const TEST_TARIFF = {
  id: "test-energy",
  currency: "EUR",
  elements: [{ price_components: [{ type: "ENERGY", price: 0.4, vat: 19, step_size: 1 }] }],
};

/** The whole CSMS on a fresh PGlite data directory, its HTTP API and OCPP endpoint on free ports. */
export interface CsmsHarness {
  /** The server. */
  readonly server: CsmsServer;
  /** Its services. */
  readonly services: CsmsServices;
  /** Base URL of the HTTP API. */
  readonly http: string;
  /** The OCPP endpoint (append `/<station id>`). */
  readonly ocppUrl: string;
  /** The API keys (one per role, two drivers, another tenant's operator). */
  readonly keys: ReturnType<typeof testKeys>;
  /** The data directory. */
  readonly dataDir: string;
  /** Calls the API with `key`; resolves with status and parsed body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
  api(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Stops the server (gracefully) and, unless `keepData`, removes the data directory. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Boots the CSMS for a test: one site `site-a` (Europe/Berlin, {@link TEST_TARIFF}) with the given stations,
 * security profile 1, silent logs. `overrides` replace top-level configuration fields.
 */
export async function startCsms(
  options: {
    readonly clock?: Clock;
    readonly stations?: readonly { id: string; evses?: number }[];
    readonly overrides?: Record<string, unknown>;
    readonly dataDir?: string;
    readonly paymentProvider?: PaymentProvider;
  } = {},
): Promise<CsmsHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "chargekit-csms-")));
  const keys = testKeys();
  const stations = options.stations ?? [{ id: "CP-1", evses: 2 }];
  const loaded = validateConfig({
    http: { port: 0, shutdownGraceMs: 5_000 },
    ocpp: { port: 0, securityProfile: 1 },
    storage: { kind: "embedded", dataDir },
    log: { level: "silent" },
    stations,
    sites: [
      {
        id: "site-a",
        name: "Site A",
        timezone: "Europe/Berlin",
        tariffId: TEST_TARIFF.id,
        gridLimit: { L1: 200, L2: 200, L3: 200 },
        stations: stations.map((s) => s.id),
      },
    ],
    tariffs: { inline: [TEST_TARIFF] },
    apiKeys: keys.entries,
    ...options.overrides,
  });
  if (!loaded.ok) throw loaded.error;
  const services = createServices();
  const server = createServer(loaded.value.config, {
    logger: silentLogger,
    modules: csmsModules(
      services,
      options.paymentProvider === undefined ? {} : { payments: { provider: options.paymentProvider } },
    ),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const urls = await server.start();
  const http = urls.http;
  return {
    server,
    services,
    http,
    ocppUrl: services.need("ocppEndpoint").url,
    keys,
    dataDir,
    api: apiClient(http),
    async stop(stopOptions = {}) {
      await server.stop("test over");
      if (stopOptions.keepData !== true) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A simulated station connected over a real WebSocket with its password. */
export interface ConnectedStation {
  /** The simulated station. */
  readonly station: SimulatedStation;
  /** Its OCPP client. */
  readonly client: OcppClient;
  /** Switches it off and closes the connection. */
  close(): Promise<void>;
}

/** Connects a simulated station of `version` to the harness's OCPP endpoint and waits for its boot answer. */
export async function connectStation(
  harness: Pick<CsmsHarness, "ocppUrl">,
  options: {
    readonly identity: string;
    readonly version: OcppVersion;
    readonly password: string;
    readonly clock: Clock;
    readonly evses?: number;
    readonly config?: Readonly<Record<string, string>>;
  },
): Promise<ConnectedStation> {
  const station = createSimulatedStation({
    identity: options.identity,
    version: options.version,
    evses: options.evses ?? 1,
    clock: options.clock,
    ...(options.config === undefined ? {} : { config: options.config }),
  });
  const client = createOcppClient({
    url: harness.ocppUrl,
    identity: options.identity,
    protocols: [options.version],
    password: options.password,
    clock: options.clock,
    reconnect: false,
    pingIntervalMs: 0,
  });
  const booted = new Promise<unknown>((resolve) => {
    client.events.on("connection:opened", ({ endpoint }) => void station.connect(endpoint).then(resolve));
  });
  await client.connect();
  await booted;
  return {
    station,
    client,
    async close() {
      station.stop();
      await client.close();
    },
  };
}

/**
 * Lets real-socket traffic finish before a test moves the manual clock: the stations deliver what they are sending
 * and the server finishes its event-driven work (which may send commands the stations answer), a few rounds. Moving
 * the clock while a CALL is on the wire would time it out.
 */
export async function settle(services: CsmsServices, stations: readonly SimulatedStation[]): Promise<void> {
  for (let round = 0; round < 4; round++) {
    for (const station of stations) await station.settled();
    await services.work.idle();
  }
}

/**
 * The longest step a test moves the manual clock by: shorter than the OCPP server's WebSocket ping interval and its
 * call timeout (30 s each), so one step never holds both a ping and the keepalive tick that checks its pong, nor a
 * command and its timeout.
 */
export const CLOCK_STEP_MS = 20_000;

/**
 * Resolves when the server has taken every WebSocket pong the stations owe it: two Heartbeats per connected
 * station, one after the other. The server wrote any ping it sent before its first answer, and a station's
 * WebSocket writes the pong as it reads the ping, so the pong leaves before the second Heartbeat and the server
 * reads it before it answers that one. Pongs travel over real sockets while the keepalive runs on the test's manual
 * clock: without this, a test that moves the clock to the next keepalive tick before the pong crossed the loopback
 * (a loaded machine) has the server close the station's connection as half-open.
 */
export async function pongsTaken(stations: readonly ConnectedStation[]): Promise<void> {
  await Promise.all(
    stations.map(async ({ station, client }) => {
      for (let i = 0; i < 2 && client.endpoint?.state === "open"; i++) {
        // the answer does not matter (a station not accepted yet gets a CALLERROR): only the round trip does
        await client.call(station.version, "Heartbeat", {});
      }
    }),
  );
}

/**
 * Moves the manual clock by `ms` in steps of at most `stepMs` (at most {@link CLOCK_STEP_MS}): before each step and
 * after the last one the stations and the server {@link settle} and the server takes the stations' pongs
 * ({@link pongsTaken}), so no timer of a step finds a reply missing that was only slow to arrive.
 */
export async function advanceClock(
  clock: ManualClock,
  ms: number,
  services: CsmsServices,
  stations: readonly ConnectedStation[],
  stepMs: number = CLOCK_STEP_MS,
): Promise<void> {
  const step = Math.min(stepMs, CLOCK_STEP_MS);
  if (!(step > 0)) throw new RangeError(`a clock step must be positive, got ${stepMs}`);
  const quiet = async () => {
    await settle(
      services,
      stations.map((s) => s.station),
    );
    await pongsTaken(stations);
  };
  for (let done = 0; done < ms; done += step) {
    await quiet();
    await clock.advanceAsync(Math.min(step, ms - done));
  }
  await quiet();
}

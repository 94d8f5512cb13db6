import type { ManualClock } from "@chargekit/core/testing";
import { expect } from "vitest";
import {
  advanceClock,
  CLOCK_STEP_MS,
  type ConnectedStation,
  type CsmsHarness,
  connectStation,
  startCsms,
  TEST_TARIFF,
} from "./csms-harness.js";

/** A credential to register for a driver, as `PUT /api/v1/tokens` takes it. */
export type TestCredential =
  | { readonly kind: "idTag"; readonly idTag: string }
  | { readonly kind: "idToken"; readonly idToken: string; readonly type: string };

/** The drivers every two-station test has: `TAG-A` (a 1.6 idTag) for driver-a, `TAG-B` (ISO 14443) for driver-b. */
const DRIVERS: readonly (readonly [TestCredential, string])[] = [
  [{ kind: "idTag", idTag: "TAG-A" }, "driver-a"],
  [{ kind: "idToken", idToken: "TAG-B", type: "ISO14443" }, "driver-b"],
];

/** The assembled CSMS with a simulated OCPP 1.6 station and a simulated 2.0.1 station charging on one site. */
export interface TwoStations {
  /** The CSMS. */
  readonly csms: CsmsHarness;
  /** `CP-16`: OCPP 1.6, two EVSEs. */
  readonly cp16: ConnectedStation;
  /** `CP-201`: OCPP 2.0.1, one EVSE. */
  readonly cp201: ConnectedStation;
  /**
   * Moves the clock by `ms` in steps of `stepMs` (default: the one given at start), the stations and the server
   * settling before each step (see `advanceClock`).
   */
  run(ms: number, stepMs?: number): Promise<void>;
  /** Switches both stations off and stops the CSMS. */
  stop(): Promise<void>;
}

/**
 * Starts the CSMS on `clock` with one site `site-a` (Europe/Berlin, the test tariff, `gridAmps` per phase) holding
 * `CP-16` (OCPP 1.6, 2 EVSEs), `CP-201` (OCPP 2.0.1, 1 EVSE) and any `otherStations` (configured, never
 * connected); registers `TAG-A` for driver-a and `TAG-B` (ISO 14443) for driver-b plus `tokens`; connects both
 * stations with their passwords and a 60 s meter interval, and lets 2 s pass in 1 s steps so their boots settle.
 */
export async function startTwoStations(options: {
  readonly clock: ManualClock;
  readonly gridAmps: number;
  readonly otherStations?: readonly { readonly id: string; readonly evses: number }[];
  readonly tokens?: readonly (readonly [TestCredential, string])[];
  /** The default step of {@link TwoStations.run}; {@link CLOCK_STEP_MS} when not given. */
  readonly stepMs?: number;
}): Promise<TwoStations> {
  const { clock, gridAmps } = options;
  const stations = [{ id: "CP-16", evses: 2 }, { id: "CP-201", evses: 1 }, ...(options.otherStations ?? [])];
  const csms = await startCsms({
    clock,
    stations,
    overrides: {
      sites: [
        {
          id: "site-a",
          name: "Site A",
          timezone: "Europe/Berlin",
          tariffId: TEST_TARIFF.id,
          gridLimit: { L1: gridAmps, L2: gridAmps, L3: gridAmps },
          stations: stations.map((s) => s.id),
        },
      ],
    },
  });
  const connected: ConnectedStation[] = [];
  const stop = async () => {
    for (const station of connected) await station.close();
    await csms.stop();
  };
  try {
    const { operator } = csms.keys;
    for (const [credential, driverId] of [...DRIVERS, ...(options.tokens ?? [])]) {
      expect((await csms.api("PUT", "/api/v1/tokens", operator, { credential, driverId })).status).toBe(200);
    }
    const password = async (id: string) =>
      (await csms.api("PUT", `/api/v1/stations/${id}/password`, operator, {})).body.password as string;
    const config = { MeterValueSampleInterval: "60" };
    const cp16 = await connectStation(csms, {
      identity: "CP-16",
      version: "ocpp1.6",
      password: await password("CP-16"),
      clock,
      evses: 2,
      config,
    });
    connected.push(cp16);
    const cp201 = await connectStation(csms, {
      identity: "CP-201",
      version: "ocpp2.0.1",
      password: await password("CP-201"),
      clock,
      config,
    });
    connected.push(cp201);
    const run = (ms: number, stepMs = options.stepMs ?? CLOCK_STEP_MS) =>
      advanceClock(clock, ms, csms.services, [cp16, cp201], stepMs);
    await run(2000, 1000);
    return { csms, cp16, cp201, run, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

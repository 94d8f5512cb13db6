/**
 * Shared pieces of the fleet benchmark: the messages between the orchestrator and its child processes, the
 * latency histogram the load processes fill, and the station frames they send.
 */

/** Orchestrator → CSMS process. */
export type ServerCommand = { readonly type: "measure" } | { readonly type: "stop" };

/** CSMS process → orchestrator. */
export type ServerReport =
  | { readonly type: "ready"; readonly port: number }
  | {
      readonly type: "measured";
      readonly rss: number;
      readonly heapUsed: number;
      readonly external: number;
      readonly connections: number;
      /** CPU time (user + system) the process used so far, in ms. */
      readonly cpuMs: number;
      /** Of which in the kernel (system), in ms. */
      readonly systemMs: number;
    };

/** Orchestrator → load process. */
export type LoadCommand =
  | { readonly type: "connect"; readonly concurrency: number }
  | { readonly type: "steady"; readonly ratePerStation: number; readonly durationMs: number }
  | { readonly type: "saturate"; readonly durationMs: number }
  | { readonly type: "report" }
  | { readonly type: "stop" };

/** Load process → orchestrator. */
export type LoadReport =
  | {
      readonly type: "connected";
      readonly open: number;
      readonly accepted: number;
      readonly failed: number;
      readonly ms: number;
    }
  | {
      readonly type: "phase";
      readonly replies: number;
      readonly errors: number;
      readonly histogram: number[];
      readonly ms: number;
      /** CPU time (user + system) the load process used during the phase, in ms. */
      readonly cpuMs: number;
    }
  | { readonly type: "status"; readonly open: number };

/** Log-linear latency buckets: bucket i holds latencies in [1.02^(i−1), 1.02^i) µs-scaled ms, 2 % resolution. */
const GROWTH = 1.02;
const BUCKETS = 1200;
const MIN_MS = 0.001;

/** An empty histogram. */
export function histogram(): number[] {
  return new Array<number>(BUCKETS).fill(0);
}

/** Records one latency (ms). */
export function record(h: number[], ms: number): void {
  const i = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / Math.log(GROWTH)));
  h[i] = (h[i] ?? 0) + 1;
}

/** Adds `b` into `a`. */
export function merge(a: number[], b: readonly number[]): void {
  for (let i = 0; i < BUCKETS; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
}

/** The latency (ms) below which a fraction `q` of the recorded values lie (upper bucket bound). */
export function quantile(h: readonly number[], q: number): number {
  const total = h.reduce((s, n) => s + n, 0);
  if (total === 0) return Number.NaN;
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i] ?? 0;
    if (seen >= q * total) return MIN_MS * GROWTH ** i;
  }
  return MIN_MS * GROWTH ** (h.length - 1);
}

/** The station messages of the benchmark, per version: boot, a status, a heartbeat and meter values. */
export function stationPayloads(version: "ocpp1.6" | "ocpp2.0.1", n: number) {
  const now = new Date().toISOString();
  if (version === "ocpp1.6") {
    return {
      boot: [
        "BootNotification",
        { chargePointVendor: "chargekit", chargePointModel: "bench", chargePointSerialNumber: `S${n}` },
      ],
      status: ["StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available", timestamp: now }],
      heartbeat: ["Heartbeat", {}],
      meter: [
        "MeterValues",
        {
          connectorId: 1,
          meterValue: [
            {
              timestamp: now,
              sampledValue: [
                { value: String(1000 + n), measurand: "Energy.Active.Import.Register", unit: "Wh" },
                { value: "7200", measurand: "Power.Active.Import", unit: "W" },
                { value: "10.4", measurand: "Current.Import", phase: "L1", unit: "A" },
              ],
            },
          ],
        },
      ],
    } as const;
  }
  return {
    boot: [
      "BootNotification",
      { reason: "PowerUp", chargingStation: { vendorName: "chargekit", model: "bench", serialNumber: `S${n}` } },
    ],
    status: ["StatusNotification", { timestamp: now, connectorStatus: "Available", evseId: 1, connectorId: 1 }],
    heartbeat: ["Heartbeat", {}],
    meter: [
      "MeterValues",
      {
        evseId: 1,
        meterValue: [
          {
            timestamp: now,
            sampledValue: [
              { value: 1000 + n, measurand: "Energy.Active.Import.Register", unitOfMeasure: { unit: "Wh" } },
              { value: 7200, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W" } },
              { value: 10.4, measurand: "Current.Import", phase: "L1", unitOfMeasure: { unit: "A" } },
            ],
          },
        ],
      },
    ],
  } as const;
}

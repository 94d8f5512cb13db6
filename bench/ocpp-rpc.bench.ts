/**
 * OCPP RPC over loopback WebSockets: completed round trips per second with 1, 100 and 1,000 concurrent stations,
 * chargekit's server against an ocpp-rpc RPCServer doing the same work (OCPP 2.0.1, strict validation of every
 * request and response, the six-message mix, handlers returning fixed responses). The stations are the same raw
 * `ws` load generator for both, in a worker thread; each keeps one CALL outstanding, as OCPP requires. Each
 * configuration runs twice per server in A-B-B-A order and the means are compared.
 *
 * On a 2-core machine the load generator and the server share the CPU (with whatever else runs), so round trips
 * per second understate how much cheaper one server is than the other. The second figure is the server's own cost:
 * the CPU time of the server's thread (user + kernel, so its socket reads and writes count; from
 * /proc/self/task/<pid>/stat on Linux, else event-loop busy time) per completed round trip during the measurement
 * window.
 *
 * Run: npm run bench -- ocpp-rpc
 */

import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { createOcppServer } from "@chargekit/ocpp/ws";
import { report, saveResults } from "./lib/compare.js";
import { MIX_201 } from "./lib/ocpp-mix.js";
import { createPeerServer } from "./lib/ocpp-rpc-peer.js";

const PROTOCOL = "ocpp2.0.1";
const WARMUP_MS = 1000;
const MEASURE_MS = 3000;
const responses = new Map(MIX_201.map((m) => [m.action, m.response]));
// the load generator sends `[2,"<id>",` + this
const calls = MIX_201.map((m) => {
  const [, , action, payload] = JSON.parse(m.frame) as [number, string, string, unknown];
  return `${JSON.stringify(action)},${JSON.stringify(payload)}]`;
});

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (µs) of this process's main thread, where the server runs; event-loop busy time where /proc is absent. */
function serverThreadMicros(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // fields after the command name (which may hold spaces) start at ") "; utime and stime are fields 14 and 15
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return performance.eventLoopUtilization().active * 1000;
  }
}

interface Load {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Busy time of the server's thread per round trip, µs. */
  readonly serverMicros: number;
}

function load(url: string, stations: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./lib/ocpp-load-worker.mjs", import.meta.url), {
      workerData: { url, stations, calls, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, protocol: PROTOCOL },
    });
    let start = Number.NaN;
    let busy = Number.NaN;
    worker.on("message", (m: Partial<Load> & { phase?: string; roundTrips?: number }) => {
      if (m.phase === "measuring") start = serverThreadMicros();
      else if (m.phase === "done") busy = serverThreadMicros() - start;
      else {
        void worker.terminate();
        resolve({ ...(m as Load), serverMicros: busy / (m.roundTrips ?? Number.NaN) });
      }
    });
    worker.once("error", reject);
  });
}

async function chargekit(stations: number): Promise<Load> {
  const server = createOcppServer({ protocols: [PROTOCOL], basePath: "/ocpp", pingIntervalMs: 0, maxBadMessages: 1e9 });
  for (const m of MIX_201) {
    server.handlers.handle(PROTOCOL, m.action as "Heartbeat", () => responses.get(m.action) as never);
  }
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  try {
    return await load(`ws://127.0.0.1:${port}/ocpp`, stations);
  } finally {
    await server.close({ timeoutMs: 100 });
  }
}

async function ocppRpc(stations: number): Promise<Load> {
  const server = createPeerServer({ protocols: [PROTOCOL], strictMode: true, pingIntervalMs: 0 });
  server.on("client", (client) => {
    for (const m of MIX_201) client.handle(m.action, () => responses.get(m.action));
  });
  const http = await server.listen(0, "127.0.0.1");
  const { port } = http.address() as AddressInfo;
  try {
    return await load(`ws://127.0.0.1:${port}/ocpp`, stations);
  } finally {
    await server.close({ force: true });
  }
}

/** Mean of two runs (throughput and latency), measured in A-B-B-A order so a drift in machine load cancels out. */
function mean(a: Load, b: Load): Load {
  return {
    perSecond: (a.perSecond + b.perSecond) / 2,
    p50: (a.p50 + b.p50) / 2,
    p99: (a.p99 + b.p99) / 2,
    errors: a.errors + b.errors,
    serverMicros: (a.serverMicros + b.serverMicros) / 2,
  };
}

/** Lowest–highest ratio pairing each run of `a` with each run of `b`. */
function ratioRange(a1: Load, a2: Load, b1: Load, b2: Load, f: (l: Load) => number): string {
  const ratios = [f(a1) / f(b1), f(a1) / f(b2), f(a2) / f(b1), f(a2) / f(b2)];
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}

const results = [];
// OCPP_RPC_STATIONS=1000,5000 runs other configurations
const configurations = (process.env["OCPP_RPC_STATIONS"] ?? "1,100,1000").split(",").map(Number);
for (const stations of configurations) {
  const ours1 = await chargekit(stations);
  const peer1 = await ocppRpc(stations);
  const peer2 = await ocppRpc(stations);
  const ours2 = await chargekit(stations);
  const ours = mean(ours1, ours2);
  const peer = mean(peer1, peer2);
  const rows = [
    { name: "chargekit server", opsPerSecond: ours.perSecond, meanMs: ours.p50, p99Ms: ours.p99, ratio: 1 },
    {
      name: "ocpp-rpc RPCServer (strict)",
      opsPerSecond: peer.perSecond,
      meanMs: peer.p50,
      p99Ms: peer.p99,
      ratio: peer.perSecond / ours.perSecond,
    },
  ];
  report({
    title: `OCPP 2.0.1 RPC round trips/s, ${stations} concurrent station(s) (mean ms column = median latency)`,
    rows,
  });
  console.log(
    `${stations} station(s): chargekit ${(ours.perSecond / peer.perSecond).toFixed(2)}× ocpp-rpc round trips/s ` +
      `(runs ${ratioRange(ours1, ours2, peer1, peer2, (l) => l.perSecond)}); server time per round trip ` +
      `${ours.serverMicros.toFixed(1)} µs vs ${peer.serverMicros.toFixed(1)} µs = ${(peer.serverMicros / ours.serverMicros).toFixed(2)}× less ` +
      `(runs ${ratioRange(peer1, peer2, ours1, ours2, (l) => l.serverMicros)}) (errors: ${ours.errors} / ${peer.errors})`,
  );
  results.push({
    stations,
    ours: [ours1, ours2],
    peer: [peer1, peer2],
    oursOverOcppRpc: ours.perSecond / peer.perSecond,
    serverTimeOcppRpcOverOurs: peer.serverMicros / ours.serverMicros,
  });
}
saveResults("ocpp-rpc", results);

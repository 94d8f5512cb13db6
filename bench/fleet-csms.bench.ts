/**
 * Station fleet on one CSMS process: how many simulated stations one CSMS process holds, how many messages per
 * second it answers, the round trips at a steady load and at saturation, and its memory per station — chargekit's
 * OcppServer + station registry against an ocpp-rpc RPCServer with equivalent handlers, in the same run.
 *
 * The stations live in separate load processes (each on its own loopback address, so ephemeral ports never run
 * short), half OCPP 1.6 and half 2.0.1, on raw WebSockets without compression: each connects, boots, reports its
 * connector status, then sends Heartbeats and MeterValues. Phases per server:
 *   1. connect + boot + status for every station (200 at a time per load process) → stations held;
 *   2. memory after a full GC, minus the idle server's → memory per station;
 *   3. steady load (every station one message per 10 s) → round-trip p50 / p99;
 *   4. saturation (every station sends its next message as soon as the previous one is answered) → messages/s.
 *
 * The servers run A-B-B-A (FLEET_ROUNDS=2) and each one's figures are averaged. Besides messages/s (which the load
 * processes, sharing the CPU with the CSMS, also limit) the table shows the CSMS process's CPU share during
 * saturation and the messages it answered per CPU-second: its own cost per message.
 *
 * Run: npm run bench -- fleet          (FLEET_STATIONS=15000 FLEET_LOADERS=3 FLEET_ROUNDS=2 by default)
 */
import { type ChildProcess, fork } from "node:child_process";
import { saveResults } from "./lib/compare.js";
import {
  histogram,
  type LoadCommand,
  type LoadReport,
  merge,
  quantile,
  type ServerReport,
} from "./lib/fleet-protocol.js";

const STATIONS = Number(process.env["FLEET_STATIONS"] ?? 15_000);
const LOADERS = Number(process.env["FLEET_LOADERS"] ?? 3);
const STEADY_RATE = Number(process.env["FLEET_STEADY_RATE"] ?? 0.1);
const PHASE_MS = Number(process.env["FLEET_PHASE_MS"] ?? 15_000);
const VERSIONS = "ocpp1.6,ocpp2.0.1";
const execArgv = ["--conditions=@chargekit/source", "--import", "tsx", "--expose-gc"];
const here = new URL(".", import.meta.url).pathname;

function next<T extends { type: string }>(child: ChildProcess, type: T["type"], timeoutMs = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${type} from child ${child.pid} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const listener = (message: T) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off("message", listener);
      resolve(message);
    };
    child.on("message", listener);
  });
}

async function measure(server: ChildProcess) {
  const reply = next<Extract<ServerReport, { type: "measured" }>>(server, "measured");
  server.send({ type: "measure" });
  return reply;
}

async function phase(loaders: ChildProcess[], command: LoadCommand) {
  const replies = loaders.map((l) => next<Extract<LoadReport, { type: "phase" }>>(l, "phase"));
  for (const l of loaders) l.send(command);
  const reports = await Promise.all(replies);
  const h = histogram();
  for (const r of reports) merge(h, r.histogram);
  const ms = Math.max(...reports.map((r) => r.ms));
  const answered = reports.reduce((s, r) => s + r.replies, 0);
  return {
    replies: answered,
    errors: reports.reduce((s, r) => s + r.errors, 0),
    perSecond: answered / (ms / 1000),
    p50: quantile(h, 0.5),
    p99: quantile(h, 0.99),
  };
}

async function run(kind: "chargekit" | "ocpp-rpc") {
  console.log(`\n[${kind}] starting the CSMS process`);
  // diagnostics: FLEET_PROFILE=<kind> writes a CPU profile of that CSMS process, FLEET_TRACE_GC=1 prints its GC pauses
  const profile = process.env["FLEET_PROFILE"] === kind ? ["--cpu-prof", "--cpu-prof-dir=/tmp/fleet-prof"] : [];
  if (process.env["FLEET_TRACE_GC"] === "1") profile.push("--trace-gc");
  const server = fork(`${here}lib/fleet-csms-process.ts`, [kind], { execArgv: [...execArgv, ...profile] });
  const { port } = await next<Extract<ServerReport, { type: "ready" }>>(server, "ready");
  await new Promise((r) => setTimeout(r, 500));
  const idle = await measure(server);
  const per = Math.ceil(STATIONS / LOADERS);
  const loaders = Array.from({ length: LOADERS }, (_, i) =>
    fork(
      `${here}lib/fleet-station-process.ts`,
      [
        `ws://127.0.0.1:${port}`,
        String(i * per),
        String(Math.min(per, STATIONS - i * per)),
        `127.0.0.${2 + i}`,
        VERSIONS,
      ],
      { execArgv },
    ),
  );
  try {
    console.log(`[${kind}] connecting ${STATIONS} stations from ${LOADERS} processes`);
    const connected = await Promise.all(
      loaders.map((l) => {
        const done = next<Extract<LoadReport, { type: "connected" }>>(l, "connected");
        l.send({ type: "connect", concurrency: 200 });
        return done;
      }),
    );
    const accepted = connected.reduce((s, c) => s + c.accepted, 0);
    const failed = connected.reduce((s, c) => s + c.failed, 0);
    const connectMs = Math.max(...connected.map((c) => c.ms));
    await new Promise((r) => setTimeout(r, 2000));
    const loaded = await measure(server);
    console.log(
      `[${kind}] ${loaded.connections} connections held, ${accepted} booted, ${failed} failed, in ${(connectMs / 1000).toFixed(1)} s`,
    );
    const steady = await phase(loaders, { type: "steady", ratePerStation: STEADY_RATE, durationMs: PHASE_MS });
    console.log(
      `[${kind}] steady: ${Math.round(steady.perSecond)} msg/s, p50 ${steady.p50.toFixed(2)} ms, p99 ${steady.p99.toFixed(2)} ms`,
    );
    const before = await measure(server);
    const started = performance.now();
    const saturated = await phase(loaders, { type: "saturate", durationMs: PHASE_MS });
    const end = await measure(server);
    const serverCpu = (end.cpuMs - before.cpuMs) / (performance.now() - started);
    console.log(
      `[${kind}] saturated: ${Math.round(saturated.perSecond)} msg/s, p50 ${saturated.p50.toFixed(1)} ms, p99 ${saturated.p99.toFixed(1)} ms, CSMS process CPU ${(serverCpu * 100).toFixed(0)} %`,
    );
    return {
      kind,
      held: loaded.connections,
      heldAtEnd: end.connections,
      accepted,
      failed,
      connectSeconds: connectMs / 1000,
      rssPerStationKiB: (loaded.rss - idle.rss) / 1024 / Math.max(1, loaded.connections),
      heapPerStationKiB:
        (loaded.heapUsed + loaded.external - idle.heapUsed - idle.external) / 1024 / Math.max(1, loaded.connections),
      steady,
      saturated,
      serverCpu,
    };
  } finally {
    for (const l of loaders) l.send({ type: "stop" });
    server.send({ type: "stop" });
    await new Promise((r) => setTimeout(r, 1000));
    for (const child of [...loaders, server]) child.kill("SIGKILL");
  }
}

// A-B-B-A by default (FLEET_ROUNDS=2): both servers run first and last once, so a machine that gets busier or
// quieter during the run does not favour one of them; the figures of each server are averaged.
const ROUNDS = Number(process.env["FLEET_ROUNDS"] ?? 2);
const order: ("chargekit" | "ocpp-rpc")[] = [];
for (let i = 0; i < ROUNDS; i++)
  order.push(...(i % 2 === 0 ? (["chargekit", "ocpp-rpc"] as const) : (["ocpp-rpc", "chargekit"] as const)));
const runs: Awaited<ReturnType<typeof run>>[] = [];
for (const kind of order) runs.push(await run(kind));

type Run = (typeof runs)[number];
const mean = (list: readonly Run[], pick: (r: Run) => number) =>
  list.reduce((sum, r) => sum + pick(r), 0) / list.length;
const summary = (kind: "chargekit" | "ocpp-rpc") => {
  const list = runs.filter((r) => r.kind === kind);
  return {
    kind,
    runs: list.length,
    held: Math.min(...list.map((r) => r.held)),
    connectSeconds: mean(list, (r) => r.connectSeconds),
    rssPerStationKiB: mean(list, (r) => r.rssPerStationKiB),
    heapPerStationKiB: mean(list, (r) => r.heapPerStationKiB),
    steadyPerSecond: mean(list, (r) => r.steady.perSecond),
    steadyP50: mean(list, (r) => r.steady.p50),
    steadyP99: mean(list, (r) => r.steady.p99),
    maxPerSecond: mean(list, (r) => r.saturated.perSecond),
    saturatedP50: mean(list, (r) => r.saturated.p50),
    saturatedP99: mean(list, (r) => r.saturated.p99),
    serverCpu: mean(list, (r) => r.serverCpu),
    perCpuSecond: mean(list, (r) => r.saturated.perSecond / r.serverCpu),
  };
};
const ours = summary("chargekit");
const peer = summary("ocpp-rpc");
console.log(
  `\nStation fleet on one CSMS process (${STATIONS} stations, ${LOADERS} load processes, ${VERSIONS}; runs ${order.join(", ")})`,
);
console.table(
  [ours, peer].map((r) => ({
    server: r.kind,
    "stations held": `${r.held} / ${STATIONS}`,
    "connect+boot s": r.connectSeconds.toFixed(1),
    "KiB/station (RSS)": r.rssPerStationKiB.toFixed(1),
    "KiB/station (heap)": r.heapPerStationKiB.toFixed(1),
    "steady msg/s": Math.round(r.steadyPerSecond),
    "steady p50 ms": r.steadyP50.toFixed(2),
    "steady p99 ms": r.steadyP99.toFixed(1),
    "max msg/s": Math.round(r.maxPerSecond),
    "sat. p50 ms": r.saturatedP50.toFixed(0),
    "sat. p99 ms": r.saturatedP99.toFixed(0),
    "CSMS CPU %": (r.serverCpu * 100).toFixed(0),
    "msg per CSMS CPU-s": Math.round(r.perCpuSecond),
  })),
);
console.log(
  `max messages/s: chargekit ÷ ocpp-rpc = ${(ours.maxPerSecond / peer.maxPerSecond).toFixed(2)}; per CSMS CPU-second: ${(ours.perCpuSecond / peer.perCpuSecond).toFixed(2)}`,
);
saveResults("fleet-csms", {
  stations: STATIONS,
  loaders: LOADERS,
  steadyRatePerStation: STEADY_RATE,
  phaseMs: PHASE_MS,
  order,
  summary: [ours, peer],
  runs,
});

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
 * The servers run A-B-B-A (FLEET_ROUNDS=2) and each one's figures are averaged; then, once, `bare-ws`: a `ws` server
 * that answers every frame with a fixed reply without reading it (FLEET_FLOOR=0 leaves it out) — the floor of what
 * any OCPP server on `ws` pays per message for WebSocket framing and the loopback TCP. Besides messages/s (which the
 * load processes, sharing the CPU with the CSMS, also limit) the table shows the CSMS process's CPU share during
 * saturation (and how much of it the kernel took) and the messages it answered per CPU-second: its own cost per
 * message.
 *
 * Run: npm run bench -- fleet          (FLEET_STATIONS=15000 FLEET_LOADERS=3 FLEET_ROUNDS=2 by default)
 * The CSMS process runs as JavaScript bundled by esbuild (see bundledServer); the load processes run through tsx.
 * Diagnostics: FLEET_PROFILE=<kind> writes a CPU profile of that CSMS process to /tmp/fleet-prof; FLEET_TRACE_GC=1
 * prints its GC pauses.
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { saveResults } from "./lib/compare.js";
import {
  histogram,
  type LoadCommand,
  type LoadReport,
  merge,
  quantile,
  type ServerReport,
} from "./lib/fleet-protocol.js";

type Kind = "chargekit" | "ocpp-rpc" | "bare-ws";

const STATIONS = Number(process.env["FLEET_STATIONS"] ?? 15_000);
const LOADERS = Number(process.env["FLEET_LOADERS"] ?? 3);
const STEADY_RATE = Number(process.env["FLEET_STEADY_RATE"] ?? 0.1);
const PHASE_MS = Number(process.env["FLEET_PHASE_MS"] ?? 15_000);
const ROUNDS = Number(process.env["FLEET_ROUNDS"] ?? 2);
const FLOOR = process.env["FLEET_FLOOR"] !== "0";
const VERSIONS = "ocpp1.6,ocpp2.0.1";
const execArgv = ["--conditions=@chargekit/source", "--import", "tsx", "--expose-gc"];
const here = new URL(".", import.meta.url).pathname;

/** The open-files limits (soft, hard) of this process, from /proc (Linux); undefined elsewhere. */
function openFilesLimit(): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const [soft, hard] = (line?.slice("Max open files".length).trim().split(/\s+/) ?? []).map((v) =>
      v === "unlimited" ? Number.POSITIVE_INFINITY : Number(v),
    );
    return soft === undefined || hard === undefined ? undefined : { soft, hard };
  } catch {
    return undefined;
  }
}

// Every station is a socket in the CSMS process and in its load process. Children inherit the soft limit; where it
// is below the hard limit, each child's soft limit is raised to the hard one with prlimit(1). The CSMS process needs
// a descriptor per station plus a few dozen of its own.
const limit = openFilesLimit();
const SPARE_FILES = 100;
if (limit !== undefined && STATIONS + SPARE_FILES > limit.hard) {
  throw new Error(
    `${STATIONS} stations need ${STATIONS + SPARE_FILES} open files in the CSMS process; the hard limit is ${limit.hard}`,
  );
}
const raiseLimit = (child: ChildProcess): void => {
  if (limit === undefined || limit.soft >= limit.hard || child.pid === undefined) return;
  const hard = Number.isFinite(limit.hard) ? String(limit.hard) : "unlimited";
  execFileSync("prlimit", ["--pid", String(child.pid), `--nofile=${hard}:${hard}`]);
};
console.log(
  `open files: soft ${limit?.soft ?? "?"}, hard ${limit?.hard ?? "?"}${limit !== undefined && limit.soft < limit.hard ? " (children raised to the hard limit)" : ""}; the CSMS process needs about ${STATIONS + SPARE_FILES}`,
);

/**
 * The CSMS process as JavaScript, bundled with esbuild from its TypeScript sources (what the published package is
 * built with): every server runs compiled code, as in production, rather than TypeScript through a loader (tsx wraps
 * functions for their names and keeps source maps, which costs the chargekit side time and memory that a deployed
 * CSMS does not pay; ocpp-rpc is JavaScript already). Not minified, so a CPU profile names real functions.
 */
async function bundledServer(): Promise<string> {
  const dir = `${here}node_modules/.fleet`;
  mkdirSync(dir, { recursive: true });
  const outfile = `${dir}/fleet-csms-process.mjs`;
  const { build } = await import("esbuild");
  await build({
    entryPoints: [`${here}lib/fleet-csms-process.ts`],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@chargekit/source"],
    outfile,
    logLevel: "warning",
    // ocpp-rpc is loaded with require(), from the bench's node_modules
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
  });
  return outfile;
}

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
    /** CPU the load processes used together, in cores (1 = one core busy the whole phase). */
    loadCpu: reports.reduce((s, r) => s + r.cpuMs, 0) / ms,
  };
}

async function run(kind: Kind) {
  console.log(`\n[${kind}] starting the CSMS process`);
  const profiling = process.env["FLEET_PROFILE"] === kind;
  const diagnostics = profiling ? ["--cpu-prof", "--cpu-prof-dir=/tmp/fleet-prof"] : [];
  if (process.env["FLEET_TRACE_GC"] === "1") diagnostics.push("--trace-gc");
  const server = fork(await serverScript, [kind], { execArgv: ["--expose-gc", ...diagnostics] });
  raiseLimit(server);
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
  for (const l of loaders) raiseLimit(l);
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
    const elapsed = performance.now() - started;
    const serverCpu = (end.cpuMs - before.cpuMs) / elapsed;
    const serverSystem = (end.systemMs - before.systemMs) / elapsed;
    console.log(
      `[${kind}] saturated: ${Math.round(saturated.perSecond)} msg/s, p50 ${saturated.p50.toFixed(1)} ms, p99 ${saturated.p99.toFixed(1)} ms, CSMS process CPU ${(serverCpu * 100).toFixed(0)} % (kernel ${(serverSystem * 100).toFixed(0)} %), load processes ${(saturated.loadCpu * 100).toFixed(0)} %, ${end.connections} still connected`,
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
      // after the saturation phase (each station has sent hundreds of messages): what a busy CSMS keeps per station
      rssPerStationAfterKiB: (end.rss - idle.rss) / 1024 / Math.max(1, end.connections),
      heapPerStationAfterKiB:
        (end.heapUsed + end.external - idle.heapUsed - idle.external) / 1024 / Math.max(1, end.connections),
      steady,
      saturated,
      serverCpu,
      serverSystem,
    };
  } finally {
    for (const l of loaders) l.send({ type: "stop" });
    server.send({ type: "stop" });
    // a profiled process writes its profile on exit: give it time
    await new Promise((r) => setTimeout(r, profiling ? 10_000 : 1000));
    for (const child of [...loaders, server]) child.kill("SIGKILL");
  }
}

const serverScript = bundledServer();

// A-B-B-A by default (FLEET_ROUNDS=2): both servers run first and last once, so a machine that gets busier or
// quieter during the run does not favour one of them; the figures of each server are averaged. The floor runs last.
const order: Kind[] = [];
for (let i = 0; i < ROUNDS; i++)
  order.push(...(i % 2 === 0 ? (["chargekit", "ocpp-rpc"] as const) : (["ocpp-rpc", "chargekit"] as const)));
if (FLOOR) order.push("bare-ws");
const runs: Awaited<ReturnType<typeof run>>[] = [];
for (const kind of order) runs.push(await run(kind));

type Run = (typeof runs)[number];
const mean = (list: readonly Run[], pick: (r: Run) => number) =>
  list.reduce((sum, r) => sum + pick(r), 0) / list.length;
const summary = (kind: Kind) => {
  const list = runs.filter((r) => r.kind === kind);
  if (list.length === 0) return undefined;
  return {
    kind,
    runs: list.length,
    held: Math.min(...list.map((r) => r.held)),
    heldAtEnd: Math.min(...list.map((r) => r.heldAtEnd)),
    failed: Math.max(...list.map((r) => r.failed)),
    connectSeconds: mean(list, (r) => r.connectSeconds),
    rssPerStationKiB: mean(list, (r) => r.rssPerStationKiB),
    heapPerStationKiB: mean(list, (r) => r.heapPerStationKiB),
    rssPerStationAfterKiB: mean(list, (r) => r.rssPerStationAfterKiB),
    heapPerStationAfterKiB: mean(list, (r) => r.heapPerStationAfterKiB),
    steadyPerSecond: mean(list, (r) => r.steady.perSecond),
    steadyP50: mean(list, (r) => r.steady.p50),
    steadyP99: mean(list, (r) => r.steady.p99),
    maxPerSecond: mean(list, (r) => r.saturated.perSecond),
    maxPerSecondRange: [
      Math.min(...list.map((r) => r.saturated.perSecond)),
      Math.max(...list.map((r) => r.saturated.perSecond)),
    ],
    saturatedP50: mean(list, (r) => r.saturated.p50),
    saturatedP99: mean(list, (r) => r.saturated.p99),
    serverCpu: mean(list, (r) => r.serverCpu),
    serverSystem: mean(list, (r) => r.serverSystem),
    loadCpu: mean(list, (r) => r.saturated.loadCpu),
    perCpuSecond: mean(list, (r) => r.saturated.perSecond / r.serverCpu),
    microsecondsPerMessage: mean(list, (r) => (1e6 * r.serverCpu) / r.saturated.perSecond),
  };
};
const summaries = (["chargekit", "ocpp-rpc", "bare-ws"] as const)
  .map(summary)
  .filter((s): s is NonNullable<typeof s> => s !== undefined);
console.log(
  `\nStation fleet on one CSMS process (${STATIONS} stations, ${LOADERS} load processes, ${VERSIONS}; runs ${order.join(", ")})`,
);
console.table(
  summaries.map((r) => ({
    server: r.kind,
    "stations held": `${r.held} / ${STATIONS}`,
    "connect+boot s": r.connectSeconds.toFixed(1),
    "KiB/station heap (RSS)": `${r.heapPerStationKiB.toFixed(1)} (${r.rssPerStationKiB.toFixed(1)})`,
    "after traffic": `${r.heapPerStationAfterKiB.toFixed(1)} (${r.rssPerStationAfterKiB.toFixed(1)})`,
    "steady p50 ms": r.steadyP50.toFixed(2),
    "steady p99 ms": r.steadyP99.toFixed(1),
    "max msg/s": Math.round(r.maxPerSecond),
    "sat. p50 ms": r.saturatedP50.toFixed(0),
    "sat. p99 ms": r.saturatedP99.toFixed(0),
    "CSMS CPU % (kernel)": `${(r.serverCpu * 100).toFixed(0)} (${(r.serverSystem * 100).toFixed(0)})`,
    "load CPU %": (r.loadCpu * 100).toFixed(0),
    "CSMS µs/msg": r.microsecondsPerMessage.toFixed(1),
  })),
);
const ours = summaries.find((s) => s.kind === "chargekit");
const peer = summaries.find((s) => s.kind === "ocpp-rpc");
if (ours !== undefined && peer !== undefined) {
  console.log(
    `max messages/s: chargekit ÷ ocpp-rpc = ${(ours.maxPerSecond / peer.maxPerSecond).toFixed(2)}; per CSMS CPU-second: ${(ours.perCpuSecond / peer.perCpuSecond).toFixed(2)}`,
  );
}
saveResults("fleet-csms", {
  stations: STATIONS,
  loaders: LOADERS,
  steadyRatePerStation: STEADY_RATE,
  phaseMs: PHASE_MS,
  openFiles: limit,
  order,
  summary: summaries,
  ratio:
    ours === undefined || peer === undefined
      ? undefined
      : {
          messagesPerSecond: ours.maxPerSecond / peer.maxPerSecond,
          messagesPerCpuSecond: ours.perCpuSecond / peer.perCpuSecond,
        },
  runs,
});

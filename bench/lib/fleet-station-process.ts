/**
 * A load process of the fleet benchmark: thousands of simulated stations on raw WebSockets (no deflate), each
 * booting, reporting its connector status, then sending Heartbeats and MeterValues — at a steady rate, or as fast as
 * the CSMS answers (one outstanding call per station, as OCPP allows). Round trips go into a histogram. Started by
 * bench/fleet-csms.bench.ts with: url first-station count local-address versions.
 */
import { WebSocket } from "ws";
import { histogram, type LoadCommand, type LoadReport, record, stationPayloads } from "./fleet-protocol.js";

const [url = "", firstText = "0", countText = "0", localAddress = "127.0.0.1", versionsText = "ocpp1.6"] =
  process.argv.slice(2);
const first = Number(firstText);
const count = Number(countText);
const versions = versionsText.split(",") as ("ocpp1.6" | "ocpp2.0.1")[];
const send = (report: LoadReport) => process.send?.(report);

interface Station {
  readonly n: number;
  readonly version: "ocpp1.6" | "ocpp2.0.1";
  /** The tail of each CALL after its message id, encoded once: `","Action",{payload}]`. */
  readonly frames: {
    readonly boot: string;
    readonly status: string;
    readonly heartbeat: string;
    readonly meter: string;
  };
  ws: WebSocket | undefined;
  seq: number;
  pending:
    | { readonly id: string; readonly at: number; readonly resolve: (reply: string | undefined) => void }
    | undefined;
  accepted: boolean;
  sent: number;
}

const tail = ([action, payload]: readonly [string, unknown]) => `","${action}",${JSON.stringify(payload)}]`;

const stations: Station[] = Array.from({ length: count }, (_, i) => {
  const n = first + i;
  const version = versions[n % versions.length] ?? "ocpp1.6";
  const p = stationPayloads(version, n);
  return {
    n,
    version,
    frames: { boot: tail(p.boot), status: tail(p.status), heartbeat: tail(p.heartbeat), meter: tail(p.meter) },
    ws: undefined,
    pending: undefined,
    seq: 0,
    accepted: false,
    sent: 0,
  };
});

let h = histogram();
let replies = 0;
let errors = 0;
let measuring = false;

/** Sends one CALL (its pre-encoded tail after a fresh id) and resolves with the reply's text. */
function call(station: Station, frameTail: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const id = `${station.n}-${++station.seq}`;
    station.pending = { id, at: performance.now(), resolve };
    station.ws?.send(`[2,"${id}${frameTail}`);
  });
}

function onMessage(station: Station, data: Buffer): void {
  // only the head of the reply is read: `[3,"<id>",` or `[4,"<id>",`
  const text = data.toString("utf8");
  const pending = station.pending;
  if (pending === undefined || text.slice(4, 4 + pending.id.length) !== pending.id) return;
  station.pending = undefined;
  const ok = text.startsWith("[3,");
  if (measuring) {
    record(h, performance.now() - pending.at);
    if (ok) replies++;
    else errors++;
  }
  pending.resolve(ok ? text : undefined);
}

function open(station: Station): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url}/BENCH${String(station.n).padStart(6, "0")}`, [station.version], {
      perMessageDeflate: false,
      localAddress,
      handshakeTimeout: 60_000,
    });
    station.ws = ws;
    ws.on("open", () => resolve(true));
    ws.on("error", () => resolve(false));
    ws.on("close", () => {
      station.ws = undefined;
      // a call the closed connection will never answer
      const pending = station.pending;
      station.pending = undefined;
      if (pending !== undefined) {
        if (measuring) errors++;
        pending.resolve(undefined);
      }
    });
    ws.on("message", (data) => onMessage(station, data as Buffer));
  });
}

async function connectAll(concurrency: number): Promise<void> {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < stations.length) {
      const station = stations[next++];
      if (station === undefined) return;
      if (!(await open(station))) {
        failed++;
        continue;
      }
      const boot = await call(station, station.frames.boot);
      station.accepted = boot?.includes('"status":"Accepted"') === true;
      await call(station, station.frames.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  send({
    type: "connected",
    open: stations.filter((s) => s.ws?.readyState === WebSocket.OPEN).length,
    accepted: stations.filter((s) => s.accepted).length,
    failed,
    ms: performance.now() - started,
  });
}

function nextFrame(station: Station): string {
  station.sent++;
  return station.sent % 2 === 0 ? station.frames.heartbeat : station.frames.meter;
}

async function phase(run: () => Promise<void>): Promise<void> {
  h = histogram();
  replies = 0;
  errors = 0;
  measuring = true;
  const started = performance.now();
  await run();
  measuring = false;
  send({ type: "phase", replies, errors, histogram: h, ms: performance.now() - started });
}

/** Each station sends one message every 1/rate s (skipping a beat while its previous call is unanswered). */
function steady(ratePerStation: number, durationMs: number): Promise<void> {
  const period = 1000 / ratePerStation;
  const timers: ReturnType<typeof setInterval>[] = [];
  for (const station of stations) {
    const tick = () => {
      if (station.pending !== undefined || station.ws === undefined) return;
      void call(station, nextFrame(station));
    };
    const start = setTimeout(() => {
      tick();
      timers.push(setInterval(tick, period));
    }, Math.random() * period);
    timers.push(start);
  }
  return new Promise((resolve) =>
    setTimeout(() => {
      for (const t of timers) clearInterval(t);
      resolve();
    }, durationMs),
  );
}

/** Every station sends its next message as soon as the previous one is answered. */
async function saturate(durationMs: number): Promise<void> {
  const end = performance.now() + durationMs;
  await Promise.all(
    stations.map(async (station) => {
      while (performance.now() < end && station.ws !== undefined) {
        await call(station, nextFrame(station));
      }
    }),
  );
}

process.on("message", (command: LoadCommand) => {
  switch (command.type) {
    case "connect":
      void connectAll(command.concurrency);
      break;
    case "steady":
      void phase(() => steady(command.ratePerStation, command.durationMs));
      break;
    case "saturate":
      void phase(() => saturate(command.durationMs));
      break;
    case "report":
      send({ type: "status", open: stations.filter((s) => s.ws?.readyState === WebSocket.OPEN).length });
      break;
    case "stop":
      for (const s of stations) s.ws?.terminate();
      process.exit(0);
  }
});

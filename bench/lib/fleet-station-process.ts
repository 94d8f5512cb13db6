/**
 * A load process of the fleet benchmark: thousands of simulated stations, each booting, reporting its connector
 * status, then sending Heartbeats and MeterValues — at a steady rate, or as fast as the CSMS answers (one
 * outstanding call per station, as OCPP allows). Round trips go into a histogram. Started by
 * bench/fleet-csms.bench.ts with: url first-station count local-address versions.
 *
 * The stations speak WebSocket on raw TCP sockets, with the least work a client can do: the handshake is checked
 * (101, Sec-WebSocket-Accept, the subprotocol), every frame goes out in one write with an all-zero mask (a valid
 * mask: the server unmasks it like any other), and a reply is recognised by its head (`[3,"<id>"`) without decoding
 * the rest. The load processes share the 2 cores with the CSMS process, so the less they spend per message the
 * more of the machine the CSMS under test gets — the same for every server measured.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { connect, type Socket } from "node:net";
import { histogram, type LoadCommand, type LoadReport, record, stationPayloads } from "./fleet-protocol.js";

const [url = "", firstText = "0", countText = "0", localAddress = "127.0.0.1", versionsText = "ocpp1.6"] =
  process.argv.slice(2);
const target = new URL(url);
const first = Number(firstText);
const count = Number(countText);
const versions = versionsText.split(",") as ("ocpp1.6" | "ocpp2.0.1")[];
const send = (report: LoadReport) => process.send?.(report);

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

interface Pending {
  readonly id: string;
  readonly at: number;
  readonly resolve: (reply: string | undefined) => void;
  /** Whether the caller needs the reply's text (boot); otherwise only success or failure is reported. */
  readonly wantText: boolean;
}

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
  socket: Socket | undefined;
  /** Bytes of an incomplete frame, waiting for the rest. */
  partial: Buffer | undefined;
  seq: number;
  pending: Pending | undefined;
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
    socket: undefined,
    partial: undefined,
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

/** One masked client frame (all-zero masking key, so the payload is written as is) in a single buffer. */
function frame(opcode: number, payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const head = length < 126 ? 6 : length < 65_536 ? 8 : 14;
  const out = Buffer.allocUnsafe(head + length);
  out[0] = 0x80 | opcode;
  if (length < 126) out[1] = 0x80 | length;
  else if (length < 65_536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(0, 2);
    out.writeUInt32BE(length, 6);
  }
  out.writeUInt32BE(0, head - 4);
  out.write(payload, head, "utf8");
  return out;
}

/**
 * Sends one CALL (its pre-encoded tail after a fresh id) and resolves with the reply's text (boot only). Message ids
 * are UUIDs, as most stations (and ocpp-rpc's own client) send them.
 */
function call(station: Station, frameTail: string, wantText = false): Promise<string | undefined> {
  return new Promise((resolve) => {
    station.seq++;
    const id = randomUUID();
    station.pending = { id, at: performance.now(), resolve, wantText };
    station.socket?.write(frame(0x1, `[2,"${id}${frameTail}`));
  });
}

/** A text frame from the CSMS: settles the pending call it answers (`[3,"<id>",…` or `[4,"<id>",…`). */
function onText(station: Station, data: Buffer, start: number, end: number): void {
  const pending = station.pending;
  if (pending === undefined) return;
  const { id } = pending;
  // `[3,"` then the id then `"`
  if (end - start < id.length + 5 || data[start + id.length + 4] !== 0x22) return;
  for (let i = 0; i < id.length; i++) if (data[start + 4 + i] !== id.charCodeAt(i)) return;
  station.pending = undefined;
  const ok = data[start + 1] === 0x33;
  if (measuring) {
    record(h, performance.now() - pending.at);
    if (ok) replies++;
    else errors++;
  }
  pending.resolve(ok ? (pending.wantText ? data.toString("utf8", start, end) : "") : undefined);
}

/** Reads the frames of `chunk` (server frames are never masked), keeping an incomplete one for later. */
function onData(station: Station, chunk: Buffer): void {
  const data = station.partial === undefined ? chunk : Buffer.concat([station.partial, chunk]);
  station.partial = undefined;
  let at = 0;
  while (at + 2 <= data.length) {
    const b0 = data[at] ?? 0;
    const b1 = data[at + 1] ?? 0;
    let length = b1 & 0x7f;
    let head = 2;
    if (length === 126) {
      if (at + 4 > data.length) break;
      length = data.readUInt16BE(at + 2);
      head = 4;
    } else if (length === 127) {
      if (at + 10 > data.length) break;
      length = data.readUInt32BE(at + 2) * 2 ** 32 + data.readUInt32BE(at + 6);
      head = 10;
    }
    if (at + head + length > data.length) break;
    const start = at + head;
    const end = start + length;
    const opcode = b0 & 0x0f;
    if (opcode === 0x1 && (b0 & 0x80) !== 0) onText(station, data, start, end);
    else if (opcode === 0x9) station.socket?.write(frame(0xa, data.toString("latin1", start, end)));
    else if (opcode === 0x8) station.socket?.end(frame(0x8, ""));
    else if (opcode !== 0xa) errors++; // fragmented or binary: not what these servers send
    at = end;
  }
  if (at < data.length) station.partial = data.subarray(at);
}

function closed(station: Station): void {
  station.socket = undefined;
  // a call the closed connection will never answer
  const pending = station.pending;
  station.pending = undefined;
  if (pending !== undefined) {
    if (measuring) errors++;
    pending.resolve(undefined);
  }
}

/** Opens the WebSocket of a station: resolves true once the server answered 101 with the right accept key. */
function open(station: Station): Promise<boolean> {
  return new Promise((resolve) => {
    const key = randomBytes(16).toString("base64");
    const accept = createHash("sha1")
      .update(key + WS_GUID)
      .digest("base64");
    const socket = connect({ host: target.hostname, port: Number(target.port), localAddress });
    socket.setNoDelay(true);
    let handshake: Buffer | undefined = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), 60_000);
    socket.on("connect", () => {
      socket.write(
        `GET ${target.pathname.replace(/\/$/, "")}/BENCH${String(station.n).padStart(6, "0")} HTTP/1.1\r\n` +
          `Host: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${station.version}\r\n\r\n`,
      );
    });
    socket.on("data", (chunk: Buffer) => {
      if (handshake === undefined) {
        onData(station, chunk);
        return;
      }
      handshake = Buffer.concat([handshake, chunk]);
      const endOfHead = handshake.indexOf("\r\n\r\n");
      if (endOfHead < 0) return;
      const head = handshake.toString("latin1", 0, endOfHead).toLowerCase();
      const rest = handshake.subarray(endOfHead + 4);
      handshake = undefined;
      clearTimeout(timer);
      const good =
        head.startsWith("http/1.1 101") &&
        head.includes(`sec-websocket-accept: ${accept.toLowerCase()}`) &&
        head.includes(`sec-websocket-protocol: ${station.version}`);
      if (!good) {
        socket.destroy();
        resolve(false);
        return;
      }
      station.socket = socket;
      resolve(true);
      if (rest.length > 0) onData(station, rest);
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(false);
      closed(station);
    });
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
      const boot = await call(station, station.frames.boot, true);
      station.accepted = boot?.includes('"status":"Accepted"') === true;
      await call(station, station.frames.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  send({
    type: "connected",
    open: stations.filter((s) => s.socket !== undefined).length,
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
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  measuring = false;
  const used = process.cpuUsage(cpu);
  send({
    type: "phase",
    replies,
    errors,
    histogram: h,
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
  });
}

/** Each station sends one message every 1/rate s (skipping a beat while its previous call is unanswered). */
function steady(ratePerStation: number, durationMs: number): Promise<void> {
  const period = 1000 / ratePerStation;
  const timers: ReturnType<typeof setInterval>[] = [];
  for (const station of stations) {
    const tick = () => {
      if (station.pending !== undefined || station.socket === undefined) return;
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
      while (performance.now() < end && station.socket !== undefined) {
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
      send({ type: "status", open: stations.filter((s) => s.socket !== undefined).length });
      break;
    case "stop":
      for (const s of stations) s.socket?.destroy();
      process.exit(0);
  }
});

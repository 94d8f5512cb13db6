/**
 * The CSMS process of the fleet benchmark: `chargekit` (OcppServer + station registry with its memory stores),
 * `ocpp-rpc` (RPCServer in strict mode with handlers doing the equivalent bookkeeping) or `bare-ws` (a `ws` server
 * that answers every frame with a fixed CALLRESULT without reading it: no OCPP at all, the floor of what any server
 * on `ws` pays per message). Started by bench/fleet-csms.bench.ts; talks to it over IPC.
 */
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { createStationRegistry } from "@chargekit/ocpp";
import { createOcppServer } from "@chargekit/ocpp/ws";
import { WebSocketServer } from "ws";
import type { ServerCommand, ServerReport } from "./fleet-protocol.js";

const kind = process.argv[2];
const send = (report: ServerReport) => process.send?.(report);

interface PeerClient {
  identity: string;
  handle(method: string, handler: (context: { params: Record<string, unknown> }) => unknown): void;
  on(event: "close", listener: () => void): void;
}
interface PeerServer {
  on(event: "client", listener: (client: PeerClient) => void): void;
  listen(port: number, host: string): Promise<Server>;
}

async function startChargekit(): Promise<{ port: number; connections: () => number }> {
  const server = createOcppServer({ protocols: ["ocpp2.0.1", "ocpp1.6"], basePath: "/" });
  const registry = createStationRegistry({ heartbeatIntervalSec: 300 });
  registry.serve(server);
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  let open = 0;
  server.events.on("connection:opened", () => open++);
  server.events.on("connection:closed", () => open--);
  return { port, connections: () => open };
}

/** ocpp-rpc with handlers that keep what the registry keeps: boot info, connector statuses, heartbeat, readings. */
async function startOcppRpc(): Promise<{ port: number; connections: () => number }> {
  const require = createRequire(import.meta.url);
  const { RPCServer } = require("ocpp-rpc") as { RPCServer: new (options: Record<string, unknown>) => PeerServer };
  const server = new RPCServer({ protocols: ["ocpp2.0.1", "ocpp1.6"], strictMode: true });
  interface Kept {
    boot?: unknown;
    statuses: Map<string, unknown>;
    heartbeat?: number;
    readings?: unknown;
  }
  const stations = new Map<string, Kept>();
  let open = 0;
  server.on("client", (client) => {
    open++;
    client.on("close", () => open--);
    const station: Kept = stations.get(client.identity) ?? { statuses: new Map() };
    stations.set(client.identity, station);
    const now = () => new Date().toISOString();
    client.handle("BootNotification", ({ params }) => {
      station.boot = params;
      return { status: "Accepted", currentTime: now(), interval: 300 };
    });
    client.handle("Heartbeat", () => {
      station.heartbeat = Date.now();
      return { currentTime: now() };
    });
    client.handle("StatusNotification", ({ params }) => {
      station.statuses.set(String(params["evseId"] ?? params["connectorId"]), params);
      return {};
    });
    client.handle("MeterValues", ({ params }) => {
      station.readings = params["meterValue"];
      return {};
    });
  });
  const http = await server.listen(0, "127.0.0.1");
  const address = http.address();
  return { port: typeof address === "object" && address !== null ? address.port : 0, connections: () => open };
}

/** The floor: WebSocket framing and TCP only. The reply echoes the message id and nothing is parsed. */
async function startBareWs(): Promise<{ port: number; connections: () => number }> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise((resolve) => wss.once("listening", resolve));
  let open = 0;
  wss.on("connection", (ws) => {
    open++;
    ws.on("close", () => open--);
    ws.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      const id = text.slice(4, text.indexOf('"', 4));
      ws.send(`[3,"${id}",{"status":"Accepted"}]`);
    });
  });
  const address = wss.address();
  return { port: typeof address === "object" && address !== null ? address.port : 0, connections: () => open };
}

const started =
  kind === "ocpp-rpc" ? await startOcppRpc() : kind === "bare-ws" ? await startBareWs() : await startChargekit();
send({ type: "ready", port: started.port });

process.on("message", (command: ServerCommand) => {
  if (command.type === "stop") process.exit(0);
  const cpu = process.cpuUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const memory = process.memoryUsage();
  send({
    type: "measured",
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    connections: started.connections(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    systemMs: cpu.system / 1000,
  });
});

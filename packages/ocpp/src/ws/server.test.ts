import { request } from "node:http";
import { nextEvent } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { basicAuthHeader } from "./basic-auth.js";
import { createOcppClient, type OcppClient } from "./client.js";
import { createMemoryStationCredentials } from "./credentials.js";
import { createOcppServer } from "./server.js";
import type { OcppServer, OcppServerOptions } from "./server-types.js";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function startServer(options: OcppServerOptions = {}): Promise<{ server: OcppServer; url: string }> {
  const server = createOcppServer({ pingIntervalMs: 0, basePath: "/ocpp", ...options });
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  cleanup.push(() => server.close({ timeoutMs: 100 }));
  return { server, url: `ws://127.0.0.1:${port}/ocpp` };
}

function client(options: Parameters<typeof createOcppClient>[0]): OcppClient {
  const c = createOcppClient({ reconnect: false, pingIntervalMs: 0, ...options });
  cleanup.push(() => c.close());
  return c;
}

/** Opens a raw WebSocket and reports the HTTP status of a refused handshake, or the negotiated protocol. */
function rawHandshake(url: string, protocols: string[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; protocol?: string; body?: string; ws?: WebSocket }>((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once("open", () => {
      cleanup.push(async () => ws.terminate());
      resolve({ status: 101, protocol: ws.protocol, ws });
    });
    ws.on("error", () => {});
  });
}

describe("OCPP server over real sockets", () => {
  it("negotiates the server's preferred version and runs calls both ways", async () => {
    const { server, url } = await startServer({ basePath: "/ocpp", protocols: ["ocpp2.0.1", "ocpp1.6"] });
    server.handlers.handle("ocpp2.0.1", "Heartbeat", () => ({ currentTime: "2026-01-01T00:00:00Z" }));
    const station = client({ url, identity: "CP 1", protocols: ["ocpp1.6", "ocpp2.0.1"] });
    station.handlers.handle("ocpp2.0.1", "Reset", () => ({ status: "Accepted" }));
    const opened = nextEvent(server.events, "connection:opened");
    expect(await station.connect()).toBe("ocpp2.0.1");
    const { connection } = await opened;
    expect(connection.identity).toBe("CP 1");
    expect(await station.call("ocpp2.0.1", "Heartbeat", {})).toEqual({
      ok: true,
      value: { currentTime: "2026-01-01T00:00:00Z" },
    });
    expect(await server.call("CP 1", "ocpp2.0.1", "Reset", { type: "Immediate" })).toEqual({
      ok: true,
      value: { status: "Accepted" },
    });
  });

  it("answers a call to a station that is not connected at once", async () => {
    const { server } = await startServer();
    const r = await server.call("ghost", "ocpp1.6", "Reset", { type: "Soft" });
    expect(r.ok === false && r.error.code).toBe("CLOSED");
    expect(r.ok === false && r.error.message).toMatch(/not connected/);
  });

  it("refuses bad identities with 400 and completes the handshake without a subprotocol when none matches", async () => {
    const { url } = await startServer({ basePath: "/ocpp", protocols: ["ocpp2.0.1"] });
    expect((await rawHandshake(`${url}/a%3Ab`, ["ocpp2.0.1"])).status).toBe(400);
    expect((await rawHandshake(`${url}/${"x".repeat(49)}`, ["ocpp2.0.1"])).status).toBe(400);
    expect((await rawHandshake(url.replace("/ocpp", "/elsewhere/CP1"), ["ocpp2.0.1"])).status).toBe(400);
    // a raw upgrade: the handshake completes (101) without Sec-WebSocket-Protocol, then the server closes
    const upgrade = await new Promise<{ status: number; protocol: string | undefined; closeCode: number }>(
      (resolve) => {
        const req = request(`${url.replace("ws:", "http:")}/CP1`, {
          headers: {
            Connection: "Upgrade",
            Upgrade: "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Protocol": "ocpp1.5",
          },
        });
        req.on("upgrade", (res, socket, head) => {
          const done = (frame: Buffer) => {
            // the first server frame is a close frame (0x88) whose payload starts with the status code
            resolve({
              status: res.statusCode ?? 0,
              protocol: res.headers["sec-websocket-protocol"],
              closeCode: frame.readUInt16BE(2),
            });
            socket.destroy();
          };
          if (head.length > 0) done(head);
          else socket.once("data", done);
        });
        req.end();
      },
    );
    expect(upgrade).toEqual({ status: 101, protocol: undefined, closeCode: 1002 });
  });

  it("Security Profile 1: HTTP Basic with a binary password; 401 wrong password, 404 unknown station", async () => {
    const credentials = createMemoryStationCredentials();
    const password = new Uint8Array([1, 2, 3, 0, 0x3a, 255]);
    await credentials.setPassword("CP-1", password);
    const { server, url } = await startServer({ securityProfile: 1, credentials, protocols: ["ocpp1.6"] });
    const refused: unknown[] = [];
    server.events.on("handshake:refused", (e) => refused.push(e.status));
    expect((await rawHandshake(`${url}/CP-1`, ["ocpp1.6"])).status).toBe(401);
    expect(
      (await rawHandshake(`${url}/CP-1`, ["ocpp1.6"], { Authorization: basicAuthHeader("CP-1", "nope") })).status,
    ).toBe(401);
    expect(
      (await rawHandshake(`${url}/CP-1`, ["ocpp1.6"], { Authorization: basicAuthHeader("CP-2", password) })).status,
    ).toBe(401);
    expect(
      (await rawHandshake(`${url}/CP-9`, ["ocpp1.6"], { Authorization: basicAuthHeader("CP-9", password) })).status,
    ).toBe(404);
    const station = client({ url, identity: "CP-1", protocols: ["ocpp1.6"], password });
    expect(await station.connect()).toBe("ocpp1.6");
    expect(refused).toEqual([401, 401, 401, 404]);
  });

  it("replaces the first connection of an identity with the second, cleanly", async () => {
    const { server, url } = await startServer({ protocols: ["ocpp1.6"] });
    const first = client({ url, identity: "CP-1", protocols: ["ocpp1.6"] });
    first.handlers.handle("ocpp1.6", "ClearCache", () => new Promise(() => {})); // never answers
    const opened = nextEvent(server.events, "connection:opened");
    await first.connect();
    await opened;
    const stuck = server.call("CP-1", "ocpp1.6", "ClearCache", {});
    const replaced = nextEvent(server.events, "connection:replaced");
    const firstClosed = nextEvent(first.events, "connection:closed");
    const second = client({ url, identity: "CP-1", protocols: ["ocpp1.6"] });
    second.handlers.handle("ocpp1.6", "ClearCache", () => ({ status: "Accepted" }));
    await second.connect();
    const { previous, current } = await replaced;
    expect(previous.identity).toBe("CP-1");
    expect(server.get("CP-1")).toBe(current);
    const r = await stuck;
    expect(r.ok === false && r.error.code).toBe("CLOSED");
    expect((await firstClosed).reason).toBe("replaced by a new connection");
    expect(await server.call("CP-1", "ocpp1.6", "ClearCache", {})).toEqual({ ok: true, value: { status: "Accepted" } });
    expect([...server.connections()]).toHaveLength(1);
  });

  it("offers permessage-deflate (OCPP 2.0.1 requires it of a CSMS)", async () => {
    const { url } = await startServer({ protocols: ["ocpp2.0.1"] });
    const ws = new WebSocket(`${url}/CP-1`, ["ocpp2.0.1"], { perMessageDeflate: true });
    cleanup.push(async () => ws.terminate());
    await new Promise((resolve) => ws.once("open", resolve));
    expect(ws.extensions).toContain("permessage-deflate");
  });

  it("drops a half-open socket when a ping goes unanswered (manual clock)", async () => {
    const clock = createManualClock();
    const { server, url } = await startServer({ protocols: ["ocpp1.6"], clock, pingIntervalMs: 1000 });
    const opened = nextEvent(server.events, "connection:opened");
    const ws = new WebSocket(`${url}/CP-1`, ["ocpp1.6"], { autoPong: false });
    ws.on("error", () => {});
    cleanup.push(async () => ws.terminate());
    await opened;
    const closed = nextEvent(server.events, "connection:closed");
    clock.advance(1000); // ping
    clock.advance(1000); // no pong: dead
    const { code, reason } = await closed;
    expect(code).toBe(1006);
    expect(reason).toMatch(/half-open/);
    expect(server.get("CP-1")).toBeUndefined();
  });

  it("answers MessageTypeNotSupported over the wire in 2.0.1 and closes after too many bad frames", async () => {
    const { url } = await startServer({ protocols: ["ocpp2.0.1"], maxBadMessages: 1 });
    const ws = new WebSocket(`${url}/CP-1`, ["ocpp2.0.1"]);
    cleanup.push(async () => ws.terminate());
    await new Promise((resolve) => ws.once("open", resolve));
    const frames: string[] = [];
    ws.on("message", (d: Buffer) => frames.push(d.toString()));
    const closed = new Promise<number>((resolve) => ws.once("close", (c) => resolve(c)));
    ws.send(JSON.stringify([9, "x", {}]));
    ws.send("not json");
    ws.send("still not json");
    expect(await closed).toBe(1002);
    expect(JSON.parse(frames[0] ?? "[]")).toEqual([
      4,
      "x",
      "MessageTypeNotSupported",
      "message type 9 is not supported",
      {},
    ]);
  });
});

describe("OCPP client reconnect", () => {
  it("reconnects with the back-off after the connection drops (manual clock)", async () => {
    const clock = createManualClock();
    const { server, url } = await startServer({ protocols: ["ocpp2.0.1"] });
    const station = createOcppClient({
      url,
      identity: "CP-1",
      protocols: ["ocpp2.0.1"],
      clock,
      pingIntervalMs: 0,
      random: () => 0,
      reconnect: { waitMinimumMs: 5000, randomRangeMs: 1000, repeatTimes: 2 },
    });
    cleanup.push(() => station.close());
    await station.connect();
    const scheduled = nextEvent(station.events, "reconnect:scheduled");
    const first = server.get("CP-1");
    await first?.endpoint.close({ code: 1012, reason: "restart" });
    expect(await scheduled).toEqual({ attempt: 0, delayMs: 5000 });
    expect(station.endpoint).toBeUndefined();
    const reopened = nextEvent(station.events, "connection:opened");
    clock.advance(5000);
    expect((await reopened).version).toBe("ocpp2.0.1");
    expect(server.get("CP-1")).not.toBe(first);
  });
});

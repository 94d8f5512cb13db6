/**
 * Test 3 of the issue: interop with `ocpp-rpc` (npm), an OCPP-J implementation nobody here wrote, over real
 * sockets: our server with its RPCClient, our client with its RPCServer, for 1.6 and 2.0.1 — calls both ways,
 * timeouts, CALLERRORs and crossing calls.
 */
import type { AddressInfo } from "node:net";
import { nextEvent } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import * as ocppRpc from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { NO_REPLY, RpcError } from "../rpc/errors.js";
import { createOcppClient } from "./client.js";
import { createOcppServer } from "./server.js";

/** The part of ocpp-rpc's API used here (its published typings demand every option and mistype handlers). */
interface PeerClient {
  connect(): Promise<unknown>;
  call(method: string, params?: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  handle(method: string, handler: (context: { params: unknown }) => unknown): void;
  close(options?: { force?: boolean }): Promise<unknown>;
}
interface PeerServer {
  on(event: "client", listener: (client: PeerClient) => void): void;
  listen(port: number, host: string): Promise<import("node:http").Server>;
  close(options?: { force?: boolean }): Promise<unknown>;
}
const RPCClient = ocppRpc.RPCClient as unknown as new (options: Record<string, unknown>) => PeerClient;
const RPCServer = ocppRpc.RPCServer as unknown as new (options: Record<string, unknown>) => PeerServer;
const createRPCError = ocppRpc.createRPCError as (code: string, message?: string) => Error;
const { TimeoutError } = ocppRpc;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

const NOW = "2026-01-01T00:00:00.000Z";

interface PeerError {
  rpcErrorCode?: string;
}

async function settle(p: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: PeerError }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error: error as PeerError };
  }
}

const boot = {
  "ocpp1.6": { chargePointVendor: "ACME", chargePointModel: "X1" },
  "ocpp2.0.1": { reason: "PowerUp", chargingStation: { model: "X1", vendorName: "ACME" } },
} as const;
const bootResult = { status: "Accepted", currentTime: NOW, interval: 300 } as const;

for (const version of ["ocpp1.6", "ocpp2.0.1"] as const) {
  describe(`interop ${version}: our server, ocpp-rpc RPCClient`, () => {
    async function setup() {
      const clock = createManualClock();
      const server = createOcppServer({ protocols: [version], basePath: "/ocpp", pingIntervalMs: 0, clock });
      const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
      cleanup.push(() => server.close({ timeoutMs: 50 }));
      const opened = nextEvent(server.events, "connection:opened");
      const peer = new RPCClient({
        endpoint: `ws://127.0.0.1:${port}/ocpp`,
        identity: "CP-1",
        protocols: [version],
        reconnect: false,
        strictMode: false,
      });
      cleanup.push(() => peer.close({ force: true }));
      await peer.connect();
      await opened;
      return { server, peer, clock };
    }

    it("calls both ways", async () => {
      const { server, peer } = await setup();
      server.handlers.handle(version, "BootNotification", () => bootResult);
      peer.handle("ClearCache", () => ({ status: "Accepted" }));
      expect(await peer.call("BootNotification", boot[version])).toEqual(bootResult);
      expect(await server.call("CP-1", version, "ClearCache", {})).toEqual({ ok: true, value: { status: "Accepted" } });
    });

    it("CALLERRORs both ways, with the version's code spelling", async () => {
      const { server, peer } = await setup();
      server.handlers.handle(version, "Heartbeat", () => {
        throw new RpcError("NotSupported", "not today");
      });
      server.handlers.handle(version, "Authorize", () => ({ idTagInfo: { status: "Accepted" } }) as never);
      peer.handle("ClearCache", () => {
        throw createRPCError("NotImplemented", "nope");
      });
      const refused = await settle(peer.call("Heartbeat", {}));
      expect(refused.ok === false && refused.error.rpcErrorCode).toBe("NotSupported");
      // an undeclared property: 1.6 FormationViolation, 2.0.1 ProtocolError
      const invalid = await settle(peer.call("Heartbeat", { extra: 1 }));
      expect(invalid.ok === false && invalid.error.rpcErrorCode).toBe(
        version === "ocpp1.6" ? "FormationViolation" : "ProtocolError",
      );
      const ours = await server.call("CP-1", version, "ClearCache", {});
      expect(ours.ok === false && ours.error.remote?.code).toBe("NotImplemented");
    });

    it("timeouts both ways", async () => {
      const { server, peer, clock } = await setup();
      server.handlers.handle(version, "Heartbeat", () => NO_REPLY);
      peer.handle("ClearCache", () => new Promise(() => {}));
      const theirs = await settle(peer.call("Heartbeat", {}, { callTimeoutMs: 50 }));
      expect(theirs.ok === false && theirs.error instanceof TimeoutError).toBe(true);
      const ours = server.call("CP-1", version, "ClearCache", {}, { timeoutMs: 10_000 });
      clock.advance(10_000); // the timer runs from when the CALL was written, which call() does at once
      const r = await ours;
      expect(r.ok === false && r.error.code).toBe("TIMEOUT");
    });

    it("crossing calls: each side answers the other's CALL while its own is outstanding", async () => {
      const { server, peer } = await setup();
      let ours: Promise<unknown> = Promise.resolve();
      server.handlers.handle(version, "Heartbeat", () => {
        // our CALL goes out while the peer's Heartbeat is still unanswered
        ours = server.call("CP-1", version, "ClearCache", {});
        return { currentTime: NOW };
      });
      peer.handle("ClearCache", () => ({ status: "Accepted" }));
      expect(await peer.call("Heartbeat", {})).toEqual({ currentTime: NOW });
      expect(await ours).toEqual({ ok: true, value: { status: "Accepted" } });
    });
  });

  describe(`interop ${version}: our client, ocpp-rpc RPCServer`, () => {
    async function setup() {
      const clock = createManualClock();
      const peerServer = new RPCServer({ protocols: [version], strictMode: false });
      const connected = new Promise<PeerClient>((resolve) => peerServer.on("client", resolve));
      const http = await peerServer.listen(0, "127.0.0.1");
      cleanup.push(() => peerServer.close({ force: true }));
      const { port } = http.address() as AddressInfo;
      const client = createOcppClient({
        url: `ws://127.0.0.1:${port}/ocpp`,
        identity: "CP-1",
        protocols: [version],
        reconnect: false,
        pingIntervalMs: 0,
        clock,
      });
      cleanup.push(() => client.close());
      await client.connect();
      const peer = await connected;
      return { client, peer, clock };
    }

    it("calls both ways", async () => {
      const { client, peer } = await setup();
      peer.handle("BootNotification", () => bootResult);
      client.handlers.handle(version, "ClearCache", () => ({ status: "Rejected" }));
      expect(await client.call(version, "BootNotification", boot[version] as never)).toEqual({
        ok: true,
        value: bootResult,
      });
      expect(await peer.call("ClearCache", {})).toEqual({ status: "Rejected" });
    });

    it("CALLERRORs both ways", async () => {
      const { client, peer } = await setup();
      peer.handle("Heartbeat", () => {
        throw createRPCError("SecurityError", "boot first");
      });
      client.handlers.handle(version, "ClearCache", () => {
        throw new Error("broken");
      });
      const ours = await client.call(version, "Heartbeat", {});
      expect(ours.ok === false && ours.error.remote).toMatchObject({
        code: "SecurityError",
        description: "boot first",
      });
      const theirs = await settle(peer.call("ClearCache", {}));
      expect(theirs.ok === false && theirs.error.rpcErrorCode).toBe("InternalError");
      const unknown = await settle(peer.call("Teleport", {}));
      expect(unknown.ok === false && unknown.error.rpcErrorCode).toBe("NotImplemented");
    });

    it("timeouts both ways", async () => {
      const { client, peer, clock } = await setup();
      peer.handle("Heartbeat", () => new Promise(() => {}));
      client.handlers.handle(version, "ClearCache", () => NO_REPLY);
      const ours = client.call(version, "Heartbeat", {}, { timeoutMs: 5000 });
      clock.advance(5000);
      const r = await ours;
      expect(r.ok === false && r.error.code).toBe("TIMEOUT");
      const theirs = await settle(peer.call("ClearCache", {}, { callTimeoutMs: 50 }));
      expect(theirs.ok === false && theirs.error instanceof TimeoutError).toBe(true);
    });

    it("crossing calls: each side answers the other's CALL while its own is outstanding", async () => {
      const { client, peer } = await setup();
      let releaseHeartbeat: () => void = () => {};
      let arrived: () => void = () => {};
      const heartbeatArrived = new Promise<void>((resolve) => (arrived = resolve));
      peer.handle("Heartbeat", () => {
        arrived();
        return new Promise((resolve) => (releaseHeartbeat = () => resolve({ currentTime: NOW })));
      });
      client.handlers.handle(version, "ClearCache", () => ({ status: "Accepted" }));
      const ours = client.call(version, "Heartbeat", {});
      await heartbeatArrived; // our Heartbeat is now outstanding at the peer
      expect(await peer.call("ClearCache", {})).toEqual({ status: "Accepted" });
      releaseHeartbeat();
      expect(await ours).toEqual({ ok: true, value: { currentTime: NOW } });
    });
  });
}

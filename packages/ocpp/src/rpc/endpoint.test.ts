import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { createLoopbackPair, createLoopbackWire } from "../testing/loopback.js";
import { createRpcEndpoint } from "./endpoint.js";
import { NO_REPLY, RpcError } from "./errors.js";
import { createHandlerSet } from "./handlers.js";

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const parse = (text: string | undefined): unknown[] => JSON.parse(text ?? "null") as unknown[];

/** A CSMS endpoint whose peer is the test itself: frames it writes are collected, frames are fed by hand. */
function rawCsms(version: "ocpp1.6" | "ocpp2.0.1" | "ocpp2.1" = "ocpp1.6", extra = {}) {
  const clock = createManualClock();
  const [wire] = createLoopbackWire();
  const endpoint = createRpcEndpoint({ role: "csms", version, identity: "CP-1", transport: wire, clock, ...extra });
  return { endpoint, wire, clock };
}

describe("RPC endpoint: calls", () => {
  it("correlates a call with its reply and validates both payloads", async () => {
    const { csms, station } = createLoopbackPair({ version: "ocpp1.6", clock: createManualClock() });
    station.handle("ocpp1.6", "Reset", ({ payload }) => ({
      status: payload.type === "Hard" ? "Accepted" : "Rejected",
    }));
    const result = await csms.call("ocpp1.6", "Reset", { type: "Hard" });
    expect(result).toEqual({ ok: true, value: { status: "Accepted" } });
  });

  it("times out through the clock, ignores the late reply, and sends the next queued call", async () => {
    const { endpoint, wire, clock } = rawCsms();
    const first = endpoint.call("ocpp1.6", "Reset", { type: "Soft" }, { timeoutMs: 5000 });
    const second = endpoint.call("ocpp1.6", "ClearCache", {});
    expect(wire.sent).toHaveLength(1); // one outstanding CALL at a time
    const firstId = parse(wire.sent[0])[1] as string;
    clock.advance(4999);
    expect(wire.sent).toHaveLength(1);
    clock.advance(1);
    const timedOut = await first;
    expect(timedOut.ok === false && timedOut.error.code).toBe("TIMEOUT");
    expect(wire.sent).toHaveLength(2);
    const late: unknown[] = [];
    endpoint.events.on("reply:late", (e) => late.push(e));
    const bad: unknown[] = [];
    endpoint.events.on("message:bad", (e) => bad.push(e));
    endpoint.receive(JSON.stringify([3, firstId, { status: "Accepted" }]));
    expect(late).toHaveLength(1);
    expect(bad).toHaveLength(0);
    const secondId = parse(wire.sent[1])[1] as string;
    endpoint.receive(JSON.stringify([3, secondId, { status: "Accepted" }]));
    expect(await second).toEqual({ ok: true, value: { status: "Accepted" } });
  });

  it("aborts a queued call without sending it and an outstanding one at once", async () => {
    const { endpoint, wire } = rawCsms();
    const outstandingAbort = new AbortController();
    const queuedAbort = new AbortController();
    const first = endpoint.call("ocpp1.6", "ClearCache", {}, { signal: outstandingAbort.signal });
    const second = endpoint.call("ocpp1.6", "Reset", { type: "Hard" }, { signal: queuedAbort.signal });
    queuedAbort.abort();
    expect((await second).ok === false && "ABORTED").toBe("ABORTED");
    outstandingAbort.abort();
    const r = await first;
    expect(r.ok === false && r.error.code).toBe("ABORTED");
    expect(wire.sent.map((t) => parse(t)[2])).toEqual(["ClearCache"]);
  });

  it("fails at once with QUEUE_FULL beyond the queue bound", async () => {
    const { endpoint } = rawCsms("ocpp1.6", { maxQueuedCalls: 2 });
    void endpoint.call("ocpp1.6", "ClearCache", {}); // outstanding
    void endpoint.call("ocpp1.6", "ClearCache", {}); // queued 1
    void endpoint.call("ocpp1.6", "ClearCache", {}); // queued 2
    const r = await endpoint.call("ocpp1.6", "ClearCache", {});
    expect(r.ok === false && r.error.code).toBe("QUEUE_FULL");
  });

  it("refuses invalid requests, wrong versions and wrong directions without sending anything", async () => {
    const { endpoint, wire } = rawCsms();
    const invalid = await endpoint.call("ocpp1.6", "Reset", { type: "Warm" as "Hard" });
    expect(invalid.ok === false && invalid.error.code).toBe("INVALID_REQUEST");
    expect(invalid.ok === false && invalid.error.violations[0]?.path).toBe("/type");
    const version = await endpoint.call("ocpp2.0.1", "Reset", { type: "Immediate" });
    expect(version.ok === false && version.error.message).toMatch(/speaks ocpp1.6/);
    // a CSMS does not send BootNotification (types forbid it; the runtime says why too)
    const direction = await (endpoint.call as (...a: unknown[]) => Promise<{ ok: boolean; error?: Error }>)(
      "ocpp1.6",
      "BootNotification",
      { chargePointVendor: "x", chargePointModel: "y" },
    );
    expect(direction.error?.message).toMatch(/sent by the station/);
    expect(wire.sent).toHaveLength(0);
  });

  it("turns a CALLERROR into a CALL_ERROR failure, reading either spelling of the code", async () => {
    const { endpoint, wire } = rawCsms();
    const pending = endpoint.call("ocpp1.6", "ClearCache", {});
    const id = parse(wire.sent[0])[1] as string;
    endpoint.receive(JSON.stringify([4, id, "OccurenceConstraintViolation", "nope", { x: 1 }]));
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("CALL_ERROR");
      expect(r.error.remote).toEqual({
        errorCode: "OccurenceConstraintViolation",
        code: "OccurrenceConstraintViolation",
        description: "nope",
        details: { x: 1 },
      });
    }
  });

  it("reports an invalid CALLRESULT as INVALID_RESPONSE and answers it with CALLRESULTERROR in 2.1", async () => {
    for (const version of ["ocpp2.0.1", "ocpp2.1"] as const) {
      const { endpoint, wire } = rawCsms(version);
      const pending = endpoint.call(version, "ClearCache", {});
      const id = parse(wire.sent[0])[1] as string;
      endpoint.receive(JSON.stringify([3, id, { status: "Maybe" }]));
      const r = await pending;
      expect(r.ok === false && r.error.code).toBe("INVALID_RESPONSE");
      const answer = wire.sent[1];
      if (version === "ocpp2.1")
        expect(parse(answer)).toEqual([5, id, "PropertyConstraintViolation", expect.any(String), {}]);
      else expect(answer).toBeUndefined();
    }
  });
});

describe("RPC endpoint: handlers", () => {
  it("answers NotImplemented for an unknown action and NotSupported for a known one without handler", async () => {
    const { endpoint, wire } = rawCsms("ocpp2.0.1");
    endpoint.receive(JSON.stringify([2, "a", "Teleport", {}]));
    endpoint.receive(JSON.stringify([2, "b", "Heartbeat", {}]));
    expect(wire.sent.map((t) => parse(t).slice(0, 3))).toEqual([
      [4, "a", "NotImplemented"],
      [4, "b", "NotSupported"],
    ]);
  });

  it("turns a thrown error into InternalError without leaking its message, and RpcError into its code", async () => {
    const { endpoint, wire } = rawCsms("ocpp1.6");
    const failures: unknown[] = [];
    endpoint.events.on("handler:failed", (e) => failures.push(e));
    endpoint.handle("ocpp1.6", "Heartbeat", () => {
      throw new Error("database password is hunter2");
    });
    endpoint.handle("ocpp1.6", "Authorize", () => {
      throw new RpcError("FormatViolation", "tag unreadable");
    });
    endpoint.receive(JSON.stringify([2, "h", "Heartbeat", {}]));
    endpoint.receive(JSON.stringify([2, "a", "Authorize", { idTag: "X" }]));
    await flush();
    expect(parse(wire.sent[0])).toEqual([4, "h", "InternalError", "the handler failed", {}]);
    expect(wire.sent[0]).not.toContain("hunter2");
    expect(parse(wire.sent[1])).toEqual([4, "a", "FormationViolation", "tag unreadable", {}]);
    expect(failures).toHaveLength(1);
  });

  it("answers InternalError when the handler's response breaks the schema", async () => {
    const { endpoint, wire } = rawCsms("ocpp1.6");
    endpoint.handle("ocpp1.6", "Heartbeat", () => ({ currentTime: "yesterday" }));
    endpoint.receive(JSON.stringify([2, "h", "Heartbeat", {}]));
    await flush();
    expect(parse(wire.sent[0]).slice(0, 3)).toEqual([4, "h", "InternalError"]);
  });

  it("sends nothing when the handler returns NO_REPLY", async () => {
    const { endpoint, wire } = rawCsms("ocpp1.6");
    endpoint.handle("ocpp1.6", "Heartbeat", () => NO_REPLY);
    endpoint.receive(JSON.stringify([2, "h", "Heartbeat", {}]));
    await flush();
    expect(wire.sent).toEqual([]);
  });

  it("falls back to a shared handler set and lets per-connection handlers override it", async () => {
    const shared = createHandlerSet<"csms">();
    shared.handle("ocpp1.6", "Heartbeat", () => ({ currentTime: "2026-01-01T00:00:00Z" }));
    const { endpoint, wire } = rawCsms("ocpp1.6", { fallbackHandlers: shared });
    endpoint.receive(JSON.stringify([2, "1", "Heartbeat", {}]));
    await flush();
    const off = endpoint.handle("ocpp1.6", "Heartbeat", () => ({ currentTime: "2026-06-01T00:00:00Z" }));
    endpoint.receive(JSON.stringify([2, "2", "Heartbeat", {}]));
    await flush();
    off();
    endpoint.receive(JSON.stringify([2, "3", "Heartbeat", {}]));
    await flush();
    expect(wire.sent.map((t) => (parse(t)[2] as { currentTime: string }).currentTime)).toEqual([
      "2026-01-01T00:00:00Z",
      "2026-06-01T00:00:00Z",
      "2026-01-01T00:00:00Z",
    ]);
  });

  it("gates inbound CALLs before validation (SecurityError before BootNotification is accepted)", async () => {
    const { endpoint, wire } = rawCsms("ocpp2.0.1");
    let accepted = false;
    endpoint.addGate(({ action }) =>
      accepted || action === "BootNotification" ? undefined : { code: "SecurityError", description: "boot first" },
    );
    endpoint.handle("ocpp2.0.1", "Heartbeat", () => ({ currentTime: "2026-01-01T00:00:00Z" }));
    endpoint.receive(JSON.stringify([2, "1", "Heartbeat", { bogus: true }]));
    accepted = true;
    endpoint.receive(JSON.stringify([2, "2", "Heartbeat", {}]));
    await flush();
    expect(parse(wire.sent[0])).toEqual([4, "1", "SecurityError", "boot first", {}]);
    expect(parse(wire.sent[1])).toEqual([3, "2", { currentTime: "2026-01-01T00:00:00Z" }]);
  });

  it("never blocks replies to the peer's CALLs while its own CALL is outstanding (crossing calls)", async () => {
    const { csms, station } = createLoopbackPair({ version: "ocpp2.0.1", clock: createManualClock() });
    csms.handle("ocpp2.0.1", "Heartbeat", () => ({ currentTime: "2026-01-01T00:00:00Z" }));
    station.handle("ocpp2.0.1", "ClearCache", async () => {
      // the station answers the CSMS only after its own call to the CSMS came back
      const hb = await station.call("ocpp2.0.1", "Heartbeat", {});
      return { status: hb.ok ? "Accepted" : "Rejected" };
    });
    csms.handle("ocpp2.0.1", "StatusNotification", async () => ({}));
    const [fromCsms, fromStation] = await Promise.all([
      csms.call("ocpp2.0.1", "ClearCache", {}),
      station.call("ocpp2.0.1", "StatusNotification", {
        timestamp: "2026-01-01T00:00:00Z",
        connectorStatus: "Available",
        evseId: 1,
        connectorId: 1,
      }),
    ]);
    expect(fromCsms).toEqual({ ok: true, value: { status: "Accepted" } });
    expect(fromStation).toEqual({ ok: true, value: {} });
  });

  it("refuses a reused message id in 1.6/2.0.1 and accepts it as a retry in 2.1", async () => {
    for (const version of ["ocpp1.6", "ocpp2.1"] as const) {
      const { endpoint, wire } = rawCsms(version);
      endpoint.handle(version, "Heartbeat", () => ({ currentTime: "2026-01-01T00:00:00Z" }));
      endpoint.receive(JSON.stringify([2, "same", "Heartbeat", {}]));
      await flush();
      endpoint.receive(JSON.stringify([2, "same", "Heartbeat", {}]));
      await flush();
      expect(parse(wire.sent[1])[0]).toBe(version === "ocpp1.6" ? 4 : 3);
      if (version === "ocpp1.6") expect(parse(wire.sent[1])[2]).toBe("GenericError");
    }
  });
});

describe("RPC endpoint: robustness and closing", () => {
  it("emits frame:received and frame:sent exactly while someone listens, however the listener was added", () => {
    const { endpoint } = rawCsms("ocpp1.6");
    endpoint.handle("ocpp1.6", "Heartbeat", () => ({ currentTime: "2026-01-01T00:00:00.000Z" }));
    const seen: string[] = [];
    const heartbeat = (id: string) => endpoint.receive(JSON.stringify([2, id, "Heartbeat", {}]));
    heartbeat("a"); // nobody listens yet
    const onReceived = ({ text }: { text: string }) => seen.push(`in ${parse(text)[1]}`);
    endpoint.events.on("frame:received", onReceived);
    endpoint.events.once("frame:sent", ({ text }) => seen.push(`out ${parse(text)[1]}`));
    heartbeat("b");
    heartbeat("c"); // the once listener is gone
    endpoint.events.off("frame:received", onReceived);
    heartbeat("d");
    endpoint.events.addListener("frame:sent", ({ text }) => seen.push(`out ${parse(text)[1]}`));
    heartbeat("e");
    endpoint.events.removeAllListeners("frame:sent");
    heartbeat("f");
    expect(seen).toEqual(["in b", "out b", "in c", "out e"]);
  });

  it("refuses a CALL reusing the id of one whose asynchronous handler still runs, also in 2.1", async () => {
    const { endpoint, wire } = rawCsms("ocpp2.1");
    let release: (v: { currentTime: string }) => void = () => {};
    endpoint.handle("ocpp2.1", "Heartbeat", () => new Promise((r) => (release = r)));
    endpoint.receive(JSON.stringify([2, "x", "Heartbeat", {}]));
    endpoint.receive(JSON.stringify([2, "x", "Heartbeat", {}]));
    expect(wire.sent.map((t) => parse(t).slice(0, 3))).toEqual([[4, "x", "RpcFrameworkError"]]);
    release({ currentTime: "2026-01-01T00:00:00.000Z" });
    await flush();
    endpoint.receive(JSON.stringify([2, "x", "Heartbeat", {}])); // 2.1: reuse after the answer is allowed
    release({ currentTime: "2026-01-01T00:00:01.000Z" });
    await flush();
    expect(wire.sent.map((t) => parse(t).slice(0, 2))).toEqual([
      [4, "x"],
      [3, "x"],
      [3, "x"],
    ]);
  });

  it("closes with 1002 after the bad-message budget is spent", async () => {
    const { endpoint, wire } = rawCsms("ocpp2.0.1", { maxBadMessages: 2 });
    const closed: unknown[] = [];
    endpoint.events.on("connection:closed", (e) => closed.push(e));
    endpoint.receive("{not json");
    endpoint.receive("[");
    expect(endpoint.state).toBe("open");
    endpoint.receive("42");
    expect(endpoint.state).toBe("closed");
    expect(closed).toEqual([{ identity: "CP-1", code: 1002, reason: "too many bad messages" }]);
    expect(wire.closed).toBe(true);
  });

  it("graceful close waits for the outstanding reply and running handlers, settling queued calls as CLOSED", async () => {
    const { endpoint, wire } = rawCsms("ocpp1.6");
    let release: (v: { currentTime: string }) => void = () => {};
    endpoint.handle("ocpp1.6", "Heartbeat", () => new Promise((r) => (release = r)));
    endpoint.receive(JSON.stringify([2, "h", "Heartbeat", {}]));
    const outstanding = endpoint.call("ocpp1.6", "ClearCache", {});
    const queued = endpoint.call("ocpp1.6", "ClearCache", {});
    let closed = false;
    const closing = endpoint.close().then(() => (closed = true));
    expect(endpoint.state).toBe("closing");
    const q = await queued;
    expect(q.ok === false && q.error.code).toBe("CLOSED");
    const refused = await endpoint.call("ocpp1.6", "ClearCache", {});
    expect(refused.ok === false && refused.error.code).toBe("CLOSED");
    endpoint.receive(JSON.stringify([3, parse(wire.sent[0])[1], { status: "Accepted" }]));
    expect(await outstanding).toEqual({ ok: true, value: { status: "Accepted" } });
    await flush();
    expect(closed).toBe(false); // the handler has not answered yet
    release({ currentTime: "2026-01-01T00:00:00Z" });
    await closing;
    expect(parse(wire.sent[1])).toEqual([3, "h", { currentTime: "2026-01-01T00:00:00Z" }]);
    expect(wire.closed).toBe(true);
  });

  it("settles every pending call as CLOSED when the wire drops", async () => {
    const { endpoint } = rawCsms("ocpp1.6");
    const a = endpoint.call("ocpp1.6", "ClearCache", {});
    const b = endpoint.call("ocpp1.6", "ClearCache", {});
    endpoint.transportClosed(1006, "");
    for (const r of await Promise.all([a, b])) expect(r.ok === false && r.error.code).toBe("CLOSED");
  });
});

describe("RPC endpoint: relaxation and SEND", () => {
  it("tolerates only what the station's policy allows, and says so", async () => {
    const { endpoint, wire } = rawCsms("ocpp1.6", {
      relaxation: { rules: [{ relax: ["unknownEnumValue"], actions: ["StatusNotification"] }] },
    });
    const used: unknown[] = [];
    endpoint.events.on("relaxation:applied", (e) => used.push(e));
    endpoint.handle("ocpp1.6", "StatusNotification", () => ({}));
    endpoint.handle("ocpp1.6", "Authorize", () => ({ idTagInfo: { status: "Accepted" } }));
    endpoint.receive(
      JSON.stringify([2, "1", "StatusNotification", { connectorId: 1, errorCode: "Error", status: "Available" }]),
    );
    endpoint.receive(JSON.stringify([2, "2", "Authorize", { idTag: "X".repeat(21) }]));
    await flush();
    const byId = new Map(wire.sent.map((t) => [parse(t)[1], parse(t)]));
    expect(byId.get("1")).toEqual([3, "1", {}]);
    expect(byId.get("2")?.slice(0, 3)).toEqual([4, "2", "PropertyConstraintViolation"]);
    expect(used).toEqual([
      {
        identity: "CP-1",
        action: "StatusNotification",
        direction: "inbound",
        relaxation: "unknownEnumValue",
        path: "/errorCode",
      },
    ]);
  });

  it("sends and receives 2.1 SEND messages outside the one-outstanding rule, never answering them", async () => {
    const { csms, station, csmsWire } = createLoopbackPair({ version: "ocpp2.1", clock: createManualClock() });
    const got: unknown[] = [];
    csms.handleSend("ocpp2.1", "NotifyPeriodicEventStream", ({ payload }) => {
      got.push(payload.id);
    });
    station.handle("ocpp2.1", "ClearCache", () => NO_REPLY);
    void csms.call("ocpp2.1", "ClearCache", {}); // stays outstanding
    const sent = station.send("ocpp2.1", "NotifyPeriodicEventStream", {
      id: 7,
      pending: 0,
      basetime: "2026-01-01T00:00:00Z",
      data: [{ t: 0, v: "230.1" }],
    });
    expect(sent.ok).toBe(true);
    await flush();
    expect(got).toEqual([7]);
    expect(csmsWire.sent).toHaveLength(1); // only the CALL: no answer to the SEND
  });
});

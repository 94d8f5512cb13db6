import { DriverId, silentLogger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.js";
import { ALL_ROLES } from "../auth/roles.js";
import { FakeSink } from "../testing/fake-sink.js";
import { type Audience, canReceive, driverAndOperators, operatorsOf } from "./audience.js";
import { createSseHub, type LiveEvent } from "./sse-hub.js";

const alice: Principal = { keyId: "a", tenant: "t1", role: "driver-app", driverId: DriverId.of("alice") };
const bob: Principal = { keyId: "b", tenant: "t1", role: "driver-app", driverId: DriverId.of("bob") };
const operator: Principal = { keyId: "o", tenant: "t1", role: "operator" };

function hub(
  options: { maxQueuedBytes?: number; replaySize?: number; maxPerKey?: number; maxSubscribers?: number } = {},
) {
  const clock = createManualClock();
  return { clock, hub: createSseHub({ clock, logger: silentLogger, heartbeatMs: 15_000, ...options }) };
}

const event = (topic: string, data: unknown, audience: Audience): LiveEvent => ({
  topic,
  type: `${topic}:changed`,
  data,
  audience,
});

describe("SSE hub", () => {
  it("sends the stream headers, a retry hint and only the subscribed topics", () => {
    const { hub: h } = hub();
    const sink = new FakeSink();
    h.attach(sink, { principal: operator, topics: new Set(["stations"]) });
    h.publish(event("stations", { n: 1 }, operatorsOf("t1")));
    h.publish(event("sites", { n: 2 }, operatorsOf("t1")));
    expect(sink.head?.status).toBe(200);
    expect(sink.head?.headers["Content-Type"]).toBe("text/event-stream; charset=utf-8");
    expect(sink.frames()[0]).toEqual({ retry: 2000 });
    expect(sink.events()).toEqual([{ id: expect.stringMatching(/\.1$/), event: "stations:changed", data: { n: 1 } }]);
  });

  it("delivers a driver's events to that driver and operators only", () => {
    const { hub: h } = hub();
    const [a, b, o] = [new FakeSink(), new FakeSink(), new FakeSink()];
    h.attach(a, { principal: alice, topics: new Set() });
    h.attach(b, { principal: bob, topics: new Set() });
    h.attach(o, { principal: operator, topics: new Set() });
    h.publish(event("queue", { position: 3 }, driverAndOperators("t1", DriverId.of("alice"))));
    h.publish(event("stations", { status: "Charging" }, operatorsOf("t1")));
    expect(a.events().map((f) => f.data)).toEqual([{ position: 3 }]);
    expect(b.events()).toEqual([]);
    expect(o.events().map((f) => f.data)).toEqual([{ position: 3 }, { status: "Charging" }]);
  });

  it("never delivers an event to a subscriber who may not receive it, and delivers every one they may, in order", () => {
    const driver = fc.constantFrom("alice", "bob", "carol").map((d) => DriverId.of(d));
    const tenant = fc.constantFrom("t1", "t2");
    const principal: fc.Arbitrary<Principal> = fc.oneof(
      fc.record({ keyId: fc.constant("o"), tenant, role: fc.constant("operator" as const) }),
      fc.record({ keyId: fc.constant("n"), tenant, role: fc.constant("navigation-app" as const) }),
      fc.record({ keyId: fc.constant("d"), tenant, role: fc.constant("driver-app" as const), driverId: driver }),
    );
    const audience: fc.Arbitrary<Audience> = fc.record(
      { tenant, roles: fc.subarray([...ALL_ROLES], { minLength: 1 }), driverId: driver },
      { requiredKeys: ["tenant", "roles"] },
    );
    const topic = fc.constantFrom("stations", "queue", "reservations");
    fc.assert(
      fc.property(
        fc.array(fc.record({ principal, topics: fc.uniqueArray(topic, { maxLength: 2 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.record({ topic, audience }), { maxLength: 30 }),
        (subscribers, events) => {
          const { hub: h } = hub();
          const sinks = subscribers.map((s) => {
            const sink = new FakeSink();
            h.attach(sink, { principal: s.principal, topics: new Set(s.topics) });
            return sink;
          });
          events.forEach((e, i) => {
            h.publish(event(e.topic, { i }, e.audience));
          });
          subscribers.forEach((s, k) => {
            const got = sinks[k]?.events().map((f) => (f.data as { i: number }).i);
            const expected = events.flatMap((e, i) =>
              (s.topics.length === 0 || s.topics.includes(e.topic)) && canReceive(s.principal, e.audience) ? [i] : [],
            );
            expect(got).toEqual(expected);
            if (s.principal.role === "driver-app") {
              for (const i of got ?? []) expect(events[i]?.audience.driverId).toBe(s.principal.driverId);
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("sends heartbeat comments on the clock", () => {
    const { hub: h, clock } = hub();
    const sink = new FakeSink();
    h.attach(sink, { principal: operator, topics: new Set() });
    clock.advance(44_999);
    expect(sink.frames().filter((f) => f.comment === "heartbeat")).toHaveLength(2);
    clock.advance(1);
    expect(sink.frames().filter((f) => f.comment === "heartbeat")).toHaveLength(3);
  });

  it("queues while the socket is full, flushes in order on drain, and drops a consumer that falls too far behind", () => {
    const { hub: h } = hub({ maxQueuedBytes: 400 });
    const slow = new FakeSink();
    const fast = new FakeSink();
    h.attach(slow, { principal: operator, topics: new Set() });
    h.attach(fast, { principal: operator, topics: new Set() });
    slow.full = true;
    h.publish(event("stations", { n: 1 }, operatorsOf("t1"))); // written, and the socket says "full"
    h.publish(event("stations", { n: 2 }, operatorsOf("t1"))); // queued
    expect(slow.events().map((f) => f.data)).toEqual([{ n: 1 }]);
    slow.drain();
    expect(slow.events().map((f) => f.data)).toEqual([{ n: 1 }, { n: 2 }]);
    slow.full = true;
    for (let n = 3; n < 20; n++) h.publish(event("stations", { n, pad: "x".repeat(20) }, operatorsOf("t1")));
    expect(slow.destroyed).toBe(true);
    expect(h.size()).toBe(1);
    expect(fast.events()).toHaveLength(19);
  });

  it("replays missed events after a reconnect with Last-Event-ID, and resets when they are gone", () => {
    const { hub: h } = hub({ replaySize: 2 });
    const ids = [1, 2, 3, 4].map((n) => h.publish(event("stations", { n }, operatorsOf("t1"))));
    const resumed = new FakeSink();
    h.attach(resumed, { principal: operator, topics: new Set(), lastEventId: ids[1] });
    expect(resumed.events().map((f) => f.data)).toEqual([{ n: 3 }, { n: 4 }]);
    const tooOld = new FakeSink();
    h.attach(tooOld, { principal: operator, topics: new Set(), lastEventId: ids[0] });
    expect(tooOld.events().map((f) => f.event)).toEqual(["stream:reset"]);
    const otherRun = new FakeSink();
    h.attach(otherRun, { principal: operator, topics: new Set(), lastEventId: "zzz.2" });
    expect(otherRun.events().map((f) => f.event)).toEqual(["stream:reset"]);
    const replayFiltered = new FakeSink();
    h.attach(replayFiltered, { principal: alice, topics: new Set(), lastEventId: ids[1] });
    expect(replayFiltered.events()).toEqual([]);
  });

  it("forgets subscribers that disconnect and closes every stream on close", () => {
    const { hub: h, clock } = hub();
    const gone = new FakeSink();
    const staying = new FakeSink();
    h.attach(gone, { principal: operator, topics: new Set() });
    h.attach(staying, { principal: operator, topics: new Set() });
    gone.disconnect();
    expect(h.size()).toBe(1);
    h.close();
    expect(staying.ended).toBe(true);
    expect(staying.events().at(-1)?.event).toBe("stream:closing");
    expect(h.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    const late = new FakeSink();
    h.attach(late, { principal: operator, topics: new Set() });
    expect(late.ended).toBe(true);
  });

  it("bounds open streams per API key and in all, refusing before writing anything", () => {
    const { hub: h } = hub({ maxPerKey: 2, maxSubscribers: 3 });
    h.attach(new FakeSink(), { principal: alice, topics: new Set() });
    const second = new FakeSink();
    h.attach(second, { principal: alice, topics: new Set() });
    const refused = new FakeSink();
    expect(() => h.attach(refused, { principal: alice, topics: new Set() })).toThrow(
      expect.objectContaining({ code: "LIMIT_EXCEEDED" }),
    );
    expect(refused.head).toBeUndefined();
    h.attach(new FakeSink(), { principal: bob, topics: new Set() });
    expect(() => h.attach(new FakeSink(), { principal: operator, topics: new Set() })).toThrow(/too many/);
    second.disconnect();
    h.attach(new FakeSink(), { principal: operator, topics: new Set() });
    expect(h.size()).toBe(3);
  });
});

import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { createKeepalive } from "./keepalive.js";

describe("keepalive", () => {
  it("pings every interval and stays alive while pongs come back", () => {
    const clock = createManualClock();
    let pings = 0;
    let dead = 0;
    const k = createKeepalive({ clock, intervalMs: 1000, ping: () => pings++, onDead: () => dead++ });
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      k.pong();
    }
    expect(pings).toBe(5);
    expect(dead).toBe(0);
    k.stop();
    clock.advance(10_000);
    expect(pings).toBe(5);
  });

  it("declares a half-open connection dead once when a ping goes unanswered", () => {
    const clock = createManualClock();
    let dead = 0;
    createKeepalive({ clock, intervalMs: 1000, ping: () => {}, onDead: () => dead++ });
    clock.advance(1000); // ping
    expect(dead).toBe(0);
    clock.advance(1000); // no pong
    expect(dead).toBe(1);
    clock.advance(5000);
    expect(dead).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("does nothing with interval 0", () => {
    const clock = createManualClock();
    createKeepalive({ clock, intervalMs: 0, ping: () => {}, onDead: () => {} });
    expect(clock.pendingTimers()).toBe(0);
  });
});

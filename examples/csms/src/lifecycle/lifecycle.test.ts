import { silentLogger } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { createLifecycle } from "./lifecycle.js";

describe("lifecycle", () => {
  it("drains first, then runs hooks in reverse registration order, once", async () => {
    const clock = createManualClock();
    const lifecycle = createLifecycle({ clock, logger: silentLogger, hookTimeoutMs: 1000 });
    const order: string[] = [];
    lifecycle.onShutdown("store", () => void order.push("store"));
    lifecycle.onShutdown("ocpp", async () => {
      order.push("ocpp");
    });
    const drain = async () => void order.push("drain");
    const first = lifecycle.shutdown("SIGTERM", drain);
    const second = lifecycle.shutdown("SIGINT", drain);
    expect(lifecycle.isShuttingDown()).toBe(true);
    const report = await first;
    expect(await second).toBe(report);
    expect(order).toEqual(["drain", "ocpp", "store"]);
    expect(report).toEqual({
      reason: "SIGTERM",
      hooks: [
        { name: "ocpp", outcome: "ok" },
        { name: "store", outcome: "ok" },
      ],
    });
    expect(() => lifecycle.onShutdown("late", () => {})).toThrow(/already shutting down/);
  });

  it("moves on past a failing hook and a hook that hangs past its deadline, aborting it", async () => {
    const clock = createManualClock();
    const lifecycle = createLifecycle({ clock, logger: silentLogger, hookTimeoutMs: 5000 });
    const ran: string[] = [];
    let hangingSignal: AbortSignal | undefined;
    lifecycle.onShutdown("last", () => void ran.push("last"));
    lifecycle.onShutdown("hangs", (signal) => {
      hangingSignal = signal;
      return new Promise<void>(() => {});
    });
    lifecycle.onShutdown("fails", () => {
      throw new Error("boom");
    });
    const done = lifecycle.shutdown("test");
    await clock.advanceAsync(4999);
    expect(ran).toEqual([]);
    await clock.advanceAsync(1);
    const report = await done;
    expect(report.hooks).toEqual([
      { name: "fails", outcome: "failed" },
      { name: "hangs", outcome: "timed-out" },
      { name: "last", outcome: "ok" },
    ]);
    expect(hangingSignal?.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });
});

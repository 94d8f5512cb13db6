import { HOUR, nextEvent, SECOND } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it, vi } from "vitest";
import { parseFleetArgs } from "./args.js";
import { startFleetRun } from "./run.js";
import { scaledClock } from "./scaled-clock.js";

describe("fleet command", () => {
  it("reads its arguments and names the bad one", () => {
    const ok = parseFleetArgs(["--stations", "3", "--evses", "1", "--versions", "ocpp1.6,ocpp2.1", "--speed", "120"]);
    expect(ok.ok && ok.value).toMatchObject({
      stations: 3,
      evses: 1,
      versions: ["ocpp1.6", "ocpp2.1"],
      speed: 120,
      url: undefined,
      drivers: "random",
    });
    const bad = parseFleetArgs(["--stations", "0"]);
    expect(bad.ok === false && bad.error).toEqual({
      option: "stations",
      message: '--stations must be a positive integer, got "0"',
    });
    const version = parseFleetArgs(["--versions", "ocpp1.5"]);
    expect(version.ok === false && version.error.option).toBe("versions");
    const url = parseFleetArgs(["--url", "http://x"]);
    expect(url.ok === false && url.error.option).toBe("url");
    const unknown = parseFleetArgs(["--bogus"]);
    expect(unknown.ok === false && unknown.error.message).toContain("--bogus");
  });

  it("runs stations of every version against an in-process CSMS over real sockets", async () => {
    const parsed = parseFleetArgs([
      "--stations",
      "3",
      "--evses",
      "2",
      "--versions",
      "ocpp1.6,ocpp2.0.1,ocpp2.1",
      "--arrival-minutes",
      "10",
    ]);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const clock = createManualClock(Date.UTC(2026, 0, 1, 8));
    const accepted: Promise<unknown>[] = [];
    const run = await startFleetRun(parsed.value, { clock });
    for (const s of run.fleet.stations)
      if (s.registration !== "Accepted") accepted.push(nextEvent(s.events, "registration:changed"));
    await Promise.all(accepted);
    const registry = run.csms?.registry;
    if (registry === undefined) throw new Error("no in-process CSMS");
    expect(registry.views().filter((v) => v.registration === "Accepted")).toHaveLength(3);
    const started = nextEvent(registry.events, "transaction:started");
    // 10 s steps for up to an hour: a step never holds both a keepalive ping and the tick that checks its pong
    // (30 s apart), so a pong still crossing the loopback on a loaded machine is not taken for a half-open socket.
    for (let i = 0; i < HOUR / (10 * SECOND) && run.fleet.stats().arrivals === 0; i++) {
      await clock.advanceAsync(10 * SECOND);
    }
    expect(run.fleet.stats().arrivals).toBeGreaterThan(0);
    await started;
    expect(run.report()).toMatch(
      /3\/3 online \| \d+ charging \| \d+ sessions done \| [\d.]+ kWh \| CSMS: 3 connected, 0 rule violations$/,
    );
    const stats = await run.stop();
    expect(stats.droppedMessages).toBe(0);
  });

  it("a scaled clock runs faster than real time (on fake platform timers)", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    try {
      const clock = scaledClock(1000);
      const start = clock.now();
      let fired = 0;
      clock.setTimeout(() => fired++, 2000);
      const cancelled = clock.setTimeout(() => fired++, 1000);
      clock.clearTimeout(cancelled);
      vi.advanceTimersByTime(1);
      expect([fired, clock.now() - start]).toEqual([0, 1000]);
      vi.advanceTimersByTime(1);
      expect([fired, clock.now() - start]).toEqual([1, 2000]);
      expect(() => scaledClock(0)).toThrow("speed must be a positive number");
    } finally {
      vi.useRealTimers();
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { every, sleep, systemClock } from "./clock.js";
import { isChargekitError } from "./errors.js";
import { createManualClock } from "./testing/manual-clock.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("systemClock", () => {
  it("reads the platform time and timers lazily, so fake timers apply", () => {
    vi.useFakeTimers({ now: 1_000 });
    expect(systemClock.now()).toBe(1_000);
    const fn = vi.fn();
    systemClock.setTimeout(fn, 50);
    vi.advanceTimersByTime(49);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("chains delays longer than the 32-bit platform limit instead of firing at once", () => {
    vi.useFakeTimers({ now: 0 });
    const fn = vi.fn();
    const fortyDays = 40 * 24 * 3_600_000;
    systemClock.setTimeout(fn, fortyDays);
    vi.advanceTimersByTime(fortyDays - 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("clears a chained timer", () => {
    vi.useFakeTimers({ now: 0 });
    const fn = vi.fn();
    const handle = systemClock.setTimeout(fn, 30 * 24 * 3_600_000);
    vi.advanceTimersByTime(25 * 24 * 3_600_000);
    systemClock.clearTimeout(handle);
    vi.advanceTimersByTime(10 * 24 * 3_600_000);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("every", () => {
  it("runs on a fixed delay until stopped, also when the callback throws", () => {
    const clock = createManualClock(0);
    const runs: number[] = [];
    const stop = every(clock, 100, () => {
      runs.push(clock.now());
      if (runs.length === 2) throw new Error("callback failure");
    });
    clock.advance(100);
    expect(() => clock.advance(100)).toThrow("callback failure");
    clock.advance(100);
    expect(runs).toEqual([100, 200, 300]);
    stop();
    clock.advance(1000);
    expect(runs).toEqual([100, 200, 300]);
    expect(() => every(clock, 0, () => {})).toThrow("period must be positive");
  });
});

describe("sleep", () => {
  it("resolves after the delay on the given clock", async () => {
    const clock = createManualClock(0);
    let done = false;
    const p = sleep(clock, 1000).then(() => {
      done = true;
    });
    await clock.advanceAsync(999);
    expect(done).toBe(false);
    await clock.advanceAsync(1);
    await p;
    expect(done).toBe(true);
  });

  it("rejects with ABORTED and cancels its timer when aborted", async () => {
    const clock = createManualClock(0);
    const controller = new AbortController();
    const p = sleep(clock, 1000, controller.signal);
    controller.abort(new Error("shutdown"));
    await expect(p).rejects.toSatisfy((e) => isChargekitError(e, "ABORTED"));
    expect(clock.pendingTimers()).toBe(0);
    await expect(sleep(clock, 5, controller.signal)).rejects.toThrow("sleep aborted");
  });
});

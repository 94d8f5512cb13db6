import type { Clock, TimerHandle } from "../clock.js";
import { ChargekitError } from "../errors.js";
import type { Duration, Instant } from "../time.js";

interface PendingTimer {
  readonly due: Instant;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A {@link Clock} that only moves when told to. Timers fire in due-time order (ties in scheduling order), timers
 * scheduled by firing timers included, each exactly once and never before its due time; while a timer fires,
 * `now()` reads its due time. The clock refuses to move backwards.
 *
 * @category Testing
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due up to the new time. */
  advance(ms: Duration): void;
  /** Moves time forward to `instant`, firing every timer due up to it. */
  advanceTo(instant: Instant): void;
  /**
   * Like {@link ManualClock.advance}, but lets pending promise callbacks run before each timer and at the end,
   * so timers scheduled after an `await` inside the code under test are seen too. It waits one macrotask each time,
   * not for I/O: work a timer starts that talks to a database server or the network may still be under way when it
   * resolves; wait for that work by the code's own means (e.g. the reservation engine's `idle()`).
   */
  advanceAsync(ms: Duration): Promise<void>;
  /** Jumps to the next timer and fires it (with any others due at the same instant); false when none is pending. */
  runNext(): boolean;
  /** Number of timers scheduled and not yet fired or cleared. */
  pendingTimers(): number;
  /** Due time of the earliest pending timer. */
  nextTimerAt(): Instant | undefined;
}

/**
 * Creates a {@link ManualClock} starting at `start` (default: 2026-01-01T00:00:00Z, an arbitrary fixed instant).
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * let fired = false;
 * clock.setTimeout(() => { fired = true; }, 1000);
 * clock.advance(999); // not yet
 * clock.advance(1);   // fired === true
 * ```
 * @category Testing
 */
export function createManualClock(start: Instant = Date.UTC(2026, 0, 1)): ManualClock {
  if (!Number.isSafeInteger(start)) {
    throw new ChargekitError("INVALID_ARGUMENT", `manual clock start must be an integer instant, got ${start}`);
  }
  let now = start;
  let seq = 0;
  const pending = new Map<number, PendingTimer>();

  const earliest = (): PendingTimer | undefined => {
    let best: PendingTimer | undefined;
    for (const timer of pending.values()) {
      if (best === undefined || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer;
    }
    return best;
  };

  const checkTarget = (target: Instant): void => {
    if (!Number.isFinite(target)) throw new ChargekitError("INVALID_ARGUMENT", `cannot move the clock to ${target}`);
    if (target < now) {
      throw new ChargekitError("INVALID_ARGUMENT", `manual clock cannot move backwards from ${now} to ${target}`, {
        details: { now, target },
      });
    }
  };

  const fireNextDue = (target: Instant): boolean => {
    const timer = earliest();
    if (timer === undefined || timer.due > target) return false;
    pending.delete(timer.seq);
    now = timer.due;
    timer.callback();
    return true;
  };

  const clock: ManualClock = {
    now: () => now,
    setTimeout(callback, delayMs) {
      const delay = Number.isNaN(delayMs) || delayMs < 0 ? 0 : delayMs;
      const timer: PendingTimer = { due: now + Math.ceil(delay), seq: seq++, callback };
      pending.set(timer.seq, timer);
      return { seq: timer.seq };
    },
    clearTimeout(handle: TimerHandle) {
      const id = (handle as { seq?: unknown }).seq;
      if (typeof id === "number") pending.delete(id);
    },
    advance(ms) {
      clock.advanceTo(now + ms);
    },
    advanceTo(instant) {
      checkTarget(instant);
      while (fireNextDue(instant)) {
        // keep firing: callbacks may schedule more timers due before `instant`
      }
      now = instant;
    },
    async advanceAsync(ms) {
      const target = now + ms;
      checkTarget(target);
      await flushPromises();
      while (fireNextDue(target)) await flushPromises();
      now = target;
      await flushPromises();
    },
    runNext() {
      const timer = earliest();
      if (timer === undefined) return false;
      clock.advanceTo(timer.due);
      return true;
    },
    pendingTimers: () => pending.size,
    nextTimerAt: () => earliest()?.due,
  };
  return clock;
}

/** Lets every queued promise callback run (a macrotask boundary drains the microtask queue). */
function flushPromises(): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

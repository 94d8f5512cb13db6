import { ChargekitError } from "./errors.js";
import type { Duration, Instant } from "./time.js";

/**
 * Opaque handle of a timer scheduled through a {@link Clock}.
 *
 * @category Time
 */
export type TimerHandle = object;

/**
 * The time port: every time-based rule in chargekit (timeouts, heartbeats, reservation expiry, grace periods,
 * tariff windows, rebalancing ticks) reads the time and schedules through a Clock, so tests can drive time with
 * the manual clock from `@chargekit/core/testing` instead of sleeping.
 *
 * @category Time
 */
export interface Clock {
  /** The current instant in epoch ms. */
  now(): Instant;
  /** Runs `callback` once after `delayMs` (negative or NaN delays count as 0). */
  setTimeout(callback: () => void, delayMs: Duration): TimerHandle;
  /** Cancels a timer; unknown or already fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** Platform timers only take 32-bit delays (about 24.8 days); longer delays are chained. */
const MAX_PLATFORM_DELAY = 2_147_483_647;

interface SystemTimer {
  current: ReturnType<typeof globalThis.setTimeout> | undefined;
}

/**
 * The real clock: `Date.now()` and the platform timers, looked up on `globalThis` at call time (so fake timers
 * installed later still apply). Delays beyond the platform's 32-bit limit are chained, so a reservation expiring
 * in 40 days still fires on time.
 *
 * @category Time
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer: SystemTimer = { current: undefined };
    const due = Date.now() + Math.max(0, Number.isNaN(delayMs) ? 0 : delayMs);
    const arm = (): void => {
      const remaining = due - Date.now();
      if (remaining > MAX_PLATFORM_DELAY) {
        timer.current = globalThis.setTimeout(arm, MAX_PLATFORM_DELAY);
      } else {
        timer.current = globalThis.setTimeout(() => {
          timer.current = undefined;
          callback();
        }, remaining);
      }
    };
    arm();
    return timer;
  },
  clearTimeout(handle) {
    const timer = handle as SystemTimer;
    if (timer.current !== undefined) globalThis.clearTimeout(timer.current);
    timer.current = undefined;
  },
};

/**
 * Calls `callback` every `periodMs` on `clock` until the returned function is called. Each run is scheduled after
 * the previous one finished, so runs never overlap (a fixed-delay schedule).
 *
 * @example
 * ```ts
 * const stop = every(clock, 30_000, () => sendHeartbeat());
 * stop();
 * ```
 * @category Time
 */
export function every(clock: Clock, periodMs: Duration, callback: () => void): () => void {
  if (!(periodMs > 0)) throw new ChargekitError("INVALID_ARGUMENT", `period must be positive, got ${periodMs}`);
  let handle: TimerHandle | undefined;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    try {
      callback();
    } finally {
      if (!stopped) handle = clock.setTimeout(run, periodMs);
    }
  };
  handle = clock.setTimeout(run, periodMs);
  return () => {
    stopped = true;
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}

/**
 * Resolves after `delayMs` on `clock`; rejects with an `ABORTED` {@link ChargekitError} when `signal` aborts first.
 *
 * @category Time
 */
export function sleep(clock: Clock, delayMs: Duration, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ChargekitError("ABORTED", "sleep aborted", { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(new ChargekitError("ABORTED", "sleep aborted", { cause: signal?.reason }));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

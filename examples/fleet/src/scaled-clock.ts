import type { Clock } from "@chargekit/core";

const MAX_DELAY = 2_147_483_647;

/**
 * A real-time clock that runs `speed` times faster: at speed 60 a simulated hour passes in a real minute. Time
 * starts at the real time of creation and every delay is shortened by the same factor, so a whole simulated fleet
 * and an in-process CSMS can share it.
 *
 * @example
 * ```ts
 * const clock = scaledClock(60);
 * clock.setTimeout(() => console.log("a simulated minute later"), 60_000); // fires after one real second
 * ```
 * @category Fleet CLI
 */
export function scaledClock(speed: number): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
  const realStart = Date.now();
  return {
    now: () => realStart + Math.floor((Date.now() - realStart) * speed),
    setTimeout(callback, delayMs) {
      const timer: { handle?: ReturnType<typeof globalThis.setTimeout> } = {};
      // platform timers take at most 2^31 − 1 ms: longer waits are chained
      const wait = (real: number): void => {
        const step = Math.min(real, MAX_DELAY);
        timer.handle = globalThis.setTimeout(() => (real > MAX_DELAY ? wait(real - MAX_DELAY) : callback()), step);
      };
      wait(Math.max(0, Number.isNaN(delayMs) ? 0 : delayMs) / speed);
      return timer;
    },
    clearTimeout(timer) {
      const handle = (timer as { handle?: ReturnType<typeof globalThis.setTimeout> }).handle;
      if (handle !== undefined) globalThis.clearTimeout(handle);
    },
  };
}

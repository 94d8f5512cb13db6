import { ChargekitError } from "@chargekit/core";

/**
 * Reconnect back-off parameters of OCPP 2.0.1 §5.3 (device model variables `RetryBackOffWaitMinimum`,
 * `RetryBackOffRandomRange`, `RetryBackOffRepeatTimes`), in milliseconds.
 *
 * @category Transport
 */
export interface RetryBackOff {
  /** Minimum wait before the first reconnect attempt (`RetryBackOffWaitMinimum`). */
  readonly waitMinimumMs: number;
  /** Upper bound of the random part added to every wait (`RetryBackOffRandomRange`). */
  readonly randomRangeMs: number;
  /** How many times the wait doubles; after that it stays constant (`RetryBackOffRepeatTimes`). */
  readonly repeatTimes: number;
}

/**
 * Defaults: 3 s minimum, up to 2 s random, doubling 5 times (so at most 96 s + random).
 *
 * @category Transport
 */
export const DEFAULT_RETRY_BACK_OFF: RetryBackOff = { waitMinimumMs: 3000, randomRangeMs: 2000, repeatTimes: 5 };

/**
 * The wait before reconnect attempt `attempt` (0 for the first): `waitMinimum × 2^min(attempt, repeatTimes)` plus
 * `random() × randomRange` (OCPP 2.0.1 §5.3: the first attempt after waitMinimum + random, each next one doubling
 * the wait, up to repeatTimes doublings, then constant).
 *
 * @example
 * ```ts
 * retryDelay(0, { waitMinimumMs: 1000, randomRangeMs: 0, repeatTimes: 3 }); // 1000
 * retryDelay(9, { waitMinimumMs: 1000, randomRangeMs: 0, repeatTimes: 3 }); // 8000
 * ```
 * @category Transport
 */
export function retryDelay(attempt: number, params: RetryBackOff, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new ChargekitError("INVALID_ARGUMENT", `attempt must be a non-negative integer, got ${attempt}`);
  }
  const doublings = Math.min(attempt, Math.max(0, params.repeatTimes));
  return Math.round(params.waitMinimumMs * 2 ** doublings + random() * params.randomRangeMs);
}

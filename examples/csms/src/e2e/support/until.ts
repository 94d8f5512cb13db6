import { setTimeout as delay } from "node:timers/promises";

/**
 * Polls `probe` until it returns something other than `undefined` (or `false`), and resolves with that; fails with
 * `what` and the last probe's error once `timeoutMs` of real time passed. For waiting on another process or on
 * sockets, never to assert how long something took.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const cause = last instanceof Error ? `: ${last.message}` : "";
      throw new Error(`gave up waiting for ${what}${cause}`, { cause: last });
    }
    await delay(options.intervalMs ?? 50);
  }
}

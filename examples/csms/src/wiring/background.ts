import type { Logger } from "@chargekit/core";

/**
 * Work the server does in reaction to events (a session row to write, a hold to place): run in order per key
 * (one station's messages one after the other), never thrown at the emitter, and awaited at shutdown so the store
 * is not closed under it.
 */
export interface BackgroundWork {
  /**
   * Runs `task` after every earlier task of `key` settled. A failure is logged with `what` and does not stop the
   * queue. Resolves when the task settled.
   */
  run(key: string, what: string, task: () => Promise<void>): Promise<void>;
  /** Resolves once no task is queued or running (also those queued meanwhile). */
  idle(): Promise<void>;
  /** Tasks queued or running now. */
  pending(): number;
}

/** Creates a {@link BackgroundWork} that logs failures to `logger`. */
export function createBackgroundWork(logger: Logger): BackgroundWork {
  const tails = new Map<string, Promise<void>>();
  let running = 0;
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    if (running > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  return {
    run(key, what, task) {
      running++;
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous
        .then(task)
        .catch((error: unknown) => logger.error({ err: error, key }, `${what} failed`))
        .finally(() => {
          if (tails.get(key) === next) tails.delete(key);
          running--;
          settle();
        });
      tails.set(key, next);
      return next;
    },
    idle() {
      if (running === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    pending: () => running,
  };
}

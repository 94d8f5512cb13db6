import { type Clock, type Logger, sleep } from "@chargekit/core";

/** Something to stop at shutdown: the store, the OCPP server, the demo fleet. */
export type ShutdownHook = (signal: AbortSignal) => void | Promise<void>;

/** What happened at shutdown, hook by hook. */
export interface ShutdownReport {
  /** Why the server stopped (`SIGTERM`, `test`, …). */
  readonly reason: string;
  /** Hooks in the order they ran (reverse of registration) and how each ended. */
  readonly hooks: readonly HookOutcome[];
}

/** How one shutdown hook ended. */
export interface HookOutcome {
  /** The hook's name. */
  readonly name: string;
  /** Finished, threw, or ran past its deadline. */
  readonly outcome: "ok" | "failed" | "timed-out";
}

/** Options of {@link createLifecycle}. */
export interface LifecycleOptions {
  /** Times the hooks. */
  readonly clock: Clock;
  /** Logs each step. */
  readonly logger: Logger;
  /** How long one hook may take before shutdown moves on, in ms (its signal aborts then). */
  readonly hookTimeoutMs: number;
}

/** Start-up and shutdown bookkeeping. */
export interface Lifecycle {
  /** Registers a hook; hooks run in reverse registration order (last started, first stopped). */
  onShutdown(name: string, hook: ShutdownHook): void;
  /** True from the moment shutdown began. */
  isShuttingDown(): boolean;
  /**
   * Runs `drain` (stop accepting and settle in-flight work), then every hook in reverse order, each bounded by
   * `hookTimeoutMs`; a failing or hanging hook is logged and the next one still runs. Calling it again returns
   * the same promise.
   */
  shutdown(reason: string, drain?: () => Promise<void>): Promise<ShutdownReport>;
}

/** Creates a {@link Lifecycle}. */
export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const log = options.logger.child({ component: "lifecycle" });
  const hooks: { name: string; hook: ShutdownHook }[] = [];
  let running: Promise<ShutdownReport> | undefined;

  const runHook = async (name: string, hook: ShutdownHook): Promise<"ok" | "failed" | "timed-out"> => {
    const aborter = new AbortController();
    const timeout = sleep(options.clock, options.hookTimeoutMs, aborter.signal).then(
      () => "timed-out" as const,
      () => "ok" as const,
    );
    try {
      const outcome = await Promise.race([Promise.resolve(hook(aborter.signal)).then(() => "ok" as const), timeout]);
      if (outcome === "timed-out") {
        log.error({ hook: name, timeoutMs: options.hookTimeoutMs }, "shutdown hook timed out");
        aborter.abort(new Error(`shutdown hook ${name} timed out`));
      }
      return outcome;
    } catch (error) {
      log.error({ hook: name, err: error }, "shutdown hook failed");
      return "failed";
    } finally {
      aborter.abort();
    }
  };

  return {
    onShutdown(name, hook) {
      if (running !== undefined) throw new Error(`cannot register shutdown hook ${name}: already shutting down`);
      hooks.push({ name, hook });
    },
    isShuttingDown: () => running !== undefined,
    shutdown(reason, drain) {
      running ??= (async () => {
        log.info({ reason }, "shutting down");
        if (drain !== undefined) {
          try {
            await drain();
          } catch (error) {
            log.error({ err: error }, "draining failed");
          }
        }
        const report: HookOutcome[] = [];
        for (const { name, hook } of [...hooks].reverse()) {
          const outcome = await runHook(name, hook);
          report.push({ name, outcome });
          log.info({ hook: name, outcome }, "shutdown hook done");
        }
        log.info({ reason }, "stopped");
        return { reason, hooks: report };
      })();
      return running;
    },
  };
}

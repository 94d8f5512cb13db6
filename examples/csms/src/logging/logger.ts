import type { Clock, Logger } from "@chargekit/core";
import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";
import type { LogLevel } from "../config/schema.js";
import { CENSOR, redactionPaths } from "./redaction.js";

/** The server's logger: a pino logger, which is also a core `Logger` (pass it to any chargekit package). */
export type AppLogger = PinoLogger;

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** The least severe level written. */
  readonly level: LogLevel;
  /** Where lines go (default: stdout). Tests pass an in-memory stream. */
  readonly destination?: DestinationStream;
  /** Timestamps come from this clock (default: pino's own `Date.now()`). */
  readonly clock?: Clock;
}

/**
 * Creates the root logger: JSON lines with `level`, `time` (epoch ms), `msg` and the fields given, secrets censored
 * (see {@link SECRET_FIELDS}), errors under `err` with their stack and cause.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "info" });
 * componentLogger(log, "http").info({ port: 8080 }, "listening");
 * ```
 */
export function createLogger(options: CreateLoggerOptions): AppLogger {
  const { clock } = options;
  return pino(
    {
      level: options.level,
      base: { service: "chargekit-csms" },
      redact: { paths: redactionPaths(), censor: CENSOR },
      serializers: { err: pino.stdSerializers.err },
      ...(clock === undefined ? {} : { timestamp: () => `,"time":${clock.now()}` }),
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A child logger whose lines carry `component` (`http`, `sse`, `lifecycle`, `ocpp` …). */
export function componentLogger(logger: Logger, component: string): Logger {
  return logger.child({ component });
}

/**
 * The logging port, shaped like pino's methods (`logger.info({ stationId }, "booted")`), so a pino logger can be
 * passed as is. Libraries log through it and never to the console.
 *
 * @category Ports
 */
export interface Logger {
  /** Verbose diagnostics. */
  debug(fields: object, message?: string): void;
  /** Normal operation worth keeping. */
  info(fields: object, message?: string): void;
  /** Something unexpected that was handled. */
  warn(fields: object, message?: string): void;
  /** A failure that needs attention. */
  error(fields: object, message?: string): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: object): Logger;
}

/**
 * A {@link Logger} that drops everything: the default wherever a logger is optional.
 *
 * @category Ports
 */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

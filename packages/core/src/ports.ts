import { ChargekitError } from "./errors.js";

/**
 * Optional features of a port implementation, announced as flags (`{ transactions: true }`) instead of optional
 * methods that callers must probe.
 *
 * @category Ports
 */
export type Capabilities<Flag extends string> = Readonly<Partial<Record<Flag, boolean>>>;

/**
 * True when a port announces `flag`.
 *
 * @category Ports
 */
export function hasCapability<Flag extends string>(
  port: { readonly capabilities?: Capabilities<Flag> },
  flag: Flag,
): boolean {
  return port.capabilities?.[flag] === true;
}

/**
 * What a failed port call was doing.
 *
 * @category Ports
 */
export interface PortFailure {
  /** The port, e.g. `"ReservationStore"`. */
  readonly port: string;
  /** The method, e.g. `"confirm"`. */
  readonly operation: string;
  /** The record it touched, if any. */
  readonly key?: string;
  /** The underlying error from the client (database, network). */
  readonly cause?: unknown;
}

/**
 * The `PORT_FAILURE` {@link ChargekitError} an adapter throws when its infrastructure fails, naming the port,
 * the operation and the key.
 *
 * @example
 * ```ts
 * throw portFailure({ port: "ReservationStore", operation: "insert", key: String(id), cause: error });
 * ```
 * @category Ports
 */
export function portFailure(failure: PortFailure): ChargekitError {
  const where = failure.key === undefined ? "" : ` (key ${failure.key})`;
  const why = failure.cause instanceof Error ? `: ${failure.cause.message}` : "";
  return new ChargekitError("PORT_FAILURE", `${failure.port}.${failure.operation} failed${where}${why}`, {
    details: {
      port: failure.port,
      operation: failure.operation,
      ...(failure.key === undefined ? {} : { key: failure.key }),
    },
    cause: failure.cause,
  });
}

import { EventEmitter } from "eventemitter3";
import { ChargekitError } from "./errors.js";

/**
 * Constraint for event maps: `noun:verb` names, each with one object payload.
 *
 * @example
 * ```ts
 * interface StationEvents {
 *   "station:connected": { stationId: StationId; at: Instant };
 * }
 * ```
 * @category Events
 */
export type EventMap<E> = { [K in keyof E]: K extends `${string}:${string}` ? object : never };

/**
 * The listener signature of each event in an event map.
 *
 * @category Events
 */
export type Listeners<E> = { [K in keyof E & string]: (payload: E[K]) => void };

/**
 * A typed eventemitter3 emitter: `on("reservation:expired", (e) => …)` infers the payload type, and `emit`
 * accepts only the declared names with their payload.
 *
 * @category Events
 */
export class TypedEmitter<E extends EventMap<E>> extends EventEmitter<Listeners<E>> {}

/**
 * Creates a {@link TypedEmitter} for the event map `E`.
 *
 * @example
 * ```ts
 * const events = createEmitter<{ "queue:joined": { position: number } }>();
 * events.on("queue:joined", ({ position }) => console.log(position));
 * events.emit("queue:joined", { position: 3 });
 * ```
 * @category Events
 */
export function createEmitter<E extends EventMap<E>>(): TypedEmitter<E> {
  return new TypedEmitter<E>();
}

/**
 * Options of {@link nextEvent}.
 *
 * @category Events
 */
export interface NextEventOptions<P> {
  /** Only resolve for payloads this returns true for. */
  readonly filter?: (payload: P) => boolean;
  /** Reject with an `ABORTED` error when this aborts. */
  readonly signal?: AbortSignal;
}

/**
 * Resolves with the payload of the next `name` event (that passes `filter`).
 *
 * @category Events
 */
export function nextEvent<E extends EventMap<E>, K extends keyof E & string>(
  emitter: TypedEmitter<E>,
  name: K,
  options: NextEventOptions<E[K]> = {},
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const { filter, signal } = options;
    const cleanup = (): void => {
      (emitter as unknown as EventEmitter).off(name, listener);
      signal?.removeEventListener("abort", onAbort);
    };
    const listener = (payload: E[K]): void => {
      if (filter !== undefined && !filter(payload)) return;
      cleanup();
      resolve(payload);
    };
    const onAbort = (): void => {
      cleanup();
      reject(new ChargekitError("ABORTED", `stopped waiting for "${name}"`, { cause: signal?.reason }));
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    (emitter as unknown as EventEmitter).on(name, listener);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

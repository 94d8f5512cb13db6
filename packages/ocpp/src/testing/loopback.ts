import type { Clock } from "@chargekit/core";
import type { RelaxationPolicy } from "../codec/relaxation.js";
import { createRpcEndpoint } from "../rpc/endpoint.js";
import type { RpcEndpoint, RpcEndpointOptions, RpcTransport } from "../rpc/endpoint-types.js";
import type { OcppVersion } from "../schema/versions.js";

/**
 * One end of an in-memory wire: frames written on one end arrive at the other in a later microtask, in order.
 *
 * @category Testing
 */
export interface LoopbackEnd extends RpcTransport {
  /** Frames written on this end so far (for assertions). */
  readonly sent: readonly string[];
  /** Whether this end has been closed. */
  readonly closed: boolean;
  /** Where frames arriving at this end go. */
  onFrame: (text: string) => void;
  /** Called once when the wire closes (from either end). */
  onClose: (code: number, reason: string) => void;
}

/**
 * Creates an in-memory wire with two ends.
 *
 * @category Testing
 */
export function createLoopbackWire(): readonly [LoopbackEnd, LoopbackEnd] {
  let closed = false;
  const makeEnd = (): LoopbackEnd & { sent: string[]; peer?: LoopbackEnd } => ({
    sent: [],
    get closed() {
      return closed;
    },
    onFrame: () => {},
    onClose: () => {},
    send(text) {
      if (closed) return;
      this.sent.push(text);
      const peer = this.peer;
      queueMicrotask(() => {
        if (!closed) peer?.onFrame(text);
      });
    },
    close(code, reason) {
      if (closed) return;
      closed = true;
      const peer = this.peer;
      queueMicrotask(() => {
        this.onClose(code, reason);
        peer?.onClose(code, reason);
      });
    },
  });
  const a = makeEnd();
  const b = makeEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/**
 * Options of {@link createLoopbackPair}.
 *
 * @category Testing
 */
export interface LoopbackPairOptions {
  /** The version both ends speak. */
  readonly version: OcppVersion;
  /** The station identity; `"CP-1"`. */
  readonly identity?: string;
  /** The clock both endpoints use (pass a manual clock in tests). */
  readonly clock?: Clock;
  /** Extra options for the CSMS end. */
  readonly csms?: Partial<Omit<RpcEndpointOptions<"csms">, "role" | "version" | "identity" | "transport">>;
  /** Extra options for the station end. */
  readonly station?: Partial<Omit<RpcEndpointOptions<"station">, "role" | "version" | "identity" | "transport">>;
  /** Relaxation policy of the CSMS end (what it tolerates from the station). */
  readonly relaxation?: RelaxationPolicy;
}

/**
 * A CSMS endpoint and a station endpoint connected by an in-memory wire: the deterministic harness for RPC tests
 * (timeouts with a manual clock, crossing calls, close handling) without sockets.
 *
 * @example
 * ```ts
 * const { csms, station } = createLoopbackPair({ version: "ocpp1.6", clock: createManualClock() });
 * station.handle("ocpp1.6", "Reset", () => ({ status: "Accepted" }));
 * const result = await csms.call("ocpp1.6", "Reset", { type: "Hard" });
 * ```
 * @category Testing
 */
export function createLoopbackPair(options: LoopbackPairOptions): {
  /** The CSMS side. */
  readonly csms: RpcEndpoint<"csms">;
  /** The station side. */
  readonly station: RpcEndpoint<"station">;
  /** The CSMS end of the wire (frames the CSMS sent are in `sent`). */
  readonly csmsWire: LoopbackEnd;
  /** The station end of the wire. */
  readonly stationWire: LoopbackEnd;
} {
  const [csmsWire, stationWire] = createLoopbackWire();
  const identity = options.identity ?? "CP-1";
  const csms = createRpcEndpoint({
    ...options.csms,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.relaxation === undefined ? {} : { relaxation: options.relaxation }),
    role: "csms",
    version: options.version,
    identity,
    transport: csmsWire,
  });
  const station = createRpcEndpoint({
    ...options.station,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    role: "station",
    version: options.version,
    identity,
    transport: stationWire,
  });
  csmsWire.onFrame = (text) => csms.receive(text);
  stationWire.onFrame = (text) => station.receive(text);
  csmsWire.onClose = (code, reason) => csms.transportClosed(code, reason);
  stationWire.onClose = (code, reason) => station.transportClosed(code, reason);
  return { csms, station, csmsWire, stationWire };
}

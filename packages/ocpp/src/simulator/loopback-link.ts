import type { Clock } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import { createLoopbackPair } from "../testing/loopback.js";
import type { FleetLinkFactory } from "./fleet.js";

/**
 * A fleet link that connects each station in-process, over an in-memory wire, to whatever takes CSMS-side
 * endpoints (a `StationRegistry`'s `attach`): a whole CSMS and its fleet in one process without sockets, for tests
 * and demos.
 *
 * @example
 * ```ts no-run
 * const fleet = createFleet({ stations: 20, link: loopbackFleetLink({ attach: (e) => registry.attach(e), clock }), clock });
 * ```
 * @category Simulator
 */
export function loopbackFleetLink(options: {
  /** Takes the CSMS end of each station's wire. */
  readonly attach: (endpoint: RpcEndpoint<"csms">) => unknown;
  /** The clock both ends use. */
  readonly clock?: Clock;
}): FleetLinkFactory {
  return (station) => {
    let wire: ReturnType<typeof createLoopbackPair> | undefined;
    return {
      async start() {
        wire = createLoopbackPair({
          version: station.version,
          identity: station.identity,
          ...(options.clock === undefined ? {} : { clock: options.clock }),
        });
        options.attach(wire.csms);
        await station.connect(wire.station);
      },
      async stop() {
        await wire?.station.close({ force: true });
        wire = undefined;
      },
    };
  };
}

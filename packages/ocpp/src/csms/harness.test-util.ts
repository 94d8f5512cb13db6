import { createManualClock, type ManualClock } from "@chargekit/core/testing";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import type { OcppVersion } from "../schema/versions.js";
import { createLoopbackPair } from "../testing/loopback.js";
import { createStationRegistry } from "./registry.js";
import type { StationRegistry, StationRegistryEvents, StationRegistryOptions } from "./registry-types.js";

/** A registry with a manual clock, recording every event it emits. */
export function registryHarness(options: Omit<StationRegistryOptions, "clock"> = {}) {
  const clock: ManualClock = createManualClock(Date.UTC(2026, 0, 1, 8));
  const registry: StationRegistry = createStationRegistry({ offlineAfterMs: 0, ...options, clock });
  const seen: { name: keyof StationRegistryEvents; payload: unknown }[] = [];
  const names: (keyof StationRegistryEvents)[] = [
    "station:connected",
    "station:disconnected",
    "station:booted",
    "connector:status",
    "transaction:started",
    "transaction:updated",
    "transaction:ended",
    "meter:sample",
    "protocol:violation",
    "notification:received",
  ];
  for (const name of names) registry.events.on(name, (payload: unknown) => seen.push({ name, payload }));
  const of = <K extends keyof StationRegistryEvents>(name: K) =>
    seen.filter((e) => e.name === name).map((e) => e.payload as StationRegistryEvents[K]);
  /** Connects a station endpoint to the registry over a loopback wire. */
  const connect = (version: OcppVersion, identity = "CP-1"): RpcEndpoint<"station"> => {
    const pair = createLoopbackPair({ version, identity, clock });
    registry.attach(pair.csms);
    return pair.station;
  };
  return { clock, registry, seen, of, connect };
}

/** Calls and unwraps (throws the failure). */
export async function must<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw r.error;
  return r.value;
}

import { formatInstant } from "@chargekit/core";
import type { HandlerSet } from "../rpc/handlers.js";
import { actionEntries } from "../schema/registry.js";
import type { OcppVersion } from "../schema/versions.js";
import type { BootInfo, ConnectorView, Registration } from "../station/model.js";
import { connectorKey, type LiveStation, serial } from "./live-station.js";
import { admit, admitNow, type RegistryCore } from "./registry-core.js";

/** Handles a BootNotification of any version: the boot policy decides, the store records, the event tells. @internal */
export async function handleBoot(
  core: RegistryCore,
  identity: string,
  version: OcppVersion,
  boot: BootInfo,
): Promise<{ status: Registration; currentTime: string; interval: number }> {
  const live = await admit(core, identity, "BootNotification");
  return serial(live, async () => {
    const previous = await core.stations.get(live.id);
    const decision = await core.bootPolicy({ stationId: live.id, version, boot, previous });
    const at = core.clock.now();
    await core.stations.recordBoot(live.id, { version, boot, registration: decision.status, at });
    live.registration = decision.status;
    live.boot = boot;
    live.bootedAt = at;
    live.version = version;
    live.reportedSinceBoot = new Set();
    live.triggered.clear();
    core.events.emit("station:booted", { stationId: live.id, version, boot, registration: decision.status, at });
    return {
      status: decision.status,
      currentTime: formatInstant(at),
      interval: Math.max(1, Math.round(decision.intervalSec ?? core.heartbeatIntervalSec)),
    };
  });
}

/**
 * Handles a Heartbeat of any version. The live view always has the exact time; the store gets it when the stored
 * one is older than half a heartbeat interval, so a station heartbeating more often than asked (or a busy fleet)
 * does not turn every heartbeat into a write — and a heartbeat that writes nothing is answered synchronously.
 *
 * @internal
 */
export function handleHeartbeat(
  core: RegistryCore,
  identity: string,
): { currentTime: string } | Promise<{ currentTime: string }> {
  const live = admitNow(core, identity, "Heartbeat");
  if (live === undefined) return admit(core, identity, "Heartbeat").then((l) => heartbeat(core, l));
  return heartbeat(core, live);
}

function heartbeat(core: RegistryCore, live: LiveStation): { currentTime: string } | Promise<{ currentTime: string }> {
  const at = core.clock.now();
  live.lastHeartbeatAt = at;
  const answer = { currentTime: formatInstant(at) };
  // also when nothing was stored yet (NaN)
  if (!(at - live.storedHeartbeatAt < (core.heartbeatIntervalSec * 1000) / 2)) {
    live.storedHeartbeatAt = at;
    return core.stations.recordHeartbeat(live.id, at).then(() => answer);
  }
  return answer;
}

/**
 * Records a connector status: `check(previous)` reports rule violations against the last status (undefined for
 * the first status of a connector since the station booted, which is not checked); the store refuses a status
 * older than the one it has.
 *
 * @internal
 */
export async function recordStatus(
  core: RegistryCore,
  live: LiveStation,
  view: ConnectorView,
  check: (previous: ConnectorView) => void,
): Promise<void> {
  const key = connectorKey(view.evseId, view.connectorId);
  const previous = live.connectors.get(key);
  const sinceBoot = live.reportedSinceBoot;
  const firstSinceBoot = sinceBoot !== undefined && !sinceBoot.has(key);
  sinceBoot?.add(key);
  if (previous !== undefined && !firstSinceBoot && view.since >= previous.since) check(previous);
  await storeStatus(core, live, view);
}

/**
 * Stores a connector view, and when the store applies it (it was not older than the stored one) keeps it in the
 * live station and emits `connector:status`. Returns whether it was applied.
 *
 * @internal
 */
export async function storeStatus(core: RegistryCore, live: LiveStation, view: ConnectorView): Promise<boolean> {
  const stored = await core.stations.recordStatus(live.id, view);
  if (!stored.applied) return false;
  live.connectors.set(connectorKey(view.evseId, view.connectorId), view);
  core.events.emit("connector:status", { stationId: live.id, connector: view, previous: stored.previous });
  return true;
}

/**
 * Registers, for every action a station sends in `version` that `handled` does not cover, a handler answering
 * the empty response (when the version allows it) and emitting `notification:received`.
 *
 * @internal
 */
export function installAcknowledgements(
  core: RegistryCore,
  handlers: HandlerSet<"csms">,
  version: OcppVersion,
  handled: ReadonlySet<string>,
): void {
  for (const entry of actionEntries(version)) {
    if (entry.send || entry.sender === "csms" || handled.has(entry.action)) continue;
    if (entry.response === undefined || !entry.response.validate({}, undefined, "")) continue;
    const action = entry.action;
    const handler = async (context: { identity: string; payload: unknown }) => {
      const live = await admit(core, context.identity, action);
      core.events.emit("notification:received", { stationId: live.id, version, action, payload: context.payload });
      return {};
    };
    handlers.handle(version, action as never, handler as never);
  }
}

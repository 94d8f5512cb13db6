import type { StationId } from "@chargekit/core";
import type { LocalListEntry, StationRegistry } from "@chargekit/ocpp";
import type { LocalAuthorizationList, StationListState } from "@chargekit/payments";
import type { LocalListSyncOutcome } from "./authorization-service.js";
import { stationTokenOf, toOcppDecision } from "./credentials.js";

/** Items per SendLocalList when a station does not say (`SendLocalListMaxLength` / `ItemsPerMessage`). */
export const DEFAULT_ITEMS_PER_MESSAGE = 50;

async function stationLimits(registry: StationRegistry, stationId: StationId) {
  const read = await registry.commands.getConfiguration(stationId, {
    keys: ["SendLocalListMaxLength", "LocalAuthListMaxLength"],
  });
  const value = (key: string): number | undefined => {
    if (!read.ok) return undefined;
    const found = read.value.values.find((v) => v.key === key)?.value;
    const n = found === undefined ? Number.NaN : Number(found);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  };
  return { itemsPerMessage: value("SendLocalListMaxLength"), maxEntries: value("LocalAuthListMaxLength") };
}

/**
 * Brings one station's local list to the master list's version: reads the station's limits and list version,
 * plans a differential update from the state recorded after the last successful sync (a full one when there is
 * none, when the station reports another version, or when `full`), and sends each message. A 1.6 station gets the
 * idTag entries, a 2.x station the id-token entries (app accounts and payment cards are never listed). The
 * recorded state is replaced once every message was accepted and forgotten on any refusal, so the next sync is
 * full. Throws the command's `CommandFailure` when the station cannot be reached.
 */
export async function syncStationList(
  registry: StationRegistry,
  list: LocalAuthorizationList,
  states: Map<string, StationListState>,
  stationId: StationId,
  full: boolean,
): Promise<LocalListSyncOutcome> {
  const view = registry.view(stationId);
  const family = view?.version === "ocpp1.6" ? "idTag" : "idToken";
  const limits = await stationLimits(registry, stationId);
  const reported = await registry.commands.getLocalListVersion(stationId);
  if (!reported.ok && reported.error.code === "NOT_CONNECTED") throw reported.error;
  const recorded = full ? undefined : states.get(stationId);
  const plan = list.plan({
    itemsPerMessage: limits.itemsPerMessage ?? DEFAULT_ITEMS_PER_MESSAGE,
    ...(limits.maxEntries === undefined ? {} : { maxEntries: limits.maxEntries }),
    ...(recorded === undefined ? {} : { state: recorded }),
    ...(reported.ok ? { reportedVersion: reported.value.version } : {}),
  });
  if (!plan.ok) throw plan.error;
  let entries = 0;
  for (const message of plan.value.messages) {
    const sent: LocalListEntry[] = [];
    for (const entry of message.entries) {
      if (entry.credential.kind !== family) continue;
      const token = stationTokenOf(entry.credential);
      if (token === undefined) continue;
      sent.push(entry.decision === undefined ? { token } : { token, authorization: toOcppDecision(entry.decision) });
    }
    const result = await registry.commands.sendLocalList(stationId, {
      version: message.version,
      update: message.updateType,
      entries: sent,
    });
    if (!result.ok) {
      states.delete(stationId);
      throw result.error;
    }
    if (result.value.status !== "Accepted") {
      states.delete(stationId);
      return { stationId, outcome: result.value.status, messages: plan.value.messages.length, entries };
    }
    entries += sent.length;
  }
  states.set(stationId, plan.value.target);
  return {
    stationId,
    outcome: plan.value.messages.length === 0 ? "up-to-date" : "sent",
    version: plan.value.target.stationVersion,
    messages: plan.value.messages.length,
    entries,
  };
}

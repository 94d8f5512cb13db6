import type { StationId } from "@chargekit/core";
import type { ConnectorView } from "../station/model.js";
import type { StationRecord, StationStore } from "./station-store.js";

const order = (a: ConnectorView, b: ConnectorView) => a.evseId - b.evseId || a.connectorId - b.connectorId;

/**
 * The in-memory {@link StationStore}: the embedded default and the reference the contract suite describes.
 *
 * @category CSMS
 */
export function createMemoryStationStore(): StationStore {
  const stations = new Map<StationId, StationRecord>();
  const getOrCreate = (id: StationId): StationRecord => stations.get(id) ?? { id, connectors: [] };

  return {
    async get(id) {
      return stations.get(id);
    },
    async list() {
      return [...stations.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async recordBoot(id, boot) {
      const next: StationRecord = {
        ...getOrCreate(id),
        version: boot.version,
        registration: boot.registration,
        boot: boot.boot,
        bootedAt: boot.at,
      };
      stations.set(id, next);
      return next;
    },
    async recordStatus(id, status) {
      const station = getOrCreate(id);
      const previous = station.connectors.find(
        (c) => c.evseId === status.evseId && c.connectorId === status.connectorId,
      );
      if (previous !== undefined && status.since < previous.since) return { applied: false, previous };
      const connectors = station.connectors.filter((c) => c !== previous);
      connectors.push(status);
      connectors.sort(order);
      stations.set(id, { ...station, connectors });
      return { applied: true, previous };
    },
    async recordHeartbeat(id, at) {
      const station = getOrCreate(id);
      if (station.lastHeartbeatAt !== undefined && station.lastHeartbeatAt > at) return;
      stations.set(id, { ...station, lastHeartbeatAt: at });
    },
  };
}

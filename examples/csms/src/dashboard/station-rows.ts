import type { Instant, SiteId } from "@chargekit/core";
import type { ConnectorView, EvseView, StationView as RegistryStation } from "@chargekit/ocpp";
import type { StationConfig } from "../config/ocpp.js";
import type { StationStatus, StationView } from "./model.js";

/**
 * Which status wins when several connectors make one EVSE, or several EVSEs one station: a fault first (someone
 * must act), then use (Charging before the suspended and waiting states), then what is still free to use.
 */
const PRECEDENCE: readonly StationStatus[] = [
  "Faulted",
  "Charging",
  "SuspendedEVSE",
  "SuspendedEV",
  "Preparing",
  "Finishing",
  "Occupied",
  "Reserved",
  "Available",
  "Unavailable",
  "Unknown",
  "Offline",
];

/** The status among `statuses` that {@link PRECEDENCE} puts first (`Unknown` for none). */
export function mostSignificant(statuses: readonly StationStatus[]): StationStatus {
  let best: StationStatus = "Unknown";
  for (const status of statuses) if (PRECEDENCE.indexOf(status) < PRECEDENCE.indexOf(best)) best = status;
  return best;
}

/**
 * The dashboard's word for a connector: a 1.6 station's own status as reported; for 2.x, the availability, with an
 * `Occupied` connector shown by its charging state (`Charging`, `SuspendedEV`, `SuspendedEVSE`) when one is known
 * (the registry moves it with the running transaction's TransactionEvents).
 */
export function connectorStatus(connector: ConnectorView): StationStatus {
  if (connector.v16Status !== undefined) return connector.v16Status;
  if (connector.status !== "Occupied") return connector.status;
  const state = connector.chargingState;
  return state === "Charging" || state === "SuspendedEV" || state === "SuspendedEVSE" ? state : "Occupied";
}

/** The power an EVSE draws now, W: its latest reading while a transaction runs on it, else 0. */
export function evsePower(evse: EvseView | undefined, voltage: number): number {
  const readings = evse?.readings;
  if (evse?.transactionId === undefined || readings === undefined) return 0;
  if (readings.powerW !== undefined) return readings.powerW;
  const current = readings.currentA;
  return current === undefined ? 0 : ((current.L1 ?? 0) + (current.L2 ?? 0) + (current.L3 ?? 0)) * voltage;
}

/** What {@link stationRow} reads besides the station's configuration. */
export interface StationRowInput {
  /** The site the station is on. */
  readonly siteId: SiteId;
  /** The registry's live view; undefined for a station not seen since the server started. */
  readonly live: RegistryStation | undefined;
  /** The site's voltage (power from current when a station reports no power). */
  readonly voltage: number;
  /** The row's time. */
  readonly updatedAt: Instant;
}

/**
 * A station's row from its configuration and the registry's live view: `Offline` (every EVSE too) without an open
 * connection; otherwise each configured EVSE by its connectors, and the station as a whole by the station-level
 * status (1.6 connector 0, 2.x EVSE 0) when that is `Faulted` or `Unavailable`, else by its most significant EVSE.
 */
export function stationRow(station: StationConfig, input: StationRowInput): StationView {
  const { live, voltage } = input;
  const ids = new Set<number>(Array.from({ length: station.evses }, (_, i) => i + 1));
  for (const evse of live?.evses ?? []) if (evse.id > 0) ids.add(evse.id);
  const connected = live?.connected === true;
  const evses = [...ids]
    .sort((a, b) => a - b)
    .map((evseId) => {
      const view = live?.evses.find((e) => e.id === evseId);
      if (!connected) return { evseId, status: "Offline" as const, powerW: 0 };
      const status = mostSignificant((view?.connectors ?? []).map(connectorStatus));
      return { evseId, status, powerW: evsePower(view, voltage) };
    });
  const whole = live?.evses.find((e) => e.id === 0)?.connectors.map(connectorStatus) ?? [];
  const down = whole.find((s) => s === "Faulted" || s === "Unavailable");
  return {
    id: station.id,
    name: station.name ?? station.id,
    siteId: input.siteId,
    status: connected ? (down ?? mostSignificant(evses.map((e) => e.status))) : "Offline",
    powerW: evses.reduce((sum, e) => sum + e.powerW, 0),
    evses,
    updatedAt: input.updatedAt,
  };
}

import { ConnectorId, EvseId, SiteId, StationId, TransactionId } from "@chargekit/core";
import type { ConnectorView, EvseView, StationView } from "@chargekit/ocpp";
import { describe, expect, it } from "vitest";
import type { StationConfig } from "../config/ocpp.js";
import { testConfig } from "../testing/config.js";
import { connectorStatus, mostSignificant, stationRow } from "./station-rows.js";

const config = testConfig([]);
const bay = config.stations.find((s) => s.id === "CP-1") as StationConfig; // "Bay 1", 2 EVSEs
const site = SiteId.of("site-a");
const TX = TransactionId.of("tx-1");

function connector(evseId: number, status: ConnectorView["status"], extra: Partial<ConnectorView> = {}): ConnectorView {
  return { evseId: EvseId.of(evseId), connectorId: ConnectorId.of(evseId === 0 ? 0 : 1), status, since: 0, ...extra };
}

function live(evses: EvseView[], connected = true): StationView {
  return { id: StationId.of("CP-1"), connected, evses };
}

function row(view: StationView | undefined) {
  return stationRow(bay, { siteId: site, live: view, voltage: 230, updatedAt: 42 });
}

describe("a station's row", () => {
  it("is Offline, every EVSE too, when the station is not connected or was never seen", () => {
    const never = row(undefined);
    expect(never).toEqual({
      id: "CP-1",
      name: "Bay 1",
      siteId: "site-a",
      status: "Offline",
      powerW: 0,
      evses: [
        { evseId: 1, status: "Offline", powerW: 0 },
        { evseId: 2, status: "Offline", powerW: 0 },
      ],
      updatedAt: 42,
    });
    const gone = row(
      live([{ id: EvseId.of(1), connectors: [connector(1, "Occupied", { v16Status: "Charging" })] }], false),
    );
    expect(gone.status).toBe("Offline");
    expect(gone.evses.map((e) => e.status)).toEqual(["Offline", "Offline"]);
  });

  it("shows a 1.6 station's own statuses, the busiest EVSE for the station, Unknown for an EVSE not reported", () => {
    const view = live([
      { id: EvseId.of(1), connectors: [connector(1, "Occupied", { v16Status: "SuspendedEVSE" })] },
      { id: EvseId.of(2), connectors: [connector(2, "Occupied", { v16Status: "Finishing" })] },
    ]);
    expect(row(view).evses.map((e) => e.status)).toEqual(["SuspendedEVSE", "Finishing"]);
    expect(row(view).status).toBe("SuspendedEVSE");
    const half = live([{ id: EvseId.of(1), connectors: [connector(1, "Available", { v16Status: "Available" })] }]);
    expect(row(half).evses.map((e) => e.status)).toEqual(["Available", "Unknown"]);
    expect(row(half).status).toBe("Available");
  });

  it("shows a 2.x Occupied connector by its charging state when one is known", () => {
    const occupied: EvseView = { id: EvseId.of(1), connectors: [connector(1, "Occupied")], transactionId: TX };
    expect(row(live([occupied])).evses[0]?.status).toBe("Occupied");
    const charging = (chargingState: NonNullable<ConnectorView["chargingState"]>) =>
      row(live([{ ...occupied, connectors: [connector(1, "Occupied", { chargingState })] }])).evses[0]?.status;
    expect(charging("SuspendedEV")).toBe("SuspendedEV");
    expect(charging("Charging")).toBe("Charging");
    expect(charging("EVConnected")).toBe("Occupied");
    expect(connectorStatus(connector(1, "Reserved", { chargingState: "Charging" }))).toBe("Reserved");
  });

  it("takes the station-level status when the whole station is Faulted or Unavailable", () => {
    const evse1: EvseView = { id: EvseId.of(1), connectors: [connector(1, "Available", { v16Status: "Available" })] };
    const down = (status: "Faulted" | "Unavailable" | "Available") =>
      row(live([{ id: EvseId.of(0), connectors: [connector(0, status, { v16Status: status })] }, evse1])).status;
    expect(down("Faulted")).toBe("Faulted");
    expect(down("Unavailable")).toBe("Unavailable");
    expect(down("Available")).toBe("Available");
  });

  it("counts power only while a transaction runs, from power or else current per phase", () => {
    const charging: EvseView = {
      id: EvseId.of(1),
      connectors: [connector(1, "Occupied", { v16Status: "Charging" })],
      transactionId: TX,
      readings: { currentA: { L1: 10, L2: 10, L3: 10 }, at: 0 },
    };
    const finished: EvseView = {
      id: EvseId.of(2),
      connectors: [connector(2, "Available", { v16Status: "Available" })],
      readings: { powerW: 7_400, at: 0 },
    };
    const r = row(live([charging, finished]));
    expect(r.evses.map((e) => e.powerW)).toEqual([6_900, 0]);
    expect(r.powerW).toBe(6_900);
  });

  it("puts a fault before use, and use before what is free", () => {
    expect(mostSignificant(["Available", "Charging", "Faulted"])).toBe("Faulted");
    expect(mostSignificant(["Available", "Reserved", "SuspendedEV"])).toBe("SuspendedEV");
    expect(mostSignificant(["Unavailable", "Available"])).toBe("Available");
    expect(mostSignificant([])).toBe("Unknown");
  });
});

import type { StationId } from "@chargekit/core";
import type { ConnectorView, EvseView, StationRecord, StationView } from "@chargekit/ocpp";
import { z } from "zod";
import { instantOut, iso } from "../api/common.js";
import type { CsmsServices } from "../wiring/services.js";

const connectorSchema = z.object({
  connectorId: z.number().int(),
  status: z.string().describe("Available, Occupied, Reserved, Unavailable or Faulted"),
  chargingState: z.string().optional().describe("Charging, SuspendedEV, SuspendedEVSE, EVConnected, Idle"),
  v16Status: z.string().optional().describe("the OCPP 1.6 status as reported (1.6 stations)"),
  errorCode: z.string().optional(),
  since: instantOut,
});

const evseSchema = z.object({
  id: z.number().int(),
  connectors: z.array(connectorSchema),
  transactionId: z.string().optional(),
  readings: z
    .object({
      powerW: z.number().optional(),
      energyWh: z.number().optional().describe("the meter register"),
      currentA: z.object({ L1: z.number(), L2: z.number(), L3: z.number() }).partial().optional(),
      soc: z.number().optional(),
      at: instantOut,
    })
    .optional(),
});

/** A station and its live status, as the operator API shows it. */
export const stationViewSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    siteId: z.string().optional(),
    declared: z.boolean().describe("listed in the configuration"),
    connected: z.boolean(),
    version: z.enum(["ocpp1.6", "ocpp2.0.1", "ocpp2.1"]).optional(),
    registration: z.enum(["Accepted", "Pending", "Rejected"]).optional(),
    boot: z
      .object({
        vendor: z.string(),
        model: z.string(),
        serialNumber: z.string().optional(),
        firmwareVersion: z.string().optional(),
      })
      .optional(),
    bootedAt: instantOut.optional(),
    lastSeenAt: instantOut.optional(),
    lastHeartbeatAt: instantOut.optional(),
    evses: z.array(evseSchema),
  })
  .meta({ id: "Station" });

/** A station as the API shows it. */
export type StationApiView = z.input<typeof stationViewSchema>;

function connectorOut(c: ConnectorView): z.input<typeof connectorSchema> {
  return {
    connectorId: c.connectorId,
    status: c.status,
    ...(c.chargingState === undefined ? {} : { chargingState: c.chargingState }),
    ...(c.v16Status === undefined ? {} : { v16Status: c.v16Status }),
    ...(c.errorCode === undefined ? {} : { errorCode: c.errorCode }),
    since: iso(c.since),
  };
}

function evseOut(e: EvseView): z.input<typeof evseSchema> {
  const r = e.readings;
  return {
    id: e.id,
    connectors: e.connectors.map(connectorOut),
    ...(e.transactionId === undefined ? {} : { transactionId: e.transactionId }),
    ...(r === undefined
      ? {}
      : {
          readings: {
            ...(r.powerW === undefined ? {} : { powerW: r.powerW }),
            ...(r.energyWh === undefined ? {} : { energyWh: r.energyWh }),
            ...(r.currentA === undefined ? {} : { currentA: r.currentA }),
            ...(r.soc === undefined ? {} : { soc: r.soc }),
            at: iso(r.at),
          },
        }),
  };
}

/** EVSEs of a stored station (not connected since this process started): its last statuses, grouped by EVSE. */
function evsesOfRecord(record: StationRecord): EvseView[] {
  const byEvse = new Map<number, ConnectorView[]>();
  for (const c of record.connectors) byEvse.set(c.evseId, [...(byEvse.get(c.evseId) ?? []), c]);
  return [...byEvse].map(([id, connectors]) => ({ id: id as EvseView["id"], connectors }));
}

/**
 * A station's view: declared data from the configuration, and the registry's live view, or the stored record of a
 * station not connected since this process started. Undefined for a station neither declared nor ever seen.
 */
export function stationView(
  services: CsmsServices,
  id: StationId,
  live: StationView | undefined,
  stored: StationRecord | undefined,
): StationApiView | undefined {
  const declared = services.sites.station(id);
  if (declared === undefined && live === undefined && stored === undefined) return undefined;
  const siteId = services.sites.siteOf(id);
  const version = live?.version ?? stored?.version;
  const registration = live?.registration ?? stored?.registration;
  const boot = live?.boot ?? stored?.boot;
  const bootedAt = live?.bootedAt ?? stored?.bootedAt;
  const heartbeat = live?.lastHeartbeatAt ?? stored?.lastHeartbeatAt;
  const evses = live?.evses ?? (stored === undefined ? [] : evsesOfRecord(stored));
  return {
    id,
    ...(declared?.name === undefined ? {} : { name: declared.name }),
    ...(siteId === undefined ? {} : { siteId }),
    declared: declared !== undefined,
    connected: live?.connected ?? false,
    ...(version === undefined ? {} : { version }),
    ...(registration === undefined ? {} : { registration }),
    ...(boot === undefined
      ? {}
      : {
          boot: {
            vendor: boot.vendor,
            model: boot.model,
            ...(boot.serialNumber === undefined ? {} : { serialNumber: boot.serialNumber }),
            ...(boot.firmwareVersion === undefined ? {} : { firmwareVersion: boot.firmwareVersion }),
          },
        }),
    ...(bootedAt === undefined ? {} : { bootedAt: iso(bootedAt) }),
    ...(live?.lastSeenAt === undefined ? {} : { lastSeenAt: iso(live.lastSeenAt) }),
    ...(heartbeat === undefined ? {} : { lastHeartbeatAt: iso(heartbeat) }),
    evses: evses.filter((e) => e.id !== 0).map(evseOut),
  };
}

/** Every station: declared ones in configuration order, then others seen live or stored, by id. */
export async function allStationViews(services: CsmsServices): Promise<StationApiView[]> {
  const registry = services.need("registry");
  const live = new Map(registry.views().map((v) => [v.id as string, v]));
  const stored = new Map((await registry.stations.list()).map((r) => [r.id as string, r]));
  const ids: StationId[] = services.sites.stations.map((s) => s.id);
  const extra = new Set<StationId>();
  for (const id of [...live.keys(), ...stored.keys()] as StationId[]) {
    if (services.sites.station(id) === undefined) extra.add(id);
  }
  ids.push(...[...extra].sort());
  return ids.flatMap((id) => stationView(services, id, live.get(id), stored.get(id)) ?? []);
}

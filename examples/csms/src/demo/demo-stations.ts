import type { Clock, Logger, SiteId, StationId } from "@chargekit/core";
import {
  createSimulatedStation,
  type OcppVersion,
  type SimulatedEvseConfig,
  type SimulatedStation,
} from "@chargekit/ocpp";
import type { EvseSpec } from "@chargekit/reservations";
import type { StationConfig } from "../config/ocpp.js";
import type { Config } from "../config/schema.js";
import { createEvseDirectory } from "../sites/evse-directory.js";

/** The OCPP versions demo stations speak, assigned in turn in configuration order. */
export const DEMO_VERSIONS: readonly OcppVersion[] = ["ocpp2.0.1", "ocpp1.6", "ocpp2.1"];

/** One EVSE of the demo fleet: where it is, what it offers, and the simulated station it belongs to. */
export interface DemoEvse {
  /** The site. */
  readonly siteId: SiteId;
  /** The station. */
  readonly stationId: StationId;
  /** The EVSE number. */
  readonly evseId: number;
  /** Connector types and most power, as the reservation engine knows them. */
  readonly spec: EvseSpec;
  /** The simulated station. */
  readonly station: SimulatedStation;
}

/** A site of the demo fleet with its EVSEs. */
export interface DemoSite {
  /** The site. */
  readonly siteId: SiteId;
  /** Its EVSEs, station by station. */
  readonly evses: readonly DemoEvse[];
}

/** The simulated stations of the configuration and the EVSEs drivers use, by site. */
export interface DemoStations {
  /** Every configured station, simulated, in configuration order. */
  readonly stations: readonly SimulatedStation[];
  /** The sites with their EVSEs. */
  readonly sites: readonly DemoSite[];
}

/** The hardware of a configured station's EVSEs: DC at its power, AC at its current on its phases. */
export function simulatedEvses(station: StationConfig, voltage: number): SimulatedEvseConfig[] {
  const one: SimulatedEvseConfig =
    station.current === "DC"
      ? { current: "DC", maxPowerW: (station.maxPowerKw ?? 50) * 1000 }
      : { current: "AC", phases: station.phases, maxPowerW: Math.round(station.maxCurrent * station.phases * voltage) };
  return Array.from({ length: station.evses }, () => one);
}

/**
 * Simulates every station the configuration wires to a site: its EVSEs as configured (AC current and phases, DC
 * power), the OCPP versions of {@link DEMO_VERSIONS} in turn, meter values every `meterIntervalSec`.
 */
export function createDemoStations(
  config: Pick<Config, "sites" | "stations">,
  options: { readonly clock: Clock; readonly logger: Logger; readonly meterIntervalSec: number },
): DemoStations {
  const directory = createEvseDirectory(config);
  const stations: SimulatedStation[] = [];
  const byId = new Map<StationId, SimulatedStation>();
  config.stations.forEach((cfg, i) => {
    const siteId = directory.siteOf(cfg.id);
    if (siteId === undefined) return;
    const voltage = directory.site(siteId)?.voltage ?? 230;
    const station = createSimulatedStation({
      identity: cfg.id,
      version: DEMO_VERSIONS[i % DEMO_VERSIONS.length] ?? "ocpp2.0.1",
      evses: simulatedEvses(cfg, voltage),
      clock: options.clock,
      logger: options.logger,
      boot: { vendor: "chargekit", model: "demo-simulator", serialNumber: `DEMO-${cfg.id}` },
      config: { MeterValueSampleInterval: String(options.meterIntervalSec) },
    });
    stations.push(station);
    byId.set(cfg.id, station);
  });
  const sites: DemoSite[] = directory.sites.map((site) => ({
    siteId: site.id,
    evses: directory.evsesOf(site.id).flatMap((entry) => {
      const station = byId.get(entry.stationId);
      return station === undefined
        ? []
        : [{ siteId: site.id, stationId: entry.stationId, evseId: entry.evseId as number, spec: entry.spec, station }];
    }),
  }));
  return { stations, sites };
}

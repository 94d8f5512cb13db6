import { PHASE_ROTATIONS } from "@chargekit/core";
import { z } from "zod";
import { kilowattsSchema } from "./fields.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A connector type, best named as in OCPP 2.0.1 `ConnectorEnumType` (`cType2`, `cCCS2`, `sType2` …) so a site-level
 * reservation can pass it to the station as is.
 */
export const connectorTypeNameSchema = z
  .string({ error: "expected a connector type such as cType2 or cCCS2" })
  .min(1, { error: "expected a connector type such as cType2 or cCCS2" })
  .max(64, { error: "expected at most 64 characters" })
  .refine((s) => !CONTROL.test(s), { error: "must not contain control characters" });

/**
 * What a station's EVSEs offer and how they are wired, for reservations (connector types, power) and load management
 * (phases, rotation, the least current an EV is admitted at). Spread into the station entry of the configuration.
 */
export const stationElectricalShape = {
  /** Connector types every EVSE of the station offers (default `["cType2"]`). */
  connectorTypes: z
    .array(connectorTypeNameSchema)
    .min(1, { error: "expected at least one connector type" })
    .max(8)
    .default(["cType2"]),
  /** `AC` (default; limits in A per phase) or `DC` (limits in W; needs `maxPowerKw`). */
  current: z.enum(["AC", "DC"], { error: "expected AC or DC" }).default("AC"),
  /** DC stations: most power one EVSE delivers, in kW. */
  maxPowerKw: kilowattsSchema.optional(),
  /** How the station's phases are wired to the grid (OCPP `ConnectorPhaseRotation`); `RST` puts L1 on L1. */
  phaseRotation: z.enum(PHASE_ROTATIONS, { error: `expected one of ${PHASE_ROTATIONS.join(", ")}` }).default("RST"),
  /** AC: the least current an EV is admitted at, in A (IEC 61851: 6 A). */
  minCurrent: z
    .number({ error: "expected a number of amperes" })
    .min(0, { error: "expected a number ≥ 0" })
    .max(80, { error: "expected at most 80 A" })
    .default(6),
};

/** The fields of {@link stationElectricalShape}, validated. */
export interface StationElectrical {
  /** Connector types every EVSE offers. */
  readonly connectorTypes: readonly string[];
  /** AC or DC. */
  readonly current: "AC" | "DC";
  /** DC: most power of one EVSE in kW. */
  readonly maxPowerKw?: number | undefined;
  /** Phase rotation of the wiring. */
  readonly phaseRotation: (typeof PHASE_ROTATIONS)[number];
  /** AC: least current an EV is admitted at, A. */
  readonly minCurrent: number;
}

/**
 * The station rules that span fields: a DC station names its power, and an AC station's `minCurrent` is below its
 * `maxCurrent`. Reported at the field that breaks them.
 */
export function checkStationElectrical(
  stations: readonly (StationElectrical & { readonly maxCurrent: number })[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  stations.forEach((station, i) => {
    if (station.current === "DC" && station.maxPowerKw === undefined) {
      issue(["stations", i, "maxPowerKw"], "required for a DC station (the most power one EVSE delivers, kW)");
    }
    if (station.current === "AC" && station.minCurrent > station.maxCurrent) {
      issue(["stations", i, "minCurrent"], `must not exceed maxCurrent (${station.maxCurrent} A)`);
    }
  });
}

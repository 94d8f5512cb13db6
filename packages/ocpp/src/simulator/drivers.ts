import { type Duration, IdToken } from "@chargekit/core";
import type { AuthToken } from "../station/model.js";
import type { EvModel, EvState } from "./ev-model.js";
import { exponential } from "./random.js";

/**
 * One scripted driver visit: at `at` (ms after the fleet starts) a driver plugs an EV into an EVSE and presents
 * a credential; they stop and leave after `stayMs` (or when told by a later visit ending).
 *
 * @category Simulator
 */
export interface ScriptedVisit {
  /** When the driver arrives, in ms after the fleet started. */
  readonly at: Duration;
  /** Index of the station in the fleet (0-based). */
  readonly station: number;
  /** The EVSE. */
  readonly evseId: number;
  /** The credential; a fleet-wide default when omitted. */
  readonly token?: AuthToken;
  /** The EV; the default EV at 20 % when omitted. */
  readonly ev?: EvState;
  /** How long the driver stays; until the end of the simulation when omitted. */
  readonly stayMs?: Duration;
}

/**
 * Random arrivals: every EVSE sees drivers arrive as a Poisson process; each brings a random EV, stays a random
 * time (exponential around the mean) and leaves (stopping with their credential, then unplugging).
 *
 * @category Simulator
 */
export interface RandomArrivals {
  /** Mean time between arrivals at one EVSE (while it is free). */
  readonly meanIntervalMs: Duration;
  /** Mean stay. */
  readonly meanStayMs: Duration;
  /** The EVs to pick from; a small, a mid-size and a large EV by default. */
  readonly evs?: readonly EvModel[];
  /** How many distinct driver credentials; 1000. */
  readonly drivers?: number;
}

/**
 * How drivers use a fleet: scripted visits, or random arrivals.
 *
 * @category Simulator
 */
export type DriverPlan =
  | {
      /** Scripted visits. */
      readonly kind: "scripted";
      /** The visits. */
      readonly visits: readonly ScriptedVisit[];
    }
  | ({
      /** Random arrivals. */
      readonly kind: "random";
    } & RandomArrivals);

/**
 * The EVs random arrivals pick from: a 40 kWh compact on one phase (7.4 kW), a 60 kWh mid-size (11 kW AC, 100 kW
 * DC) and a 90 kWh large EV (11 kW AC, 150 kW DC).
 *
 * @category Simulator
 */
export const FLEET_EVS: readonly EvModel[] = [
  {
    batteryWh: 40_000,
    maxAcW: 7_360,
    acPhases: 1,
    maxDcW: 50_000,
    taperFromSoc: 80,
    minTaperFraction: 0.1,
    targetSoc: 100,
  },
  {
    batteryWh: 60_000,
    maxAcW: 11_000,
    acPhases: 3,
    maxDcW: 100_000,
    taperFromSoc: 80,
    minTaperFraction: 0.1,
    targetSoc: 100,
  },
  {
    batteryWh: 90_000,
    maxAcW: 11_000,
    acPhases: 3,
    maxDcW: 150_000,
    taperFromSoc: 75,
    minTaperFraction: 0.08,
    targetSoc: 90,
  },
];

/** A random visit of the random-arrivals plan. @internal */
export function randomVisit(
  plan: RandomArrivals,
  random: () => number,
): { ev: EvState; token: AuthToken; stayMs: number } {
  const evs = plan.evs ?? FLEET_EVS;
  const model = evs[Math.floor(random() * evs.length)] ?? FLEET_EVS[1];
  const soc = 10 + random() * 50;
  const driver = Math.floor(random() * (plan.drivers ?? 1000));
  return {
    ev: { model: model as EvModel, soc },
    token: { value: IdToken.of(`DRIVER-${String(driver).padStart(5, "0")}`), kind: "ISO14443" },
    stayMs: Math.max(60_000, exponential(random, plan.meanStayMs)),
  };
}

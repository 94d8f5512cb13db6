import type { Amperes, Instant, PhaseCount, WattHours, Watts } from "@chargekit/core";

/**
 * One charging session on a connector: who is plugged in, how important, how long and how much energy is
 * still wanted.
 *
 * @example
 * ```ts
 * const session: Session = {
 *   id: "tx-17",
 *   connector: "cp1-1",
 *   arrival: Date.UTC(2026, 10, 21, 8),
 *   departure: Date.UTC(2026, 10, 21, 17),
 *   energyNeeded: 24_000,
 *   phases: 1, // a single-phase EV on a three-phase connector
 * };
 * ```
 * @category Model
 */
export interface Session {
  /** Integrator-chosen id, unique among sessions. */
  readonly id: string;
  /** The connector the EV is plugged into. */
  readonly connector: string;
  /** When the EV arrived (orders admission within a priority class: earlier first). */
  readonly arrival: Instant;
  /** When the EV is expected to leave; open-ended when omitted. */
  readonly departure?: Instant;
  /** Energy still wanted, in Wh; unlimited when omitted. A session needing 0 Wh gets nothing. */
  readonly energyNeeded?: WattHours;
  /** Priority class: a higher number is served first (default 0). */
  readonly priority?: number;
  /** Share of the increments within its priority class (default 1; twice the weight, twice the increment). */
  readonly weight?: number;
  /** AC only: phases the EV actually charges on (default: all the connector has). */
  readonly phases?: PhaseCount;
  /** The EV's own least current (AC), when above the connector's. */
  readonly minCurrent?: Amperes;
  /** The EV's own most current per phase (AC). */
  readonly maxCurrent?: Amperes;
  /** The EV's own least power (DC). */
  readonly minPower?: Watts;
  /** The EV's own most power (AC: converted at the connector's voltage and phases; DC: as is). */
  readonly maxPower?: Watts;
  /**
   * `"charge"` (default) or `"discharge"`: a V2G session that feeds power back within the connector's discharge
   * range and the export limits of the nodes above it.
   */
  readonly mode?: "charge" | "discharge";
  /** For a discharging session: the most energy it may give back, in Wh (unlimited when omitted). */
  readonly energyAvailable?: WattHours;
}

import type { Amperes, Instant, Watts } from "@chargekit/core";
import type { DemandResponseEvent, SimpleLevelTable } from "./demand-response.js";
import type { Session } from "./session.js";
import type { NodeLimits, Site } from "./site.js";

/**
 * A limit imposed on a node from outside the site model for a while: a station's own limit
 * (OCPP `ChargingStationExternalConstraints`, a max profile), a HEMS clamp, a DSO order. Effective limits are the
 * minimum of the node's own, every external limit in force and every demand-response cap.
 *
 * @category Model
 */
export interface ExternalLimit {
  /** Integrator-chosen id, unique among external limits (named in `limitedBy`). */
  readonly id: string;
  /** The node it applies to. */
  readonly node: string;
  /** First instant it applies (always, when omitted). */
  readonly from?: Instant;
  /** First instant it no longer applies (open-ended when omitted). */
  readonly until?: Instant;
  /** The limits it imposes. */
  readonly limits: NodeLimits;
}

/**
 * Tuning of the solver. Every field has a default.
 *
 * @category Model
 */
export interface AllocationSettings {
  /**
   * When true, power fed back by discharging vehicles counts as import headroom for charging ones below the same
   * node. Off by default: a vehicle that stops exporting must never overload a fuse.
   */
  readonly allowNetting?: boolean;
  /** Table for OpenADR `SIMPLE` levels (default {@link DEFAULT_SIMPLE_LEVELS}). */
  readonly simpleLevels?: SimpleLevelTable;
  /** Real-time only: an AC increase smaller than this is not applied (default 0.5 A; 0 disables). */
  readonly hysteresisCurrent?: Amperes;
  /** Real-time only: a DC increase smaller than this is not applied (default 500 W; 0 disables). */
  readonly hysteresisPower?: Watts;
  /** Real-time only: most an AC setpoint may rise per second since the previous round (no ramp when omitted). */
  readonly rampCurrentPerSecond?: Amperes;
  /** Real-time only: most a DC setpoint may rise per second since the previous round (no ramp when omitted). */
  readonly rampPowerPerSecond?: Watts;
}

/**
 * One setpoint of the previous real-time round, as the stations run it.
 *
 * @category Model
 */
export interface PreviousSetpoint {
  /** The connector. */
  readonly connector: string;
  /** The session it was for. */
  readonly session: string;
  /** The value in the connector's unit (negative: discharge). */
  readonly value: number;
  /** Whether the session was admitted. */
  readonly admitted: boolean;
}

/**
 * What the previous real-time round decided: used for sticky admission (an admitted session is not shed for a new
 * one of the same priority), hysteresis and ramp limits.
 *
 * @category Model
 */
export interface PreviousRound {
  /** When that round ran. */
  readonly at: Instant;
  /** Its setpoints (sessions that have left are ignored). */
  readonly setpoints: readonly PreviousSetpoint[];
}

/**
 * Everything the solver needs: the site, the sessions, outside limits, demand-response events, settings and,
 * for real-time rounds, the previous round.
 *
 * @category Model
 */
export interface AllocationProblem {
  /** The site tree and its connectors. */
  readonly site: Site;
  /** Sessions, in any order (those not present at an instant are ignored there). */
  readonly sessions: readonly Session[];
  /** Limits imposed from outside for a while. */
  readonly externalLimits?: readonly ExternalLimit[];
  /** Demand-response events. */
  readonly demandResponse?: readonly DemandResponseEvent[];
  /** Solver settings. */
  readonly settings?: AllocationSettings;
  /** The previous real-time round (stickiness, hysteresis, ramp). */
  readonly previous?: PreviousRound;
}

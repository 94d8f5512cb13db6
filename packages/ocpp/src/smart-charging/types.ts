import type { Duration, Instant, Phase, PhaseCount, PowerUnit } from "@chargekit/core";

/**
 * The purposes of a charging profile, by their OCPP 2.x names. OCPP 1.6's `ChargePointMaxProfile` is
 * `ChargingStationMaxProfile` here; `ChargingStationExternalConstraints` (2.x) is installed by an external energy
 * manager, never by the CSMS.
 *
 * @category Smart charging
 */
export const PROFILE_PURPOSES = [
  "ChargingStationMaxProfile",
  "TxDefaultProfile",
  "TxProfile",
  "ChargingStationExternalConstraints",
] as const;

/**
 * One of {@link PROFILE_PURPOSES}.
 *
 * @category Smart charging
 */
export type ProfilePurpose = (typeof PROFILE_PURPOSES)[number];

/**
 * How a profile's schedule is anchored in time: at its `startSchedule` (`Absolute`; without one, like `Relative`),
 * at a `startSchedule` that repeats daily or weekly (`Recurring`), at the start of the transaction (`Relative`), or
 * (OCPP 2.1) a schedule whose values the CSMS updates while it runs (`Dynamic`, anchored like `Absolute`).
 *
 * @category Smart charging
 */
export type ProfileKind = "Absolute" | "Recurring" | "Relative" | "Dynamic";

/**
 * The repetition of a `Recurring` profile.
 *
 * @category Smart charging
 */
export type Recurrency = "Daily" | "Weekly";

/**
 * OCPP 2.1 operation modes of a schedule period (`ChargingOnly` when absent). A V2G period that follows a CSMS
 * setpoint is `CentralSetpoint`.
 *
 * @category Smart charging
 */
export const OPERATION_MODES = [
  "Idle",
  "ChargingOnly",
  "CentralSetpoint",
  "ExternalSetpoint",
  "ExternalLimits",
  "CentralFrequency",
  "LocalFrequency",
  "LocalLoadBalancing",
] as const;

/**
 * One of {@link OPERATION_MODES}.
 *
 * @category Smart charging
 */
export type OperationMode = (typeof OPERATION_MODES)[number];

/**
 * One period of a profile's schedule, in the conventions of core's `PowerSchedule`: offsets in ms, and a discharge
 * limit as a non-negative magnitude (the OCPP 2.1 wire value is its negation).
 *
 * @category Smart charging
 */
export interface ProfilePeriod {
  /** Offset from the schedule's anchor in ms (a whole number of seconds on the wire). */
  readonly startOffset: Duration;
  /** Import limit in the schedule's unit (A per phase, or W in total). Omitted only in OCPP 2.1 operation modes that need none. */
  readonly limit?: number;
  /** AC phases the EV may use (`numberPhases`); the station assumes 3 for AC when omitted. */
  readonly phases?: PhaseCount;
  /** OCPP 2.x `phaseToUse`: the grid phase of a single-phase EV (only with `phases: 1`). */
  readonly phaseToUse?: Phase;
  /** OCPP 2.1 `setpoint`: the value the EV should follow; negative discharges. */
  readonly setpoint?: number;
  /** OCPP 2.1 discharge limit as a magnitude ≥ 0. */
  readonly dischargeLimit?: number;
  /** OCPP 2.1 operation mode of the period (`ChargingOnly` when omitted). */
  readonly operationMode?: OperationMode;
}

/**
 * The schedule of an installed profile.
 *
 * @category Smart charging
 */
export interface ProfileSchedule {
  /** OCPP 2.x `chargingSchedule.id` (omitted for 1.6). */
  readonly id?: number;
  /** `startSchedule`: the anchor of `Absolute` and `Recurring` profiles. */
  readonly start?: Instant;
  /** `duration` in ms: the schedule stops applying this long after its anchor; open-ended when omitted. */
  readonly duration?: Duration;
  /** Unit of every limit, setpoint and discharge limit. */
  readonly unit: PowerUnit;
  /** `minChargingRate`: below this the EV charges inefficiently (informative). */
  readonly minChargingRate?: number;
  /** The periods, the first at offset 0, offsets strictly increasing. */
  readonly periods: readonly ProfilePeriod[];
}

/**
 * A charging profile as a station holds it, independent of the OCPP version it arrived in: what
 * {@link compositeSchedule} computes over and what the version mappers read and write.
 *
 * @category Smart charging
 */
export interface InstalledProfile {
  /** `chargingProfileId` (1.6) / `id` (2.x). */
  readonly id: number;
  /** The EVSE (2.x `evseId`) or connector (1.6 `connectorId`) it was set on; 0 is the whole station. */
  readonly evseId: number;
  /** Precedence within its purpose: the higher level wins where it has a period in force. */
  readonly stackLevel: number;
  /** What the profile limits. */
  readonly purpose: ProfilePurpose;
  /** How its schedule is anchored in time. */
  readonly kind: ProfileKind;
  /** Daily or weekly repetition of a `Recurring` profile. */
  readonly recurrency?: Recurrency;
  /** The profile is ignored before this instant. */
  readonly validFrom?: Instant;
  /** The profile is ignored from this instant on. */
  readonly validTo?: Instant;
  /** The transaction a `TxProfile` belongs to (1.6 integers as decimal strings). */
  readonly transactionId?: string;
  /** The schedule in force. */
  readonly schedule: ProfileSchedule;
  /**
   * OCPP 2.x alternative schedules (an ISO 15118 EV may pick one). Kept so nothing received is lost; the composite
   * computation uses `schedule`.
   */
  readonly alternatives?: readonly ProfileSchedule[];
}

/**
 * A transaction running on an EVSE: it selects the `TxProfile`s that apply and anchors `Relative` profiles.
 *
 * @category Smart charging
 */
export interface ActiveTransaction {
  /** The EVSE (1.6: connector) it runs on. */
  readonly evseId: number;
  /** Its id (1.6 integers as decimal strings). */
  readonly transactionId: string;
  /** When it started: the anchor of `Relative` profiles. */
  readonly start: Instant;
}

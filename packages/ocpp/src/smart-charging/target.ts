import type { Instant, PowerUnit } from "@chargekit/core";
import { ok, type Result } from "@chargekit/core";
import type { ElectricalContext } from "./convert-unit.js";
import { fail, type SmartChargingError } from "./errors.js";
import type { OperationMode, Recurrency } from "./types.js";

/**
 * Where and how a `PowerSchedule` is installed: the profile around the schedule.
 *
 * @example
 * ```ts
 * const target: ProfileTarget = {
 *   profileId: 7,
 *   evseId: 1,
 *   purpose: "TxProfile",
 *   stackLevel: 2,
 *   transactionId: "tx-42",
 * };
 * ```
 * @category Smart charging
 */
export interface ProfileTarget {
  /** `chargingProfileId` (1.6) / `id` (2.x): a profile with the same id on the station is replaced. */
  readonly profileId: number;
  /** The EVSE (2.x) or connector (1.6); 0 is the whole station (required for `ChargingStationMaxProfile`). */
  readonly evseId: number;
  /** What the profile limits. The CSMS cannot set `ChargingStationExternalConstraints`. */
  readonly purpose: "ChargingStationMaxProfile" | "TxDefaultProfile" | "TxProfile";
  /** Precedence within the purpose (≥ 0); the higher level wins while it has a period in force. */
  readonly stackLevel: number;
  /** The transaction of a `TxProfile` (required by {@link toSetChargingProfile}; an integer on OCPP 1.6). */
  readonly transactionId?: string | number;
  /**
   * `Absolute` (default: anchored at the schedule's start), `Recurring` (the schedule's start repeats daily or
   * weekly; needs `recurrency`) or `Relative` (offsets count from the transaction start; the schedule's start is
   * ignored).
   */
  readonly kind?: "Absolute" | "Recurring" | "Relative";
  /** The repetition of a `Recurring` profile. */
  readonly recurrency?: Recurrency;
  /** The profile is ignored before this instant (rounded down to a whole second). */
  readonly validFrom?: Instant;
  /** The profile is ignored from this instant on (rounded down to a whole second, so it never lasts longer). */
  readonly validTo?: Instant;
  /** OCPP 2.x `chargingSchedule.id`; defaults to `profileId`. */
  readonly scheduleId?: number;
  /** `minChargingRate` in the schedule's unit (rounded to 0.1). */
  readonly minChargingRate?: number;
  /** Write the limits in this unit (converting with `electrical`), e.g. for a station that only accepts A. */
  readonly unit?: PowerUnit;
  /** Voltage and AC/DC for a unit conversion. */
  readonly electrical?: ElectricalContext;
  /**
   * OCPP 2.1 operation mode for periods that allow discharge without a setpoint (the EV or station decides within
   * the limits), e.g. `LocalLoadBalancing`. Periods with a setpoint are always `CentralSetpoint`.
   */
  readonly dischargeMode?: OperationMode;
}

const DAY_MS = 86_400_000;

/** The length of one repetition of a recurring profile in ms. @internal */
export function recurrencePeriod(recurrency: Recurrency): number {
  return recurrency === "Daily" ? DAY_MS : 7 * DAY_MS;
}

/** Checks the target's own fields; returns the transaction id as a string. @internal */
export function checkTarget(target: ProfileTarget): Result<string | undefined, SmartChargingError> {
  const bad = (field: string, message: string) =>
    fail<string | undefined>("INVALID_TARGET", `invalid profile target: ${field} ${message}`, { field });
  if (!Number.isSafeInteger(target.profileId)) return bad("profileId", `must be an integer, got ${target.profileId}`);
  if (!Number.isSafeInteger(target.evseId) || target.evseId < 0)
    return bad("evseId", `must be an integer ≥ 0, got ${target.evseId}`);
  if (!Number.isSafeInteger(target.stackLevel) || target.stackLevel < 0)
    return bad("stackLevel", `must be an integer ≥ 0, got ${target.stackLevel}`);
  if (target.purpose === "ChargingStationMaxProfile") {
    if (target.evseId !== 0) return bad("evseId", "must be 0 for a ChargingStationMaxProfile");
    if (target.kind === "Relative") return bad("kind", "cannot be Relative for a ChargingStationMaxProfile");
  } else if (target.purpose === "TxProfile") {
    if (target.evseId === 0) return bad("evseId", "must be > 0 for a TxProfile");
  } else if (target.purpose !== "TxDefaultProfile") {
    return bad(
      "purpose",
      `must be ChargingStationMaxProfile, TxDefaultProfile or TxProfile, got ${String(target.purpose)}`,
    );
  }
  const kind = target.kind ?? "Absolute";
  if (kind === "Recurring" && target.recurrency === undefined)
    return bad("recurrency", "is required for a Recurring profile");
  if (kind !== "Recurring" && target.recurrency !== undefined)
    return bad("recurrency", "is only allowed with kind Recurring");
  for (const field of ["validFrom", "validTo"] as const) {
    const value = target[field];
    if (value !== undefined && !Number.isSafeInteger(value))
      return bad(field, `must be an integer instant, got ${value}`);
  }
  if (target.validFrom !== undefined && target.validTo !== undefined && target.validTo <= target.validFrom)
    return bad("validTo", "must be after validFrom");
  if (target.scheduleId !== undefined && !Number.isSafeInteger(target.scheduleId))
    return bad("scheduleId", `must be an integer, got ${target.scheduleId}`);
  if (target.minChargingRate !== undefined && !(target.minChargingRate >= 0 && Number.isFinite(target.minChargingRate)))
    return bad("minChargingRate", `must be a finite number ≥ 0, got ${target.minChargingRate}`);
  const tx = target.transactionId;
  if (tx === undefined) return ok(undefined);
  if (target.purpose !== "TxProfile") return bad("transactionId", "is only allowed for a TxProfile");
  if (typeof tx === "number") {
    if (!Number.isSafeInteger(tx)) return bad("transactionId", `must be an integer or a string, got ${tx}`);
    return ok(String(tx));
  }
  if (tx.length === 0 || tx.length > 36) return bad("transactionId", "must be 1 to 36 characters");
  return ok(tx);
}

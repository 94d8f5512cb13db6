import { ChargekitError, err, type Result } from "@chargekit/core";

/**
 * Why a smart-charging mapping failed. Returned in results, never thrown.
 *
 * @category Smart charging
 */
export const SMART_CHARGING_ERRORS = {
  /** The `PowerSchedule` breaks core's `validatePowerSchedule` or a V2G consistency rule. */
  INVALID_SCHEDULE: "INVALID_SCHEDULE",
  /** The purpose, EVSE, transaction, stack level or validity of the target is not allowed. */
  INVALID_TARGET: "INVALID_TARGET",
  /** The OCPP version cannot express something the schedule needs (V2G before 2.1, `phaseToUse` on 1.6 …). */
  NOT_EXPRESSIBLE: "NOT_EXPRESSIBLE",
  /** More periods than the station (`ChargingScheduleMaxPeriods`) or the schema allows. */
  TOO_MANY_PERIODS: "TOO_MANY_PERIODS",
  /** A received charging profile breaks a rule of the specification. */
  INVALID_PROFILE: "INVALID_PROFILE",
  /** A received profile uses a feature chargekit's neutral model does not hold (per-phase limits, limitAtSoC …). */
  UNSUPPORTED_FEATURE: "UNSUPPORTED_FEATURE",
  /** A received GetCompositeSchedule response cannot become a schedule (rejected, missing or unbounded). */
  INVALID_RESPONSE: "INVALID_RESPONSE",
} as const;

/**
 * A code from {@link SMART_CHARGING_ERRORS}.
 *
 * @category Smart charging
 */
export type SmartChargingErrorCode = (typeof SMART_CHARGING_ERRORS)[keyof typeof SMART_CHARGING_ERRORS];

/**
 * The error of every smart-charging result: a `ChargekitError` whose `details` name the offending `field` (a path
 * such as `periods[3].setpoint`) and, where it matters, the OCPP `version`.
 *
 * @category Smart charging
 */
export type SmartChargingError = ChargekitError<SmartChargingErrorCode>;

/** Builds a failed result with a {@link SmartChargingError}. @internal */
export function fail<T = never>(
  code: SmartChargingErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): Result<T, SmartChargingError> {
  return err(new ChargekitError(code, message, { details }));
}

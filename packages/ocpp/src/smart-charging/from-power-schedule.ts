import {
  ok,
  type PowerSchedule,
  type PowerSchedulePeriod,
  type Result,
  roundToStep,
  validatePowerSchedule,
} from "@chargekit/core";
import { conversionPhases, convertPeriod, convertValue } from "./convert-unit.js";
import { fail, type SmartChargingError } from "./errors.js";
import { CONVERSION_NOISE, floorSecond, LIMIT_STEP, quantizeTime, roundPeriod } from "./quantize.js";
import { checkTarget, type ProfileTarget, recurrencePeriod } from "./target.js";
import type { InstalledProfile, ProfilePeriod } from "./types.js";

/**
 * Turns a `PowerSchedule` (what load management decides for one connector) into the charging profile a station
 * should hold, independent of the OCPP version:
 *
 * - **values**: converted to `target.unit` if asked (OCPP's `P = U × I × numberPhases`), then rounded toward zero
 *   to 0.1 — import limits and discharge limits down, setpoints toward 0 — so the station is never allowed more than
 *   the schedule allows;
 * - **time**: the start moves down and the end up to a whole second, and every boundary onto a whole second: a
 *   second that a boundary falls inside takes the most restrictive values of the periods it overlaps, so a higher
 *   limit never starts earlier (and a lower one never later) than the schedule says;
 * - **V2G**: a period with a setpoint gets operation mode `CentralSetpoint`; one that allows discharge without a
 *   setpoint gets `target.dischargeMode`.
 *
 * Fails with `INVALID_SCHEDULE` or `INVALID_TARGET` naming the field. Version limits are checked when the profile is
 * written ({@link toSetChargingProfile}).
 *
 * @example
 * ```ts
 * const profile = profileFromPowerSchedule(schedule, { profileId: 1, evseId: 1, purpose: "TxProfile", stackLevel: 1, transactionId: "t1" });
 * ```
 * @category Smart charging
 */
export function profileFromPowerSchedule(
  schedule: PowerSchedule,
  target: ProfileTarget,
): Result<InstalledProfile, SmartChargingError> {
  const valid = validatePowerSchedule(schedule);
  if (!valid.ok) return fail("INVALID_SCHEDULE", valid.error.message, valid.error.details);
  const consistent = checkV2g(schedule.periods);
  if (!consistent.ok) return consistent;
  const checked = checkTarget(target);
  if (!checked.ok) return checked;
  const kind = target.kind ?? "Absolute";
  if (target.recurrency !== undefined) {
    const span = (schedule.end ?? schedule.start + (schedule.periods.at(-1)?.startOffset ?? 0) + 1) - schedule.start;
    if (span > recurrencePeriod(target.recurrency)) {
      return fail("INVALID_TARGET", `a ${target.recurrency} recurring schedule must fit in one repetition`, {
        field: "recurrency",
      });
    }
  }
  const unit = target.unit ?? schedule.unit;
  const electrical = target.electrical ?? {};
  const noise = unit === schedule.unit ? 0 : CONVERSION_NOISE;
  const periods = schedule.periods.map((p) =>
    roundPeriod(convertPeriod(withMode(p, target), schedule.unit, unit, electrical), noise),
  );
  const relative = kind === "Relative";
  const anchor = relative ? 0 : schedule.start;
  const end = schedule.end === undefined ? undefined : schedule.end - schedule.start + anchor;
  const grid = quantizeTime(anchor, periods, end);
  const first = schedule.periods[0];
  const minChargingRate =
    target.minChargingRate === undefined || first === undefined
      ? undefined
      : roundToStep(
          convertValue(target.minChargingRate, schedule.unit, unit, conversionPhases(first, electrical), electrical),
          LIMIT_STEP,
        );
  return ok({
    id: target.profileId,
    evseId: target.evseId,
    stackLevel: target.stackLevel,
    purpose: target.purpose,
    kind,
    ...(target.recurrency === undefined ? {} : { recurrency: target.recurrency }),
    ...(target.validFrom === undefined ? {} : { validFrom: floorSecond(target.validFrom) }),
    ...(target.validTo === undefined ? {} : { validTo: floorSecond(target.validTo) }),
    ...(checked.value === undefined ? {} : { transactionId: checked.value }),
    schedule: {
      id: target.scheduleId ?? target.profileId,
      ...(relative ? {} : { start: grid.start }),
      ...(grid.end === undefined ? {} : { duration: grid.end - grid.start }),
      unit,
      ...(minChargingRate === undefined ? {} : { minChargingRate }),
      periods: grid.periods,
    },
  });
}

function withMode(period: PowerSchedulePeriod, target: ProfileTarget): ProfilePeriod {
  if (period.setpoint !== undefined) return { ...period, operationMode: "CentralSetpoint" };
  if ((period.dischargeLimit ?? 0) > 0 && target.dischargeMode !== undefined)
    return { ...period, operationMode: target.dischargeMode };
  return period;
}

/** A setpoint must lie within `[-dischargeLimit, limit]` (a negative one needs a discharge limit). */
function checkV2g(periods: readonly PowerSchedulePeriod[]): Result<true, SmartChargingError> {
  for (const [index, p] of periods.entries()) {
    if (p.setpoint === undefined) continue;
    const field = `periods[${index}].setpoint`;
    if (p.setpoint > p.limit) {
      return fail("INVALID_SCHEDULE", `invalid power schedule: ${field} ${p.setpoint} exceeds the limit ${p.limit}`, {
        field,
        index,
      });
    }
    if (p.setpoint < -(p.dischargeLimit ?? 0)) {
      return fail(
        "INVALID_SCHEDULE",
        `invalid power schedule: ${field} ${p.setpoint} discharges more than the discharge limit ${p.dischargeLimit ?? 0}`,
        { field, index },
      );
    }
  }
  return ok(true);
}

import { ChargekitError } from "./errors.js";
import { err, ok, type Result } from "./result.js";
import type { Duration, Instant } from "./time.js";
import type { Phase, PhaseCount } from "./units.js";

/**
 * The unit of a {@link PowerSchedule}'s limits: total power in W (DC, or AC where the station takes W), or current
 * in A per phase (AC).
 *
 * @category Power schedules
 */
export type PowerUnit = "W" | "A";

/**
 * One period of a {@link PowerSchedule}; it lasts until the next period's start (or the schedule's end).
 *
 * @category Power schedules
 */
export interface PowerSchedulePeriod {
  /** Offset from the schedule's start in ms. The first period starts at 0; offsets strictly increase. */
  readonly startOffset: Duration;
  /** Maximum import (charging): total W, or A per phase, as the schedule's unit says. Never negative. */
  readonly limit: number;
  /** AC phases the EV may use (OCPP `numberPhases`); omitted for DC or "as wired". */
  readonly phases?: PhaseCount;
  /** The grid phase a single-phase EV must use (OCPP 2.x `phaseToUse`); only with `phases: 1`. */
  readonly phaseToUse?: Phase;
  /** V2G only: the value the EV should follow, in the schedule's unit; negative discharges (OCPP 2.1 `setpoint`). */
  readonly setpoint?: number;
  /**
   * V2G only: the most the EV may export, as a non-negative magnitude in the schedule's unit. (OCPP 2.1's wire
   * `dischargeLimit` is the same value negated; the OCPP mapper converts.)
   */
  readonly dischargeLimit?: number;
}

/**
 * An OCPP-neutral power plan for one connector (or EVSE): what load management decides and what
 * `@chargekit/ocpp` maps to a charging profile for whichever OCPP version the station speaks.
 *
 * @example
 * ```ts
 * const schedule: PowerSchedule = {
 *   start: Date.UTC(2026, 10, 21, 17),
 *   unit: "A",
 *   periods: [
 *     { startOffset: 0, limit: 16, phases: 3 },
 *     { startOffset: 2 * HOUR, limit: 6, phases: 3 }, // a demand-response event from 19:00
 *   ],
 *   end: Date.UTC(2026, 10, 21, 21),
 * };
 * ```
 * @category Power schedules
 */
export interface PowerSchedule {
  /** When the first period starts. */
  readonly start: Instant;
  /** Unit of every limit, setpoint and discharge limit in the periods. */
  readonly unit: PowerUnit;
  /** The periods, by increasing `startOffset`, the first at offset 0. */
  readonly periods: readonly PowerSchedulePeriod[];
  /** When the plan stops applying; open-ended when omitted. Must be after the last period's start. */
  readonly end?: Instant;
}

/**
 * Checks a schedule's structure: integer instants, a first period at offset 0, strictly increasing offsets,
 * finite non-negative limits and discharge limits, `phaseToUse` only with `phases: 1`, and an end after the last
 * period's start. The error names the first offending period and field.
 *
 * @category Power schedules
 */
export function validatePowerSchedule(schedule: PowerSchedule): Result<PowerSchedule, ChargekitError> {
  const fail = (message: string, details: Record<string, unknown> = {}) =>
    err(new ChargekitError("INVALID_INPUT", `invalid power schedule: ${message}`, { details }));
  if (!Number.isSafeInteger(schedule.start)) return fail(`start must be an integer instant, got ${schedule.start}`);
  if (schedule.unit !== "W" && schedule.unit !== "A")
    return fail(`unit must be "W" or "A", got ${String(schedule.unit)}`);
  if (schedule.periods.length === 0) return fail("it has no periods");
  let previous = -1;
  for (const [index, period] of schedule.periods.entries()) {
    const at = (field: string, message: string) => fail(`periods[${index}].${field} ${message}`, { index, field });
    if (!Number.isSafeInteger(period.startOffset) || period.startOffset < 0) {
      return at("startOffset", `must be a non-negative integer, got ${period.startOffset}`);
    }
    if (index === 0 && period.startOffset !== 0) return at("startOffset", "must be 0 for the first period");
    if (period.startOffset <= previous) return at("startOffset", `must be after the previous period's (${previous})`);
    previous = period.startOffset;
    if (!Number.isFinite(period.limit) || period.limit < 0) {
      return at("limit", `must be a finite number ≥ 0, got ${period.limit}`);
    }
    if (period.dischargeLimit !== undefined && (!Number.isFinite(period.dischargeLimit) || period.dischargeLimit < 0)) {
      return at("dischargeLimit", `must be a finite magnitude ≥ 0, got ${period.dischargeLimit}`);
    }
    if (period.setpoint !== undefined && !Number.isFinite(period.setpoint)) {
      return at("setpoint", `must be finite, got ${period.setpoint}`);
    }
    if (period.phaseToUse !== undefined && period.phases !== 1)
      return at("phaseToUse", "is only allowed with phases: 1");
  }
  if (schedule.end !== undefined) {
    if (!Number.isSafeInteger(schedule.end)) return fail(`end must be an integer instant, got ${schedule.end}`);
    if (schedule.end <= schedule.start + previous) return fail("end must be after the last period's start");
  }
  return ok(schedule);
}

/**
 * The period in force at instant `t`, or `undefined` before the start or from the end on.
 *
 * @category Power schedules
 */
export function periodAt(schedule: PowerSchedule, t: Instant): PowerSchedulePeriod | undefined {
  if (t < schedule.start || (schedule.end !== undefined && t >= schedule.end)) return undefined;
  const offset = t - schedule.start;
  let current: PowerSchedulePeriod | undefined;
  for (const period of schedule.periods) {
    if (period.startOffset > offset) break;
    current = period;
  }
  return current;
}

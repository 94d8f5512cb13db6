import {
  type Duration,
  ok,
  type PowerSchedule,
  type PowerSchedulePeriod,
  type Result,
  validatePowerSchedule,
} from "@chargekit/core";
import type { GetCompositeScheduleResponse as V16Response } from "../generated/v16/get-composite-schedule.js";
import type { ResponseOf } from "../schema/action-maps.js";
import type { OcppVersion } from "../schema/versions.js";
import { checkExpressible, type WriteOptions } from "./capabilities.js";
import type { CompositeSchedule } from "./composite/composite-schedule.js";
import { fail, type SmartChargingError } from "./errors.js";
import { CONVERSION_NOISE, quantizeTime, roundPeriod } from "./quantize.js";
import { readSchedule, type WireScheduleLike } from "./read-period.js";
import type { InstalledProfile } from "./types.js";
import { type CompositeOf, readInstant, wireInstant } from "./wire-common.js";
import { writePeriod2 } from "./write-profile.js";

/**
 * The `GetCompositeSchedule` response (status `Accepted`) that reports `composite` in version `V`. Values are rounded
 * toward zero to 0.1 and periods put on whole seconds from the window start rounded down, never reporting more than
 * the composite allows (the rules of {@link profileFromPowerSchedule}). Fails with `NOT_EXPRESSIBLE` for what the
 * version cannot carry — notably a period no profile limits, before OCPP 2.1 (give the request an `evseLimit`).
 *
 * @category Smart charging
 */
export function toGetCompositeScheduleResponse<V extends OcppVersion>(
  version: V,
  composite: CompositeSchedule,
  options: WriteOptions = {},
): Result<ResponseOf<V, "GetCompositeSchedule">, SmartChargingError> {
  const rounded = composite.periods.map((p) => roundPeriod(p, CONVERSION_NOISE));
  const grid = quantizeTime(composite.start, rounded, composite.start + composite.duration);
  const duration = (grid.end ?? grid.start) - grid.start;
  const asProfile: InstalledProfile = {
    id: 0,
    evseId: composite.evseId,
    stackLevel: 0,
    purpose: "TxDefaultProfile",
    kind: "Absolute",
    schedule: { start: grid.start, duration, unit: composite.unit, periods: grid.periods },
  };
  const checked = checkExpressible(version, asProfile, options);
  if (!checked.ok) return checked;
  const scheduleStart = wireInstant(grid.start);
  const seconds = duration / 1000;
  if (version === "ocpp1.6") {
    const response: V16Response = {
      status: "Accepted",
      connectorId: composite.evseId,
      scheduleStart,
      chargingSchedule: {
        duration: seconds,
        startSchedule: scheduleStart,
        chargingRateUnit: composite.unit,
        chargingSchedulePeriod: grid.periods.map((p) => ({
          startPeriod: p.startOffset / 1000,
          limit: p.limit ?? 0,
          ...(p.phases === undefined ? {} : { numberPhases: p.phases }),
        })),
      },
    };
    return ok(response as ResponseOf<V, "GetCompositeSchedule">);
  }
  const schedule = {
    evseId: composite.evseId,
    duration: seconds,
    scheduleStart,
    chargingRateUnit: composite.unit,
    chargingSchedulePeriod: grid.periods.map((p) => writePeriod2(p, version === "ocpp2.1")),
  };
  return ok({ status: "Accepted", schedule } as ResponseOf<V, "GetCompositeSchedule">);
}

/**
 * Options of {@link fromGetCompositeScheduleResponse}.
 *
 * @category Smart charging
 */
export interface ReadCompositeOptions {
  /** The connector asked for: OCPP 1.6 responses may omit `connectorId`. */
  readonly evseId?: number;
  /** The duration asked for (ms): OCPP 1.6 responses may omit the schedule's `duration`. */
  readonly duration?: Duration;
}

/**
 * Reads a received `GetCompositeSchedule` response into a {@link CompositeSchedule}. A `Rejected` status, a missing
 * schedule or start, or a period that breaks the specification's rules fails with `INVALID_RESPONSE` naming why.
 *
 * @category Smart charging
 */
export function fromGetCompositeScheduleResponse<V extends OcppVersion>(
  version: V,
  response: ResponseOf<V, "GetCompositeSchedule">,
  options: ReadCompositeOptions = {},
): Result<CompositeSchedule, SmartChargingError> {
  const bad = (field: string, message: string) =>
    fail<CompositeSchedule>("INVALID_RESPONSE", `GetCompositeSchedule response: ${field} ${message}`, {
      field,
      version,
    });
  const { status, statusInfo } = response as { status: string; statusInfo?: { reasonCode: string } };
  if (status !== "Accepted") {
    return bad("status", `is ${status}${statusInfo === undefined ? "" : ` (${statusInfo.reasonCode})`}`);
  }
  let wire: WireScheduleLike;
  let evseId: number | undefined;
  let startText: string | undefined;
  if (version === "ocpp1.6") {
    const r = response as V16Response;
    if (r.chargingSchedule === undefined) return bad("chargingSchedule", "is missing");
    wire = r.chargingSchedule;
    evseId = r.connectorId ?? options.evseId;
    startText = r.scheduleStart ?? r.chargingSchedule.startSchedule;
  } else {
    const schedule = (response as { schedule?: CompositeOf<V> }).schedule;
    if (schedule === undefined) return bad("schedule", "is missing");
    wire = { ...schedule, id: 0 };
    evseId = schedule.evseId;
    startText = schedule.scheduleStart;
  }
  if (evseId === undefined) return bad("connectorId", "is missing (pass options.evseId)");
  if (startText === undefined) return bad("scheduleStart", "is missing");
  const start = readInstant(startText, "scheduleStart", version, "INVALID_RESPONSE");
  if (!start.ok) return start;
  const read = readSchedule(version, { ...wire, startSchedule: startText }, "chargingSchedule");
  if (!read.ok) return fail("INVALID_RESPONSE", read.error.message, read.error.details);
  const duration = read.value.duration ?? options.duration;
  if (duration === undefined) return bad("chargingSchedule.duration", "is missing (pass options.duration)");
  return ok({ evseId, start: start.value, duration, unit: read.value.unit, periods: read.value.periods });
}

/**
 * A composite schedule as a core `PowerSchedule`, e.g. to compare what a station reports with what load management
 * planned. Every period needs an import limit; in OCPP 2.1 setpoint modes a period without one gets
 * `max(0, setpoint)`. The operation mode has no place in a `PowerSchedule` and is left out.
 *
 * @category Smart charging
 */
export function powerScheduleOfComposite(composite: CompositeSchedule): Result<PowerSchedule, SmartChargingError> {
  const periods: PowerSchedulePeriod[] = [];
  for (const [index, p] of composite.periods.entries()) {
    const limit = p.limit ?? (p.setpoint === undefined ? undefined : Math.max(0, p.setpoint));
    if (limit === undefined) {
      return fail("INVALID_RESPONSE", `periods[${index}] has no limit: nothing bounds the import then`, {
        field: `periods[${index}].limit`,
      });
    }
    periods.push({
      startOffset: p.startOffset,
      limit,
      ...(p.phases === undefined ? {} : { phases: p.phases }),
      ...(p.phaseToUse === undefined ? {} : { phaseToUse: p.phaseToUse }),
      ...(p.setpoint === undefined ? {} : { setpoint: p.setpoint }),
      ...(p.dischargeLimit === undefined ? {} : { dischargeLimit: p.dischargeLimit }),
    });
  }
  const schedule: PowerSchedule = {
    start: composite.start,
    unit: composite.unit,
    periods,
    end: composite.start + composite.duration,
  };
  const valid = validatePowerSchedule(schedule);
  return valid.ok ? valid : fail("INVALID_RESPONSE", valid.error.message, valid.error.details);
}

/**
 * A station's reported composite schedule as a core `PowerSchedule`.
 *
 * @category Smart charging
 */
export interface ReportedSchedule {
  /** The EVSE (1.6: connector) it is for; 0 is the whole station. */
  readonly evseId: number;
  /** What the station will allow, in the conventions of core's `PowerSchedule`. */
  readonly schedule: PowerSchedule;
}

/**
 * Reads a received `GetCompositeSchedule` response straight into a `PowerSchedule` for `evseId`:
 * {@link fromGetCompositeScheduleResponse} then {@link powerScheduleOfComposite}.
 *
 * @category Smart charging
 */
export function powerScheduleFromCompositeResponse<V extends OcppVersion>(
  version: V,
  response: ResponseOf<V, "GetCompositeSchedule">,
  options: ReadCompositeOptions = {},
): Result<ReportedSchedule, SmartChargingError> {
  const composite = fromGetCompositeScheduleResponse(version, response, options);
  if (!composite.ok) return composite;
  const schedule = powerScheduleOfComposite(composite.value);
  return schedule.ok ? ok({ evseId: composite.value.evseId, schedule: schedule.value }) : schedule;
}

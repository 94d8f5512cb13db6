import { ok, type Result } from "@chargekit/core";
import type { OcppVersion } from "../schema/versions.js";
import { fail, type SmartChargingError } from "./errors.js";
import type { InstalledProfile, OperationMode, ProfilePeriod, ProfileSchedule } from "./types.js";
import { wholeSeconds } from "./wire-common.js";

/**
 * Options of the profile writers.
 *
 * @category Smart charging
 */
export interface WriteOptions {
  /**
   * Most periods one schedule may have: the station's `ChargingScheduleMaxPeriods` (1.6) /
   * `PeriodsPerSchedule` (2.x). OCPP 2.x schemas allow at most 1024.
   */
  readonly maxPeriods?: number;
}

/** The most periods a 2.x schema allows in one schedule. @internal */
export const SCHEMA_MAX_PERIODS = 1024;

/** OCPP 2.1 operation modes in which a period may omit `limit`. @internal */
export const LIMIT_OPTIONAL_MODES: ReadonlySet<OperationMode> = new Set([
  "CentralSetpoint",
  "ExternalSetpoint",
  "ExternalLimits",
  "LocalFrequency",
  "LocalLoadBalancing",
]);

/** Operation modes in which the EV must not discharge. @internal */
export const NO_DISCHARGE_MODES: ReadonlySet<OperationMode> = new Set(["ChargingOnly", "Idle"]);

/**
 * Whether `version` can carry `profile`: every feature the profile uses must exist in that version (V2G, setpoints
 * and operation modes need 2.1, `phaseToUse` needs 2.x, 1.6 transaction ids are integers …), and the period count
 * must fit. The error names the first field that cannot be written.
 *
 * @internal
 */
export function checkExpressible(
  version: OcppVersion,
  profile: InstalledProfile,
  options: WriteOptions = {},
): Result<true, SmartChargingError> {
  const no = (field: string, message: string) =>
    fail<true>("NOT_EXPRESSIBLE", `${version} cannot express ${field}: ${message}`, { field, version });
  const v16 = version === "ocpp1.6";
  const v21 = version === "ocpp2.1";
  if (v16 && profile.purpose === "ChargingStationExternalConstraints")
    return no("purpose", "ChargingStationExternalConstraints exists from OCPP 2.0.1 on");
  if (!v21 && profile.kind === "Dynamic") return no("kind", "Dynamic profiles exist from OCPP 2.1 on");
  const alternatives = profile.alternatives ?? [];
  if (v16 && alternatives.length > 0) return no("alternatives", "OCPP 1.6 profiles carry one schedule");
  if (alternatives.length > 2) return no("alternatives", "a profile carries at most 3 schedules");
  if (v16 && profile.transactionId !== undefined && !/^-?\d{1,15}$/.test(profile.transactionId))
    return no("transactionId", `OCPP 1.6 transaction ids are integers, got ${JSON.stringify(profile.transactionId)}`);
  const max = Math.min(
    options.maxPeriods ?? Number.POSITIVE_INFINITY,
    v16 ? Number.POSITIVE_INFINITY : SCHEMA_MAX_PERIODS,
  );
  for (const [s, schedule] of [profile.schedule, ...alternatives].entries()) {
    const prefix = s === 0 ? "schedule" : `alternatives[${s - 1}]`;
    const checked = checkSchedule(version, schedule, prefix, max);
    if (!checked.ok) return checked;
  }
  return ok(true);
}

function checkSchedule(
  version: OcppVersion,
  schedule: ProfileSchedule,
  prefix: string,
  maxPeriods: number,
): Result<true, SmartChargingError> {
  if (schedule.periods.length > maxPeriods) {
    return fail(
      "TOO_MANY_PERIODS",
      `${prefix} has ${schedule.periods.length} periods; the station accepts at most ${maxPeriods}`,
      { field: `${prefix}.periods`, version, periods: schedule.periods.length, maxPeriods },
    );
  }
  if (schedule.duration !== undefined) {
    const d = wholeSeconds(schedule.duration, `${prefix}.duration`, version);
    if (!d.ok) return d;
  }
  for (const [index, period] of schedule.periods.entries()) {
    const checked = checkPeriod(version, period, `${prefix}.periods[${index}]`);
    if (!checked.ok) return checked;
  }
  return ok(true);
}

function checkPeriod(version: OcppVersion, period: ProfilePeriod, at: string): Result<true, SmartChargingError> {
  const no = (field: string, message: string) =>
    fail<true>("NOT_EXPRESSIBLE", `${version} cannot express ${at}.${field}: ${message}`, {
      field: `${at}.${field}`,
      version,
    });
  const offset = wholeSeconds(period.startOffset, `${at}.startOffset`, version);
  if (!offset.ok) return offset;
  const mode = period.operationMode ?? "ChargingOnly";
  const discharges = (period.dischargeLimit ?? 0) > 0;
  if (version !== "ocpp2.1") {
    if (period.setpoint !== undefined) return no("setpoint", "setpoints exist from OCPP 2.1 on");
    if (discharges) return no("dischargeLimit", "V2G discharge exists from OCPP 2.1 on");
    if (mode !== "ChargingOnly") return no("operationMode", "operation modes exist from OCPP 2.1 on");
    if (period.limit === undefined) return no("limit", "a period needs a limit before OCPP 2.1");
    if (version === "ocpp1.6" && period.phaseToUse !== undefined)
      return no("phaseToUse", "phaseToUse exists from OCPP 2.0.1 on");
    return ok(true);
  }
  if (period.limit === undefined && !LIMIT_OPTIONAL_MODES.has(mode))
    return no("limit", `a period in operation mode ${mode} needs a limit`);
  if (discharges && NO_DISCHARGE_MODES.has(mode)) {
    return no(
      "operationMode",
      `a period that allows discharge needs an operation mode other than ${mode} (give it a setpoint, or ProfileTarget.dischargeMode)`,
    );
  }
  return ok(true);
}

import { ok, type Result } from "@chargekit/core";
import type {
  ChargingSchedulePeriodType as WirePeriod,
  ChargingScheduleType as WireSchedule,
} from "../generated/v21/common.js";
import type { OcppVersion } from "../schema/versions.js";
import { fail, type SmartChargingError } from "./errors.js";
import type { ProfilePeriod, ProfileSchedule } from "./types.js";
import { phaseOfNumber, readInstant } from "./wire-common.js";

/** A wire schedule of any version (1.6's lacks the 2.x `id` and the 2.1 fields). @internal */
export type WireScheduleLike = Omit<WireSchedule, "id" | "chargingSchedulePeriod"> & {
  readonly id?: number;
  readonly chargingSchedulePeriod: readonly WirePeriod[];
};

/** Period fields that change what a station may draw but that the neutral model does not hold. */
const UNSUPPORTED_PERIOD_FIELDS = [
  "limit_L2",
  "limit_L3",
  "dischargeLimit_L2",
  "dischargeLimit_L3",
  "setpoint_L2",
  "setpoint_L3",
  "setpointReactive",
  "setpointReactive_L2",
  "setpointReactive_L3",
  "v2xBaseline",
  "v2xFreqWattCurve",
  "v2xSignalWattCurve",
] as const;

/**
 * Reads one wire schedule (any version: a 1.6 schedule is a subset of the 2.1 shape) into the neutral form,
 * checking what the schemas cannot: periods start at 0 and increase, `numberPhases` is 1–3, `phaseToUse` comes
 * with one phase, limits are not negative (OCPP 2.1 reads a negative limit as the legacy way of writing a discharge
 * limit), and no feature the neutral model cannot hold (per-phase values, V2X curves, `limitAtSoC`, a randomized
 * delay, local time) is silently dropped. Price data and `powerTolerance` do not affect limits and are not kept.
 *
 * @internal
 */
export function readSchedule(
  version: OcppVersion,
  wire: WireScheduleLike,
  at: string,
): Result<ProfileSchedule, SmartChargingError> {
  const bad = (field: string, message: string) =>
    fail<ProfileSchedule>("INVALID_PROFILE", `${at}.${field} ${message}`, { field: `${at}.${field}`, version });
  const unsupported = (field: string) =>
    fail<ProfileSchedule>("UNSUPPORTED_FEATURE", `${at}.${field} is not supported by chargekit's smart charging`, {
      field: `${at}.${field}`,
      version,
    });
  if (wire.limitAtSoC !== undefined) return unsupported("limitAtSoC");
  if ((wire.randomizedDelay ?? 0) > 0) return unsupported("randomizedDelay");
  if (wire.useLocalTime === true) return unsupported("useLocalTime");
  if (wire.duration !== undefined && wire.duration < 0) return bad("duration", "must not be negative");
  let start: number | undefined;
  if (wire.startSchedule !== undefined) {
    const parsed = readInstant(wire.startSchedule, `${at}.startSchedule`, version);
    if (!parsed.ok) return parsed;
    start = parsed.value;
  }
  if (wire.chargingSchedulePeriod.length === 0) return bad("chargingSchedulePeriod", "must not be empty");
  const periods: ProfilePeriod[] = [];
  let previous = -1;
  for (const [index, raw] of wire.chargingSchedulePeriod.entries()) {
    const field = `chargingSchedulePeriod[${index}]`;
    for (const name of UNSUPPORTED_PERIOD_FIELDS) if (raw[name] !== undefined) return unsupported(`${field}.${name}`);
    if (raw.evseSleep === true) return unsupported(`${field}.evseSleep`);
    if (index === 0 && raw.startPeriod !== 0) return bad(`${field}.startPeriod`, "must be 0 for the first period");
    if (raw.startPeriod <= previous)
      return bad(`${field}.startPeriod`, `must be after the previous period's (${previous})`);
    previous = raw.startPeriod;
    const period = readPeriod(version, raw);
    if ("problem" in period) return bad(`${field}.${period.field}`, period.problem);
    periods.push(period);
  }
  return ok({
    ...(wire.id === undefined ? {} : { id: wire.id }),
    ...(start === undefined ? {} : { start }),
    ...(wire.duration === undefined ? {} : { duration: wire.duration * 1000 }),
    unit: wire.chargingRateUnit,
    ...(wire.minChargingRate === undefined ? {} : { minChargingRate: wire.minChargingRate }),
    periods,
  });
}

interface Problem {
  readonly field: string;
  readonly problem: string;
}

/** One wire period, or what is wrong with it. */
function readPeriod(version: OcppVersion, raw: WirePeriod): ProfilePeriod | Problem {
  const phases = raw.numberPhases;
  if (phases !== undefined && phases !== 1 && phases !== 2 && phases !== 3)
    return { field: "numberPhases", problem: `must be 1, 2 or 3, got ${phases}` };
  let phaseToUse: ProfilePeriod["phaseToUse"];
  if (raw.phaseToUse !== undefined) {
    if (phases !== 1) return { field: "phaseToUse", problem: "is only allowed with numberPhases 1" };
    phaseToUse = phaseOfNumber(raw.phaseToUse);
    if (phaseToUse === undefined) return { field: "phaseToUse", problem: `must be 1, 2 or 3, got ${raw.phaseToUse}` };
  }
  let limit = raw.limit;
  let dischargeLimit = raw.dischargeLimit === undefined ? undefined : -raw.dischargeLimit;
  if (limit !== undefined && limit < 0) {
    if (version !== "ocpp2.1") return { field: "limit", problem: `must not be negative, got ${limit}` };
    dischargeLimit = Math.min(dischargeLimit ?? Number.POSITIVE_INFINITY, -limit);
    limit = 0;
  }
  if (dischargeLimit !== undefined && dischargeLimit < 0)
    return { field: "dischargeLimit", problem: `must not be positive, got ${raw.dischargeLimit}` };
  const mode = raw.operationMode === "ChargingOnly" ? undefined : raw.operationMode;
  return {
    startOffset: raw.startPeriod * 1000,
    ...(limit === undefined ? {} : { limit }),
    ...(phases === undefined ? {} : { phases }),
    ...(phaseToUse === undefined ? {} : { phaseToUse }),
    ...(raw.setpoint === undefined ? {} : { setpoint: raw.setpoint }),
    ...(dischargeLimit === undefined ? {} : { dischargeLimit: dischargeLimit === 0 ? 0 : dischargeLimit }),
    ...(mode === undefined ? {} : { operationMode: mode }),
  };
}

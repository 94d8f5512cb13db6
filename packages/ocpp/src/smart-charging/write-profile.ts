import { ok, type Result } from "@chargekit/core";
import type { ChargingSchedulePeriod as V16Period, ChargingProfile as V16Profile } from "../generated/v16/common.js";
import type {
  ChargingSchedulePeriodType as V21Period,
  ChargingScheduleType as V21Schedule,
} from "../generated/v21/common.js";
import type { OcppVersion } from "../schema/versions.js";
import { checkExpressible, type WriteOptions } from "./capabilities.js";
import type { SmartChargingError } from "./errors.js";
import type { InstalledProfile, ProfilePeriod, ProfileSchedule } from "./types.js";
import { type ChargingProfileOf, phaseNumber, wireInstant } from "./wire-common.js";

/**
 * Writes an installed profile as version `V`'s wire charging profile (1.6 `csChargingProfiles`, 2.x
 * `chargingProfile`), e.g. for a `RemoteStartTransaction` / `RequestStartTransaction`. Fails with
 * `NOT_EXPRESSIBLE` naming the first field the version cannot carry, or `TOO_MANY_PERIODS`.
 *
 * The neutral names map to each version's: `ChargingStationMaxProfile` is 1.6's `ChargePointMaxProfile`, offsets
 * become whole seconds, a discharge limit becomes OCPP 2.1's negative `dischargeLimit`, `phaseToUse` becomes 1–3.
 *
 * @category Smart charging
 */
export function toChargingProfile<V extends OcppVersion>(
  version: V,
  profile: InstalledProfile,
  options: WriteOptions = {},
): Result<ChargingProfileOf<V>, SmartChargingError> {
  const checked = checkExpressible(version, profile, options);
  if (!checked.ok) return checked;
  const wire = version === "ocpp1.6" ? writeV16(profile) : writeV2(profile, version === "ocpp2.1");
  return ok(wire as ChargingProfileOf<V>);
}

function common(profile: InstalledProfile) {
  return {
    ...(profile.recurrency === undefined ? {} : { recurrencyKind: profile.recurrency }),
    ...(profile.validFrom === undefined ? {} : { validFrom: wireInstant(profile.validFrom) }),
    ...(profile.validTo === undefined ? {} : { validTo: wireInstant(profile.validTo) }),
  };
}

function scheduleTiming(schedule: ProfileSchedule) {
  return {
    ...(schedule.start === undefined ? {} : { startSchedule: wireInstant(schedule.start) }),
    ...(schedule.duration === undefined ? {} : { duration: schedule.duration / 1000 }),
  };
}

function writeV16(profile: InstalledProfile): V16Profile {
  const s = profile.schedule;
  return {
    chargingProfileId: profile.id,
    ...(profile.transactionId === undefined ? {} : { transactionId: Number(profile.transactionId) }),
    stackLevel: profile.stackLevel,
    chargingProfilePurpose:
      profile.purpose === "ChargingStationMaxProfile" ? "ChargePointMaxProfile" : purpose16(profile),
    chargingProfileKind: profile.kind === "Dynamic" ? "Absolute" : profile.kind,
    ...common(profile),
    chargingSchedule: {
      ...scheduleTiming(s),
      chargingRateUnit: s.unit,
      chargingSchedulePeriod: s.periods.map(
        (p): V16Period => ({
          startPeriod: p.startOffset / 1000,
          limit: p.limit ?? 0,
          ...(p.phases === undefined ? {} : { numberPhases: p.phases }),
        }),
      ),
      ...(s.minChargingRate === undefined ? {} : { minChargingRate: s.minChargingRate }),
    },
  };
}

function purpose16(profile: InstalledProfile): "TxDefaultProfile" | "TxProfile" {
  return profile.purpose === "TxProfile" ? "TxProfile" : "TxDefaultProfile";
}

function writeV2(profile: InstalledProfile, v21: boolean) {
  const schedules = [profile.schedule, ...(profile.alternatives ?? [])].map((s, index) =>
    writeSchedule2(s, index, profile.id, v21),
  );
  return {
    id: profile.id,
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: profile.purpose,
    chargingProfileKind: profile.kind,
    ...common(profile),
    ...(profile.transactionId === undefined ? {} : { transactionId: profile.transactionId }),
    chargingSchedule: schedules,
  };
}

function writeSchedule2(schedule: ProfileSchedule, index: number, profileId: number, v21: boolean): V21Schedule {
  return {
    id: schedule.id ?? profileId + index,
    ...scheduleTiming(schedule),
    chargingRateUnit: schedule.unit,
    chargingSchedulePeriod: schedule.periods.map((p) => writePeriod2(p, v21)),
    ...(schedule.minChargingRate === undefined ? {} : { minChargingRate: schedule.minChargingRate }),
  };
}

/** One 2.x period; V2G fields only reach here for 2.1 (checked by `checkExpressible`). @internal */
export function writePeriod2(p: ProfilePeriod, v21: boolean): V21Period {
  const mode = v21 && p.operationMode !== undefined && p.operationMode !== "ChargingOnly" ? p.operationMode : undefined;
  return {
    startPeriod: p.startOffset / 1000,
    ...(p.limit === undefined ? {} : { limit: p.limit }),
    ...(p.phases === undefined ? {} : { numberPhases: p.phases }),
    ...(p.phaseToUse === undefined ? {} : { phaseToUse: phaseNumber(p.phaseToUse) }),
    ...(p.setpoint === undefined ? {} : { setpoint: p.setpoint }),
    ...(p.dischargeLimit === undefined || !v21
      ? {}
      : { dischargeLimit: p.dischargeLimit === 0 ? 0 : -p.dischargeLimit }),
    ...(mode === undefined ? {} : { operationMode: mode }),
  };
}

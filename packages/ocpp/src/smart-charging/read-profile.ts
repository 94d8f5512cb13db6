import { type Instant, ok, type Result } from "@chargekit/core";
import type { ChargingProfile as V16Profile } from "../generated/v16/common.js";
import type { ChargingProfileType as V21Profile } from "../generated/v21/common.js";
import type { OcppVersion } from "../schema/versions.js";
import { fail, type SmartChargingError } from "./errors.js";
import { readSchedule, type WireScheduleLike } from "./read-period.js";
import type { InstalledProfile, ProfileKind, ProfilePurpose, ProfileSchedule } from "./types.js";
import { type ChargingProfileOf, readInstant } from "./wire-common.js";

/**
 * Reads a wire charging profile of version `V`, received for EVSE (1.6: connector) `evseId`, into the neutral
 * {@link InstalledProfile} a station computes with — what a station (or the simulator) does on
 * `SetChargingProfile` or a start request that carries a profile. Beyond the schema it checks the specification's
 * rules: a `ChargingStationMaxProfile` sits on EVSE 0 (and is not `Relative` in 2.x), a `TxProfile` on an EVSE > 0, a
 * transaction id only on a `TxProfile`, `Recurring` profiles have a start and a recurrency, validity ends after it
 * begins, periods start at 0 and increase. Errors are `INVALID_PROFILE` or `UNSUPPORTED_FEATURE` naming the field.
 *
 * @category Smart charging
 */
export function fromChargingProfile<V extends OcppVersion>(
  version: V,
  wire: ChargingProfileOf<V>,
  evseId: number,
): Result<InstalledProfile, SmartChargingError> {
  const common = version === "ocpp1.6" ? commonV16(wire as V16Profile) : commonV2(wire as V21Profile);
  const bad = (field: string, message: string) =>
    fail<InstalledProfile>("INVALID_PROFILE", `${field} ${message}`, { field, version });
  if (!Number.isSafeInteger(evseId) || evseId < 0) return bad("evseId", `must be an integer ≥ 0, got ${evseId}`);
  if (common.purpose === "PriorityCharging" || common.purpose === "LocalGeneration") {
    return fail("UNSUPPORTED_FEATURE", `purpose ${common.purpose} is not supported by chargekit's smart charging`, {
      field: "chargingProfilePurpose",
      version,
    });
  }
  const purpose: ProfilePurpose = common.purpose;
  if (!Number.isSafeInteger(common.stackLevel) || common.stackLevel < 0)
    return bad("stackLevel", `must be an integer ≥ 0, got ${common.stackLevel}`);
  if (purpose === "ChargingStationMaxProfile") {
    if (evseId !== 0) return bad("evseId", `must be 0 for a ${common.purposeName}`);
    if (version !== "ocpp1.6" && common.kind === "Relative")
      return bad("chargingProfileKind", "must not be Relative for a ChargingStationMaxProfile");
  }
  if (purpose === "TxProfile" && evseId === 0) return bad("evseId", "must be > 0 for a TxProfile");
  if (common.transactionId !== undefined && purpose !== "TxProfile")
    return bad("transactionId", "is only allowed on a TxProfile");
  if (common.kind === "Recurring" && common.recurrency === undefined)
    return bad("recurrencyKind", "is required for a Recurring profile");
  if (common.kind !== "Recurring" && common.recurrency !== undefined)
    return bad("recurrencyKind", "is only allowed on a Recurring profile");
  const validity: { validFrom?: Instant; validTo?: Instant } = {};
  for (const field of ["validFrom", "validTo"] as const) {
    const text = common[field];
    if (text === undefined) continue;
    const parsed = readInstant(text, field, version);
    if (!parsed.ok) return parsed;
    validity[field] = parsed.value;
  }
  if (validity.validFrom !== undefined && validity.validTo !== undefined && validity.validTo <= validity.validFrom)
    return bad("validTo", "must be after validFrom");
  const schedules: ProfileSchedule[] = [];
  for (const [index, raw] of common.schedules.entries()) {
    const at = version === "ocpp1.6" ? "chargingSchedule" : `chargingSchedule[${index}]`;
    const read = readSchedule(version, raw, at);
    if (!read.ok) return read;
    schedules.push(read.value);
  }
  const [schedule, ...alternatives] = schedules;
  if (schedule === undefined) return bad("chargingSchedule", "must hold a schedule");
  if (common.kind === "Recurring" && schedule.start === undefined)
    return bad("chargingSchedule.startSchedule", "is required for a Recurring profile");
  return ok({
    id: common.id,
    evseId,
    stackLevel: common.stackLevel,
    purpose,
    kind: common.kind,
    ...(common.recurrency === undefined ? {} : { recurrency: common.recurrency }),
    ...validity,
    ...(common.transactionId === undefined ? {} : { transactionId: common.transactionId }),
    schedule,
    ...(alternatives.length === 0 ? {} : { alternatives }),
  });
}

interface CommonFields {
  readonly id: number;
  readonly stackLevel: number;
  readonly purpose: ProfilePurpose | "PriorityCharging" | "LocalGeneration";
  readonly purposeName: string;
  readonly kind: ProfileKind;
  readonly recurrency?: "Daily" | "Weekly";
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly transactionId?: string;
  readonly schedules: readonly WireScheduleLike[];
}

function commonV16(wire: V16Profile): CommonFields {
  return {
    id: wire.chargingProfileId,
    stackLevel: wire.stackLevel,
    purpose:
      wire.chargingProfilePurpose === "ChargePointMaxProfile"
        ? "ChargingStationMaxProfile"
        : wire.chargingProfilePurpose,
    purposeName: wire.chargingProfilePurpose,
    kind: wire.chargingProfileKind,
    ...(wire.recurrencyKind === undefined ? {} : { recurrency: wire.recurrencyKind }),
    ...(wire.validFrom === undefined ? {} : { validFrom: wire.validFrom }),
    ...(wire.validTo === undefined ? {} : { validTo: wire.validTo }),
    ...(wire.transactionId === undefined ? {} : { transactionId: String(wire.transactionId) }),
    schedules: [wire.chargingSchedule],
  };
}

function commonV2(wire: V21Profile): CommonFields {
  return {
    id: wire.id,
    stackLevel: wire.stackLevel,
    purpose: wire.chargingProfilePurpose,
    purposeName: wire.chargingProfilePurpose,
    kind: wire.chargingProfileKind,
    ...(wire.recurrencyKind === undefined ? {} : { recurrency: wire.recurrencyKind }),
    ...(wire.validFrom === undefined ? {} : { validFrom: wire.validFrom }),
    ...(wire.validTo === undefined ? {} : { validTo: wire.validTo }),
    ...(wire.transactionId === undefined ? {} : { transactionId: wire.transactionId }),
    schedules: wire.chargingSchedule,
  };
}

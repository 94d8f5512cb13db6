import type { PowerSchedule, Result } from "@chargekit/core";
import { ok } from "@chargekit/core";
import type { ChargingProfile as V16Profile } from "../generated/v16/common.js";
import type { ChargingProfileType as V21Profile } from "../generated/v21/common.js";
import type { RequestOf } from "../schema/action-maps.js";
import type { OcppVersion } from "../schema/versions.js";
import type { WriteOptions } from "./capabilities.js";
import { fail, type SmartChargingError } from "./errors.js";
import { profileFromPowerSchedule } from "./from-power-schedule.js";
import { fromChargingProfile } from "./read-profile.js";
import type { ProfileTarget } from "./target.js";
import type { InstalledProfile } from "./types.js";
import type { ChargingProfileOf } from "./wire-common.js";
import { toChargingProfile } from "./write-profile.js";

/**
 * The `SetChargingProfile` request of version `V` that installs `profile`: 1.6 `{ connectorId, csChargingProfiles }`,
 * 2.x `{ evseId, chargingProfile }`. A `TxProfile` must name its transaction (`INVALID_TARGET` otherwise); what the
 * version cannot carry fails with `NOT_EXPRESSIBLE`.
 *
 * @category Smart charging
 */
export function toSetChargingProfileRequest<V extends OcppVersion>(
  version: V,
  profile: InstalledProfile,
  options: WriteOptions = {},
): Result<RequestOf<V, "SetChargingProfile">, SmartChargingError> {
  if (profile.purpose === "TxProfile" && profile.transactionId === undefined) {
    return fail("INVALID_TARGET", "a TxProfile sent in SetChargingProfile must name its transaction", {
      field: "transactionId",
      version,
    });
  }
  const wire = toChargingProfile(version, profile, options);
  if (!wire.ok) return wire;
  const request =
    version === "ocpp1.6"
      ? { connectorId: profile.evseId, csChargingProfiles: wire.value }
      : { evseId: profile.evseId, chargingProfile: wire.value };
  return ok(request as RequestOf<V, "SetChargingProfile">);
}

/**
 * Maps a `PowerSchedule` straight to version `V`'s `SetChargingProfile` request: {@link profileFromPowerSchedule}
 * (rounding to 0.1 toward zero and whole seconds without ever allowing more) then
 * {@link toSetChargingProfileRequest}.
 *
 * @example
 * ```ts
 * const request = toSetChargingProfile("ocpp2.0.1", schedule, {
 *   profileId: 12,
 *   evseId: 1,
 *   purpose: "TxProfile",
 *   stackLevel: 1,
 *   transactionId: "b7c1…",
 * });
 * if (request.ok) await endpoint.call("ocpp2.0.1", "SetChargingProfile", request.value);
 * else console.log(request.error.code, request.error.message);
 * ```
 * @category Smart charging
 */
export function toSetChargingProfile<V extends OcppVersion>(
  version: V,
  schedule: PowerSchedule,
  target: ProfileTarget,
  options: WriteOptions = {},
): Result<RequestOf<V, "SetChargingProfile">, SmartChargingError> {
  const profile = profileFromPowerSchedule(schedule, target);
  if (!profile.ok) return profile;
  return toSetChargingProfileRequest(version, profile.value, options);
}

/**
 * Reads a received `SetChargingProfile` request into the neutral profile a station installs
 * ({@link fromChargingProfile}); in OCPP 2.x a `TxProfile` must carry its `transactionId`.
 *
 * @category Smart charging
 */
export function fromSetChargingProfileRequest<V extends OcppVersion>(
  version: V,
  request: RequestOf<V, "SetChargingProfile">,
): Result<InstalledProfile, SmartChargingError> {
  const fields = request as {
    readonly connectorId?: number;
    readonly csChargingProfiles?: V16Profile;
    readonly evseId?: number;
    readonly chargingProfile?: V21Profile;
  };
  const evseId = (version === "ocpp1.6" ? fields.connectorId : fields.evseId) ?? -1;
  const wire = version === "ocpp1.6" ? fields.csChargingProfiles : fields.chargingProfile;
  if (wire === undefined) return fail("INVALID_PROFILE", "the request carries no charging profile", { version });
  const profile = fromChargingProfile(version, wire as ChargingProfileOf<V>, evseId);
  if (!profile.ok) return profile;
  if (version !== "ocpp1.6" && profile.value.purpose === "TxProfile" && profile.value.transactionId === undefined) {
    return fail("INVALID_PROFILE", "transactionId is required on a TxProfile in SetChargingProfile", {
      field: "transactionId",
      version,
    });
  }
  return profile;
}

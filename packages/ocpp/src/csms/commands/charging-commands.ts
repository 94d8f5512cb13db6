import { ok } from "@chargekit/core";
import type * as V16 from "../../generated/v16/index.js";
import type * as V201 from "../../generated/v201/index.js";
import { powerScheduleFromCompositeResponse } from "../../smart-charging/composite-response.js";
import { toSetChargingProfile } from "../../smart-charging/set-charging-profile.js";
import { type CommandHost, fromSmartCharging, target } from "./context.js";
import type { CsmsCommands } from "./types.js";

type ChargingCommands = Pick<CsmsCommands, "setChargingProfile" | "clearChargingProfile" | "getCompositeSchedule">;

const V16_PURPOSE = {
  ChargingStationMaxProfile: "ChargePointMaxProfile",
  TxDefaultProfile: "TxDefaultProfile",
  TxProfile: "TxProfile",
} as const;

/** Smart-charging commands, through the smart-charging mappers. @internal */
export function chargingCommands(host: CommandHost): ChargingCommands {
  return {
    async setChargingProfile(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      const payload = toSetChargingProfile(version, request.schedule, request.target, request.write);
      if (!payload.ok) return fromSmartCharging(stationId, payload.error);
      const r = await call<{ status: "Accepted" | "Rejected" | "NotSupported" }>("SetChargingProfile", payload.value);
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async clearChargingProfile(stationId, request = {}, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        const payload: V16.ClearChargingProfileRequest = {
          ...(request.profileId === undefined ? {} : { id: request.profileId }),
          ...(request.evseId === undefined ? {} : { connectorId: request.evseId }),
          ...(request.purpose === undefined ? {} : { chargingProfilePurpose: V16_PURPOSE[request.purpose] }),
          ...(request.stackLevel === undefined ? {} : { stackLevel: request.stackLevel }),
        };
        const r = await call<V16.ClearChargingProfileResponse>("ClearChargingProfile", payload);
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const criteria: V201.ClearChargingProfileType = {
        ...(request.evseId === undefined ? {} : { evseId: request.evseId }),
        ...(request.purpose === undefined ? {} : { chargingProfilePurpose: request.purpose }),
        ...(request.stackLevel === undefined ? {} : { stackLevel: request.stackLevel }),
      };
      const payload: V201.ClearChargingProfileRequest = {
        ...(request.profileId === undefined ? {} : { chargingProfileId: request.profileId }),
        ...(Object.keys(criteria).length === 0 ? {} : { chargingProfileCriteria: criteria }),
      };
      const r = await call<V201.ClearChargingProfileResponse>("ClearChargingProfile", payload);
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async getCompositeSchedule(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      const duration = Math.ceil(request.duration / 1000);
      const payload =
        version === "ocpp1.6"
          ? {
              connectorId: request.evseId,
              duration,
              ...(request.unit === undefined ? {} : { chargingRateUnit: request.unit }),
            }
          : {
              evseId: request.evseId,
              duration,
              ...(request.unit === undefined ? {} : { chargingRateUnit: request.unit }),
            };
      const r = await call<{ status: "Accepted" | "Rejected" }>("GetCompositeSchedule", payload);
      if (!r.ok) return r;
      if (r.value.status !== "Accepted") return ok({ status: r.value.status });
      const read = powerScheduleFromCompositeResponse(version, r.value as never, { evseId: request.evseId });
      if (!read.ok) return fromSmartCharging(stationId, read.error);
      return ok({ status: "Accepted", schedule: read.value.schedule });
    },
  };
}

import { formatInstant } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import { compositeSchedule } from "../smart-charging/composite/composite-schedule.js";
import { toGetCompositeScheduleResponse } from "../smart-charging/composite-response.js";
import { fromSetChargingProfileRequest } from "../smart-charging/set-charging-profile.js";
import type { InstalledProfile, ProfilePurpose } from "../smart-charging/types.js";
import type { AuthorizationStatus } from "../station/model.js";
import type { StationCore } from "./station-core.js";

type Handle = (action: string, handler: (payload: never) => unknown) => void;

function on(endpoint: RpcEndpoint<"station">): Handle {
  return (action, handler) =>
    endpoint.handle(
      endpoint.version,
      action as never,
      (({ payload }: { payload: never }) => handler(payload)) as never,
    );
}

const PURPOSE_16: Readonly<Record<string, ProfilePurpose>> = {
  ChargePointMaxProfile: "ChargingStationMaxProfile",
  TxDefaultProfile: "TxDefaultProfile",
  TxProfile: "TxProfile",
};

interface VariableRequest {
  component: { name: string; instance?: string; evse?: { id: number } };
  variable: { name: string; instance?: string };
  attributeType?: string;
  attributeValue?: string;
}

function refOf(r: VariableRequest) {
  return {
    component: r.component.name,
    variable: r.variable.name,
    ...(r.component.instance === undefined ? {} : { componentInstance: r.component.instance }),
    ...(r.component.evse === undefined ? {} : { evseId: r.component.evse.id }),
    ...(r.variable.instance === undefined ? {} : { instance: r.variable.instance }),
  };
}

/**
 * Handlers of configuration, smart charging, the local list, the cache and data transfer.
 *
 * @internal
 */
export function installConfigHandlers(core: StationCore, endpoint: RpcEndpoint<"station">): void {
  const handle = on(endpoint);
  const { ctx, evses } = core;
  const v16 = ctx.version === "ocpp1.6";
  const config = ctx.config;

  if (v16) {
    handle("GetConfiguration", (p: { key?: string[] }) => {
      if (p.key === undefined || p.key.length === 0) return { configurationKey: config.keys16() };
      const known = config.keys16();
      const configurationKey = known.filter((k) => p.key?.includes(k.key));
      const unknownKey = p.key.filter((k) => !known.some((c) => c.key === k));
      return {
        ...(configurationKey.length === 0 ? {} : { configurationKey }),
        ...(unknownKey.length === 0 ? {} : { unknownKey }),
      };
    });
    handle("ChangeConfiguration", (p: { key: string; value: string }) => {
      const status = config.setKey(p.key, p.value);
      if (status === "Accepted" && p.key === "HeartbeatInterval") core.restartHeartbeat();
      return { status };
    });
  } else {
    handle("GetVariables", (p: { getVariableData: VariableRequest[] }) => ({
      getVariableResult: p.getVariableData.map((r) => {
        const base = {
          component: r.component,
          variable: r.variable,
          ...(r.attributeType === undefined ? {} : { attributeType: r.attributeType }),
        };
        if (r.attributeType !== undefined && r.attributeType !== "Actual")
          return { ...base, attributeStatus: "NotSupportedAttributeType" };
        const v = config.variable(refOf(r));
        return v === undefined
          ? { ...base, attributeStatus: "UnknownVariable" }
          : { ...base, attributeStatus: "Accepted", attributeValue: v.value };
      }),
    }));
    handle("SetVariables", (p: { setVariableData: VariableRequest[] }) => ({
      setVariableResult: p.setVariableData.map((r) => {
        const status = config.setVariable(refOf(r), r.attributeValue ?? "");
        if (status === "Accepted" && r.variable.name === "HeartbeatInterval") core.restartHeartbeat();
        return { component: r.component, variable: r.variable, attributeStatus: status };
      }),
    }));
    handle("GetBaseReport", (p: { requestId: number; reportBase: string }) => {
      queueMicrotask(() =>
        queueMicrotask(() => {
          const all = config.variables().map(({ ref, value, readonly }) => ({
            component: {
              name: ref.component,
              ...(ref.componentInstance === undefined ? {} : { instance: ref.componentInstance }),
              ...(ref.evseId === undefined ? {} : { evse: { id: ref.evseId } }),
            },
            variable: { name: ref.variable, ...(ref.instance === undefined ? {} : { instance: ref.instance }) },
            variableAttribute: [{ type: "Actual", value, mutability: readonly ? "ReadOnly" : "ReadWrite" }],
          }));
          core.allowTriggered("NotifyReport");
          ctx.notify("NotifyReport", {
            requestId: p.requestId,
            generatedAt: formatInstant(ctx.clock.now()),
            seqNo: 0,
            ...(all.length === 0 ? {} : { reportData: all }),
          });
        }),
      );
      return { status: "Accepted" };
    });
  }

  handle("SetChargingProfile", (p: object) => {
    const read = fromSetChargingProfileRequest(ctx.version, p as never);
    if (!read.ok) return { status: "Rejected" };
    const profile = read.value;
    if (profile.evseId !== 0 && !evses.has(profile.evseId)) return { status: "Rejected" };
    if (profile.purpose === "TxProfile") {
      const tx = evses.get(profile.evseId)?.transaction();
      if (tx === undefined) return { status: "Rejected" };
      if (profile.transactionId !== undefined && profile.transactionId !== tx.id) return { status: "Rejected" };
    }
    const kept = core.profiles.filter(
      (q) =>
        q.id !== profile.id &&
        !(q.evseId === profile.evseId && q.purpose === profile.purpose && q.stackLevel === profile.stackLevel),
    );
    if (kept.length >= config.number("MaxChargingProfilesInstalled", 16)) return { status: "Rejected" };
    core.profiles = [...kept, profile];
    core.reevaluate();
    return { status: "Accepted" };
  });

  handle(
    "ClearChargingProfile",
    (p: {
      id?: number;
      connectorId?: number;
      chargingProfilePurpose?: string;
      stackLevel?: number;
      chargingProfileId?: number;
      chargingProfileCriteria?: { evseId?: number; chargingProfilePurpose?: string; stackLevel?: number };
    }) => {
      const id = v16 ? p.id : p.chargingProfileId;
      const evseId = v16 ? p.connectorId : p.chargingProfileCriteria?.evseId;
      const rawPurpose = v16 ? p.chargingProfilePurpose : p.chargingProfileCriteria?.chargingProfilePurpose;
      const purpose = rawPurpose === undefined ? undefined : (PURPOSE_16[rawPurpose] ?? rawPurpose);
      const stackLevel = v16 ? p.stackLevel : p.chargingProfileCriteria?.stackLevel;
      const matches = (q: InstalledProfile) =>
        (id === undefined || q.id === id) &&
        (evseId === undefined || q.evseId === evseId) &&
        (purpose === undefined || q.purpose === purpose) &&
        (stackLevel === undefined || q.stackLevel === stackLevel) &&
        q.purpose !== "ChargingStationExternalConstraints";
      const kept = core.profiles.filter((q) => !matches(q));
      if (kept.length === core.profiles.length) return { status: "Unknown" };
      core.profiles = kept;
      core.reevaluate();
      return { status: "Accepted" };
    },
  );

  handle(
    "GetCompositeSchedule",
    (p: { connectorId?: number; evseId?: number; duration: number; chargingRateUnit?: "A" | "W" }) => {
      const evseId = (v16 ? p.connectorId : p.evseId) ?? -1;
      const evse = evses.get(evseId);
      if (evseId !== 0 && evse === undefined) return { status: "Rejected" };
      const physics = (evse ?? [...evses.values()][0])?.physics;
      const dc = physics?.current === "DC";
      const unit = p.chargingRateUnit ?? (dc ? "W" : "A");
      const hardwareW = physics?.maxPowerW ?? 0;
      const evseLimit = unit === "W" ? hardwareW : hardwareW / (230 * (physics?.phases ?? 3));
      const composite = compositeSchedule(core.profiles, {
        evseId,
        start: Math.floor(ctx.clock.now() / 1000) * 1000,
        duration: p.duration * 1000,
        unit,
        transactions: ctx.transactions(),
        evses: [...evses.keys()],
        evseLimit,
        electrical: { dc },
      });
      const response = toGetCompositeScheduleResponse(ctx.version, composite);
      return response.ok ? response.value : { status: "Rejected" };
    },
  );

  handle(
    "SendLocalList",
    (p: {
      listVersion?: number;
      versionNumber?: number;
      updateType: "Full" | "Differential";
      localAuthorizationList?: {
        idTag?: string;
        idToken?: { idToken: string };
        idTagInfo?: { status: string };
        idTokenInfo?: { status: string };
      }[];
    }) => {
      if (!config.bool("LocalAuthListEnabled", true)) return { status: v16 ? "NotSupported" : "Failed" };
      const version = (v16 ? p.listVersion : p.versionNumber) ?? 0;
      const list = core.localList;
      if (p.updateType === "Differential" && version <= list.version) return { status: "VersionMismatch" };
      if (p.updateType === "Full") list.entries.clear();
      for (const entry of p.localAuthorizationList ?? []) {
        const key = entry.idTag ?? entry.idToken?.idToken;
        if (key === undefined) continue;
        const info = entry.idTagInfo ?? entry.idTokenInfo;
        if (info === undefined) list.entries.delete(key);
        else list.entries.set(key, info.status as AuthorizationStatus);
      }
      list.version = version;
      return { status: "Accepted" };
    },
  );

  handle("GetLocalListVersion", () =>
    v16 ? { listVersion: core.localList.version } : { versionNumber: core.localList.version },
  );
  handle("ClearCache", () => ({ status: "Accepted" }));
  handle("DataTransfer", () => ({ status: "UnknownVendorId" }));
}

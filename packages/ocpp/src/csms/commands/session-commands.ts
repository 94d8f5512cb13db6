import { ok, TransactionId } from "@chargekit/core";
import type * as V16 from "../../generated/v16/index.js";
import type * as V201 from "../../generated/v201/index.js";
import { profileFromPowerSchedule } from "../../smart-charging/from-power-schedule.js";
import { toChargingProfile } from "../../smart-charging/write-profile.js";
import { groupTokenToV2, tokenToV2 } from "../../station/to-wire.js";
import { type CommandHost, failure, fromSmartCharging, target } from "./context.js";
import type { CsmsCommands } from "./types.js";

type SessionCommands = Pick<
  CsmsCommands,
  "remoteStart" | "remoteStop" | "reset" | "changeAvailability" | "unlockConnector" | "triggerMessage"
>;

const V16_TRIGGERS: Readonly<Record<string, V16.MessageTrigger>> = {
  BootNotification: "BootNotification",
  Heartbeat: "Heartbeat",
  MeterValues: "MeterValues",
  StatusNotification: "StatusNotification",
  FirmwareStatusNotification: "FirmwareStatusNotification",
  LogStatusNotification: "DiagnosticsStatusNotification",
  DiagnosticsStatusNotification: "DiagnosticsStatusNotification",
};

/** How long a station that is not Accepted may send the messages a TriggerMessage asked for. */
const TRIGGER_WINDOW_MS = 60_000;

/** Remote start/stop, reset, availability, unlock and trigger. @internal */
export function sessionCommands(host: CommandHost): SessionCommands {
  return {
    async remoteStart(stationId, request, options) {
      const t = target(host, stationId, options, true);
      if (!t.ok) return t;
      const { version, call } = t.value;
      let profile: object | undefined;
      if (request.profile !== undefined) {
        const installed = profileFromPowerSchedule(request.profile.schedule, {
          profileId: request.profile.profileId,
          evseId: request.evseId ?? 1,
          purpose: "TxProfile",
          stackLevel: request.profile.stackLevel,
          kind: request.profile.relative === true ? "Relative" : "Absolute",
        });
        if (!installed.ok) return fromSmartCharging(stationId, installed.error);
        const wire = toChargingProfile(version, installed.value);
        if (!wire.ok) return fromSmartCharging(stationId, wire.error);
        profile = wire.value;
      }
      if (version === "ocpp1.6") {
        const payload: V16.RemoteStartTransactionRequest = {
          idTag: request.token.value,
          ...(request.evseId === undefined ? {} : { connectorId: request.evseId }),
          ...(profile === undefined ? {} : { chargingProfile: profile as V16.ChargingProfile }),
        };
        const r = await call<V16.RemoteStartTransactionResponse>("RemoteStartTransaction", payload);
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const remoteStartId = request.remoteStartId ?? host.nextRequestId();
      const group = groupTokenToV2(request.token, version);
      const payload: V201.RequestStartTransactionRequest = {
        idToken: tokenToV2(request.token, version),
        remoteStartId,
        ...(request.evseId === undefined ? {} : { evseId: request.evseId }),
        ...(group === undefined ? {} : { groupIdToken: group }),
        ...(profile === undefined ? {} : { chargingProfile: profile as V201.ChargingProfileType }),
      };
      const r = await call<V201.RequestStartTransactionResponse>("RequestStartTransaction", payload);
      if (!r.ok) return r;
      const tx = r.value.transactionId === undefined ? undefined : TransactionId.parse(r.value.transactionId);
      return ok({ status: r.value.status, remoteStartId, ...(tx?.ok === true ? { transactionId: tx.value } : {}) });
    },

    async remoteStop(stationId, request, options) {
      const t = target(host, stationId, options, true);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        const id = Number(request.transactionId);
        if (!Number.isSafeInteger(id)) {
          return failure(
            "INVALID_ARGUMENT",
            stationId,
            `1.6 transaction ids are integers, got ${request.transactionId}`,
          );
        }
        const r = await call<V16.RemoteStopTransactionResponse>("RemoteStopTransaction", { transactionId: id });
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const r = await call<V201.RequestStopTransactionResponse>("RequestStopTransaction", {
        transactionId: request.transactionId,
      });
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async reset(stationId, request = {}, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        if (request.whenIdle === true) return failure("UNSUPPORTED", stationId, "OCPP 1.6 has no OnIdle reset");
        if (request.evseId !== undefined)
          return failure("UNSUPPORTED", stationId, "OCPP 1.6 resets the whole station only");
        const r = await call<V16.ResetResponse>("Reset", { type: request.hard === true ? "Hard" : "Soft" });
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const r = await call<V201.ResetResponse>("Reset", {
        type: request.whenIdle === true ? "OnIdle" : "Immediate",
        ...(request.evseId === undefined ? {} : { evseId: request.evseId }),
      });
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async changeAvailability(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        if (request.connectorId !== undefined && request.connectorId > 1) {
          return failure("UNSUPPORTED", stationId, "OCPP 1.6 has one connector per EVSE");
        }
        const r = await call<V16.ChangeAvailabilityResponse>("ChangeAvailability", {
          connectorId: request.evseId ?? 0,
          type: request.operative ? "Operative" : "Inoperative",
        });
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const evse =
        request.evseId === undefined
          ? undefined
          : { id: request.evseId, ...(request.connectorId === undefined ? {} : { connectorId: request.connectorId }) };
      const r = await call<V201.ChangeAvailabilityResponse>("ChangeAvailability", {
        operationalStatus: request.operative ? "Operative" : "Inoperative",
        ...(evse === undefined ? {} : { evse }),
      });
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async unlockConnector(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        const r = await call<V16.UnlockConnectorResponse>("UnlockConnector", { connectorId: request.evseId });
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const r = await call<V201.UnlockConnectorResponse>("UnlockConnector", {
        evseId: request.evseId,
        connectorId: request.connectorId ?? 1,
      });
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async triggerMessage(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call, live } = t.value;
      const action =
        version === "ocpp1.6"
          ? V16_TRIGGERS[request.message]
          : request.message === "DiagnosticsStatusNotification"
            ? "LogStatusNotification"
            : request.message;
      if (action === undefined) return failure("UNSUPPORTED", stationId, `OCPP 1.6 cannot trigger ${request.message}`);
      let payload: object;
      if (version === "ocpp1.6") {
        payload = {
          requestedMessage: action,
          ...(request.evseId === undefined ? {} : { connectorId: request.evseId }),
        };
      } else {
        const evse =
          request.evseId === undefined
            ? undefined
            : {
                id: request.evseId,
                ...(request.connectorId === undefined ? {} : { connectorId: request.connectorId }),
              };
        payload = { requestedMessage: action, ...(evse === undefined ? {} : { evse }) };
      }
      const r = await call<{ status: "Accepted" | "Rejected" | "NotImplemented" }>("TriggerMessage", payload);
      if (!r.ok) return r;
      // a station that is not Accepted may still send what the CSMS asked for, for a while
      if (r.value.status === "Accepted" && live.registration !== "Accepted") {
        live.triggered.set(action, host.clock.now() + TRIGGER_WINDOW_MS);
      }
      return ok({ status: r.value.status });
    },
  };
}

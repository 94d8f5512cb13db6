import { formatInstant, ok } from "@chargekit/core";
import type * as V16 from "../../generated/v16/index.js";
import type * as V201 from "../../generated/v201/index.js";
import { authorizationToV16, groupTokenToV2, tokenToV2 } from "../../station/to-wire.js";
import { type CommandHost, target } from "./context.js";
import type { CsmsCommands } from "./types.js";

type AuthorizationCommands = Pick<
  CsmsCommands,
  "reserveNow" | "cancelReservation" | "sendLocalList" | "getLocalListVersion" | "clearCache" | "dataTransfer"
>;

/** Reservations, local list, cache and data transfer. @internal */
export function authorizationCommands(host: CommandHost): AuthorizationCommands {
  return {
    async reserveNow(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        const payload: V16.ReserveNowRequest = {
          connectorId: request.evseId ?? 0,
          expiryDate: formatInstant(request.expiresAt),
          idTag: request.token.value,
          reservationId: request.reservationId,
          ...(request.token.group === undefined ? {} : { parentIdTag: request.token.group }),
        };
        const r = await call<V16.ReserveNowResponse>("ReserveNow", payload);
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const group = groupTokenToV2(request.token, version);
      const payload: V201.ReserveNowRequest = {
        id: request.reservationId,
        expiryDateTime: formatInstant(request.expiresAt),
        idToken: tokenToV2(request.token, version),
        ...(request.evseId === undefined ? {} : { evseId: request.evseId }),
        ...(request.connectorType === undefined
          ? {}
          : { connectorType: request.connectorType as V201.ConnectorEnumType }),
        ...(group === undefined ? {} : { groupIdToken: group }),
      };
      const r = await call<V201.ReserveNowResponse>("ReserveNow", payload);
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async cancelReservation(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const r = await t.value.call<{ status: "Accepted" | "Rejected" }>("CancelReservation", {
        reservationId: request.reservationId,
      });
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async sendLocalList(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      if (version === "ocpp1.6") {
        const list: V16.AuthorizationData[] = request.entries.map(({ token, authorization }) => ({
          idTag: token.value,
          ...(authorization === undefined
            ? {}
            : {
                idTagInfo: {
                  status: authorizationToV16(authorization.status),
                  ...(authorization.expiresAt === undefined
                    ? {}
                    : { expiryDate: formatInstant(authorization.expiresAt) }),
                  ...(authorization.group === undefined ? {} : { parentIdTag: authorization.group }),
                },
              }),
        }));
        const r = await call<V16.SendLocalListResponse>("SendLocalList", {
          listVersion: request.version,
          updateType: request.update,
          ...(list.length === 0 ? {} : { localAuthorizationList: list }),
        });
        return r.ok ? ok({ status: r.value.status }) : r;
      }
      const list: V201.AuthorizationData[] = request.entries.map(({ token, authorization }) => ({
        idToken: tokenToV2(token, version),
        ...(authorization === undefined
          ? {}
          : {
              idTokenInfo: {
                status: authorization.status,
                ...(authorization.expiresAt === undefined
                  ? {}
                  : { cacheExpiryDateTime: formatInstant(authorization.expiresAt) }),
                ...(authorization.group === undefined
                  ? {}
                  : { groupIdToken: tokenToV2({ value: authorization.group, ...kind(token.kind) }, version) }),
              },
            }),
      }));
      // 2.x forbids empty arrays: an empty Full list is sent without the field
      const r = await call<V201.SendLocalListResponse>("SendLocalList", {
        versionNumber: request.version,
        updateType: request.update,
        ...(list.length === 0 ? {} : { localAuthorizationList: list }),
      });
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async getLocalListVersion(stationId, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      const r = await call<{ listVersion?: number; versionNumber?: number }>("GetLocalListVersion", {});
      if (!r.ok) return r;
      return ok({ version: (version === "ocpp1.6" ? r.value.listVersion : r.value.versionNumber) ?? 0 });
    },

    async clearCache(stationId, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const r = await t.value.call<{ status: "Accepted" | "Rejected" }>("ClearCache", {});
      return r.ok ? ok({ status: r.value.status }) : r;
    },

    async dataTransfer(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call } = t.value;
      const data =
        request.data === undefined || version !== "ocpp1.6" || typeof request.data === "string"
          ? request.data
          : JSON.stringify(request.data);
      const r = await call<{
        status: "Accepted" | "Rejected" | "UnknownMessageId" | "UnknownVendorId";
        data?: unknown;
      }>("DataTransfer", {
        vendorId: request.vendorId,
        ...(request.messageId === undefined ? {} : { messageId: request.messageId }),
        ...(data === undefined ? {} : { data }),
      });
      if (!r.ok) return r;
      return ok({ status: r.value.status, ...(r.value.data === undefined ? {} : { data: r.value.data }) });
    },
  };
}

function kind(value: string | undefined): { kind?: string } {
  return value === undefined ? {} : { kind: value };
}

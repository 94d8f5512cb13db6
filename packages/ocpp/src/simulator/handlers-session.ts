import { IdToken, parseInstant } from "@chargekit/core";
import type { RpcEndpoint } from "../rpc/endpoint-types.js";
import { fromChargingProfile } from "../smart-charging/read-profile.js";
import type { AuthToken } from "../station/model.js";
import type { EvseController, ReserveStatus } from "./evse-controller.js";
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

function v16Token(idTag: string, parent?: string): AuthToken | undefined {
  const value = IdToken.parse(idTag);
  if (!value.ok) return undefined;
  const group = parent === undefined ? undefined : IdToken.parse(parent);
  return { value: value.value, ...(group?.ok === true ? { group: group.value } : {}) };
}

function v2Token(t: { idToken: string; type: string }, group?: { idToken: string }): AuthToken | undefined {
  const value = IdToken.parse(t.idToken);
  if (!value.ok) return undefined;
  const g = group === undefined ? undefined : IdToken.parse(group.idToken);
  return { value: value.value, kind: t.type, ...(g?.ok === true ? { group: g.value } : {}) };
}

function firstFree(core: StationCore): EvseController | undefined {
  for (const e of core.evses.values())
    if (!e.busy() && e.view().operative && e.view().reservationId === undefined) return e;
  return undefined;
}

/** Runs `work` after the current reply went out. */
function afterReply(work: () => void): void {
  queueMicrotask(() => queueMicrotask(work));
}

/**
 * Handlers of the CSMS commands that act on sessions: remote start/stop, reset, availability, unlock,
 * reservations and triggers.
 *
 * @internal
 */
export function installSessionHandlers(core: StationCore, endpoint: RpcEndpoint<"station">): void {
  const handle = on(endpoint);
  const { ctx, evses } = core;
  const v16 = ctx.version === "ocpp1.6";

  const installTxProfile = (wire: unknown, evseId: number) => {
    if (wire === undefined) return;
    const profile = fromChargingProfile(ctx.version, wire as never, evseId);
    if (profile.ok) {
      core.profiles = [...core.profiles.filter((p) => p.id !== profile.value.id), profile.value];
    }
  };

  if (v16) {
    handle("RemoteStartTransaction", (p: { connectorId?: number; idTag: string; chargingProfile?: unknown }) => {
      const evse = p.connectorId === undefined ? firstFree(core) : evses.get(p.connectorId);
      const token = v16Token(p.idTag);
      if (evse === undefined || token === undefined) return { status: "Rejected" };
      const status = evse.remoteStart(token);
      if (status === "Accepted") installTxProfile(p.chargingProfile, evse.id);
      return { status };
    });
    handle("RemoteStopTransaction", (p: { transactionId: number }) => {
      for (const e of evses.values()) if (e.remoteStop(String(p.transactionId))) return { status: "Accepted" };
      return { status: "Rejected" };
    });
  } else {
    handle(
      "RequestStartTransaction",
      (p: {
        evseId?: number;
        idToken: { idToken: string; type: string };
        groupIdToken?: { idToken: string };
        remoteStartId: number;
        chargingProfile?: unknown;
      }) => {
        const evse = p.evseId === undefined ? firstFree(core) : evses.get(p.evseId);
        const token = v2Token(p.idToken, p.groupIdToken);
        if (evse === undefined || token === undefined) return { status: "Rejected" };
        const status = evse.remoteStart(token, p.remoteStartId);
        if (status === "Accepted") installTxProfile(p.chargingProfile, evse.id);
        const running = evse.transaction()?.id;
        return { status, ...(running === undefined ? {} : { transactionId: running }) };
      },
    );
    handle("RequestStopTransaction", (p: { transactionId: string }) => {
      for (const e of evses.values()) if (e.remoteStop(p.transactionId)) return { status: "Accepted" };
      return { status: "Rejected" };
    });
  }

  handle("Reset", (p: { type: string; evseId?: number }) => {
    if (p.evseId !== undefined) {
      const evse = evses.get(p.evseId);
      if (evse === undefined) return { status: "Rejected" };
      afterReply(() => evse.abort("ImmediateReset"));
      return { status: "Accepted" };
    }
    if (p.type === "OnIdle") {
      const busy = [...evses.values()].some((e) => e.busy());
      afterReply(() => core.resetWhenIdle());
      return { status: busy ? "Scheduled" : "Accepted" };
    }
    const kind = p.type === "Hard" ? "HardReset" : p.type === "Soft" ? "SoftReset" : "ImmediateReset";
    afterReply(() => core.reset(kind));
    return { status: "Accepted" };
  });

  handle(
    "ChangeAvailability",
    (p: { connectorId?: number; type?: string; evse?: { id: number }; operationalStatus?: string }) => {
      const evseId = v16 ? p.connectorId : p.evse?.id;
      const operative = (v16 ? p.type : p.operationalStatus) === "Operative";
      const targets =
        evseId === undefined || evseId === 0 ? [...evses.values()] : [evses.get(evseId)].filter((e) => e !== undefined);
      if (targets.length === 0) return { status: "Rejected" };
      const outcomes = targets.map((e) => e.setOperative(operative));
      if (v16 && (evseId === undefined || evseId === 0))
        core.moveConnectorZero({ type: operative ? "BecameAvailable" : "MadeInoperative" });
      return { status: outcomes.includes("Scheduled") ? "Scheduled" : "Accepted" };
    },
  );

  handle("UnlockConnector", (p: { connectorId?: number; evseId?: number }) => {
    const evse = evses.get((v16 ? p.connectorId : p.evseId) ?? -1);
    if (evse === undefined) return { status: v16 ? "NotSupported" : "UnknownConnector" };
    if (!v16 && evse.transaction() !== undefined) return { status: "OngoingAuthorizedTransaction" };
    afterReply(() => evse.abort("UnlockCommand"));
    return { status: "Unlocked" };
  });

  handle(
    "ReserveNow",
    (p: {
      connectorId?: number;
      expiryDate?: string;
      expiryDateTime?: string;
      idTag?: string;
      parentIdTag?: string;
      reservationId?: number;
      id?: number;
      idToken?: { idToken: string; type: string };
      groupIdToken?: { idToken: string };
      evseId?: number;
    }) => {
      const expires = parseInstant((v16 ? p.expiryDate : p.expiryDateTime) ?? "");
      const token = v16
        ? v16Token(p.idTag ?? "", p.parentIdTag)
        : p.idToken === undefined
          ? undefined
          : v2Token(p.idToken, p.groupIdToken);
      const id = (v16 ? p.reservationId : p.id) ?? -1;
      if (!expires.ok || token === undefined) return { status: "Rejected" };
      const wanted = v16 ? p.connectorId : p.evseId;
      if (v16 && wanted === 0 && ctx.config.get("ReserveConnectorZeroSupported") !== "true")
        return { status: "Rejected" };
      const evse = wanted === undefined ? firstFree(core) : evses.get(wanted);
      if (evse === undefined) return { status: wanted === undefined ? "Occupied" : "Rejected" };
      for (const other of evses.values()) if (other !== evse) other.cancelReservation(id);
      const status: ReserveStatus = evse.reserve({ id, expiresAt: expires.value, token });
      return { status };
    },
  );

  handle("CancelReservation", (p: { reservationId: number }) => {
    for (const e of evses.values()) if (e.cancelReservation(p.reservationId)) return { status: "Accepted" };
    return { status: "Rejected" };
  });

  handle("TriggerMessage", (p: { requestedMessage: string; connectorId?: number; evse?: { id: number } }) => {
    const evseId = v16 ? p.connectorId : p.evse?.id;
    const chosen =
      evseId === undefined || evseId === 0 ? [...evses.values()] : [evses.get(evseId)].filter((e) => e !== undefined);
    const run: Partial<Record<string, () => void>> = {
      BootNotification: () => void core.boot(),
      Heartbeat: () => core.heartbeat(),
      StatusNotification: () => {
        if (v16 && (evseId === undefined || evseId === 0)) core.reportConnectorZero();
        for (const e of chosen) e.reportStatus();
      },
      TransactionEvent: () => {
        for (const e of chosen) e.triggerTransactionEvent();
      },
      MeterValues: () => {
        for (const e of chosen) e.reportMeterValues();
      },
      FirmwareStatusNotification: () => ctx.notify("FirmwareStatusNotification", { status: "Idle" }),
      DiagnosticsStatusNotification: () => ctx.notify("DiagnosticsStatusNotification", { status: "Idle" }),
      LogStatusNotification: () => ctx.notify("LogStatusNotification", { status: "Idle" }),
    };
    const action = run[p.requestedMessage];
    if (action === undefined || (v16 && p.requestedMessage === "TransactionEvent")) return { status: "NotImplemented" };
    if (chosen.length === 0) return { status: "Rejected" };
    core.allowTriggered(p.requestedMessage);
    afterReply(action);
    return { status: "Accepted" };
  });
}

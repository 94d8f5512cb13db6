import { ConnectorId, EvseId, formatInstant, type IdToken, ReservationId, TransactionId } from "@chargekit/core";
import type * as V21 from "../generated/v21/index.js";
import type * as V201 from "../generated/v201/index.js";
import { RpcError } from "../rpc/errors.js";
import type { HandlerSet } from "../rpc/handlers.js";
import { bootFromV2, samplesFromV2 } from "../station/from-v2.js";
import { mergeReadings } from "../station/meter.js";
import type { AuthToken, ChargingState, ConnectorView, MeterSample } from "../station/model.js";
import { connectorIdOrUndefined, evseIdOrUndefined } from "../station/neutral-ids.js";
import { parseTxPoints } from "../station/tx-points.js";
import { v2TransitionAllowed } from "../station/v2-connector.js";
import { checkTransactionEvent, EMPTY_TRACK, type V2TransactionTrack } from "../station/v2-transaction-rules.js";
import { followTransactionState } from "./connector-charging.js";
import { handleBoot, handleHeartbeat, installAcknowledgements, recordStatus } from "./handlers-common.js";
import { type LiveStation, serial } from "./live-station.js";
import {
  admit,
  admitNow,
  emitSamples,
  instantOr,
  type RegistryCore,
  reportIgnored,
  tokenValue,
  violation,
} from "./registry-core.js";
import type { AuthorizationRequest } from "./registry-types.js";
import type { TransactionRecord } from "./transaction-store.js";

type V2 = "ocpp2.0.1" | "ocpp2.1";
type IdTokenWire = V201.IdTokenType | V21.IdTokenType;

/** The actions the 2.x handlers interpret. @internal */
export const V2_HANDLED = new Set([
  "BootNotification",
  "Heartbeat",
  "StatusNotification",
  "Authorize",
  "TransactionEvent",
  "MeterValues",
  "NotifyReport",
  "DataTransfer",
]);

function readToken(
  core: RegistryCore,
  live: LiveStation,
  action: string,
  wire: IdTokenWire | undefined,
  group?: IdTokenWire,
): AuthToken | undefined {
  if (wire === undefined) return undefined;
  // NoAuthorization carries an empty idToken: no credential at all
  if (wire.type === "NoAuthorization" && wire.idToken === "") return undefined;
  const value = tokenValue(core, live.id, action, wire.idToken);
  if (value === undefined) return undefined;
  const groupValue: IdToken | undefined =
    group === undefined ? undefined : tokenValue(core, live.id, action, group.idToken);
  return { value, kind: wire.type, ...(groupValue === undefined ? {} : { group: groupValue }) };
}

async function idTokenInfo(
  core: RegistryCore,
  request: Omit<AuthorizationRequest, "token">,
  token: AuthToken,
): Promise<V201.IdTokenInfoType> {
  const decision = await core.authorize({ ...request, token });
  return {
    status: decision.status,
    ...(decision.expiresAt === undefined ? {} : { cacheExpiryDateTime: formatInstant(decision.expiresAt) }),
    ...(decision.group === undefined
      ? {}
      : {
          groupIdToken: {
            idToken: decision.group,
            type: token.kind === undefined ? "Central" : (token.kind as V201.IdTokenEnumType),
          },
        }),
  };
}

function readSamples(
  core: RegistryCore,
  live: LiveStation,
  action: string,
  values: readonly V201.MeterValueType[] | undefined,
) {
  const { samples, ignored } = samplesFromV2(values ?? []);
  reportIgnored(core, live.id, action, ignored);
  return samples;
}

function noteReadings(live: LiveStation, evseId: number, samples: readonly MeterSample[]): void {
  for (const s of samples) live.readings.set(evseId, mergeReadings(live.readings.get(evseId), s));
}

function trackOf(record: TransactionRecord | undefined): V2TransactionTrack {
  if (record === undefined) return EMPTY_TRACK;
  return {
    seqNos: record.seqNos,
    authorized: record.token !== undefined,
    ...(record.startedSeqNo === undefined ? {} : { startedSeqNo: record.startedSeqNo }),
    ...(record.endedSeqNo === undefined ? {} : { endedSeqNo: record.endedSeqNo }),
  };
}

const KIND = { Started: "started", Updated: "updated", Ended: "ended" } as const;

async function transactionEvent(core: RegistryCore, identity: string, payload: V201.TransactionEventRequest) {
  const action = "TransactionEvent";
  const live = await admit(core, identity, action);
  const parsedId = TransactionId.parse(payload.transactionInfo.transactionId);
  if (!parsedId.ok)
    throw new RpcError("PropertyConstraintViolation", "transactionInfo.transactionId must not be empty");
  const transactionId = parsedId.value;
  const token = readToken(core, live, action, payload.idToken);
  const samples = readSamples(core, live, action, payload.meterValue);
  const evse = payload.evse;
  const evseId = evse === undefined ? undefined : EvseId.parse(evse.id);
  const connectorId = evse?.connectorId === undefined ? undefined : ConnectorId.parse(evse.connectorId);
  const info = payload.transactionInfo;
  const chargingState = info.chargingState as ChargingState | undefined;
  const at = instantOr(core, payload.timestamp);
  const record = await serial(live, async () => {
    const known = live.openTransactions.get(transactionId) ?? (await core.transactions.get(live.id, transactionId));
    const running = evse === undefined ? undefined : live.evseTransactions.get(evse.id);
    const check = checkTransactionEvent(
      trackOf(known),
      {
        eventType: payload.eventType,
        seqNo: payload.seqNo,
        triggerReason: payload.triggerReason,
        hasIdToken: payload.idToken !== undefined,
        meterValues: payload.meterValue?.length ?? 0,
        ...(evse === undefined ? {} : { evse }),
        ...(info.chargingState === undefined ? {} : { chargingState: info.chargingState }),
        ...(info.remoteStartId === undefined ? {} : { remoteStartId: info.remoteStartId }),
        ...(info.stoppedReason === undefined ? {} : { stoppedReason: info.stoppedReason }),
      },
      {
        ...(live.txPoints?.start === undefined ? {} : { startPoints: live.txPoints.start }),
        ...(live.txPoints?.stop === undefined ? {} : { stopPoints: live.txPoints.stop }),
        ...(running !== undefined && running !== transactionId ? { otherActiveOnEvse: running } : {}),
      },
    );
    for (const v of check.violations)
      violation(core, live.id, v.rule, action, `transaction ${transactionId}: ${v.message}`);
    const reservation = payload.reservationId === undefined ? undefined : ReservationId.parse(payload.reservationId);
    const applied = await core.transactions.apply({
      stationId: live.id,
      transactionId,
      family: "2.x",
      key: `seq:${payload.seqNo}`,
      kind: KIND[payload.eventType],
      at,
      seqNo: payload.seqNo,
      samples,
      ...(evseId?.ok === true ? { evseId: evseId.value } : {}),
      ...(connectorId?.ok === true ? { connectorId: connectorId.value } : {}),
      ...(token === undefined ? {} : { token }),
      ...(chargingState === undefined ? {} : { chargingState }),
      ...(info.stoppedReason === undefined ? {} : { stoppedReason: info.stoppedReason }),
      ...(info.remoteStartId === undefined ? {} : { remoteStartId: info.remoteStartId }),
      ...(reservation?.ok === true ? { reservationId: reservation.value } : {}),
      ...(payload.offline === true ? { offline: true } : {}),
    });
    const { transaction } = applied;
    if (applied.outcome === "duplicate") return transaction;
    const txEvse = transaction.evseId;
    if (transaction.ended) {
      live.openTransactions.delete(transactionId);
      if (txEvse !== undefined && live.evseTransactions.get(txEvse) === transactionId)
        live.evseTransactions.delete(txEvse);
    } else {
      live.openTransactions.set(transactionId, transaction);
      if (txEvse !== undefined) live.evseTransactions.set(txEvse, transactionId);
    }
    if (txEvse !== undefined) noteReadings(live, txEvse, applied.newSamples);
    emitSamples(core, live, txEvse, transactionId, applied.newSamples);
    const ends = payload.eventType === "Ended" && known?.ended !== true;
    if (applied.outcome === "created") core.events.emit("transaction:started", { stationId: live.id, transaction });
    if (ends) {
      core.events.emit("transaction:ended", { stationId: live.id, transaction });
    } else if (applied.outcome !== "created")
      core.events.emit("transaction:updated", { stationId: live.id, transaction });
    const following = followTransactionState(core, live, transaction, { ends, chargingState, at });
    if (following !== undefined) await following;
    return transaction;
  });
  if (token === undefined) return {};
  const purpose = payload.eventType === "Started" ? "start" : payload.eventType === "Ended" ? "stop" : "transaction";
  const where = record.evseId === undefined ? {} : { evseId: record.evseId };
  return { idTokenInfo: await idTokenInfo(core, { stationId: live.id, purpose, transactionId, ...where }, token) };
}

function learnTxPoints(live: LiveStation, data: readonly V201.ReportDataType[]): void {
  for (const d of data) {
    if (d.component.name !== "TxCtrlr") continue;
    const value = d.variableAttribute.find((a) => a.type === undefined || a.type === "Actual")?.value;
    if (value !== undefined) noteTxPoint(live, d.variable.name, value);
  }
}

function install(core: RegistryCore, handlers: HandlerSet<"csms">, version: V2, acknowledge: boolean): void {
  const on = (action: string, handler: (context: { identity: string; payload: never }) => unknown) =>
    handlers.handle(version, action as never, handler as never);

  on("BootNotification", ({ identity, payload }: { identity: string; payload: V201.BootNotificationRequest }) =>
    handleBoot(core, identity, version, bootFromV2(payload)),
  );
  on("Heartbeat", ({ identity }) => handleHeartbeat(core, identity));

  on(
    "StatusNotification",
    async ({ identity, payload }: { identity: string; payload: V201.StatusNotificationRequest }) => {
      const action = "StatusNotification";
      const live = await admit(core, identity, action);
      const evseId = evseIdOrUndefined(payload.evseId);
      const connectorId = connectorIdOrUndefined(payload.connectorId);
      if (evseId === undefined || connectorId === undefined)
        throw new RpcError("PropertyConstraintViolation", "evseId and connectorId must be ≥ 0");
      const running = live.evseTransactions.get(payload.evseId);
      const chargingState =
        payload.connectorStatus === "Occupied" && running !== undefined
          ? live.openTransactions.get(running)?.chargingState
          : undefined;
      const view: ConnectorView = {
        evseId,
        connectorId,
        status: payload.connectorStatus,
        since: instantOr(core, payload.timestamp),
        ...(chargingState === undefined ? {} : { chargingState }),
      };
      await serial(live, () =>
        recordStatus(core, live, view, (previous) => {
          if (!v2TransitionAllowed(previous.status, view.status)) {
            violation(
              core,
              live.id,
              "status.v2-transition",
              action,
              `EVSE ${payload.evseId} connector ${payload.connectorId}: ${previous.status} → ${view.status}`,
            );
          }
        }),
      );
      return {};
    },
  );

  on("Authorize", async ({ identity, payload }: { identity: string; payload: V201.AuthorizeRequest }) => {
    const live = await admit(core, identity, "Authorize");
    const token = readToken(core, live, "Authorize", payload.idToken);
    if (token === undefined) return { idTokenInfo: { status: "Invalid" } };
    return { idTokenInfo: await idTokenInfo(core, { stationId: live.id, purpose: "authorize" }, token) };
  });

  on("TransactionEvent", ({ identity, payload }: { identity: string; payload: V201.TransactionEventRequest }) =>
    transactionEvent(core, identity, payload),
  );

  // answered synchronously once the station's record is loaded: readings only, nothing stored
  const meterValues = (live: LiveStation, payload: V201.MeterValuesRequest) => {
    const samples = readSamples(core, live, "MeterValues", payload.meterValue);
    const evseId = evseIdOrUndefined(payload.evseId);
    if (evseId !== undefined) {
      noteReadings(live, evseId, samples);
      emitSamples(core, live, evseId, undefined, samples);
    }
    return {};
  };
  on("MeterValues", ({ identity, payload }: { identity: string; payload: V201.MeterValuesRequest }) => {
    const live = admitNow(core, identity, "MeterValues");
    if (live !== undefined) return meterValues(live, payload);
    return admit(core, identity, "MeterValues").then((l) => meterValues(l, payload));
  });

  on("NotifyReport", async ({ identity, payload }: { identity: string; payload: V201.NotifyReportRequest }) => {
    const live = await admit(core, identity, "NotifyReport");
    learnTxPoints(live, payload.reportData ?? []);
    if (!core.reports.receive(live.id, payload)) {
      core.events.emit("notification:received", { stationId: live.id, version, action: "NotifyReport", payload });
    }
    return {};
  });

  on("DataTransfer", async ({ identity, payload }: { identity: string; payload: V201.DataTransferRequest }) => {
    const live = await admit(core, identity, "DataTransfer");
    if (core.dataTransfer === undefined) return { status: "UnknownVendorId" };
    const answer = await core.dataTransfer({
      stationId: live.id,
      vendorId: payload.vendorId,
      ...(payload.messageId === undefined ? {} : { messageId: payload.messageId }),
      ...(payload.data === undefined ? {} : { data: payload.data }),
    });
    return { status: answer.status, ...(answer.data === undefined ? {} : { data: answer.data }) };
  });

  if (acknowledge) installAcknowledgements(core, handlers, version, V2_HANDLED);
}

/** Installs the registry's OCPP 2.0.1 and 2.1 handlers on `handlers`. @internal */
export function installV2Handlers(core: RegistryCore, handlers: HandlerSet<"csms">, acknowledge: boolean): void {
  install(core, handlers, "ocpp2.0.1", acknowledge);
  install(core, handlers, "ocpp2.1", acknowledge);
}

/** Remembers TxStartPoint / TxStopPoint values the CSMS read or wrote. @internal */
export function noteTxPoint(live: LiveStation, variable: string, value: string): void {
  if (variable === "TxStartPoint") live.txPoints = { ...live.txPoints, start: parseTxPoints(value) };
  if (variable === "TxStopPoint") live.txPoints = { ...live.txPoints, stop: parseTxPoints(value) };
}

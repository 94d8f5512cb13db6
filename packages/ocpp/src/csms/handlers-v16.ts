import { formatInstant, ReservationId, TransactionId } from "@chargekit/core";
import type * as V16 from "../generated/v16/index.js";
import type { HandlerSet } from "../rpc/handlers.js";
import { bootFromV16, evseFromV16Connector, samplesFromV16, statusFromV16 } from "../station/from-v16.js";
import { mergeReadings, sampleKey } from "../station/meter.js";
import type { AuthToken, ConnectorView, MeterSample } from "../station/model.js";
import { authorizationToV16 } from "../station/to-wire.js";
import { v16WarningAllowed } from "../station/v16-connector.js";
import { V16_CONNECTOR_ZERO_STATUSES, v16TransitionCode } from "../station/v16-status.js";
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

const VERSION = "ocpp1.6";

async function idTagInfo(
  core: RegistryCore,
  request: Omit<AuthorizationRequest, "token">,
  token: AuthToken | undefined,
): Promise<V16.IdTagInfo> {
  if (token === undefined) return { status: "Invalid" };
  const decision = await core.authorize({ ...request, token });
  return {
    status: authorizationToV16(decision.status),
    ...(decision.expiresAt === undefined ? {} : { expiryDate: formatInstant(decision.expiresAt) }),
    ...(decision.group === undefined ? {} : { parentIdTag: decision.group.slice(0, 20) }),
  };
}

function token(core: RegistryCore, live: LiveStation, action: string, idTag: string): AuthToken | undefined {
  const value = tokenValue(core, live.id, action, idTag);
  return value === undefined ? undefined : { value };
}

function readSamples(core: RegistryCore, live: LiveStation, action: string, values: readonly V16.MeterValue[]) {
  const { samples, ignored } = samplesFromV16(values);
  reportIgnored(core, live.id, action, ignored);
  return samples;
}

function noteReadings(live: LiveStation, evseId: number, samples: readonly MeterSample[]): void {
  for (const s of samples) live.readings.set(evseId, mergeReadings(live.readings.get(evseId), s));
}

/** The actions the 1.6 handlers interpret. @internal */
export const V16_HANDLED = new Set([
  "BootNotification",
  "Heartbeat",
  "StatusNotification",
  "Authorize",
  "StartTransaction",
  "StopTransaction",
  "MeterValues",
  "DataTransfer",
]);

/** Installs the registry's OCPP 1.6 handlers on `handlers`. @internal */
export function installV16Handlers(core: RegistryCore, handlers: HandlerSet<"csms">, acknowledge: boolean): void {
  handlers.handle(VERSION, "BootNotification", ({ identity, payload }) =>
    handleBoot(core, identity, VERSION, bootFromV16(payload)),
  );

  handlers.handle(VERSION, "Heartbeat", ({ identity }) => handleHeartbeat(core, identity));

  handlers.handle(VERSION, "StatusNotification", async ({ identity, payload }) => {
    const live = await admit(core, identity, "StatusNotification");
    const action = "StatusNotification";
    const { evseId, connectorId } = evseFromV16Connector(payload.connectorId);
    const neutral = statusFromV16(payload.status);
    if (payload.connectorId === 0 && !V16_CONNECTOR_ZERO_STATUSES.includes(payload.status)) {
      violation(core, live.id, "status.v16-connector-zero", action, `connector 0 reported ${payload.status}`);
    }
    if (!v16WarningAllowed(payload.status, payload.errorCode)) {
      violation(core, live.id, "status.v16-warning", action, `${payload.errorCode} with status ${payload.status}`);
    }
    const view: ConnectorView = {
      evseId,
      connectorId,
      status: neutral.status,
      v16Status: payload.status,
      since: instantOr(core, payload.timestamp),
      ...(neutral.chargingState === undefined ? {} : { chargingState: neutral.chargingState }),
      ...(payload.errorCode === "NoError" ? {} : { errorCode: payload.errorCode }),
    };
    await serial(live, () =>
      recordStatus(core, live, view, (previous) => {
        const from = previous.v16Status;
        if (from === undefined || from === payload.status) return;
        if (v16TransitionCode(from, payload.status, payload.connectorId) === undefined) {
          violation(
            core,
            live.id,
            "status.v16-transition",
            action,
            `connector ${payload.connectorId}: ${from} → ${payload.status} is not in the 1.6 table`,
          );
        }
      }),
    );
    return {};
  });

  handlers.handle(VERSION, "Authorize", async ({ identity, payload }) => {
    const live = await admit(core, identity, "Authorize");
    const t = token(core, live, "Authorize", payload.idTag);
    return { idTagInfo: await idTagInfo(core, { stationId: live.id, purpose: "authorize" }, t) };
  });

  handlers.handle(VERSION, "StartTransaction", async ({ identity, payload }) => {
    const action = "StartTransaction";
    const live = await admit(core, identity, action);
    const { evseId, connectorId } = evseFromV16Connector(payload.connectorId);
    const t = token(core, live, action, payload.idTag);
    const at = instantOr(core, payload.timestamp);
    const info = await idTagInfo(core, { stationId: live.id, purpose: "start", evseId }, t);
    return serial(live, async () => {
      const started = await core.transactions.startV16({
        stationId: live.id,
        evseId,
        connectorId,
        ...(t === undefined ? {} : { token: t }),
        meterStartWh: payload.meterStart,
        at,
        key: `${payload.connectorId}|${payload.idTag}|${payload.meterStart}|${payload.timestamp}`,
        ...reservationOf(payload.reservationId),
      });
      const { transaction } = started;
      if (started.outcome === "created") {
        const running = live.evseTransactions.get(evseId);
        if (running !== undefined && running !== transaction.id) {
          violation(
            core,
            live.id,
            "transaction.v16-one-per-connector",
            action,
            `connector ${payload.connectorId} still runs transaction ${running}`,
          );
        }
        live.evseTransactions.set(evseId, transaction.id);
        live.openTransactions.set(transaction.id, transaction);
        core.events.emit("transaction:started", { stationId: live.id, transaction });
      }
      return { idTagInfo: info, transactionId: Number(transaction.id) };
    });
  });

  handlers.handle(VERSION, "StopTransaction", async ({ identity, payload }) => {
    const action = "StopTransaction";
    const live = await admit(core, identity, action);
    const transactionId = TransactionId.of(String(payload.transactionId));
    const samples = readSamples(core, live, action, payload.transactionData ?? []);
    const t = payload.idTag === undefined ? undefined : token(core, live, action, payload.idTag);
    const outcome = await serial(live, async () => {
      const known = live.openTransactions.get(transactionId) ?? (await core.transactions.get(live.id, transactionId));
      if (known === undefined) {
        violation(core, live.id, "transaction.unknown", action, `transaction ${transactionId} was never assigned here`);
      }
      const applied = await core.transactions.apply({
        stationId: live.id,
        transactionId,
        family: "1.6",
        key: "stop",
        kind: "ended",
        at: instantOr(core, payload.timestamp),
        meterStopWh: payload.meterStop,
        samples,
        ...(payload.reason === undefined ? {} : { stoppedReason: payload.reason }),
        ...(t === undefined ? {} : { token: t }),
      });
      if (applied.outcome === "duplicate") return applied;
      const { transaction } = applied;
      const evseId = transaction.evseId;
      if (evseId !== undefined && live.evseTransactions.get(evseId) === transactionId)
        live.evseTransactions.delete(evseId);
      live.openTransactions.delete(transactionId);
      if (evseId !== undefined) noteReadings(live, evseId, applied.newSamples);
      emitSamples(core, live, evseId, transactionId, applied.newSamples);
      if (applied.outcome === "created") core.events.emit("transaction:started", { stationId: live.id, transaction });
      core.events.emit("transaction:ended", { stationId: live.id, transaction });
      return applied;
    });
    if (t === undefined) return {};
    const evseId = outcome.transaction.evseId;
    return {
      idTagInfo: await idTagInfo(
        core,
        { stationId: live.id, purpose: "stop", transactionId, ...(evseId === undefined ? {} : { evseId }) },
        t,
      ),
    };
  });

  const meterValues = async (live: LiveStation, payload: V16.MeterValuesRequest, txNumber: number) => {
    const action = "MeterValues";
    const { evseId } = evseFromV16Connector(payload.connectorId);
    const samples = readSamples(core, live, action, payload.meterValue);
    await serial(live, async () => {
      const transactionId = TransactionId.of(String(txNumber));
      const known = live.openTransactions.get(transactionId) ?? (await core.transactions.get(live.id, transactionId));
      if (known === undefined) {
        violation(core, live.id, "transaction.unknown", action, `transaction ${transactionId} was never assigned here`);
      }
      const applied = await core.transactions.apply({
        stationId: live.id,
        transactionId,
        family: "1.6",
        key: `meter:${samples.map(sampleKey).join(",")}`,
        kind: "updated",
        at: samples.reduce((max, s) => Math.max(max, s.at), known?.startedAt ?? 0),
        evseId,
        samples,
      });
      if (applied.outcome === "duplicate") return;
      noteReadings(live, evseId, applied.newSamples);
      emitSamples(core, live, evseId, transactionId, applied.newSamples);
      if (!applied.transaction.ended) live.openTransactions.set(transactionId, applied.transaction);
      const event = applied.outcome === "created" ? "transaction:started" : "transaction:updated";
      core.events.emit(event, { stationId: live.id, transaction: applied.transaction });
    });
    return {};
  };
  /** Connector-level readings (no transaction): nothing to store, only the latest readings and the events. */
  const connectorReadings = (live: LiveStation, payload: V16.MeterValuesRequest) => {
    const { evseId } = evseFromV16Connector(payload.connectorId);
    const samples = readSamples(core, live, "MeterValues", payload.meterValue);
    noteReadings(live, evseId, samples);
    emitSamples(core, live, evseId, undefined, samples);
    return {};
  };
  handlers.handle(VERSION, "MeterValues", ({ identity, payload }) => {
    const txNumber = payload.transactionId;
    // connector-level readings of a loaded station are answered synchronously
    const now = admitNow(core, identity, "MeterValues");
    if (now !== undefined && txNumber === undefined) return connectorReadings(now, payload);
    return (now === undefined ? admit(core, identity, "MeterValues") : Promise.resolve(now)).then((live) =>
      txNumber === undefined ? connectorReadings(live, payload) : meterValues(live, payload, txNumber),
    );
  });

  handlers.handle(VERSION, "DataTransfer", async ({ identity, payload }) => {
    const live = await admit(core, identity, "DataTransfer");
    if (core.dataTransfer === undefined) return { status: "UnknownVendorId" as const };
    const answer = await core.dataTransfer({
      stationId: live.id,
      vendorId: payload.vendorId,
      ...(payload.messageId === undefined ? {} : { messageId: payload.messageId }),
      ...(payload.data === undefined ? {} : { data: payload.data }),
    });
    const data =
      answer.data === undefined
        ? undefined
        : typeof answer.data === "string"
          ? answer.data
          : JSON.stringify(answer.data);
    return { status: answer.status, ...(data === undefined ? {} : { data }) };
  });

  if (acknowledge) installAcknowledgements(core, handlers, VERSION, V16_HANDLED);
}

function reservationOf(id: number | undefined): { reservationId?: ReservationId } {
  if (id === undefined) return {};
  const parsed = ReservationId.parse(id);
  return parsed.ok ? { reservationId: parsed.value } : {};
}

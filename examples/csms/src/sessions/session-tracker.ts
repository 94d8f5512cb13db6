import type { Logger, StationId, TransactionId } from "@chargekit/core";
import type { StationRegistry, StationRegistryEvents, TransactionRecord } from "@chargekit/ocpp";
import type { AuthorizationService } from "../authorization/authorization-service.js";
import type { SessionStore } from "../store/session-store.js";
import type { SessionRef } from "../wiring/events.js";
import type { CsmsServices } from "../wiring/services.js";
import { type RegisterPoint, splitEnergyByDay } from "./daily-energy.js";

/** The sessions running now, as this process knows them (read by reservations, load management, the dashboard). */
export interface SessionTracker {
  /** Every running session. */
  active(): readonly SessionRef[];
  /** One running session. */
  ref(stationId: StationId, transactionId: TransactionId): SessionRef | undefined;
}

interface Live {
  ref: SessionRef;
  startWh: number | undefined;
  energyWh: number;
}

const keyOf = (stationId: string, transactionId: string) => `${stationId}\u0000${transactionId}`;

/**
 * Follows the station registry and turns its events into session rows and bus events, in order per station:
 * `station:changed`; `session:started` once the row is written (site and driver resolved; also when a meter sample
 * or the end is the first message this process sees of a session); `meter:sample` with the session's energy so far;
 * `session:ended` once the end and the energy per local day are written. Replays the registry reports only once,
 * so each event is emitted once per message.
 */
export function createSessionTracker(services: CsmsServices, logger: Logger) {
  const live = new Map<string, Live>();
  const registry = (): StationRegistry => services.need("registry");
  const store = (): SessionStore => services.need("storage").sessions;
  const authorization = (): AuthorizationService => services.need("authorization");
  const { events } = services;

  const refOf = async (record: TransactionRecord): Promise<SessionRef> => {
    const token = record.token;
    const registered = token === undefined ? undefined : await authorization().tokenOf(token);
    return {
      stationId: record.stationId,
      transactionId: record.id,
      siteId: services.sites.siteOf(record.stationId),
      evseId: record.evseId,
      connectorId: record.connectorId,
      token,
      driverId: registered?.driverId,
      reservationId: record.reservationId,
    };
  };

  /** The session of `record`, written and announced once. */
  const ensure = async (record: TransactionRecord, resumed = false): Promise<Live> => {
    const key = keyOf(record.stationId, record.id);
    const known = live.get(key);
    if (known !== undefined) return known;
    const ref = await refOf(record);
    const stored = await store().recordStart({
      stationId: ref.stationId,
      transactionId: ref.transactionId,
      startedAt: record.startedAt,
      energyWh: record.energyWh,
      settled: false,
      ...(ref.siteId === undefined ? {} : { siteId: ref.siteId }),
      ...(ref.evseId === undefined ? {} : { evseId: ref.evseId }),
      ...(ref.driverId === undefined ? {} : { driverId: ref.driverId }),
      ...(ref.token === undefined ? {} : { tokenKey: authorization().keyOf(ref.token) }),
    });
    // A row written by an earlier process keeps the driver it recorded.
    const session: Live = {
      ref: stored.driverId !== undefined && ref.driverId === undefined ? { ...ref, driverId: stored.driverId } : ref,
      startWh: record.meterStartWh ?? record.firstRegister?.wh,
      energyWh: record.energyWh,
    };
    live.set(key, session);
    events.emit("session:started", { ...session.ref, startedAt: record.startedAt, resumed });
    return session;
  };

  const recordOf = async (stationId: StationId, transactionId: TransactionId) =>
    registry().transactions.get(stationId, transactionId);

  const end = async (record: TransactionRecord, resumed = false): Promise<void> => {
    const session = await ensure(record, resumed);
    const points: RegisterPoint[] = [];
    const startWh = record.meterStartWh ?? record.firstRegister?.wh;
    if (startWh !== undefined) points.push({ at: record.startedAt, wh: startWh });
    for (const sample of await registry().transactions.samples(record.stationId, record.id)) {
      if (sample.energyWh !== undefined) points.push({ at: sample.at, wh: sample.energyWh });
    }
    const endedAt = record.endedAt ?? record.newest.at;
    if (record.meterStopWh !== undefined) points.push({ at: endedAt, wh: record.meterStopWh });
    const site = session.ref.siteId === undefined ? undefined : services.sites.site(session.ref.siteId);
    const days = splitEnergyByDay(points, site?.timezone ?? "UTC");
    await store().recordEnd(record.stationId, record.id, {
      endedAt,
      energyWh: record.energyWh,
      days,
      ...(record.stoppedReason === undefined ? {} : { stoppedReason: record.stoppedReason }),
    });
    live.delete(keyOf(record.stationId, record.id));
    events.emit("session:ended", {
      ...session.ref,
      startedAt: record.startedAt,
      endedAt,
      energyWh: record.energyWh,
      stoppedReason: record.stoppedReason,
    });
  };

  const inOrder = (stationId: StationId, what: string, task: () => Promise<void>) =>
    void services.work.run(`station:${stationId}`, what, task);

  const stationChanged = (
    stationId: StationId,
    change: "connected" | "disconnected" | "booted" | "connector",
    at: number,
    extra: Partial<Pick<StationRegistryEvents["connector:status"], "connector" | "previous">> & {
      registration?: StationRegistryEvents["station:booted"]["registration"];
    } = {},
  ) =>
    inOrder(stationId, "station change", async () => {
      const view = registry().view(stationId);
      events.emit("station:changed", {
        stationId,
        siteId: services.sites.siteOf(stationId),
        change,
        connected: view?.connected ?? change !== "disconnected",
        version: view?.version,
        registration: extra.registration ?? view?.registration,
        connector: extra.connector,
        previous: extra.previous,
        at,
      });
    });

  const listeners: { [E in keyof StationRegistryEvents]?: (payload: StationRegistryEvents[E]) => void } = {
    "station:connected": ({ stationId, at }) => stationChanged(stationId, "connected", at),
    "station:disconnected": ({ stationId, at }) => stationChanged(stationId, "disconnected", at),
    "station:booted": ({ stationId, at, registration }) => stationChanged(stationId, "booted", at, { registration }),
    "connector:status": ({ stationId, connector, previous }) =>
      stationChanged(stationId, "connector", connector.since, { connector, previous }),
    "transaction:started": ({ stationId, transaction }) =>
      inOrder(stationId, "session start", async () => void (await ensure(transaction))),
    "transaction:updated": ({ stationId, transaction }) =>
      inOrder(stationId, "session update", async () => {
        if (transaction.ended) return; // a late message of a session that already ended
        const session = await ensure(transaction);
        if (session.ref.token !== undefined || transaction.token === undefined) return;
        const registered = await authorization().tokenOf(transaction.token);
        session.ref = { ...session.ref, token: transaction.token, driverId: registered?.driverId };
        await store().recordToken(
          stationId,
          transaction.id,
          authorization().keyOf(transaction.token),
          registered?.driverId,
        );
      }),
    "transaction:ended": ({ stationId, transaction }) => inOrder(stationId, "session end", () => end(transaction)),
    "meter:sample": ({ stationId, evseId, transactionId, sample }) =>
      inOrder(stationId, "meter sample", async () => {
        let session: Live | undefined;
        if (transactionId !== undefined) {
          session = live.get(keyOf(stationId, transactionId));
          if (session === undefined) {
            const record = await recordOf(stationId, transactionId);
            if (record !== undefined && !record.ended) session = await ensure(record);
          }
        }
        if (session !== undefined && sample.energyWh !== undefined) {
          session.startWh ??= sample.energyWh;
          session.energyWh = Math.max(session.energyWh, sample.energyWh - session.startWh);
        }
        events.emit("meter:sample", {
          stationId,
          siteId: services.sites.siteOf(stationId),
          evseId: evseId ?? session?.ref.evseId,
          session: session?.ref,
          sample,
          sessionEnergyWh: session?.energyWh ?? 0,
        });
      }),
  };

  const tracker: SessionTracker = {
    active: () => [...live.values()].map((s) => s.ref),
    ref: (stationId, transactionId) => live.get(keyOf(stationId, transactionId))?.ref,
  };

  return {
    tracker,
    /** Follows the registry; returns the function that stops following it. */
    follow(): () => void {
      const emitter = registry().events;
      for (const [event, listener] of Object.entries(listeners)) emitter.on(event as never, listener as never);
      return () => {
        for (const [event, listener] of Object.entries(listeners)) emitter.off(event as never, listener as never);
      };
    },
    /**
     * Catches up after a restart: every transaction the store has as running is announced (`resumed`), and every
     * session row still open whose transaction ended meanwhile (the process died between the two writes) is ended.
     */
    async catchUp(): Promise<{ resumed: number; ended: number }> {
      let resumed = 0;
      let ended = 0;
      for (const record of await registry().transactions.list({ active: true, limit: 100_000 })) {
        await ensure(record, true);
        resumed++;
      }
      for (const row of await store().unsettled(100_000)) {
        if (row.endedAt !== undefined) continue;
        const record = await recordOf(row.stationId, row.transactionId);
        if (record === undefined) {
          logger.warn({ stationId: row.stationId, transactionId: row.transactionId }, "session without a transaction");
        } else if (record.ended) {
          await end(record, true);
          ended++;
        }
      }
      return { resumed, ended };
    },
  };
}

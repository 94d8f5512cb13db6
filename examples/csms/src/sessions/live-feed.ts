import { driverAndOperators, operatorsOf } from "../live/audience.js";
import type { SseHub } from "../live/sse-hub.js";
import type { SessionRef } from "../wiring/events.js";
import type { CsmsServices } from "../wiring/services.js";

/** The live topic of station changes (operators). */
export const STATIONS_TOPIC = "stations";
/** The live topic of session changes (the session's driver and operators). */
export const SESSIONS_TOPIC = "sessions";

function ids(ref: SessionRef) {
  return {
    stationId: ref.stationId,
    transactionId: ref.transactionId,
    ...(ref.siteId === undefined ? {} : { siteId: ref.siteId }),
    ...(ref.evseId === undefined ? {} : { evseId: ref.evseId }),
    ...(ref.driverId === undefined ? {} : { driverId: ref.driverId }),
  };
}

/**
 * Publishes the bus to the live-update hub: `station:changed` on `stations` for operators; `session:started`,
 * `session:cost` and `session:ended` on `sessions` for operators and the session's own driver (never another's).
 * Returns the function that stops it.
 */
export function publishLiveFeed(services: CsmsServices, hub: SseHub): () => void {
  const operators = operatorsOf(services.tenant);
  const audienceOf = (ref: SessionRef) =>
    ref.driverId === undefined ? operators : driverAndOperators(services.tenant, ref.driverId);
  const { events } = services;
  const onStation = (e: Parameters<Parameters<typeof events.on<"station:changed">>[1]>[0]) =>
    hub.publish({
      topic: STATIONS_TOPIC,
      type: "station:changed",
      audience: operators,
      data: {
        stationId: e.stationId,
        change: e.change,
        connected: e.connected,
        at: new Date(e.at).toISOString(),
        ...(e.siteId === undefined ? {} : { siteId: e.siteId }),
        ...(e.registration === undefined ? {} : { registration: e.registration }),
        ...(e.connector === undefined
          ? {}
          : {
              evseId: e.connector.evseId,
              connectorId: e.connector.connectorId,
              status: e.connector.status,
              ...(e.connector.chargingState === undefined ? {} : { chargingState: e.connector.chargingState }),
            }),
      },
    });
  const onStarted = (e: Parameters<Parameters<typeof events.on<"session:started">>[1]>[0]) => {
    if (e.resumed) return;
    hub.publish({
      topic: SESSIONS_TOPIC,
      type: "session:started",
      audience: audienceOf(e),
      data: { ...ids(e), startedAt: new Date(e.startedAt).toISOString() },
    });
  };
  const onCost = (e: Parameters<Parameters<typeof events.on<"session:cost">>[1]>[0]) =>
    hub.publish({
      topic: SESSIONS_TOPIC,
      type: "session:cost",
      audience: audienceOf(e),
      data: { ...ids(e), ...e.cost, at: new Date(e.cost.at).toISOString() },
    });
  const onEnded = (e: Parameters<Parameters<typeof events.on<"session:ended">>[1]>[0]) =>
    hub.publish({
      topic: SESSIONS_TOPIC,
      type: "session:ended",
      audience: audienceOf(e),
      data: {
        ...ids(e),
        endedAt: new Date(e.endedAt).toISOString(),
        energyWh: e.energyWh,
        ...(e.stoppedReason === undefined ? {} : { stoppedReason: e.stoppedReason }),
      },
    });
  events.on("station:changed", onStation);
  events.on("session:started", onStarted);
  events.on("session:cost", onCost);
  events.on("session:ended", onEnded);
  return () => {
    events.off("station:changed", onStation);
    events.off("session:started", onStarted);
    events.off("session:cost", onCost);
    events.off("session:ended", onEnded);
  };
}

import type {
  DriverId,
  IdToken,
  Instant,
  Logger,
  ReservationId,
  StationId,
  TransactionId,
  TypedEmitter,
} from "@chargekit/core";
import type { AuthToken, ConnectorView } from "@chargekit/ocpp";
import type { EvseStatus, ReservationEngine } from "@chargekit/reservations";
import type { EvseDirectory } from "../sites/evse-directory.js";
import type { CsmsEvents } from "../wiring/events.js";

/** The engine's session id of a transaction. */
export function engineSessionId(stationId: StationId, transactionId: TransactionId): string {
  return `${stationId}|${transactionId}`;
}

/** The engine's EVSE status of a connector status: faulted and unavailable EVSEs take no reservation. */
export function evseStatusOf(connector: ConnectorView): EvseStatus {
  if (connector.status === "Faulted") return "faulted";
  if (connector.status === "Unavailable") return "unavailable";
  return "available";
}

/** A session as the engine is told about it. */
export interface ReportedSession {
  /** The station. */
  readonly stationId: StationId;
  /** The transaction. */
  readonly transactionId: TransactionId;
  /** The EVSE, once known. */
  readonly evseId: number | undefined;
  /** The credential that started it. */
  readonly token: AuthToken | undefined;
  /** The reservation the station said it used. */
  readonly reservationId: ReservationId | undefined;
  /** The driver behind the token. */
  readonly driverId: DriverId | undefined;
  /** When it started. */
  readonly startedAt: Instant;
}

/** What {@link SessionFeed} needs. */
export interface SessionFeedOptions {
  /** The engine. */
  readonly engine: ReservationEngine;
  /** The configured EVSEs. */
  readonly directory: EvseDirectory;
  /** The group (parent) of a credential, when the station did not say and the CSMS knows it. */
  readonly groupOf: (token: AuthToken) => Promise<IdToken | undefined>;
  /** Runs work serialized per key. */
  readonly run: (key: string, what: string, task: () => Promise<void>) => Promise<void>;
  /** Logs. */
  readonly logger: Logger;
}

/**
 * Tells the reservation engine what happens at the stations: a session that starts (with its token and group, so
 * a matching reservation is used; reported again harmlessly, e.g. when its EVSE only becomes known with a later
 * message), a session that ends (the EVSE frees up for queues), an EVSE that faults or becomes unavailable (its
 * reservations end as removed, site-level holds move). Work runs in order per station.
 */
export class SessionFeed {
  private readonly o: SessionFeedOptions;
  private readonly reported = new Set<string>();

  constructor(options: SessionFeedOptions) {
    this.o = options;
  }

  /** Reports a session start (once per session, once its EVSE is known). */
  started(s: ReportedSession): Promise<void> {
    const id = engineSessionId(s.stationId, s.transactionId);
    const evse = s.evseId === undefined ? undefined : this.o.directory.at(s.stationId, s.evseId);
    if (evse === undefined || this.reported.has(id)) return Promise.resolve();
    this.reported.add(id);
    return this.o.run(`reservations:${s.stationId}`, "report a session start", async () => {
      const group = s.token === undefined ? undefined : (s.token.group ?? (await this.o.groupOf(s.token)));
      const outcome = await this.o.engine.sessionStarted({
        evse: evse.ref,
        sessionId: id,
        at: s.startedAt,
        ...(s.token === undefined ? {} : { idToken: s.token.value }),
        ...(group === undefined ? {} : { groupIdToken: group }),
        ...(s.reservationId === undefined ? {} : { reservationId: s.reservationId }),
        ...(s.driverId === undefined ? {} : { driver: s.driverId }),
      });
      if (outcome.used !== undefined) {
        this.o.logger.info({ reservationId: outcome.used.id, sessionId: id }, "reservation used");
      }
    });
  }

  /** Reports a session end. */
  ended(stationId: StationId, transactionId: TransactionId, evseId: number | undefined, at: Instant): Promise<void> {
    const id = engineSessionId(stationId, transactionId);
    const evse = evseId === undefined ? undefined : this.o.directory.at(stationId, evseId);
    this.reported.delete(id);
    if (evse === undefined) return Promise.resolve();
    return this.o.run(`reservations:${stationId}`, "report a session end", () =>
      this.o.engine.sessionEnded({ evse: evse.ref, sessionId: id, at }),
    );
  }

  /** Reports a connector's status. */
  status(stationId: StationId, connector: ConnectorView): Promise<void> {
    const evse = this.o.directory.at(stationId, connector.evseId);
    if (evse === undefined) return Promise.resolve();
    return this.o.run(`reservations:${stationId}`, "report an EVSE status", () =>
      this.o.engine.setEvseStatus(evse.ref, evseStatusOf(connector)),
    );
  }

  /** Follows the server's events; returns the function that stops following. */
  follow(events: TypedEmitter<CsmsEvents>): () => void {
    const started = (e: CsmsEvents["session:started"]) => void this.started(e);
    const ended = (e: CsmsEvents["session:ended"]) =>
      void this.ended(e.stationId, e.transactionId, e.evseId, e.endedAt);
    const meter = (e: CsmsEvents["meter:sample"]) => {
      if (e.session !== undefined)
        void this.started({ ...e.session, evseId: e.session.evseId ?? e.evseId, startedAt: e.sample.at });
    };
    const station = (e: CsmsEvents["station:changed"]) => {
      if (e.change === "connector" && e.connector !== undefined) void this.status(e.stationId, e.connector);
    };
    events.on("session:started", started);
    events.on("session:ended", ended);
    events.on("meter:sample", meter);
    events.on("station:changed", station);
    return () => {
      events.off("session:started", started);
      events.off("session:ended", ended);
      events.off("meter:sample", meter);
      events.off("station:changed", station);
    };
  }
}

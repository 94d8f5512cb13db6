import type {
  ConnectorId,
  DriverId,
  EvseId,
  Instant,
  ReservationId,
  SiteId,
  StationId,
  TransactionId,
} from "@chargekit/core";
import type { AuthToken, ConnectorView, MeterSample, OcppVersion, Registration } from "@chargekit/ocpp";

/**
 * Which charging session an event is about, with what the CSMS knows around it: the site the station is wired to,
 * the driver behind the token (from the token registry), the reservation the station said it used.
 */
export interface SessionRef {
  /** The station. */
  readonly stationId: StationId;
  /** The transaction id (1.6: the CSMS-assigned integer in decimal; 2.x: the station's id). */
  readonly transactionId: TransactionId;
  /** The site the station is on (from the configuration); absent for a station on no site. */
  readonly siteId: SiteId | undefined;
  /** The EVSE, once known. */
  readonly evseId: EvseId | undefined;
  /** The connector, once known. */
  readonly connectorId: ConnectorId | undefined;
  /** The credential, once known. */
  readonly token: AuthToken | undefined;
  /** The driver the credential belongs to, when it is a registered token bound to a driver. */
  readonly driverId: DriverId | undefined;
  /** The reservation the station reported the session used. */
  readonly reservationId: ReservationId | undefined;
}

/** A session's running or final cost, rounded to the currency's minor unit. */
export interface CostView {
  /** ISO 4217 currency of the site's tariff. */
  readonly currency: string;
  /** Excluding VAT, decimal text (e.g. `"12.40"`). */
  readonly exclVat: string;
  /** Including VAT, decimal text. */
  readonly inclVat: string;
  /** True once the session ended and was priced (the amount charged), false while it runs. */
  readonly final: boolean;
  /** Energy priced so far, Wh. */
  readonly energyWh: number;
  /** The time of the last meter reading priced. */
  readonly at: Instant;
}

/**
 * The server's internal event bus: what happened to stations and sessions, in CSMS terms (site and driver already
 * resolved), emitted in order per station and only after the CSMS recorded it (a `session:started` listener finds
 * the session row; a `session:ended` listener finds its end). Reservations, queues and load management subscribe
 * here rather than to the station registry.
 */
export interface CsmsEvents {
  /** A station connected, disconnected, booted or one of its connectors reported a status. */
  "station:changed": {
    /** The station. */
    readonly stationId: StationId;
    /** Its site. */
    readonly siteId: SiteId | undefined;
    /** What changed. */
    readonly change: "connected" | "disconnected" | "booted" | "connector";
    /** Whether a connection is open now. */
    readonly connected: boolean;
    /** The OCPP version of the (last) connection. */
    readonly version: OcppVersion | undefined;
    /** The registration after a boot. */
    readonly registration: Registration | undefined;
    /** For `connector`: the new status. */
    readonly connector: ConnectorView | undefined;
    /** For `connector`: the status it replaced, when known. */
    readonly previous: ConnectorView | undefined;
    /** When. */
    readonly at: Instant;
  };
  /**
   * A session started (its first message arrived and the session row exists); at start-up, before stations may
   * connect, again for every session still running (`resumed: true`), so in-memory engines learn them back.
   */
  "session:started": SessionRef & {
    /** Start time (the station's). */
    readonly startedAt: Instant;
    /** Re-announced at start-up, not new. */
    readonly resumed: boolean;
  };
  /** A meter sample arrived for an EVSE (each sample once); `session` is set when it belongs to a transaction. */
  "meter:sample": {
    /** The station. */
    readonly stationId: StationId;
    /** Its site. */
    readonly siteId: SiteId | undefined;
    /** The EVSE, when known. */
    readonly evseId: EvseId | undefined;
    /** The session the sample belongs to. */
    readonly session: SessionRef | undefined;
    /** The sample (power, current per phase, energy register, SoC … as reported). */
    readonly sample: MeterSample;
    /** The session's energy so far, Wh (0 without a session). */
    readonly sessionEnergyWh: number;
  };
  /** A session ended (its stop arrived and the session row has its end). */
  "session:ended": SessionRef & {
    /** Start time. */
    readonly startedAt: Instant;
    /** End time (the station's). */
    readonly endedAt: Instant;
    /** Energy delivered, Wh. */
    readonly energyWh: number;
    /** Why it ended (`Local`, `Remote`, `EVDisconnected` …). */
    readonly stoppedReason: string | undefined;
  };
  /** A session's cost changed: the running cost after a meter sample, or the final cost once priced. */
  "session:cost": SessionRef & {
    /** The cost. */
    readonly cost: CostView;
  };
  /** A site's virtual queue changed: a driver joined or left, or an offer was made, accepted or passed on. */
  "queue:changed": {
    /** The site. */
    readonly siteId: SiteId;
    /** When. */
    readonly at: Instant;
  };
}

import type { InboundCall } from "./rpc-peer.js";
import { Station16 } from "./station-16.js";
import { Station201 } from "./station-201.js";
import type { TestStationOptions } from "./test-station.js";

/** Either test station. */
export type AnyStation = Station16 | Station201;

/** What a ReserveNow said, in either version. */
export interface ReserveNowSeen {
  /** Reservation id. */
  readonly reservationId: number;
  /** EVSE (1.6: connector). */
  readonly evseId: number | undefined;
  /** The token it is for. */
  readonly idToken: string;
}

/** What a TxProfile said, in either version. */
export interface TxProfileSeen {
  /** The EVSE. */
  readonly evseId: number;
  /** The transaction (as text). */
  readonly transactionId: string | undefined;
  /** `A` or `W`. */
  readonly unit: string;
  /** The first period's limit. */
  readonly limit: number;
}

/** One OCPP version's station, the credential the API registers for it, and how to read its wire messages. */
export interface PeerCase {
  /** The version. */
  readonly version: "ocpp1.6" | "ocpp2.0.1";
  /** The credential as `PUT /api/v1/tokens` takes it. */
  credential(token: string): Record<string, string>;
  /** Creates the station. */
  create(options: TestStationOptions): AnyStation;
  /** Starts on `evseId` with `token`; resolves the CSMS's transaction id once the start was answered. */
  start(station: AnyStation, evseId: number, token: string): () => string | undefined;
  /** The reservation id the start carried on the wire, if any. */
  startReservationId(station: AnyStation): number | undefined;
  /** Reads a ReserveNow. */
  reserveNow(call: InboundCall): ReserveNowSeen;
  /** Reads a SetChargingProfile if it installs a TxProfile. */
  txProfile(call: InboundCall): TxProfileSeen | undefined;
}

/** OCPP 1.6 (ocpp-rpc as a charge point). */
export const V16_CASE: PeerCase = {
  version: "ocpp1.6",
  credential: (token) => ({ kind: "idTag", idTag: token }),
  create: (options) => new Station16(options),
  start(station, evseId, token) {
    const tx = (station as Station16).start(evseId, token);
    return () => (tx.id === undefined ? undefined : String(tx.id));
  },
  startReservationId: (station) => station.delivered("StartTransaction").at(-1)?.payload.reservationId,
  reserveNow: ({ params }) => ({
    reservationId: params.reservationId,
    evseId: params.connectorId,
    idToken: params.idTag,
  }),
  txProfile({ params }) {
    const p = params.csChargingProfiles;
    if (p?.chargingProfilePurpose !== "TxProfile") return undefined;
    return {
      evseId: params.connectorId,
      transactionId: p.transactionId === undefined ? undefined : String(p.transactionId),
      unit: p.chargingSchedule.chargingRateUnit,
      limit: p.chargingSchedule.chargingSchedulePeriod[0].limit,
    };
  },
};

/** OCPP 2.0.1 (ocpp-rpc as a charging station). */
export const V201_CASE: PeerCase = {
  version: "ocpp2.0.1",
  credential: (token) => ({ kind: "idToken", idToken: token, type: "ISO14443" }),
  create: (options) => new Station201(options),
  start(station, evseId, token) {
    const tx = (station as Station201).start(evseId, token);
    return () => (tx.status === undefined ? undefined : tx.transactionId);
  },
  startReservationId: (station) =>
    station.delivered("TransactionEvent").find((d) => d.payload.eventType === "Started")?.payload.reservationId,
  reserveNow: ({ params }) => ({ reservationId: params.id, evseId: params.evseId, idToken: params.idToken.idToken }),
  txProfile({ params }) {
    const p = params.chargingProfile;
    if (p?.chargingProfilePurpose !== "TxProfile") return undefined;
    const schedule = p.chargingSchedule[0];
    return {
      evseId: params.evseId,
      transactionId: p.transactionId,
      unit: schedule.chargingRateUnit,
      limit: schedule.chargingSchedulePeriod[0].limit,
    };
  },
};

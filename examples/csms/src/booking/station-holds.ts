import type { Clock, Logger, ReservationId, StationId } from "@chargekit/core";
import type { AuthToken, CommandResult, CsmsCommands, OcppVersion } from "@chargekit/ocpp";
import type { Reservation, StationRelease, StationReservation } from "@chargekit/reservations";
import type { EvseDirectory, EvseEntry } from "../sites/evse-directory.js";

/** Where a reservation stands on its station. */
export interface HoldState {
  /** The reservation. */
  readonly reservationId: ReservationId;
  /** The station asked to hold it. */
  readonly stationId: StationId;
  /** The EVSE held; absent when the station keeps any of its EVSEs free (connector 0, no evseId). */
  readonly evseId?: number;
  /** `held` (the station accepted), `pending` (not sent yet: the station is offline), `refused` (the station said no). */
  readonly status: "held" | "pending" | "refused";
  /** For `refused`: the station's answer. */
  readonly reason?: string;
}

/** Options of {@link StationHolds}. */
export interface StationHoldsOptions {
  /** The configured EVSEs. */
  readonly directory: EvseDirectory;
  /** ReserveNow and CancelReservation. */
  readonly commands: Pick<CsmsCommands, "reserveNow" | "cancelReservation">;
  /** The OCPP version a station speaks now (for what a site-level hold may name). */
  readonly versionOf: (stationId: StationId) => OcppVersion | undefined;
  /** The station credential (with its 2.x type and group) the reservation's token is registered as. */
  readonly tokenOf: (hold: StationReservation, driver?: string) => Promise<AuthToken>;
  /** Time. */
  readonly clock: Clock;
  /** Where refusals are logged. */
  readonly logger: Logger;
  /** Runs station work serialized per key (the server's background work). */
  readonly run: (key: string, what: string, task: () => Promise<void>) => Promise<void>;
  /** Told about every change of a hold. */
  readonly onChange?: (state: HoldState) => void;
}

type ReserveStatus = "Accepted" | "Faulted" | "Occupied" | "Rejected" | "Unavailable";
const OFFLINE = new Set(["NOT_CONNECTED", "CLOSED", "TIMEOUT", "QUEUE_FULL", "ABORTED"]);

/**
 * Turns the reservation engine's station instructions into OCPP: `station-reservation:open` into ReserveNow on the
 * reserved EVSE's station (a site-level hold as OCPP 1.6 connector 0 / OCPP 2.0.1 without `evseId`, with the
 * connector type, on the station of the EVSE the engine plans for it; when the station refuses a hold of any EVSE,
 * the planned EVSE itself), `station-reservation:close` into CancelReservation on the station that holds it. A hold
 * that could not be sent (the station is offline) is sent when the station comes back, a cancellation likewise; a
 * hold that moved to another station is cancelled on the first.
 */
export class StationHolds {
  private readonly o: StationHoldsOptions;
  private readonly holds = new Map<ReservationId, HoldState>();
  private readonly pendingOpen = new Map<ReservationId, StationReservation>();
  private readonly pendingCancel = new Map<ReservationId, StationId>();

  constructor(options: StationHoldsOptions) {
    this.o = options;
  }

  /** Where a reservation stands on its station. */
  stateOf(id: ReservationId): HoldState | undefined {
    return this.holds.get(id);
  }

  /** Sends ReserveNow for a hold (or replaces the station's hold with it). */
  open(hold: StationReservation): void {
    const target = this.o.directory.byRef(hold.evse ?? hold.plannedEvse);
    if (target === undefined) return;
    const before = this.holds.get(hold.reservationId);
    if (before !== undefined && before.stationId !== target.stationId && before.status === "held") {
      this.cancelOn(hold.reservationId, before.stationId);
    }
    this.pendingOpen.delete(hold.reservationId);
    void this.o.run(`holds:${target.stationId}`, "ReserveNow", () => this.reserve(hold, target));
  }

  /** Sends CancelReservation where the reservation is held. */
  close(release: StationRelease): void {
    this.pendingOpen.delete(release.reservationId);
    const state = this.holds.get(release.reservationId);
    this.holds.delete(release.reservationId);
    if (state === undefined || state.status === "refused") return;
    if (state.status === "pending") return; // never reached the station
    this.cancelOn(release.reservationId, state.stationId);
  }

  /** A reservation ended on the station by itself (used, expired): forget it. */
  ended(reservation: Reservation): void {
    this.holds.delete(reservation.id);
    this.pendingOpen.delete(reservation.id);
  }

  /**
   * A station is back: send what waited for it. After a boot (`lost`: it may have lost its holds), hold the
   * active reservations given again.
   */
  stationBack(stationId: StationId, active: readonly StationReservation[]): void {
    for (const [id, station] of this.pendingCancel) {
      if (station === stationId) this.cancelOn(id, station);
    }
    const now = this.o.clock.now();
    const resend = new Map<ReservationId, StationReservation>();
    for (const hold of active) {
      const state = this.holds.get(hold.reservationId);
      if (state?.stationId === stationId) resend.set(hold.reservationId, hold);
    }
    for (const [id, hold] of this.pendingOpen) {
      if (this.o.directory.byRef(hold.evse ?? hold.plannedEvse)?.stationId === stationId) resend.set(id, hold);
    }
    for (const hold of resend.values()) if (hold.expiresAt > now) this.open(hold);
  }

  private async reserve(hold: StationReservation, target: EvseEntry): Promise<void> {
    if (hold.expiresAt <= this.o.clock.now()) return;
    const stationId = target.stationId;
    const token = await this.o.tokenOf(hold);
    const siteLevel = hold.evse === undefined;
    const v2 = this.o.versionOf(stationId) !== "ocpp1.6";
    const send = (evseId: number | undefined, connectorType: string | undefined) =>
      this.o.commands.reserveNow(stationId, {
        reservationId: hold.reservationId,
        expiresAt: hold.expiresAt,
        token,
        ...(evseId === undefined ? {} : { evseId: evseId as EvseEntry["evseId"] }),
        ...(connectorType === undefined ? {} : { connectorType }),
      });
    let evseId = siteLevel ? undefined : target.evseId;
    let result: CommandResult<{ readonly status: ReserveStatus }> = await send(
      evseId,
      siteLevel && v2 ? hold.connectorType : undefined,
    );
    if (siteLevel && !result.ok && result.error.code === "INVALID_ARGUMENT") {
      result = await send(undefined, undefined); // a connector type outside ConnectorEnumType
    }
    if (siteLevel && result.ok && result.value.status === "Rejected") {
      // no station-wide holds here (1.6 ReserveConnectorZeroSupported, 2.0.1 NonEvseSpecific): hold the planned EVSE
      evseId = target.evseId;
      result = await send(evseId, undefined);
    }
    if (!result.ok && OFFLINE.has(result.error.code)) {
      this.pendingOpen.set(hold.reservationId, hold);
      this.set({
        reservationId: hold.reservationId,
        stationId,
        ...(evseId === undefined ? {} : { evseId }),
        status: "pending",
      });
      return;
    }
    if (result.ok && result.value.status === "Accepted") {
      this.set({
        reservationId: hold.reservationId,
        stationId,
        ...(evseId === undefined ? {} : { evseId }),
        status: "held",
      });
      return;
    }
    const reason = result.ok ? result.value.status : result.error.code;
    this.o.logger.warn(
      { reservationId: hold.reservationId, stationId, evseId, reason },
      "station did not hold the reservation: the CSMS refuses other drivers there itself",
    );
    this.set({
      reservationId: hold.reservationId,
      stationId,
      ...(evseId === undefined ? {} : { evseId }),
      status: "refused",
      reason,
    });
  }

  private cancelOn(id: ReservationId, stationId: StationId): void {
    this.pendingCancel.delete(id);
    void this.o.run(`holds:${stationId}`, "CancelReservation", async () => {
      const result = await this.o.commands.cancelReservation(stationId, { reservationId: id });
      if (!result.ok && OFFLINE.has(result.error.code)) this.pendingCancel.set(id, stationId);
    });
  }

  private set(state: HoldState): void {
    this.holds.set(state.reservationId, state);
    this.o.onChange?.(state);
  }
}

/** The station instruction of an active reservation (what `station-reservation:open` carried). */
export function holdOf(r: Reservation): StationReservation {
  return {
    reservationId: r.id,
    site: r.site,
    ...(r.evse === undefined ? {} : { evse: r.evse }),
    plannedEvse: r.assignedEvse,
    idToken: r.idToken,
    ...(r.groupIdToken === undefined ? {} : { groupIdToken: r.groupIdToken }),
    connectorType: r.connectorType,
    expiresAt: r.occupancy.end,
  };
}

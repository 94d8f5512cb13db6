import type { Instant, SiteId, TypedEmitter } from "@chargekit/core";
import type { ReservationEvents, StationReleaseReason } from "./events.js";
import type { EvseRef } from "./evse.js";
import type { LifecycleStep } from "./lifecycle.js";
import { isLive, type Reservation } from "./reservation.js";
import type { SiteBook } from "./site-book.js";

/**
 * Turns stored lifecycle steps into the engine's events: one per change, the station instructions (ReserveNow when
 * a window opens, CancelReservation when a reservation the station holds ends early), and `evse:available` when an
 * EVSE a reservation blocked becomes free for walk-ups.
 *
 * @internal
 */
export class Announcer {
  private readonly events: TypedEmitter<ReservationEvents>;
  private readonly bookOf: (site: SiteId) => SiteBook | undefined;

  constructor(events: TypedEmitter<ReservationEvents>, bookOf: (site: SiteId) => SiteBook | undefined) {
    this.events = events;
    this.bookOf = bookOf;
  }

  announce(before: Reservation, after: Reservation, steps: readonly LifecycleStep[], now: Instant): void {
    for (const step of steps) {
      // a deadline handled after it fell due (the engine was down or busy), not one that passed before the change
      const late = now > step.at && step.at > before.updatedAt;
      switch (step.to) {
        case "confirmed":
          if (step.from === "active") this.closeOnStation(after, "rescheduled");
          else this.events.emit("reservation:confirmed", { reservation: after });
          break;
        case "active":
          this.events.emit("reservation:activated", { reservation: after, late });
          this.openOnStation(after);
          break;
        case "used":
          this.events.emit("reservation:used", { reservation: after });
          break;
        case "expired":
          this.events.emit("reservation:expired", { reservation: after, late });
          break;
        case "no_show":
          this.events.emit("reservation:no-show", { reservation: after, late });
          if (step.from === "active") this.closeOnStation(after, "no_show");
          break;
        case "cancelled":
          this.events.emit("reservation:cancelled", { reservation: after });
          if (step.from === "active") this.closeOnStation(after, "cancelled");
          break;
        case "removed":
          this.events.emit("reservation:removed", { reservation: after });
          if (step.from === "active" && after.ending?.reason === "capacity_lost") {
            this.closeOnStation(after, "capacity_lost");
          }
          break;
        default:
          break;
      }
      if (!isLive(step.to)) {
        this.events.emit("reservation:ended", { reservation: after });
        const book = this.bookOf(after.site);
        const wasBlocking = before.occupancy.start <= now && now < before.occupancy.end;
        if (book !== undefined && wasBlocking && step.to !== "used") {
          this.announceIfFree(book, before.assignedEvse, now);
        }
      }
    }
  }

  openOnStation(r: Reservation): void {
    this.events.emit("station-reservation:open", {
      reservationId: r.id,
      site: r.site,
      ...(r.evse === undefined ? {} : { evse: r.evse }),
      plannedEvse: r.assignedEvse,
      idToken: r.idToken,
      ...(r.groupIdToken === undefined ? {} : { groupIdToken: r.groupIdToken }),
      connectorType: r.connectorType,
      expiresAt: r.occupancy.end,
    });
  }

  closeOnStation(r: Reservation, reason: StationReleaseReason): void {
    this.events.emit("station-reservation:close", {
      reservationId: r.id,
      site: r.site,
      ...(r.evse === undefined ? {} : { evse: r.evse }),
      reason,
    });
  }

  announceIfFree(book: SiteBook, evse: EvseRef, at: Instant): void {
    const state = book.evse(evse);
    if (state === undefined || state.status !== "available" || state.session !== undefined) return;
    if (book.reservationAt(evse, at) !== undefined) return;
    const next = book.nextReservation(evse, at);
    this.events.emit("evse:available", {
      site: book.site,
      evse,
      at,
      ...(next === undefined ? {} : { until: next.occupancy.start }),
    });
  }
}

import type { Instant, SiteId } from "@chargekit/core";
import { reservationOutcomes } from "@chargekit/storage-postgres";
import type { QueueWaitSummary } from "../store/operations-store.js";
import { operationsStoreOf } from "./operations.js";
import type { CsmsServices } from "./services.js";

declare module "./services.js" {
  interface ServiceSlots {
    /** Reservation no-show rates and average queue waits for the reports (reservations module). */
    bookingReports: BookingReports;
  }
}

/** How one site's reservations whose window started in a period ended. */
export interface ReservationReport {
  /** The site. */
  readonly siteId: SiteId;
  /** Used by a matching token. */
  readonly used: number;
  /** No-shows (and reservations that expired unused at the end of their window). */
  readonly noShow: number;
  /** Cancelled by the driver or the operator. */
  readonly cancelled: number;
  /** Removed (the charger became unusable). */
  readonly removed: number;
  /** Held, never confirmed. */
  readonly lapsed: number;
  /** `noShow / (used + noShow)`; `null` when neither happened. */
  readonly noShowRate: number | null;
}

/** What the reports need from reservations and queues. */
export interface BookingReports {
  /** Per site: how the reservations whose window started in `[from, to)` ended, with the no-show rate. */
  reservations(from: Instant, to: Instant): Promise<ReservationReport[]>;
  /** Per site: drivers who left the queue in `[from, to)`, and the average wait of those who got a charger. */
  queueWaits(from: Instant, to: Instant): Promise<QueueWaitSummary[]>;
}

/** The reports over the reservation store and the recorded queue waits. */
export function createBookingReports(services: CsmsServices): BookingReports {
  return {
    async reservations(from, to) {
      const rows = await reservationOutcomes({ client: services.need("storage").client, from, to });
      return rows.map((r) => ({
        siteId: r.site as SiteId,
        used: r.used,
        noShow: r.noShow,
        cancelled: r.cancelled,
        removed: r.removed,
        lapsed: r.lapsed,
        noShowRate: r.used + r.noShow === 0 ? null : r.noShow / (r.used + r.noShow),
      }));
    },
    queueWaits: (from, to) => operationsStoreOf(services).queueWaits(from, to),
  };
}

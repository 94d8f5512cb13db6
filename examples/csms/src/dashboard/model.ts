import { SiteId, StationId } from "@chargekit/core";
import { RESERVATION_STATUSES as ENGINE_RESERVATION_STATUSES } from "@chargekit/reservations";
import { z } from "zod";

/**
 * The status words the dashboard shows for a station or EVSE: OCPP 1.6's (1.6 stations report them), 2.x's
 * `Occupied` (a car is connected but not charging), `Offline` (no connection) and `Unknown` (connected, no status
 * reported yet).
 */
export const STATION_STATUSES = [
  "Available",
  "Preparing",
  "Charging",
  "SuspendedEV",
  "SuspendedEVSE",
  "Finishing",
  "Reserved",
  "Occupied",
  "Unavailable",
  "Faulted",
  "Offline",
  "Unknown",
] as const;

/** One of {@link STATION_STATUSES}. */
export type StationStatus = (typeof STATION_STATUSES)[number];

const instant = z.number().int().describe("epoch milliseconds");

/** A station row of the dashboard. */
export const stationViewSchema = z
  .object({
    /** Station identity. */
    id: StationId.schema,
    /** Display name. */
    name: z.string(),
    /** The site it is on. */
    siteId: SiteId.schema,
    /** Its status as a whole. */
    status: z.literal(STATION_STATUSES),
    /** Power drawn now, W. */
    powerW: z.number().describe("power drawn now, W"),
    /** Its EVSEs. */
    evses: z.array(
      z.object({
        /** EVSE number. */
        evseId: z.number().int(),
        /** The EVSE's status. */
        status: z.literal(STATION_STATUSES),
        /** Power the EVSE draws now, W. */
        powerW: z.number(),
      }),
    ),
    /** When the row last changed (epoch ms). */
    updatedAt: instant,
  })
  .meta({ id: "DashboardStation" });

/** A station row (see {@link stationViewSchema}). */
export type StationView = z.output<typeof stationViewSchema>;

/** One power sample of a site. */
export const powerSampleSchema = z
  .object({
    /** When (epoch ms). */
    at: instant,
    /** Power the site's sessions drew then by their meters, W. */
    powerW: z.number().describe("power the site's sessions drew then by their meters, W"),
    /** The site's limit in force then (lowered by a demand-response cap), W. */
    limitW: z.number().describe("the site's limit in force then (lowered by a demand-response cap), W"),
  })
  .meta({ id: "PowerSample" });

/** A power sample (see {@link powerSampleSchema}). */
export type PowerSample = z.output<typeof powerSampleSchema>;

/** A site with its limit and recent power. */
export const siteViewSchema = z
  .object({
    /** Site id. */
    id: SiteId.schema,
    /** Display name. */
    name: z.string(),
    /** The site's power limit in force now, W. */
    limitW: z.number().describe("the site's power limit in force now: the grid connection's (and contract's) bound, W"),
    /** Power drawn now, W. */
    powerW: z.number(),
    /** Recent samples, oldest first. */
    history: z.array(powerSampleSchema).describe("recent samples, oldest first"),
  })
  .meta({ id: "DashboardSite" });

/** A site (see {@link siteViewSchema}). */
export type SiteView = z.output<typeof siteViewSchema>;

/** A site's virtual queue. */
export const queueViewSchema = z
  .object({
    /** The site whose chargers the queue waits for. */
    siteId: SiteId.schema,
    /** Who waits, first in line first. */
    entries: z.array(
      z.object({
        /** Place in line, from 1. */
        position: z.number().int().min(1),
        /** A masked driver label, never a name or token. */
        label: z.string().describe("a masked driver label, never a name or token"),
        /** When they joined (epoch ms). */
        joinedAt: instant,
        /** Estimated wait until a charger is free, minutes. */
        etaMinutes: z.number().optional(),
      }),
    ),
  })
  .meta({ id: "DashboardQueue" });

/** A queue (see {@link queueViewSchema}). */
export type QueueView = z.output<typeof queueViewSchema>;

/** The statuses of a reservation on the timeline: the reservation engine's lifecycle. */
export const RESERVATION_STATUSES = ENGINE_RESERVATION_STATUSES;

/** A reservation on the timeline. */
export const reservationViewSchema = z
  .object({
    /** Reservation id. */
    id: z.number().int(),
    /** The reserved station. */
    stationId: StationId.schema,
    /** The reserved EVSE. */
    evseId: z.number().int(),
    /** The station's site. */
    siteId: SiteId.schema,
    /** Start of the booked window (epoch ms, inclusive). */
    start: instant,
    /** End of the booked window (epoch ms, exclusive). */
    end: instant,
    /** Where it is in its lifecycle. */
    status: z.literal(RESERVATION_STATUSES),
    /** A masked driver label. */
    label: z.string().describe("a masked driver label"),
  })
  .meta({ id: "DashboardReservation" });

/** A reservation (see {@link reservationViewSchema}). */
export type ReservationView = z.output<typeof reservationViewSchema>;

/** Everything the dashboard shows, at one instant. */
export const dashboardSnapshotSchema = z
  .object({
    /** The server's time of the snapshot (epoch ms). */
    at: instant,
    /** Every station. */
    stations: z.array(stationViewSchema),
    /** Every site. */
    sites: z.array(siteViewSchema),
    /** Every site's queue. */
    queues: z.array(queueViewSchema),
    /** Reservations whose window has not ended more than an hour ago, by start. */
    reservations: z.array(reservationViewSchema),
  })
  .meta({ id: "DashboardSnapshot" });

/** A snapshot (see {@link dashboardSnapshotSchema}). */
export type DashboardSnapshot = z.output<typeof dashboardSnapshotSchema>;

/** A change the dashboard applies to its snapshot; `type` is also the SSE event name. */
export type DashboardEvent = StationUpdated | SitePower | QueueUpdated | ReservationUpdated;

/** A station row changed. */
export interface StationUpdated {
  /** Event name. */
  readonly type: "station:updated";
  /** The new row. */
  readonly station: StationView;
}

/** A site's power was sampled. */
export interface SitePower {
  /** Event name. */
  readonly type: "site:power";
  /** The site. */
  readonly siteId: SiteId;
  /** The sample. */
  readonly sample: PowerSample;
}

/** A queue changed. */
export interface QueueUpdated {
  /** Event name. */
  readonly type: "queue:updated";
  /** The whole queue now. */
  readonly queue: QueueView;
}

/** A reservation was made or changed. */
export interface ReservationUpdated {
  /** Event name. */
  readonly type: "reservation:updated";
  /** The reservation now. */
  readonly reservation: ReservationView;
}

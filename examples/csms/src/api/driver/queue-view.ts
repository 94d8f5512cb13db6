import type { DriverId, SiteId } from "@chargekit/core";
import type { WaitEstimate } from "@chargekit/reservations";
import { z } from "zod";
import type { QueueDesk, QueueDeskEvent, QueueEntry } from "../../booking/queue-desk.js";
import type { QueueView } from "../../dashboard/model.js";
import type { EvseDirectory } from "../../sites/evse-directory.js";
import { instantOutput, iso } from "../instants.js";

const offerSchema = z.object({
  /** The charger ready for the driver. */
  stationId: z.string(),
  /** Its EVSE number. */
  evseId: z.number().int(),
  /** Answer (accept or snooze) before this, or it counts as a snooze. */
  expiresAt: instantOutput,
});

/** A driver's place in a site's line. */
export const queueEntrySchema = z
  .object({
    /** The site. */
    siteId: z.string(),
    /** The driver. */
    driverId: z.string(),
    /** Place in line, from 1. */
    position: z.number().int().min(1),
    /** When they joined. */
    joinedAt: instantOutput,
    /** The connector type the car needs. */
    connectorType: z.string(),
    /** The least power it needs, kW. */
    minPowerKw: z.number(),
    /** Offers passed on so far. */
    snoozes: z.number().int(),
    /** "Your charger is ready": accept or snooze before `expiresAt`. */
    offer: offerSchema.optional(),
    /** The estimated wait, minutes (p10–p90 band); absent when no charger of the site fits the car. */
    estimate: z.object({ p10Minutes: z.number(), p50Minutes: z.number(), p90Minutes: z.number() }).optional(),
  })
  .meta({ id: "QueueEntry" });

function offerView(directory: Pick<EvseDirectory, "byRef">, offer: NonNullable<QueueEntry["offer"]>) {
  const entry = directory.byRef(offer.evse);
  return {
    stationId: entry?.stationId ?? String(offer.evse),
    evseId: entry?.evseId ?? 0,
    expiresAt: iso(offer.expiresAt),
  };
}

function minutes(ms: number): number {
  return Math.round(ms / 6_000) / 10;
}

/** The API view of an entry. */
export function queueEntryView(
  entry: QueueEntry,
  directory: Pick<EvseDirectory, "byRef">,
  estimate: WaitEstimate | undefined,
): z.input<typeof queueEntrySchema> {
  const finite = estimate !== undefined && Number.isFinite(estimate.p90);
  return {
    siteId: entry.siteId,
    driverId: entry.driver,
    position: entry.position,
    joinedAt: iso(entry.joinedAt),
    connectorType: entry.need.connectorType,
    minPowerKw: entry.need.minPower / 1000,
    snoozes: entry.snoozes,
    ...(entry.offer === undefined ? {} : { offer: offerView(directory, entry.offer) }),
    ...(finite
      ? {
          estimate: {
            p10Minutes: minutes(estimate.p10),
            p50Minutes: minutes(estimate.p50),
            p90Minutes: minutes(estimate.p90),
          },
        }
      : {}),
  };
}

/** The live payload of a queue event (the event's name is the SSE event name). */
export function queueEventView(
  event: QueueDeskEvent,
  directory: Pick<EvseDirectory, "byRef">,
): Record<string, unknown> {
  const p = event.payload;
  const base = { siteId: p.site, driverId: p.driver, at: iso(p.at) };
  switch (event.type) {
    case "queue:joined":
    case "queue:position":
      return { ...base, position: event.payload.position };
    case "queue:left":
      return { ...base, reason: event.payload.reason };
    case "queue:snoozed":
      return { ...base, snoozes: event.payload.snoozes, automatic: event.payload.automatic };
    case "queue:offer":
      return { ...base, offer: offerView(directory, { evse: event.payload.evse, expiresAt: event.payload.expiresAt }) };
    case "queue:accepted": {
      const entry = directory.byRef(event.payload.evse);
      return { ...base, stationId: entry?.stationId, evseId: entry?.evseId, claimUntil: iso(event.payload.claimUntil) };
    }
  }
}

/** A driver id as the dashboard may show it: a few characters, never the whole id. */
export function maskDriver(driver: DriverId): string {
  return driver.length <= 4 ? "…" : `${driver.slice(0, 2)}…${driver.slice(-2)}`;
}

/** A site's line as the dashboard shows it (masked drivers, median waits). */
export function dashboardQueue(desk: QueueDesk, siteId: SiteId): QueueView {
  return {
    siteId,
    entries: desk.line(siteId).map((entry) => {
      const estimate = desk.estimate(siteId, entry.driver);
      return {
        position: entry.position,
        label: maskDriver(entry.driver),
        joinedAt: entry.joinedAt,
        ...(estimate !== undefined && Number.isFinite(estimate.p50) ? { etaMinutes: minutes(estimate.p50) } : {}),
      };
    }),
  };
}

import type { Reservation } from "@chargekit/reservations";
import { z } from "zod";
import type { HoldState } from "../../booking/station-holds.js";
import type { EvseDirectory } from "../../sites/evse-directory.js";
import { instantOutput, iso } from "../instants.js";

const interval = z.object({ start: instantOutput, end: instantOutput });
const money = z.object({ amount: z.string(), currency: z.string() });
const place = z.object({ stationId: z.string(), evseId: z.number().int() });

/** A reservation as the API shows it. */
export const reservationViewSchema = z
  .object({
    /** The reservation id (what stations carry as reservationId). */
    id: z.number().int(),
    /** The site. */
    siteId: z.string(),
    /** The EVSE booked; absent for a site-level hold (any charger that fits). */
    evse: place.optional(),
    /** The charger the plan keeps for it now (for a site-level hold it may still move). */
    plannedEvse: place,
    /** The driver (operators only see other drivers'). */
    driverId: z.string(),
    /** The connector type it is for. */
    connectorType: z.string(),
    /** The least power it needs, kW. */
    minPowerKw: z.number(),
    /** The booked window. */
    window: interval,
    /** What it blocks: the window with the early start before and the grace after. */
    occupancy: interval,
    /** `held`, `confirmed`, `active`, `used`, `expired`, `no_show`, `cancelled` or `removed`. */
    status: z.string(),
    /** A held reservation expires unless confirmed by then. */
    heldUntil: instantOutput.optional(),
    /** An active reservation not used by then ends as a no-show. */
    noShowAt: instantOutput.optional(),
    /** Cancelling from then on is a late cancellation. */
    freeCancelUntil: instantOutput,
    /** The arrival the driver reported last. */
    eta: instantOutput.optional(),
    /** The fees it was booked with. */
    fees: z.object({ noShow: money.optional(), lateCancellation: money.optional() }),
    /** When it was made. */
    createdAt: instantOutput,
    /** How it ended. */
    ending: z.object({ status: z.string(), at: instantOutput, reason: z.string(), fee: money.optional() }).optional(),
    /** Where it stands on the station while its window is open. */
    station: z
      .object({
        stationId: z.string(),
        evseId: z.number().int().optional(),
        status: z.enum(["held", "pending", "refused"]),
      })
      .optional(),
  })
  .meta({ id: "Reservation" });

/** The API view of a reservation. */
export function reservationView(
  r: Reservation,
  directory: Pick<EvseDirectory, "byRef">,
  hold: HoldState | undefined,
): z.input<typeof reservationViewSchema> {
  const placeOf = (ref: Reservation["assignedEvse"]) => {
    const entry = directory.byRef(ref);
    return entry === undefined
      ? { stationId: String(ref), evseId: 0 }
      : { stationId: entry.stationId as string, evseId: entry.evseId as number };
  };
  return {
    id: r.id,
    siteId: r.site,
    ...(r.evse === undefined ? {} : { evse: placeOf(r.evse) }),
    plannedEvse: placeOf(r.assignedEvse),
    driverId: r.driver,
    connectorType: r.connectorType,
    minPowerKw: r.minPower / 1000,
    window: { start: iso(r.window.start), end: iso(r.window.end) },
    occupancy: { start: iso(r.occupancy.start), end: iso(r.occupancy.end) },
    status: r.status,
    ...(r.status === "held" ? { heldUntil: iso(r.heldUntil) } : {}),
    ...(r.noShowAt === undefined || r.ending !== undefined ? {} : { noShowAt: iso(r.noShowAt) }),
    freeCancelUntil: iso(r.freeCancelUntil),
    ...(r.eta === undefined ? {} : { eta: iso(r.eta) }),
    fees: {
      ...(r.fees.noShow === undefined ? {} : { noShow: r.fees.noShow }),
      ...(r.fees.lateCancellation === undefined ? {} : { lateCancellation: r.fees.lateCancellation }),
    },
    createdAt: iso(r.createdAt),
    ...(r.ending === undefined
      ? {}
      : {
          ending: {
            status: r.ending.status,
            at: iso(r.ending.at),
            reason: r.ending.reason,
            ...(r.ending.fee === undefined ? {} : { fee: r.ending.fee }),
          },
        }),
    ...(hold === undefined || r.status !== "active"
      ? {}
      : {
          station: {
            stationId: hold.stationId,
            ...(hold.evseId === undefined ? {} : { evseId: hold.evseId }),
            status: hold.status,
          },
        }),
  };
}

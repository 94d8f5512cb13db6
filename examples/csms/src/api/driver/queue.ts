import { ChargekitError, DriverId, IdToken, SiteId } from "@chargekit/core";
import { z } from "zod";
import { actingDriver } from "../../auth/ownership.js";
import type { Principal } from "../../auth/principal.js";
import { ROLES } from "../../auth/roles.js";
import { connectorTypeNameSchema } from "../../config/station-electrical.js";
import { errorBodySchema } from "../../http/errors.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { instantOutput, iso } from "../instants.js";
import { siteOrNotFound } from "../site-access.js";
import { resolveToken } from "./booking-token.js";
import { queueEntrySchema, queueEntryView } from "./queue-view.js";
import { reservationView, reservationViewSchema } from "./reservation-view.js";

const TAGS = ["queue"];
const DRIVERS = [ROLES.DRIVER_APP, ROLES.OPERATOR] as const;
const siteParams = z.object({ siteId: SiteId.schema });
const driverParams = z.object({ siteId: SiteId.schema, driverId: DriverId.schema });

/** Joining a site's queue. */
export const queueJoinSchema = z
  .strictObject({
    /** The connector type the car needs. */
    connectorType: connectorTypeNameSchema,
    /** The least power worth charging at, kW (default 0). */
    minPowerKw: z.number().min(0, { error: "expected 0 kW or more" }).max(1000).optional(),
    /** The registered token the driver will start with (the charger is held for it on accept). */
    idToken: IdToken.schema.optional(),
    /** Operators: the driver to queue (driver apps queue themselves). */
    driverId: DriverId.schema.optional(),
  })
  .meta({ id: "QueueJoin" });

const claimSchema = z
  .object({
    /** The charger. */
    stationId: z.string(),
    /** Its EVSE number. */
    evseId: z.number().int(),
    /** Held for the driver until then. */
    claimUntil: instantOutput,
    /** The short reservation holding it (walk-ups are refused meanwhile). */
    reservation: reservationViewSchema.optional(),
  })
  .meta({ id: "QueueClaim" });

/**
 * The driver a queue path names: an operator's choice; for a driver app its own driver, and another driver's entry
 * answers exactly like a missing one (404), so no app learns who queues where.
 */
function pathDriver(principal: Principal, siteId: SiteId, driverId: DriverId): DriverId {
  if (principal.role === "driver-app" && principal.driverId !== driverId) {
    throw new ChargekitError("NOT_FOUND", `driver ${driverId} is not in the queue of site ${siteId}`);
  }
  return driverId;
}

/**
 * The queue routes: a driver joins a site's virtual queue, reads their place and estimated wait, snoozes or
 * accepts "your charger is ready", and leaves; operators read the whole line. Positions and offers follow live on
 * the `queue` topic of `/api/v1/events` (a driver app receives only its own driver's).
 */
export function queueRoutes(services: CsmsServices): Route[] {
  const desk = () => services.need("queue");
  const directory = () => services.need("reservations").directory;
  const entry = (siteId: SiteId, driver: DriverId) => {
    const found = desk().entryOf(siteId, driver);
    if (found === undefined)
      throw new ChargekitError("NOT_FOUND", `driver ${driver} is not in the queue of site ${siteId}`);
    return queueEntryView(found, directory(), desk().estimate(siteId, driver));
  };
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/sites/:siteId/queue",
      roles: [ROLES.OPERATOR],
      summary: "A site's whole line, first in line first",
      tags: TAGS,
      params: siteParams,
      responses: { 200: z.object({ siteId: z.string(), entries: z.array(queueEntrySchema) }), 404: errorBodySchema },
      handler: ({ params, principal }) => {
        siteOrNotFound(services, principal, params.siteId);
        const entries = desk()
          .line(params.siteId)
          .map((e) => queueEntryView(e, directory(), desk().estimate(params.siteId, e.driver)));
        return reply(200, { siteId: params.siteId, entries });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/sites/:siteId/queue",
      roles: DRIVERS,
      summary: "Join a site's virtual queue",
      description:
        "When a charger that fits frees up, the first driver in line that it fits is offered it (`queue:offer` on " +
        "the live stream) and has a few minutes to accept or snooze; no answer counts as a snooze.",
      tags: TAGS,
      params: siteParams,
      body: queueJoinSchema,
      responses: { 201: queueEntrySchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ params, body, principal }) => {
        const driver = actingDriver(principal, body.driverId);
        siteOrNotFound(services, principal, params.siteId);
        const registered = await services.need("reservations").tokensOf(driver);
        const token =
          body.idToken === undefined && registered.length === 0
            ? undefined
            : await resolveToken(services.need("reservations"), principal, driver, body.idToken);
        const need = { connectorType: body.connectorType, minPower: Math.round((body.minPowerKw ?? 0) * 1000) };
        const joined = desk().join(params.siteId, driver, need, token?.value);
        if (!joined.ok) {
          if (joined.error.reason === "already_queued")
            throw new ChargekitError("ALREADY_QUEUED", "already in this queue");
          if (joined.error.reason === "queue_full") throw new ChargekitError("QUEUE_FULL", "the queue is full");
          throw new ChargekitError("INVALID_INPUT", joined.error.message ?? "invalid queue request");
        }
        return reply(201, entry(params.siteId, driver));
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/sites/:siteId/queue/:driverId",
      roles: DRIVERS,
      summary: "A driver's place in line, open offer and estimated wait",
      tags: TAGS,
      params: driverParams,
      responses: { 200: queueEntrySchema, 403: errorBodySchema, 404: errorBodySchema },
      handler: ({ params, principal }) => {
        const driver = pathDriver(principal, params.siteId, params.driverId);
        siteOrNotFound(services, principal, params.siteId);
        return reply(200, entry(params.siteId, driver));
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/api/v1/sites/:siteId/queue/:driverId",
      roles: DRIVERS,
      summary: "Leave the queue (an open offer goes to the next driver)",
      tags: TAGS,
      params: driverParams,
      responses: { 200: z.object({ left: z.literal(true) }), 403: errorBodySchema, 404: errorBodySchema },
      handler: ({ params, principal }) => {
        const driver = pathDriver(principal, params.siteId, params.driverId);
        siteOrNotFound(services, principal, params.siteId);
        if (!desk().leave(params.siteId, driver)) {
          throw new ChargekitError("NOT_FOUND", `driver ${driver} is not in the queue of site ${params.siteId}`);
        }
        return reply(200, { left: true as const });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/sites/:siteId/queue/:driverId/snooze",
      roles: DRIVERS,
      summary: "Pass on the offered charger and keep the place (too many snoozes leave the queue)",
      tags: TAGS,
      params: driverParams,
      responses: {
        200: z.object({ snoozed: z.literal(true), entry: queueEntrySchema.optional() }),
        403: errorBodySchema,
        404: errorBodySchema,
        409: errorBodySchema,
      },
      handler: ({ params, principal }) => {
        const driver = pathDriver(principal, params.siteId, params.driverId);
        siteOrNotFound(services, principal, params.siteId);
        if (desk().entryOf(params.siteId, driver) === undefined) entry(params.siteId, driver); // 404
        if (!desk().snooze(params.siteId, driver)) throw new ChargekitError("NO_OFFER", "no open offer to snooze");
        const still = desk().entryOf(params.siteId, driver);
        return reply(200, {
          snoozed: true as const,
          ...(still === undefined
            ? {}
            : { entry: queueEntryView(still, directory(), desk().estimate(params.siteId, driver)) }),
        });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/sites/:siteId/queue/:driverId/accept",
      roles: DRIVERS,
      summary: "Accept the offered charger: it is held for the driver to plug in",
      tags: TAGS,
      params: driverParams,
      responses: { 200: claimSchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ params, principal }) => {
        const driver = pathDriver(principal, params.siteId, params.driverId);
        siteOrNotFound(services, principal, params.siteId);
        if (desk().entryOf(params.siteId, driver) === undefined) entry(params.siteId, driver); // 404
        const claimed = await desk().accept(params.siteId, driver);
        if (!claimed.ok) {
          if (claimed.error.reason === "taken")
            throw new ChargekitError("CHARGER_TAKEN", "the charger was taken first; you keep your place");
          throw new ChargekitError("NO_OFFER", "no open offer to accept");
        }
        const place = directory().byRef(claimed.value.evse);
        const r = claimed.value.reservation;
        const rs = services.need("reservations");
        return reply(200, {
          stationId: place?.stationId ?? String(claimed.value.evse),
          evseId: place?.evseId ?? 0,
          claimUntil: iso(claimed.value.claimUntil),
          ...(r === undefined ? {} : { reservation: reservationView(r, rs.directory, rs.holds.stateOf(r.id)) }),
        });
      },
    }),
  ];
}

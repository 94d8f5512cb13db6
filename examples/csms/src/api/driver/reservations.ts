import { ChargekitError, DriverId, IdToken, ReservationId, SiteId, StationId } from "@chargekit/core";
import type { Actor, Reservation } from "@chargekit/reservations";
import { z } from "zod";
import { actingDriver } from "../../auth/ownership.js";
import type { Principal } from "../../auth/principal.js";
import { ROLES } from "../../auth/roles.js";
import { connectorTypeNameSchema } from "../../config/station-electrical.js";
import { errorBodySchema } from "../../http/errors.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { instantInput, instantOutput, iso } from "../instants.js";
import { siteOrNotFound } from "../site-access.js";
import { resolveToken } from "./booking-token.js";
import { actionError, bookingError } from "./refusals.js";
import { reservationView, reservationViewSchema } from "./reservation-view.js";

const TAGS = ["reservations"];
const ROLES_OF_DRIVERS = [ROLES.DRIVER_APP, ROLES.OPERATOR] as const;

/** A reservation id in a path. */
const idParams = z.object({
  reservationId: z.coerce
    .number({ error: "expected a reservation id (a positive integer)" })
    .int({ error: "expected a reservation id (a positive integer)" })
    .min(1, { error: "expected a reservation id (a positive integer)" })
    .max(2_147_483_647, { error: "expected a reservation id (a positive integer)" })
    .transform((n) => ReservationId.of(n)),
});

/** The body of a booking. */
export const bookingBodySchema = z
  .strictObject({
    /** The site. */
    siteId: SiteId.schema,
    /** With `evseId`: book that EVSE; both absent: a site-level hold (any charger that fits). */
    stationId: StationId.schema.optional(),
    /** The EVSE number of `stationId`. */
    evseId: z.number().int().min(1).max(64).optional(),
    /** The connector type the car needs (OCPP 2.0.1 names: cType2, cCCS2 …). */
    connectorType: connectorTypeNameSchema,
    /** The least power worth charging at, kW (default 0). */
    minPowerKw: z.number().min(0, { error: "expected 0 kW or more" }).max(1000).optional(),
    /** Arrival. */
    start: instantInput,
    /** Planned departure. */
    end: instantInput,
    /** The registered token the driver will start with; the driver's first one when omitted. */
    idToken: IdToken.schema.optional(),
    /** Operators: the driver to book for (driver apps book for themselves). */
    driverId: DriverId.schema.optional(),
    /** Book at once (default) or only hold the slot until confirmed (time to pay). */
    confirm: z.boolean({ error: "expected true or false" }).default(true),
  })
  .superRefine((b, ctx) => {
    if ((b.stationId === undefined) !== (b.evseId === undefined)) {
      const path = b.stationId === undefined ? "stationId" : "evseId";
      ctx.addIssue({ code: "custom", path: [path], message: "stationId and evseId go together", input: undefined });
    }
    if (b.end <= b.start)
      ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start", input: undefined });
  })
  .meta({ id: "BookingRequest" });

const etaOutcomeSchema = z
  .object({
    /** `kept`: the slot stands; `offer`: the slot no longer fits, here is the nearest one; `no_slot`: nothing fits. */
    outcome: z.enum(["kept", "offer", "no_slot"]),
    /** The reservation as it stands (the original for `offer` and `no_slot`). */
    reservation: reservationViewSchema,
    /** For `offer`: accept it with `POST …/eta/accept` before `expiresAt`, or keep the original. */
    offer: z
      .object({
        window: z.object({ start: instantOutput, end: instantOutput }),
        stationId: z.string().optional(),
        evseId: z.number().int().optional(),
        expiresAt: instantOutput,
      })
      .optional(),
  })
  .meta({ id: "EtaOutcome" });

function actorOf(services: CsmsServices, principal: Principal): Actor {
  if (principal.tenant !== services.tenant) throw new ChargekitError("NOT_FOUND", "reservation not found");
  return principal.role === "driver-app" ? { driver: principal.driverId } : {};
}

/**
 * The driver routes of reservations: book (an EVSE, or any charger that fits), list and read one's own (operators:
 * any of their tenant), confirm a hold, cancel (the fee the terms fix, if late), report a new ETA and accept the
 * slot offered or keep the original. A driver app never learns whether another driver's reservation exists.
 */
export function reservationRoutes(services: CsmsServices): Route[] {
  const rs = () => services.need("reservations");
  const view = (r: Reservation) => reservationView(r, rs().directory, rs().holds.stateOf(r.id));
  const owned = async (id: ReservationId, actor: Actor): Promise<Reservation> => {
    const r = await rs().engine.get(id, actor);
    if (r === undefined) throw new ChargekitError("NOT_FOUND", `reservation ${id} not found`);
    return r;
  };
  return [
    defineRoute({
      method: "POST",
      path: "/api/v1/reservations",
      roles: ROLES_OF_DRIVERS,
      summary: "Reserve a charger (an EVSE, or any that fits: a site-level hold) for a window",
      description:
        "The window is arrival to departure; the charger is blocked from the early start before it to the grace " +
        "after it. The station is told to hold the charger when the window opens (ReserveNow); the driver's token, " +
        "or one of its group, starting there uses the reservation.",
      tags: TAGS,
      body: bookingBodySchema,
      responses: { 201: reservationViewSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ body, principal }) => {
        const driver = actingDriver(principal, body.driverId);
        const site = siteOrNotFound(services, principal, body.siteId);
        const { engine, directory } = rs();
        let evse: Reservation["evse"];
        if (body.stationId !== undefined && body.evseId !== undefined) {
          const entry = directory.at(body.stationId, body.evseId);
          if (entry === undefined || entry.siteId !== site.id) {
            throw new ChargekitError(
              "INVALID_INPUT",
              `body.evseId: site ${site.id} has no EVSE ${body.stationId}/${body.evseId}`,
              {
                details: {
                  issues: [
                    { path: "body.evseId", message: `site ${site.id} has no EVSE ${body.stationId}/${body.evseId}` },
                  ],
                },
              },
            );
          }
          evse = entry.ref;
        }
        const token = await resolveToken(rs(), principal, driver, body.idToken);
        const request = {
          site: site.id,
          ...(evse === undefined ? {} : { evse }),
          driver,
          idToken: token.value,
          ...(token.group === undefined ? {} : { groupIdToken: token.group }),
          connectorType: body.connectorType,
          minPower: Math.round((body.minPowerKw ?? 0) * 1000),
          window: { start: body.start, end: body.end },
        };
        const result = body.confirm ? await engine.book(request) : await engine.hold(request);
        if (!result.ok) throw bookingError(result.error);
        return reply(201, view(result.value));
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/reservations",
      roles: ROLES_OF_DRIVERS,
      summary: "Reservations: a driver app's own; an operator's by site (live) or by driver",
      tags: TAGS,
      query: z.object({
        siteId: SiteId.schema.optional(),
        driverId: DriverId.schema.optional(),
        status: z.enum(["live", "all"], { error: "expected live or all" }).default("live"),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      responses: {
        200: z.object({ items: z.array(reservationViewSchema) }),
        400: errorBodySchema,
        403: errorBodySchema,
      },
      handler: async ({ query, principal }) => {
        if (principal.tenant !== services.tenant) return reply(200, { items: [] });
        const live = (r: Reservation) => r.status === "held" || r.status === "confirmed" || r.status === "active";
        let items: readonly Reservation[];
        if (principal.role === "driver-app" || query.driverId !== undefined) {
          const driver = actingDriver(principal, query.driverId);
          items = await services.need("storage").stores.reservations.listByDriver(driver, { limit: query.limit });
          if (query.status === "live") items = items.filter(live);
          if (query.siteId !== undefined) items = items.filter((r) => r.site === query.siteId);
        } else {
          const sites =
            query.siteId === undefined ? rs().engine.sites() : [siteOrNotFound(services, principal, query.siteId).id];
          items = sites.flatMap((s) => rs().engine.liveAt(s));
        }
        const sorted = [...items].sort((a, b) => a.window.start - b.window.start || a.id - b.id).slice(0, query.limit);
        return reply(200, { items: sorted.map(view) });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/reservations/:reservationId",
      roles: ROLES_OF_DRIVERS,
      summary: "One reservation (404 for another driver's)",
      tags: TAGS,
      params: idParams,
      responses: { 200: reservationViewSchema, 400: errorBodySchema, 404: errorBodySchema },
      handler: async ({ params, principal }) =>
        reply(200, view(await owned(params.reservationId, actorOf(services, principal)))),
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/reservations/:reservationId/confirm",
      roles: ROLES_OF_DRIVERS,
      summary: "Confirm a held reservation (before its hold expires)",
      tags: TAGS,
      params: idParams,
      responses: { 200: reservationViewSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ params, principal }) => {
        const result = await rs().engine.confirm(params.reservationId, actorOf(services, principal));
        if (!result.ok) throw actionError(result.error, `reservation ${params.reservationId}`);
        return reply(200, view(result.value));
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/reservations/:reservationId/cancel",
      roles: ROLES_OF_DRIVERS,
      summary: "Cancel a reservation (the station releases the charger; a late cancellation carries its fee)",
      tags: TAGS,
      params: idParams,
      responses: { 200: reservationViewSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ params, principal }) => {
        const result = await rs().engine.cancel(params.reservationId, actorOf(services, principal));
        if (!result.ok) throw actionError(result.error, `reservation ${params.reservationId}`);
        return reply(200, view(result.value));
      },
    }),
    defineRoute({
      method: "PUT",
      path: "/api/v1/reservations/:reservationId/eta",
      roles: ROLES_OF_DRIVERS,
      summary: "Report a new arrival time: the slot is kept, or the nearest feasible one is offered",
      tags: TAGS,
      params: idParams,
      body: z.strictObject({ eta: instantInput }).meta({ id: "EtaUpdate" }),
      responses: { 200: etaOutcomeSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ params, body, principal }) => {
        const actor = actorOf(services, principal);
        const { engine, offers, directory } = rs();
        const result = await engine.updateEta(params.reservationId, body.eta, actor);
        if (!result.ok) throw actionError(result.error, `reservation ${params.reservationId}`);
        const current = await owned(params.reservationId, actor);
        if (result.value.kind !== "offer") {
          offers.drop(params.reservationId);
          return reply(200, { outcome: result.value.kind, reservation: view(current) });
        }
        const offer = result.value.offer;
        offers.remember(params.reservationId, offer);
        const entry = offer.evse === undefined ? undefined : directory.byRef(offer.evse);
        return reply(200, {
          outcome: "offer" as const,
          reservation: view(current),
          offer: {
            window: { start: iso(offer.window.start), end: iso(offer.window.end) },
            ...(entry === undefined ? {} : { stationId: entry.stationId as string, evseId: entry.evseId as number }),
            expiresAt: iso(offer.expiresAt),
          },
        });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/reservations/:reservationId/eta/accept",
      roles: ROLES_OF_DRIVERS,
      summary: "Move the reservation to the slot offered by the last ETA update (if still free)",
      tags: TAGS,
      params: idParams,
      responses: { 200: reservationViewSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      handler: async ({ params, principal }) => {
        const actor = actorOf(services, principal);
        await owned(params.reservationId, actor);
        const offer = rs().offers.get(params.reservationId);
        if (offer === undefined) throw new ChargekitError("NO_OFFER", "no open offer for this reservation");
        const result = await rs().engine.acceptOffer(params.reservationId, offer, actor);
        rs().offers.drop(params.reservationId);
        if (!result.ok) throw actionError(result.error, `reservation ${params.reservationId}`);
        return reply(200, view(result.value));
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/reservations/:reservationId/eta/decline",
      roles: ROLES_OF_DRIVERS,
      summary: "Keep the original slot and drop the offer",
      tags: TAGS,
      params: idParams,
      responses: { 200: reservationViewSchema, 400: errorBodySchema, 404: errorBodySchema },
      handler: async ({ params, principal }) => {
        const current = await owned(params.reservationId, actorOf(services, principal));
        rs().offers.drop(params.reservationId);
        return reply(200, view(current));
      },
    }),
  ];
}

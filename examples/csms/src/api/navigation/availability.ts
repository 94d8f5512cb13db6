import { MINUTE, SiteId } from "@chargekit/core";
import { type StopAvailability, type StopQuery, searchAvailability } from "@chargekit/reservations";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { connectorTypeNameSchema } from "../../config/station-electrical.js";
import { errorBodySchema } from "../../http/errors.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { instantInput, instantOutput, iso } from "../instants.js";

/** Most calendar steps of one stop (the engine's bound). */
const MAX_CALENDAR_STEPS = 2000;

/** A search along a route. */
export const availabilitySearchSchema = z
  .strictObject({
    /** The charging stops, in route order (at most 50). */
    stops: z
      .array(
        z.strictObject({
          /** The site. */
          siteId: SiteId.schema,
          /** When the car may arrive there: `[from, to]`. */
          eta: z.strictObject({ from: instantInput, to: instantInput }),
          /** The connector type the car needs. */
          connectorType: connectorTypeNameSchema,
          /** The least power worth stopping for, kW. */
          minPowerKw: z.number().min(0, { error: "expected 0 kW or more" }).max(1000).optional(),
          /** How long the car needs to charge there, minutes. */
          chargingMinutes: z
            .number({ error: "expected a number of minutes" })
            .int({ error: "expected whole minutes" })
            .min(1, { error: "expected at least 1 minute" })
            .max(1440, { error: "expected at most 1440 minutes" }),
        }),
      )
      .min(1, { error: "expected at least one stop" })
      .max(50, { error: "at most 50 stops per search" }),
    /** The calendar of free start times per stop. */
    calendar: z
      .strictObject({
        /** How far it looks from the ETA, minutes (default 240). */
        horizonMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .optional(),
        /** Spacing of the start times, minutes (default 15). */
        stepMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .optional(),
      })
      .optional(),
    /** Count a charger with a car on it as free only with at least this probability that it has left (default 0.8). */
    minConfidence: z.number().min(0).max(1).optional(),
  })
  .superRefine((search, ctx) => {
    search.stops.forEach((stop, i) => {
      if (stop.eta.to < stop.eta.from) {
        ctx.addIssue({
          code: "custom",
          path: ["stops", i, "eta", "to"],
          message: "must not be before from",
          input: undefined,
        });
      }
    });
    const steps = (search.calendar?.horizonMinutes ?? 240) / (search.calendar?.stepMinutes ?? 15);
    if (steps > MAX_CALENDAR_STEPS) {
      ctx.addIssue({
        code: "custom",
        path: ["calendar", "stepMinutes"],
        message: `at most ${MAX_CALENDAR_STEPS} calendar steps (horizon ÷ step)`,
        input: undefined,
      });
    }
  })
  .meta({ id: "AvailabilitySearch" });

const stopResultSchema = z.object({
  /** The site. */
  siteId: z.string(),
  /** The earliest feasible slot at or after the ETA: book it to keep it. */
  earliest: z
    .object({
      /** Start of the charge. */
      start: instantOutput,
      /** End of the charge. */
      end: instantOutput,
      /** The charger. */
      stationId: z.string(),
      /** Its EVSE number. */
      evseId: z.number().int(),
      /** Probability that the charger is free at the start (1 unless a car is on it now). */
      confidence: z.number(),
      /** Whether it starts inside the ETA window. */
      withinEta: z.boolean(),
    })
    .optional(),
  /** Ranges of start times at which at least `available` chargers are free for the whole charge. */
  calendar: z.array(z.object({ startFrom: instantOutput, startBefore: instantOutput, available: z.number().int() })),
  /** Why there is no slot: `unknown_site` or `no_eligible_evse`. */
  reason: z.string().optional(),
});

/**
 * The navigation route: availability along a route. For each stop, the earliest feasible slot at or after the
 * ETA (with the confidence that the charger is free by then, from the dwell model learned from past sessions) and
 * a calendar of free start times. Answers come from the reservation engine's in-memory index; nothing is held.
 */
export function availabilityRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "POST",
      path: "/api/v1/availability/search",
      roles: [ROLES.NAVIGATION_APP, ROLES.DRIVER_APP, ROLES.OPERATOR],
      summary: "Availability along a route: the earliest feasible slot and a calendar per stop",
      tags: ["navigation"],
      body: availabilitySearchSchema,
      responses: {
        200: z.object({ stops: z.array(stopResultSchema) }).meta({ id: "AvailabilityResult" }),
        400: errorBodySchema,
      },
      handler: ({ body, principal }) => {
        const rs = services.need("reservations");
        const mine = principal.tenant === services.tenant;
        const queries: StopQuery[] = body.stops.map((s) => ({
          site: s.siteId,
          eta: { start: s.eta.from, end: s.eta.to },
          connectorType: s.connectorType,
          minPower: Math.round((s.minPowerKw ?? 0) * 1000),
          chargingTime: s.chargingMinutes * MINUTE,
        }));
        const found: StopAvailability[] = mine
          ? searchAvailability(
              rs.engine,
              rs.dwell.current(),
              {
                stops: queries,
                ...(body.calendar === undefined
                  ? {}
                  : {
                      calendar: {
                        ...(body.calendar.horizonMinutes === undefined
                          ? {}
                          : { horizon: body.calendar.horizonMinutes * MINUTE }),
                        ...(body.calendar.stepMinutes === undefined
                          ? {}
                          : { step: body.calendar.stepMinutes * MINUTE }),
                      },
                    }),
                ...(body.minConfidence === undefined ? {} : { minConfidence: body.minConfidence }),
              },
              services.clock.now(),
            )
          : queries.map((q): StopAvailability => ({ site: q.site, calendar: [], reason: "unknown_site" }));
        const stops = found.map((stop) => {
          const entry = stop.earliest === undefined ? undefined : rs.directory.byRef(stop.earliest.evse);
          return {
            siteId: stop.site,
            ...(stop.earliest === undefined || entry === undefined
              ? {}
              : {
                  earliest: {
                    start: iso(stop.earliest.window.start),
                    end: iso(stop.earliest.window.end),
                    stationId: entry.stationId as string,
                    evseId: entry.evseId as number,
                    confidence: Math.round(stop.earliest.confidence * 1000) / 1000,
                    withinEta: stop.earliest.withinEta,
                  },
                }),
            calendar: stop.calendar.map((c) => ({
              startFrom: iso(c.startFrom),
              startBefore: iso(c.startBefore),
              available: c.available,
            })),
            ...(stop.reason === undefined ? {} : { reason: stop.reason }),
          };
        });
        return reply(200, { stops });
      },
    }),
  ];
}

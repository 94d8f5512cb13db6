import {
  ChargekitError,
  type Duration,
  type Instant,
  type Interval,
  MINUTE,
  SiteId,
  type Watts,
} from "@chargekit/core";
import { z } from "zod";
import type { ReservationEngine } from "./engine.js";
import { type ConnectorType, connectorTypeSchema, type EvseRef, isEligible } from "./evse.js";
import type { DwellModel } from "./queue/dwell-model.js";
import type { EvseState } from "./site-book.js";
import type { SiteView } from "./site-view.js";

/**
 * One charging stop along a route, as a navigation app asks about it.
 *
 * @category Availability
 */
export interface StopQuery {
  /** The site. */
  readonly site: SiteId;
  /** When the car may arrive: `[earliest, latest)`. */
  readonly eta: Interval;
  /** The connector type the car needs. */
  readonly connectorType: ConnectorType;
  /** The least power worth stopping for, in W (default 0). */
  readonly minPower?: Watts;
  /** How long the car needs to charge there. */
  readonly chargingTime: Duration;
}

/**
 * A search along a route.
 *
 * @category Availability
 */
export interface AvailabilityRequest {
  /** The stops, at most 50. */
  readonly stops: readonly StopQuery[];
  /** Calendar of free start times per stop. */
  readonly calendar?: CalendarOptions;
  /**
   * An EVSE with a car on it counts as free at a start time only when the dwell model gives at least this
   * probability that the car has left by then (default 0.8).
   */
  readonly minConfidence?: number;
}

/**
 * The calendar part of a search: free start times from the ETA start over `horizon` in `step`s.
 *
 * @category Availability
 */
export interface CalendarOptions {
  /** How far the calendar looks from the ETA start; default 4 h. */
  readonly horizon?: Duration;
  /** Spacing of the start times; default 15 min. */
  readonly step?: Duration;
}

/**
 * The earliest slot found at a stop.
 *
 * @category Availability
 */
export interface SlotFound {
  /** The charging window `[start, start + chargingTime)`. */
  readonly window: Interval;
  /** The EVSE it is on (book it, or book a site-level hold for the same window). */
  readonly evse: EvseRef;
  /** Probability that the EVSE is free at the start: 1 unless a car is on it now (then from the dwell model). */
  readonly confidence: number;
  /** True when the slot starts inside the ETA window. */
  readonly withinEta: boolean;
}

/**
 * A range of start times at which at least `available` EVSEs are free for the whole charge (OCPI Bookings
 * `Timeslot`-like).
 *
 * @category Availability
 */
export interface FreeStarts {
  /** First start time of the range. */
  readonly startFrom: Instant;
  /** Start times are before this. */
  readonly startBefore: Instant;
  /** Fewest EVSEs free over the range. */
  readonly available: number;
}

/**
 * The answer for one stop.
 *
 * @category Availability
 */
export interface StopAvailability {
  /** The site. */
  readonly site: SiteId;
  /** The earliest feasible slot at or after the ETA; absent when there is none (see `reason`). */
  readonly earliest?: SlotFound;
  /** Free start times over the calendar horizon. */
  readonly calendar: readonly FreeStarts[];
  /** Why there is no slot: the site is unknown, or no EVSE there fits the car. */
  readonly reason?: "unknown_site" | "no_eligible_evse";
}

const MAX_STOPS = 50;
const MAX_CALENDAR_STEPS = 2000;

const requestSchema = z.object({
  stops: z
    .array(
      z.object({
        site: SiteId.schema,
        eta: z.object({ start: z.number().int(), end: z.number().int() }).refine((i) => i.start <= i.end, {
          error: "eta must have start <= end",
        }),
        connectorType: connectorTypeSchema,
        minPower: z.number().finite().min(0).optional(),
        chargingTime: z
          .number()
          .int()
          .min(MINUTE, { error: "chargingTime must be at least one minute" })
          .max(24 * 60 * MINUTE),
      }),
    )
    .min(1)
    .max(MAX_STOPS, { error: `at most ${MAX_STOPS} stops per search` }),
  calendar: z
    .object({
      horizon: z
        .number()
        .int()
        .min(MINUTE)
        .max(7 * 24 * 60 * MINUTE)
        .optional(),
      step: z.number().int().min(MINUTE).optional(),
    })
    .optional(),
  minConfidence: z.number().min(0).max(1).optional(),
});

/**
 * Availability search for navigation apps: for each stop along a route, the earliest feasible slot at or after the
 * ETA (with the confidence that the EVSE is free by then), and a calendar of free start times. Answers come from the
 * engine's in-memory interval trees (O(log n) per EVSE), never a store round trip per EVSE. A slot found is not
 * held: book it to keep it.
 *
 * @example
 * ```ts
 * const [stop] = searchAvailability(engine, model, {
 *   stops: [{ site, eta: { start: eta, end: eta + 20 * MINUTE }, connectorType: "cCCS2", minPower: 50_000, chargingTime: 30 * MINUTE }],
 * }, clock.now());
 * ```
 * @throws ChargekitError `INVALID_INPUT` naming the field when the request breaks its schema or bounds.
 * @category Availability
 */
export function searchAvailability(
  engine: ReservationEngine,
  model: DwellModel | undefined,
  request: AvailabilityRequest,
  now: Instant,
): StopAvailability[] {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ChargekitError("INVALID_INPUT", `invalid availability request: ${reasons}`);
  }
  const horizon = request.calendar?.horizon ?? 4 * 60 * MINUTE;
  const step = request.calendar?.step ?? 15 * MINUTE;
  if (horizon / step > MAX_CALENDAR_STEPS) {
    throw new ChargekitError(
      "INVALID_INPUT",
      `invalid availability request: calendar has more than ${MAX_CALENDAR_STEPS} steps`,
    );
  }
  const minConfidence = request.minConfidence ?? 0.8;
  return request.stops.map((stop) => {
    const view = engine.view(stop.site);
    if (view === undefined) return { site: stop.site, calendar: [], reason: "unknown_site" as const };
    const need = { connectorType: stop.connectorType, minPower: stop.minPower ?? 0 };
    const evses = view.evses().filter((e) => e.status === "available" && isEligible(e.spec, need));
    if (evses.length === 0) return { site: stop.site, calendar: [], reason: "no_eligible_evse" as const };
    const probe = new Probe(view, model, now, stop.chargingTime);
    const from = Math.max(stop.eta.start, now);
    let earliest: SlotFound | undefined;
    for (const evse of evses) {
      const slot = probe.earliest(evse, from, minConfidence);
      const better =
        earliest === undefined ||
        slot.window.start < earliest.window.start ||
        (slot.window.start === earliest.window.start && slot.confidence > earliest.confidence);
      if (better) earliest = { ...slot, withinEta: slot.window.start < Math.max(stop.eta.end, stop.eta.start + 1) };
    }
    const calendar = freeStarts(evses, probe, from, horizon, step, minConfidence);
    return earliest === undefined ? { site: stop.site, calendar } : { site: stop.site, earliest, calendar };
  });
}

/** Per-stop helper: occupancy spans under the site's policy and the release distribution of sessions. */
class Probe {
  private readonly view: SiteView;
  private readonly model: DwellModel | undefined;
  private readonly now: Instant;
  private readonly chargingTime: Duration;
  private readonly early: Duration;
  private readonly span: Duration;

  constructor(view: SiteView, model: DwellModel | undefined, now: Instant, chargingTime: Duration) {
    this.view = view;
    this.model = model;
    this.now = now;
    this.chargingTime = chargingTime;
    this.early = view.policy.earlyStart;
    this.span = view.policy.earlyStart + chargingTime + view.policy.grace;
  }

  /** The earliest start on `evse` at or after `from` that is free of reservations and confident enough. */
  earliest(evse: EvseState, from: Instant, minConfidence: number): Omit<SlotFound, "withinEta"> {
    let start = from;
    const session = evse.session;
    if (session !== undefined) start = Math.max(start, this.releaseAt(evse, minConfidence), this.now + 1 + this.early);
    const gap = this.view.earliestFree(evse.spec.ref, start - this.early, this.span);
    const s = gap + this.early;
    return {
      window: { start: s, end: s + this.chargingTime },
      evse: evse.spec.ref,
      confidence: this.confidence(evse, s),
    };
  }

  /** True when a charge starting at `s` fits on `evse` between reservations. */
  fits(evse: EvseState, s: Instant): boolean {
    return this.view.earliestFree(evse.spec.ref, s - this.early, this.span) === s - this.early;
  }

  /** Probability that the EVSE has no car on it at `s`. */
  confidence(evse: EvseState, s: Instant): number {
    const session = evse.session;
    if (session === undefined) return 1;
    if (session.energyNeeded !== undefined && session.power !== undefined && session.power > 0) {
      return s >= session.start + (session.energyNeeded / session.power) * 3_600_000 ? 1 : 0;
    }
    if (this.model === undefined) return 0;
    return this.model.doneBy(this.query(evse), s);
  }

  /** The instant by which the car on `evse` has left with probability `p`. */
  private releaseAt(evse: EvseState, p: number): Instant {
    const session = evse.session;
    if (session === undefined) return this.now;
    if (session.energyNeeded !== undefined && session.power !== undefined && session.power > 0) {
      return Math.max(this.now, session.start + Math.ceil((session.energyNeeded / session.power) * 3_600_000));
    }
    if (this.model === undefined) return Number.MAX_SAFE_INTEGER / 2;
    const [remaining] = this.model.remaining(this.query(evse), [Math.min(0.999, Math.max(0.001, p))]);
    return this.now + Math.ceil(remaining ?? 0);
  }

  private query(evse: EvseState) {
    const s = evse.session as NonNullable<EvseState["session"]>;
    return {
      start: s.start,
      now: this.now,
      site: this.view.site,
      ...(s.driver === undefined ? {} : { driver: s.driver }),
      ...(s.declaredEnd === undefined ? {} : { declaredEnd: s.declaredEnd }),
    };
  }
}

function freeStarts(
  evses: readonly EvseState[],
  probe: Probe,
  from: Instant,
  horizon: Duration,
  step: Duration,
  minConfidence: number,
): FreeStarts[] {
  const out: FreeStarts[] = [];
  const first = Math.ceil(from / step) * step;
  let open: { startFrom: Instant; available: number } | undefined;
  let last = first;
  for (let s = first; s < from + horizon; s += step) {
    last = s;
    let count = 0;
    for (const evse of evses) if (probe.confidence(evse, s) >= minConfidence && probe.fits(evse, s)) count++;
    if (count > 0 && open === undefined) open = { startFrom: s, available: count };
    else if (count > 0 && open !== undefined) open.available = Math.min(open.available, count);
    else if (count === 0 && open !== undefined) {
      out.push({ ...open, startBefore: s });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ ...open, startBefore: last + step });
  return out;
}

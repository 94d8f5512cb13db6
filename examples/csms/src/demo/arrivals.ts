import type { Duration } from "@chargekit/core";
import { type EvState, exponential } from "@chargekit/ocpp";
import type { EvseRequirement } from "@chargekit/reservations";
import type { DemoSite } from "./demo-stations.js";
import { type DemoTiming, demoEvs } from "./timing.js";

/** How the demo's drivers split between behaviours (each a probability). */
export interface DemoShares {
  /** Book ahead through the reservation service, then arrive (the rest walk up). */
  readonly reserve: number;
  /** Of those who book: never turn up (the reservation ends as a no-show). */
  readonly noShow: number;
  /** Of walk-ups who find the site full: join its queue (the rest drive on). */
  readonly queue: number;
  /** At a site with DC chargers: need a DC fast charger. */
  readonly dc: number;
}

/** The default split: a quarter book ahead, one in ten of those never come, most wait in line when it is full. */
export const DEFAULT_SHARES: DemoShares = { reserve: 0.25, noShow: 0.1, queue: 0.8, dc: 0.25 };

/** One arrival at a site, drawn in full when it is scheduled so a seed replays the same day. */
export interface ArrivalPlan {
  /** `reserve`: books ahead and turns up later; `walk-up`: arrives now. */
  readonly kind: "reserve" | "walk-up";
  /** What the car needs. */
  readonly need: EvseRequirement;
  /** The car and its state of charge. */
  readonly ev: EvState;
  /** How long the driver stays plugged in. */
  readonly stay: Duration;
  /** For `reserve`: how far ahead the window starts. */
  readonly lead: Duration;
  /** For `reserve`: never turns up. */
  readonly noShow: boolean;
  /** How late (negative: early) the driver turns up for a reservation or a queue claim. */
  readonly lateness: Duration;
  /** Joins the queue when the site is full. */
  readonly joinsQueue: boolean;
  /** Which free driver comes (a random number in `[0, 1)`). */
  readonly who: number;
  /** Which of the fitting chargers they pick (a random number in `[0, 1)`). */
  readonly which: number;
}

/** The connector a car needs at a site: CCS2 for a DC charge, Type 2 otherwise. */
export const AC_NEED: EvseRequirement = { connectorType: "cType2", minPower: 0 };
/** A DC fast charge. */
export const DC_NEED: EvseRequirement = { connectorType: "cCCS2", minPower: 0 };

/** Draws the next arrival at `site` from its random source. */
export function drawArrival(site: DemoSite, random: () => number, timing: DemoTiming, shares: DemoShares): ArrivalPlan {
  const evs = demoEvs(timing.timeScale);
  const hasDc = site.evses.some((e) => e.spec.connectorTypes.includes(DC_NEED.connectorType));
  const dc = hasDc && random() < shares.dc;
  const model = evs[Math.floor(random() * evs.length)] ?? evs[0];
  const soc = 10 + random() * 50;
  const stayDraw = exponential(random, timing.meanStay);
  // a DC charge is over in a fraction of the time
  const stay = Math.max(timing.minStay, dc ? stayDraw / 3 : stayDraw);
  const [leadMin, leadMax] = timing.reserveLead;
  return {
    kind: random() < shares.reserve ? "reserve" : "walk-up",
    need: dc ? DC_NEED : AC_NEED,
    ev: { model: model as NonNullable<typeof model>, soc },
    stay: Math.round(stay),
    lead: Math.round(leadMin + random() * (leadMax - leadMin)),
    noShow: random() < shares.noShow,
    lateness: Math.round((random() * 2 - 1) * timing.lateness),
    joinsQueue: random() < shares.queue,
    who: random(),
    which: random(),
  };
}

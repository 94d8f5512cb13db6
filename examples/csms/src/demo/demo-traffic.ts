import {
  type Clock,
  createEmitter,
  type DriverId,
  type Duration,
  every,
  type Logger,
  type ReservationId,
  type SiteId,
  type StationId,
  type TimerHandle,
  type TypedEmitter,
} from "@chargekit/core";
import { exponential, seededRandom } from "@chargekit/ocpp";
import type { ReservationEngine } from "@chargekit/reservations";
import type { QueueDesk } from "../booking/queue-desk.js";
import { type ArrivalPlan, DEFAULT_SHARES, type DemoShares, drawArrival } from "./arrivals.js";
import { cardOf, type DemoDriver } from "./demo-drivers.js";
import type { DemoEvse, DemoSite } from "./demo-stations.js";
import { bookingCandidates, type EvseLookup, pick, walkUpCandidates } from "./evse-finder.js";
import type { DemoTiming } from "./timing.js";

/** Counters of the demo's drivers since it started. */
export interface DemoStats {
  /** Drivers who arrived at a site or booked ahead. */
  arrivals: number;
  /** Drivers who found a free charger and plugged in on the spot. */
  walkUps: number;
  /** Reservations booked through the reservation service. */
  reservationsBooked: number;
  /** Drivers who turned up for their reservation. */
  reservedArrivals: number;
  /** Reservations whose driver never came. */
  noShows: number;
  /** Drivers who joined a site's queue. */
  queueJoins: number;
  /** Queue offers accepted ("your charger is ready"). */
  queueAccepted: number;
  /** Drivers who left a queue without a charger. */
  queueGaveUp: number;
  /** Drivers who drove on (site full, no queue for them, or no driver free). */
  turnedAway: number;
  /** Sessions the stations authorized. */
  sessionsStarted: number;
  /** Sessions the drivers ended. */
  sessionsEnded: number;
  /** Starts the station or the CSMS refused. */
  refused: number;
}

/** What the demo's drivers do, as it happens. */
export interface DemoTrafficEvents {
  /** A driver booked a charger ahead through the reservation service. */
  "driver:booked": {
    /** The driver. */
    readonly driverId: DriverId;
    /** The reservation. */
    readonly reservationId: ReservationId;
    /** Whether they will turn up. */
    readonly noShow: boolean;
  };
  /** A driver joined a site's queue. */
  "driver:queued": {
    /** The driver. */
    readonly driverId: DriverId;
    /** The site. */
    readonly siteId: SiteId;
    /** Their place in line. */
    readonly position: number;
  };
  /** A station authorized a driver's start. */
  "driver:charging": {
    /** The driver. */
    readonly driverId: DriverId;
    /** The station. */
    readonly stationId: StationId;
    /** The EVSE. */
    readonly evseId: number;
    /** How they got the charger. */
    readonly via: "walk-up" | "reservation" | "queue";
  };
}

/** Options of {@link DemoTraffic}. */
export interface DemoTrafficOptions {
  /** The sites with their simulated EVSEs. */
  readonly sites: readonly DemoSite[];
  /** The driver population. */
  readonly drivers: readonly DemoDriver[];
  /** Real-time durations. */
  readonly timing: DemoTiming;
  /** Seed of every random choice. */
  readonly seed: number;
  /** Arrivals per charger per mean stay (1: just enough to keep every charger busy); {@link DEFAULT_LOAD}. */
  readonly load?: number;
  /** How drivers split between behaviours. */
  readonly shares?: DemoShares;
  /** The reservation engine, when the reservations module runs. */
  readonly engine: () => ReservationEngine | undefined;
  /** The queue desk, when the queue module runs. */
  readonly queue: () => QueueDesk | undefined;
  /** Time. */
  readonly clock: Clock;
  /** Logs (each driver action at debug). */
  readonly logger: Logger;
}

/** Most drivers in a site's line before newcomers drive on instead of joining. */
const MAX_LINE = 6;

/**
 * Arrivals per charger per mean stay by default: a little more than the chargers take, so sites fill up, the load
 * manager shares their grid limit, and queues form and clear.
 */
export const DEFAULT_LOAD = 1.1;

interface Queued {
  readonly site: DemoSite;
  readonly driver: DemoDriver;
  readonly plan: ArrivalPlan;
  readonly since: number;
  answering: boolean;
}

/**
 * The demo's driver population at work: every site sees Poisson arrivals (seeded per site); a share of the drivers
 * book a charger ahead through the reservation service and turn up (or not) around the window start, to start with
 * the reserved card; walk-ups take a free charger, or join the site's queue when it is full and accept the charger it
 * offers; everyone leaves after their stay by presenting the card again and unplugging. Every action goes through
 * the simulated stations (real OCPP) or the server's own services.
 */
export class DemoTraffic {
  /** What drivers do, as it happens. */
  readonly events: TypedEmitter<DemoTrafficEvents> = createEmitter<DemoTrafficEvents>();
  /** The counters. */
  readonly stats: DemoStats = {
    arrivals: 0,
    walkUps: 0,
    reservationsBooked: 0,
    reservedArrivals: 0,
    noShows: 0,
    queueJoins: 0,
    queueAccepted: 0,
    queueGaveUp: 0,
    turnedAway: 0,
    sessionsStarted: 0,
    sessionsEnded: 0,
    refused: 0,
  };
  private readonly o: DemoTrafficOptions;
  private readonly shares: DemoShares;
  private readonly randoms = new Map<SiteId, () => number>();
  private readonly scheduled = new Map<SiteId, number>();
  private readonly busy = new Set<DemoDriver>();
  private readonly claimed = new Set<DemoEvse>();
  private readonly charging = new Map<DemoEvse, { driver: DemoDriver; timer: TimerHandle | undefined }>();
  private readonly queued = new Map<DemoDriver, Queued>();
  private readonly timers = new Set<TimerHandle>();
  private readonly pending = new Set<Promise<void>>();
  private stopTick: (() => void) | undefined;
  private running = false;
  private stopped = false;

  constructor(options: DemoTrafficOptions) {
    this.o = options;
    this.shares = options.shares ?? DEFAULT_SHARES;
    const root = seededRandom(options.seed);
    for (const site of options.sites) this.randoms.set(site.siteId, seededRandom(Math.floor(root() * 2 ** 32)));
  }

  /** Starts the arrivals at every site. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    for (const site of this.o.sites) if (site.evses.length > 0) this.scheduleArrival(site);
    this.stopTick = every(this.o.clock, this.o.timing.tick, () => this.tick());
  }

  /** Sessions running now, by site. */
  chargingAt(siteId: SiteId): number {
    let n = 0;
    for (const evse of this.charging.keys()) if (evse.siteId === siteId) n++;
    return n;
  }

  /** Resolves when no driver action is under way (a start, a stop, a booking). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Stops the arrivals, then lets everyone go home: queued drivers leave their line, charging drivers end their
   * session (the station sends its stop) and unplug, so no transaction is left open when the stations disconnect.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.stopTick?.();
    for (const timer of this.timers) this.o.clock.clearTimeout(timer);
    this.timers.clear();
    await this.idle();
    const desk = this.o.queue();
    for (const q of this.queued.values()) desk?.leave(q.site.siteId, q.driver.id);
    this.queued.clear();
    const leaving = [...this.charging.keys()].map((evse) => this.leave(evse));
    await Promise.allSettled(leaving);
    for (const site of this.o.sites) {
      for (const evse of site.evses) if (evse.station.evse(evse.evseId).evConnected) evse.station.unplug(evse.evseId);
    }
  }

  private after(delay: Duration, run: () => void): TimerHandle | undefined {
    if (!this.running) return undefined;
    const timer = this.o.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (this.running) run();
    }, delay);
    this.timers.add(timer);
    return timer;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.o.logger.warn({ err: error }, "demo: a driver action failed"));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private scheduleArrival(site: DemoSite): void {
    const random = this.randoms.get(site.siteId) ?? Math.random;
    const load = this.o.load ?? DEFAULT_LOAD;
    const meanGap = this.o.timing.meanStay / (site.evses.length * load);
    // the first drivers (half the site's chargers) come four times as often: the demo is busy within a minute
    const count = this.scheduled.get(site.siteId) ?? 0;
    this.scheduled.set(site.siteId, count + 1);
    const gap = exponential(random, count < site.evses.length / 2 ? meanGap / 4 : meanGap);
    const plan = drawArrival(site, random, this.o.timing, this.shares);
    this.after(gap, () => {
      this.track(this.arrive(site, plan));
      this.scheduleArrival(site);
    });
  }

  private lookup(site: DemoSite): EvseLookup {
    return { view: this.o.engine()?.view(site.siteId), claimed: this.claimed, now: this.o.clock.now() };
  }

  private freeDriver(who: number): DemoDriver | undefined {
    const { drivers } = this.o;
    const start = Math.floor(who * drivers.length);
    for (let i = 0; i < drivers.length; i++) {
      const driver = drivers[(start + i) % drivers.length];
      if (driver !== undefined && !this.busy.has(driver)) return driver;
    }
    return undefined;
  }

  private async arrive(site: DemoSite, plan: ArrivalPlan): Promise<void> {
    const driver = this.freeDriver(plan.who);
    if (driver === undefined) {
      this.stats.turnedAway++;
      return;
    }
    this.busy.add(driver);
    this.stats.arrivals++;
    if (plan.kind === "reserve" && (await this.reserveAhead(site, driver, plan))) return;
    await this.walkUp(site, driver, plan);
  }

  private async walkUp(site: DemoSite, driver: DemoDriver, plan: ArrivalPlan): Promise<void> {
    const desk = this.o.queue();
    const line = desk?.line(site.siteId) ?? [];
    const free = walkUpCandidates(
      site.evses,
      plan.need,
      line.map((entry) => entry.need),
      plan.stay,
      this.lookup(site),
    );
    const evse = pick(free, plan.which);
    if (evse !== undefined) {
      this.stats.walkUps++;
      await this.charge(evse, driver, plan, "walk-up");
      return;
    }
    if (desk !== undefined && plan.joinsQueue && line.length < MAX_LINE) {
      const joined = desk.join(site.siteId, driver.id, plan.need, driver.token);
      if (joined.ok) {
        this.stats.queueJoins++;
        this.queued.set(driver, { site, driver, plan, since: this.o.clock.now(), answering: false });
        this.o.logger.debug(
          { driverId: driver.id, siteId: site.siteId, position: joined.value.position },
          "demo: queued",
        );
        return;
      }
    }
    this.stats.turnedAway++;
    this.busy.delete(driver);
  }

  /** Books a charger for a window `lead` ahead; false when nothing could be booked (the driver walks up instead). */
  private async reserveAhead(site: DemoSite, driver: DemoDriver, plan: ArrivalPlan): Promise<boolean> {
    const engine = this.o.engine();
    if (engine === undefined) return false;
    const policy = engine.policy(site.siteId);
    const now = this.o.clock.now();
    const window = { start: now + plan.lead, end: now + plan.lead + Math.max(plan.stay, policy.minWindow) };
    const candidates = bookingCandidates(
      site.evses,
      plan.need,
      window.start - policy.earlyStart,
      window.end + policy.grace,
      this.lookup(site),
    );
    const first = Math.floor(plan.which * candidates.length);
    for (let i = 0; i < Math.min(3, candidates.length); i++) {
      const evse = candidates[(first + i) % candidates.length] as DemoEvse;
      const booked = await engine.book({
        site: site.siteId,
        evse: evse.spec.ref,
        driver: driver.id,
        idToken: driver.token,
        connectorType: plan.need.connectorType,
        minPower: plan.need.minPower,
        window,
      });
      if (!booked.ok) continue;
      const reservation = booked.value;
      this.stats.reservationsBooked++;
      this.events.emit("driver:booked", { driverId: driver.id, reservationId: reservation.id, noShow: plan.noShow });
      this.o.logger.debug(
        { driverId: driver.id, reservationId: reservation.id, evse: evse.spec.ref, noShow: plan.noShow },
        "demo: booked ahead",
      );
      if (plan.noShow) {
        this.stats.noShows++;
        this.after(window.end - now, () => this.busy.delete(driver));
        return true;
      }
      this.claimed.add(evse);
      this.after(Math.max(0, plan.lead + plan.lateness), () => {
        this.claimed.delete(evse);
        this.stats.reservedArrivals++;
        this.track(this.charge(evse, driver, plan, "reservation"));
      });
      return true;
    }
    return false;
  }

  /** Every tick, queued drivers look at their phone: answer an offer, or give up after their patience. */
  private tick(): void {
    const desk = this.o.queue();
    if (desk === undefined) return;
    const now = this.o.clock.now();
    for (const q of [...this.queued.values()]) {
      if (q.answering) continue;
      const entry = desk.entryOf(q.site.siteId, q.driver.id);
      if (entry === undefined) {
        // passed on too many offers (or the line was closed)
        this.leaveQueue(q, false);
      } else if (entry.offer !== undefined) {
        q.answering = true;
        this.after(this.o.timing.answerDelay, () => this.track(this.acceptOffer(q)));
      } else if (now - q.since > this.o.timing.patience) {
        this.leaveQueue(q, true);
      }
    }
  }

  private leaveQueue(q: Queued, leaveLine: boolean): void {
    if (leaveLine) this.o.queue()?.leave(q.site.siteId, q.driver.id);
    this.queued.delete(q.driver);
    this.busy.delete(q.driver);
    this.stats.queueGaveUp++;
  }

  private async acceptOffer(q: Queued): Promise<void> {
    const desk = this.o.queue();
    const claim = desk === undefined ? undefined : await desk.accept(q.site.siteId, q.driver.id);
    q.answering = false;
    if (claim === undefined || !claim.ok) return; // taken meanwhile: stay in line
    this.queued.delete(q.driver);
    this.stats.queueAccepted++;
    const evse = q.site.evses.find((e) => e.spec.ref === claim.value.evse);
    if (evse === undefined) {
      this.busy.delete(q.driver);
      return;
    }
    this.claimed.add(evse);
    this.o.logger.debug({ driverId: q.driver.id, evse: evse.spec.ref }, "demo: accepted a queue offer");
    this.after(Math.abs(q.plan.lateness) + 1000, () => {
      this.claimed.delete(evse);
      this.track(this.charge(evse, q.driver, q.plan, "queue"));
    });
  }

  /** Plugs in and presents the card; stays `plan.stay` when the start is authorized, else unplugs and leaves. */
  private async charge(
    evse: DemoEvse,
    driver: DemoDriver,
    plan: ArrivalPlan,
    via: DemoTrafficEvents["driver:charging"]["via"],
  ): Promise<void> {
    const { station, evseId } = evse;
    if (station.evse(evseId).evConnected || this.charging.has(evse)) {
      this.stats.turnedAway++;
      this.busy.delete(driver);
      return;
    }
    this.claimed.add(evse);
    station.plugIn(evseId, plan.ev);
    const outcome = await station.presentToken(evseId, cardOf(driver, station.version));
    if (outcome !== "Authorized") {
      this.stats.refused++;
      this.o.logger.info({ driverId: driver.id, stationId: evse.stationId, evseId, via }, "demo: start refused");
      this.after(this.o.timing.leaveAfterRefusal, () => {
        station.unplug(evseId);
        this.claimed.delete(evse);
        this.busy.delete(driver);
      });
      return;
    }
    this.stats.sessionsStarted++;
    this.events.emit("driver:charging", { driverId: driver.id, stationId: evse.stationId, evseId, via });
    this.o.logger.debug({ driverId: driver.id, stationId: evse.stationId, evseId, via }, "demo: charging");
    const timer = this.after(plan.stay, () => this.track(this.leave(evse)));
    this.charging.set(evse, { driver, timer });
  }

  /** The driver presents the card again (the session ends) and unplugs. */
  private async leave(evse: DemoEvse): Promise<void> {
    const session = this.charging.get(evse);
    if (session === undefined) return;
    this.charging.delete(evse);
    if (session.timer !== undefined) this.o.clock.clearTimeout(session.timer);
    const { station, evseId } = evse;
    if (station.evse(evseId).transactionRef !== undefined) {
      await station.presentToken(evseId, cardOf(session.driver, station.version));
    }
    station.unplug(evseId);
    this.claimed.delete(evse);
    this.busy.delete(session.driver);
    this.stats.sessionsEnded++;
  }
}

import {
  ChargekitError,
  type Clock,
  createEmitter,
  DriverId,
  type Duration,
  err,
  IdToken,
  type Instant,
  MINUTE,
  ok,
  type Result,
  type SiteId,
  systemClock,
  type TimerHandle,
  type TypedEmitter,
} from "@chargekit/core";
import { z } from "zod";
import type { ReservationEngine } from "../engine.js";
import { connectorTypeSchema, type EvseRef, type EvseRequirement, type EvseSpec, isEligible } from "../evse.js";
import type { Reservation } from "../reservation.js";
import type { DwellModel } from "./dwell-model.js";
import type {
  OpenOffer,
  QueueClaim,
  QueueClaimRefusal,
  QueueEvents,
  QueueJoinRefusal,
  QueueLeaveReason,
  QueuePosition,
} from "./queue-events.js";
import { estimateWait, type WaitEstimate } from "./wait-estimate.js";

/**
 * The rules of a site's virtual queue (after ChargePoint Waitlist and the Tesla waitlist pilot).
 *
 * @category Queue
 */
export interface QueuePolicy {
  /** How long a driver has to answer "your charger is ready" before it is auto-snoozed (Tesla 2–3 min). */
  readonly responseTimeout: Duration;
  /** Snoozes allowed; one more removes the driver from the queue. */
  readonly maxSnoozes: number;
  /** How long an accepted charger is held for the driver to plug in (ChargePoint: 15 min). */
  readonly claimTime: Duration;
  /** A freed EVSE is offered only when no reservation starts on it within this long. */
  readonly minStay: Duration;
  /** Most drivers in line. */
  readonly maxLength: number;
}

/**
 * Defaults: 3 min to respond, 2 snoozes, 15 min to plug in after accepting, 30 min free before the next
 * reservation, 100 drivers.
 *
 * @category Queue
 */
export const DEFAULT_QUEUE_POLICY: QueuePolicy = Object.freeze({
  responseTimeout: 3 * MINUTE,
  maxSnoozes: 2,
  claimTime: 15 * MINUTE,
  minStay: 30 * MINUTE,
  maxLength: 100,
});

/**
 * Joining the queue.
 *
 * @category Queue
 */
export interface QueueJoin {
  /** The driver. */
  readonly driver: DriverId;
  /** The token the driver will start with (needed to hold the charger after accepting, when an engine is set). */
  readonly idToken?: IdToken;
  /** What the car needs. */
  readonly need: EvseRequirement;
}

const joinSchema = z.object({
  driver: DriverId.schema,
  idToken: IdToken.schema.optional(),
  need: z.object({ connectorType: connectorTypeSchema, minPower: z.number().finite().min(0) }),
});

/**
 * Options of {@link createSiteQueue}.
 *
 * @category Queue
 */
export interface SiteQueueOptions {
  /** The site. */
  readonly site: SiteId;
  /** Time source; default `systemClock`. */
  readonly clock?: Clock;
  /** Overrides of {@link DEFAULT_QUEUE_POLICY}. */
  readonly policy?: Partial<QueuePolicy>;
  /**
   * The reservation engine of the site: freed EVSEs are taken from its `evse:available` events, an accepted charger
   * is held with a short reservation, and wait estimates see its sessions and reservations.
   */
  readonly engine?: ReservationEngine;
  /** The site's EVSEs, when there is no engine (call {@link SiteQueue.evseFreed} yourself). */
  readonly evses?: readonly EvseSpec[];
}

interface Entry {
  readonly driver: DriverId;
  readonly idToken?: IdToken;
  readonly need: EvseRequirement;
  snoozes: number;
  /** EVSEs this driver passed on; not offered to them again until they return to the pool. */
  readonly declined: Set<EvseRef>;
}

interface Offer {
  readonly evse: EvseRef;
  readonly expiresAt: Instant;
  readonly timer: TimerHandle;
}

/**
 * Creates a {@link SiteQueue}.
 *
 * @category Queue
 */
export function createSiteQueue(options: SiteQueueOptions): SiteQueue {
  return new SiteQueue(options);
}

/**
 * A first-in, first-out virtual queue for one site: drivers join with their car's needs; when an eligible EVSE frees,
 * the first eligible driver in line gets a "your charger is ready" offer with a response timeout; accept holds the
 * charger, snooze keeps the place and passes the offer to the next driver; too many snoozes remove the driver.
 * A driver's position never moves backwards.
 *
 * @category Queue
 */
export class SiteQueue {
  /** Queue events. */
  readonly events: TypedEmitter<QueueEvents> = createEmitter<QueueEvents>();
  /** The site. */
  readonly site: SiteId;
  /** The rules in force. */
  readonly policy: QueuePolicy;
  private readonly clock: Clock;
  private readonly engine: ReservationEngine | undefined;
  private readonly specs = new Map<EvseRef, EvseSpec>();
  private readonly line: Entry[] = [];
  private readonly offers = new Map<DriverId, Offer>();
  private readonly pool = new Set<EvseRef>();
  private readonly unsubscribe: () => void;

  constructor(options: SiteQueueOptions) {
    this.site = options.site;
    this.clock = options.clock ?? systemClock;
    this.engine = options.engine;
    this.policy = Object.freeze({ ...DEFAULT_QUEUE_POLICY, ...options.policy });
    for (const spec of options.evses ?? []) this.specs.set(spec.ref, spec);
    if (this.engine !== undefined) {
      const engine = this.engine;
      const view = engine.view(this.site);
      if (view === undefined) throw new ChargekitError("NOT_FOUND", `the engine does not manage site ${this.site}`);
      for (const e of view.evses()) this.specs.set(e.spec.ref, e.spec);
      const onAvailable = (e: { site: SiteId; evse: EvseRef; at: Instant; until?: Instant }) => {
        if (e.site !== this.site) return;
        if (e.until !== undefined && e.until - this.clock.now() < this.policy.minStay) return;
        this.evseFreed(e.evse);
      };
      const onStatus = (e: { site: SiteId; evse: EvseRef; status: string }) => {
        if (e.site === this.site && e.status !== "available") this.evseTaken(e.evse);
      };
      engine.events.on("evse:available", onAvailable);
      engine.events.on("evse:status", onStatus);
      this.unsubscribe = () => {
        engine.events.off("evse:available", onAvailable);
        engine.events.off("evse:status", onStatus);
      };
    } else this.unsubscribe = () => {};
  }

  /** Drivers in line. */
  get size(): number {
    return this.line.length;
  }

  /** Joins the queue at the end. */
  join(request: QueueJoin): Result<QueuePosition, QueueJoinRefusal> {
    const parsed = joinSchema.safeParse(request);
    if (!parsed.success) {
      return err({
        reason: "invalid_request",
        message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
    }
    if (this.indexOf(request.driver) >= 0) return err({ reason: "already_queued" });
    if (this.line.length >= this.policy.maxLength) return err({ reason: "queue_full" });
    this.line.push({
      driver: request.driver,
      ...(request.idToken === undefined ? {} : { idToken: request.idToken }),
      need: request.need,
      snoozes: 0,
      declined: new Set(),
    });
    const joined: QueuePosition = {
      site: this.site,
      driver: request.driver,
      position: this.line.length,
      at: this.clock.now(),
    };
    this.events.emit("queue:joined", joined);
    this.dispatch();
    return ok(joined);
  }

  /** Leaves the queue (an open offer goes to the next driver). False when not in line. */
  leave(driver: DriverId): boolean {
    return this.remove(driver, "left");
  }

  /**
   * Passes on the current offer and keeps the place; the charger goes to the next eligible driver. Beyond
   * `maxSnoozes` the driver leaves the queue. False when the driver has no open offer.
   */
  snooze(driver: DriverId): boolean {
    return this.passOn(driver, false);
  }

  /**
   * Accepts the open offer: the driver leaves the line and the charger is held until `claimUntil` (with an engine,
   * as a short EVSE-specific reservation for the driver's token, so walk-ups are refused meanwhile).
   */
  async accept(driver: DriverId): Promise<Result<QueueClaim, QueueClaimRefusal>> {
    const offer = this.offers.get(driver);
    const entry = this.line[this.indexOf(driver)];
    if (offer === undefined || entry === undefined) return err({ reason: "no_offer" });
    this.clock.clearTimeout(offer.timer);
    this.offers.delete(driver);
    const now = this.clock.now();
    const claimUntil = now + this.policy.claimTime;
    let reservation: Reservation | undefined;
    if (this.engine !== undefined && entry.idToken !== undefined) {
      const policy = this.engine.policy(this.site);
      const start = now + policy.earlyStart;
      const booked = await this.engine.book({
        site: this.site,
        evse: offer.evse,
        driver,
        idToken: entry.idToken,
        connectorType: entry.need.connectorType,
        minPower: entry.need.minPower,
        window: { start, end: start + Math.max(policy.minWindow, this.policy.claimTime) },
      });
      if (!booked.ok) {
        this.dispatch();
        return err({ reason: "taken" });
      }
      reservation = booked.value;
    }
    this.events.emit("queue:accepted", { site: this.site, driver, evse: offer.evse, claimUntil, at: now });
    this.remove(driver, "accepted");
    return ok(
      reservation === undefined ? { evse: offer.evse, claimUntil } : { evse: offer.evse, claimUntil, reservation },
    );
  }

  /** An EVSE became free for walk-ups: offer it to the first eligible driver in line. */
  evseFreed(evse: EvseRef): void {
    if (!this.specs.has(evse)) throw new ChargekitError("NOT_FOUND", `EVSE ${evse} is not part of site ${this.site}`);
    for (const offer of this.offers.values()) if (offer.evse === evse) return;
    this.pool.add(evse);
    for (const entry of this.line) entry.declined.delete(evse);
    this.dispatch();
  }

  /** An EVSE stopped being free (someone plugged in, it faulted): withdraw it. */
  evseTaken(evse: EvseRef): void {
    this.pool.delete(evse);
    for (const [driver, offer] of this.offers) {
      if (offer.evse !== evse) continue;
      this.clock.clearTimeout(offer.timer);
      this.offers.delete(driver);
    }
  }

  /** A driver's 1-based place in line, or `undefined`. */
  position(driver: DriverId): number | undefined {
    const i = this.indexOf(driver);
    return i < 0 ? undefined : i + 1;
  }

  /** The open offer of a driver, if any. */
  offerOf(driver: DriverId): OpenOffer | undefined {
    const offer = this.offers.get(driver);
    return offer === undefined ? undefined : { evse: offer.evse, expiresAt: offer.expiresAt };
  }

  /** The needs of the drivers ahead of `driver` (no identities: one driver never sees another). */
  ahead(driver: DriverId): EvseRequirement[] {
    const i = this.indexOf(driver);
    return i < 0 ? [] : this.line.slice(0, i).map((e) => e.need);
  }

  /** The driver's estimated wait (needs an engine for sessions and reservations); `undefined` when not in line. */
  estimate(driver: DriverId, model: DwellModel): WaitEstimate | undefined {
    const i = this.indexOf(driver);
    const entry = this.line[i];
    const view = this.engine?.view(this.site);
    if (entry === undefined || view === undefined) return undefined;
    return estimateWait(view, model, { need: entry.need, ahead: this.ahead(driver), now: this.clock.now() });
  }

  /** Stops listening to the engine and clears the offer timers. */
  close(): void {
    this.unsubscribe();
    for (const offer of this.offers.values()) this.clock.clearTimeout(offer.timer);
    this.offers.clear();
  }

  private indexOf(driver: DriverId): number {
    return this.line.findIndex((e) => e.driver === driver);
  }

  private passOn(driver: DriverId, automatic: boolean): boolean {
    const offer = this.offers.get(driver);
    const entry = this.line[this.indexOf(driver)];
    if (offer === undefined || entry === undefined) return false;
    this.clock.clearTimeout(offer.timer);
    this.offers.delete(driver);
    entry.snoozes++;
    entry.declined.add(offer.evse);
    this.pool.add(offer.evse);
    this.events.emit("queue:snoozed", {
      site: this.site,
      driver,
      snoozes: entry.snoozes,
      automatic,
      at: this.clock.now(),
    });
    if (entry.snoozes > this.policy.maxSnoozes) this.remove(driver, "max_snoozes");
    else this.dispatch();
    return true;
  }

  private remove(driver: DriverId, reason: QueueLeaveReason): boolean {
    const i = this.indexOf(driver);
    if (i < 0) return false;
    const offer = this.offers.get(driver);
    if (offer !== undefined) {
      this.clock.clearTimeout(offer.timer);
      this.offers.delete(driver);
      this.pool.add(offer.evse);
    }
    this.line.splice(i, 1);
    const at = this.clock.now();
    this.events.emit("queue:left", { site: this.site, driver, reason, at });
    for (let k = i; k < this.line.length; k++) {
      this.events.emit("queue:position", {
        site: this.site,
        driver: (this.line[k] as Entry).driver,
        position: k + 1,
        at,
      });
    }
    this.dispatch();
    return true;
  }

  /** Offers every pooled EVSE to the first eligible driver in line without an open offer. */
  private dispatch(): void {
    for (const evse of [...this.pool]) {
      const spec = this.specs.get(evse) as EvseSpec;
      const entry = this.line.find(
        (e) => !this.offers.has(e.driver) && !e.declined.has(evse) && isEligible(spec, e.need),
      );
      if (entry === undefined) continue;
      this.pool.delete(evse);
      const at = this.clock.now();
      const expiresAt = at + this.policy.responseTimeout;
      const driver = entry.driver;
      const timer = this.clock.setTimeout(() => this.passOn(driver, true), this.policy.responseTimeout);
      this.offers.set(driver, { evse, expiresAt, timer });
      this.events.emit("queue:offer", { site: this.site, driver, evse, expiresAt, at });
    }
  }
}

import {
  type Clock,
  type DriverId,
  err,
  type IdToken,
  type Instant,
  ok,
  type Result,
  type SiteId,
} from "@chargekit/core";
import {
  createSiteQueue,
  type DwellModel,
  type EvseRef,
  type EvseRequirement,
  type QueueClaim,
  type QueueClaimRefusal,
  type QueueEvents,
  type QueueJoinRefusal,
  type QueuePolicy,
  type ReservationEngine,
  type SiteQueue,
  type WaitEstimate,
} from "@chargekit/reservations";
import type { QueueWait } from "../store/operations-store.js";

/** One driver in a site's line. */
export interface QueueEntry {
  /** The site. */
  readonly siteId: SiteId;
  /** The driver. */
  readonly driver: DriverId;
  /** Place in line, from 1. */
  readonly position: number;
  /** When they joined. */
  readonly joinedAt: Instant;
  /** What the car needs. */
  readonly need: EvseRequirement;
  /** Offers passed on so far. */
  readonly snoozes: number;
  /** "Your charger is ready", until `expiresAt`. */
  readonly offer?: { readonly evse: EvseRef; readonly expiresAt: Instant };
}

/** A queue event of one driver, as {@link QueueDesk} reports it. */
export type QueueDeskEvent = {
  readonly [K in keyof QueueEvents]: { readonly type: K; readonly payload: QueueEvents[K] };
}[keyof QueueEvents];

/** Options of {@link QueueDesk}. */
export interface QueueDeskOptions {
  /** The sites that get a queue. */
  readonly sites: readonly SiteId[];
  /** The engine: freed chargers come from it, an accepted one is held with a short reservation. */
  readonly engine: ReservationEngine;
  /** Time. */
  readonly clock: Clock;
  /** The queue rules. */
  readonly policy: Partial<QueuePolicy>;
  /** How long cars stay (for wait estimates). */
  readonly dwell: () => DwellModel;
  /** Every queue event of a driver. */
  readonly onEvent: (event: QueueDeskEvent) => void;
  /** A driver left the line (for the average wait in reports). */
  readonly onWait: (wait: QueueWait) => void;
}

interface Member {
  readonly joinedAt: Instant;
  readonly need: EvseRequirement;
  snoozes: number;
}

/**
 * The virtual queue of every site: join (with the car's needs and the token a held charger is for), leave, snooze,
 * accept "your charger is ready", each driver's place and wait estimate, and the whole line for operators. Every
 * queue event is passed on (for the live feed), and every driver's time in line is recorded when they leave it.
 */
export class QueueDesk {
  private readonly o: QueueDeskOptions;
  private readonly queues = new Map<SiteId, SiteQueue>();
  private readonly members = new Map<SiteId, Map<DriverId, Member>>();

  constructor(options: QueueDeskOptions) {
    this.o = options;
    for (const site of options.sites) {
      const queue = createSiteQueue({ site, clock: options.clock, engine: options.engine, policy: options.policy });
      const line = new Map<DriverId, Member>();
      this.queues.set(site, queue);
      this.members.set(site, line);
      queue.events.on("queue:joined", (payload) => this.o.onEvent({ type: "queue:joined", payload }));
      queue.events.on("queue:position", (payload) => this.o.onEvent({ type: "queue:position", payload }));
      queue.events.on("queue:offer", (payload) => this.o.onEvent({ type: "queue:offer", payload }));
      queue.events.on("queue:accepted", (payload) => this.o.onEvent({ type: "queue:accepted", payload }));
      queue.events.on("queue:snoozed", (payload) => {
        const member = line.get(payload.driver);
        if (member !== undefined) member.snoozes = payload.snoozes;
        this.o.onEvent({ type: "queue:snoozed", payload });
      });
      queue.events.on("queue:left", (payload) => {
        const member = line.get(payload.driver);
        line.delete(payload.driver);
        if (member !== undefined) {
          this.o.onWait({
            siteId: site,
            driverId: payload.driver,
            joinedAt: member.joinedAt,
            endedAt: payload.at,
            outcome: payload.reason,
          });
        }
        this.o.onEvent({ type: "queue:left", payload });
      });
    }
  }

  /** Whether a site has a queue. */
  has(siteId: SiteId): boolean {
    return this.queues.has(siteId);
  }

  /** Joins a site's line. */
  join(
    siteId: SiteId,
    driver: DriverId,
    need: EvseRequirement,
    idToken?: IdToken,
  ): Result<QueueEntry, QueueJoinRefusal> {
    const queue = this.queues.get(siteId);
    const line = this.members.get(siteId);
    if (queue === undefined || line === undefined)
      return err({ reason: "invalid_request", message: "site: unknown site" });
    if (line.has(driver)) return err({ reason: "already_queued" });
    const member: Member = { joinedAt: this.o.clock.now(), need, snoozes: 0 };
    line.set(driver, member); // before joining: the join may offer a charger at once
    const joined = queue.join({ driver, need, ...(idToken === undefined ? {} : { idToken }) });
    if (!joined.ok) {
      line.delete(driver);
      return joined;
    }
    return ok(this.entryOf(siteId, driver) as QueueEntry);
  }

  /** Leaves a site's line; false when not in it. */
  leave(siteId: SiteId, driver: DriverId): boolean {
    return this.queues.get(siteId)?.leave(driver) ?? false;
  }

  /** Passes on the open offer and keeps the place; false without an open offer. */
  snooze(siteId: SiteId, driver: DriverId): boolean {
    return this.queues.get(siteId)?.snooze(driver) ?? false;
  }

  /** Accepts the open offer: the charger is held for the driver. */
  async accept(siteId: SiteId, driver: DriverId): Promise<Result<QueueClaim, QueueClaimRefusal>> {
    const queue = this.queues.get(siteId);
    if (queue === undefined) return err({ reason: "no_offer" });
    return queue.accept(driver);
  }

  /** A driver's entry, if in line. */
  entryOf(siteId: SiteId, driver: DriverId): QueueEntry | undefined {
    const queue = this.queues.get(siteId);
    const member = this.members.get(siteId)?.get(driver);
    const position = queue?.position(driver);
    if (queue === undefined || member === undefined || position === undefined) return undefined;
    const offer = queue.offerOf(driver);
    return {
      siteId,
      driver,
      position,
      joinedAt: member.joinedAt,
      need: member.need,
      snoozes: member.snoozes,
      ...(offer === undefined ? {} : { offer }),
    };
  }

  /** A driver's estimated wait (needs the driver to be in line). */
  estimate(siteId: SiteId, driver: DriverId): WaitEstimate | undefined {
    return this.queues.get(siteId)?.estimate(driver, this.o.dwell());
  }

  /** The whole line of a site, first in line first. */
  line(siteId: SiteId): QueueEntry[] {
    const line = this.members.get(siteId);
    if (line === undefined) return [];
    return [...line.keys()]
      .map((driver) => this.entryOf(siteId, driver))
      .filter((e): e is QueueEntry => e !== undefined)
      .sort((a, b) => a.position - b.position);
  }

  /** Stops every queue's timers. */
  close(): void {
    for (const queue of this.queues.values()) queue.close();
  }
}

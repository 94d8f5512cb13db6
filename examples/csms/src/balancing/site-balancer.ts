import type { Clock, Instant, Logger, TimerHandle } from "@chargekit/core";
import {
  type Allocation,
  allocate,
  type DemandResponseEvent,
  type PreviousRound,
  type Session,
  toPreviousRound,
} from "@chargekit/load-management";
import type { LoadManagementConfig } from "../config/load-management.js";
import type { SiteConfig } from "../config/sites.js";
import type { EvseEntry } from "../sites/evse-directory.js";
import type { SiteLimits } from "../sites/site-limits.js";
import { gridLimitW } from "../sites/site-tree.js";
import type { ProfileSender } from "./profile-sender.js";
import type { BalancedSession } from "./session-book.js";
import { SitePreparation } from "./site-preparation.js";

/** What one round decided for a site. */
export interface SiteRound {
  /** The site. */
  readonly siteId: SiteConfig["id"];
  /** When it ran. */
  readonly at: Instant;
  /** Why it ran (the first request since the last round). */
  readonly reason: string;
  /** The solver's result. */
  readonly allocation: Allocation;
  /** Power allocated at the grid connection (setpoints plus uncontrolled sessions at their maximum), W. */
  readonly allocatedW: number;
  /** The site's limit in force, lowered by a demand-response cap at the grid connection, W. */
  readonly limitW: number;
  /** Sessions counted at their EVSE's maximum because their station refuses profiles. */
  readonly uncontrolled: readonly string[];
}

/** Options of {@link SiteBalancer}. */
export interface SiteBalancerOptions {
  /** The site. */
  readonly site: SiteConfig;
  /** Its EVSEs. */
  readonly evses: readonly EvseEntry[];
  /** Timers. */
  readonly clock: Clock;
  /** Where failed rounds are logged. */
  readonly logger: Logger;
  /** Debounce, refresh and hysteresis. */
  readonly settings: Pick<LoadManagementConfig, "debounceMs" | "refreshMs" | "hysteresisA">;
  /** The site's limits in force now. */
  readonly limits: () => SiteLimits;
  /** The site's running sessions now. */
  readonly sessions: () => readonly BalancedSession[];
  /** The site's demand-response events not over at `at`. */
  readonly demandResponse: (at: Instant) => readonly DemandResponseEvent[];
  /** Sends the setpoints. */
  readonly sender: ProfileSender;
  /** Told about every round. */
  readonly onRound: (round: SiteRound) => void;
}

/**
 * Rebalances one site: a request (a session started or ended, a meter showed a changed demand, a limit or a
 * demand-response event changed) starts a round after `debounceMs` on the Clock, so a burst of changes makes one
 * round; rounds also run when the solver says an input changes (`validUntil`: an event starts or ends) and every
 * `refreshMs`. A round is synchronous and deterministic: it builds the problem from the limits, the sessions (those
 * whose station refuses profiles as base load at their maximum) and the events, solves it with the previous round
 * for stickiness and hysteresis on the site prepared once for many rounds ({@link SitePreparation}: prepared again
 * only when the limits or the base loads change), and hands every session's setpoint to the sender, which skips
 * what the station runs already.
 */
export class SiteBalancer {
  private readonly o: SiteBalancerOptions;
  private readonly preparation: SitePreparation;
  private pending: { timer: TimerHandle; reason: string } | undefined;
  private wake: TimerHandle | undefined;
  private previous: PreviousRound | undefined;
  private lastRound: SiteRound | undefined;
  private closed = false;

  constructor(options: SiteBalancerOptions) {
    this.o = options;
    this.preparation = new SitePreparation(options.site, options.evses);
  }

  /** The latest round. */
  last(): SiteRound | undefined {
    return this.lastRound;
  }

  /** Asks for a round within `debounceMs` (requests before it runs join it). */
  request(reason: string): void {
    if (this.closed || this.pending !== undefined) return;
    const timer = this.o.clock.setTimeout(() => {
      const why = this.pending?.reason ?? reason;
      this.pending = undefined;
      this.run(why);
    }, this.o.settings.debounceMs);
    this.pending = { timer, reason };
  }

  /** Stops the timers. */
  close(): void {
    this.closed = true;
    if (this.pending !== undefined) this.o.clock.clearTimeout(this.pending.timer);
    if (this.wake !== undefined) this.o.clock.clearTimeout(this.wake);
    this.pending = undefined;
    this.wake = undefined;
  }

  /** Runs a round now. */
  run(reason: string): SiteRound | undefined {
    if (this.closed) return undefined;
    const { site, sender, clock } = this.o;
    const at = clock.now();
    const sessions = newestPerEvse(this.o.sessions());
    const uncontrolled = sessions.filter((s) => sender.uncontrolled(s.evse, s.key));
    const controlled = sessions.filter((s) => !sender.uncontrolled(s.evse, s.key));
    const limits = this.o.limits();
    let allocation: Allocation;
    try {
      const prepared = this.preparation.of(
        limits,
        uncontrolled.map((s) => ({
          evse: s.evse,
          ...(s.demand.phases === undefined ? {} : { phases: s.demand.phases }),
        })),
      );
      const problem = {
        site: prepared.site,
        sessions: controlled.map(solverSession),
        demandResponse: this.o.demandResponse(at),
        settings: { hysteresisCurrent: this.o.settings.hysteresisA },
        ...(this.previous === undefined ? {} : { previous: this.previous }),
      };
      allocation = allocate(problem, { at, prepared });
    } catch (error) {
      this.o.logger.error({ err: error, siteId: site.id }, "load-management round failed");
      this.arm(at, undefined);
      return undefined;
    }
    this.previous = toPreviousRound(allocation);
    const byKey = new Map(controlled.map((s) => [s.key, s]));
    for (const setpoint of allocation.setpoints) {
      const session = setpoint.session === undefined ? undefined : byKey.get(setpoint.session);
      if (session === undefined) continue;
      sender.send({
        evse: session.evse,
        session: session.key,
        transactionId: session.transactionId,
        value: setpoint.value,
        ...(setpoint.phases === undefined ? {} : { phases: setpoint.phases }),
      });
    }
    const root = allocation.nodes.find((n) => n.node === site.id);
    let limitW = gridLimitW(limits, site.voltage);
    for (const report of allocation.demandResponse) {
      const cap = report.samples[report.samples.length - 1]?.cap;
      if (report.node === site.id && report.direction === "import" && cap !== undefined) limitW = Math.min(limitW, cap);
    }
    const round: SiteRound = {
      siteId: site.id,
      at,
      reason,
      allocation,
      allocatedW: root?.importPower ?? 0,
      limitW,
      uncontrolled: uncontrolled.map((s) => s.key),
    };
    this.lastRound = round;
    this.arm(at, allocation.validUntil);
    try {
      this.o.onRound(round);
    } catch (error) {
      // a listener's failure (a live feed, a report) must not stop load management
      this.o.logger.error({ err: error, siteId: site.id }, "a listener of a load-management round failed");
    }
    return round;
  }

  /** The next unrequested round: when an input is known to change, or after `refreshMs`. */
  private arm(at: Instant, validUntil: Instant | undefined): void {
    if (this.wake !== undefined) this.o.clock.clearTimeout(this.wake);
    const next = Math.min(validUntil ?? Number.POSITIVE_INFINITY, at + this.o.settings.refreshMs);
    this.wake = this.o.clock.setTimeout(
      () => {
        this.wake = undefined;
        this.run(next === validUntil ? "input change" : "refresh");
      },
      Math.max(0, next - at),
    );
  }
}

/** The solver's session of a running session, with what the meters say the EV takes. */
function solverSession(s: BalancedSession): Session {
  return {
    id: s.key,
    connector: s.evse.ref,
    arrival: s.arrival,
    ...(s.demand.phases === undefined ? {} : { phases: s.demand.phases }),
    ...(s.demand.maxCurrent === undefined ? {} : { maxCurrent: s.demand.maxCurrent }),
    ...(s.demand.maxPower === undefined ? {} : { maxPower: s.demand.maxPower }),
  };
}

/**
 * One session per EVSE: when a stop was lost and a new session started on the same EVSE, the newer one is the
 * one charging (the solver refuses two sessions on one connector).
 */
function newestPerEvse(sessions: readonly BalancedSession[]): BalancedSession[] {
  const byEvse = new Map<string, BalancedSession>();
  for (const s of sessions) {
    const other = byEvse.get(s.evse.ref);
    if (other === undefined || s.arrival > other.arrival || (s.arrival === other.arrival && s.key > other.key)) {
      byEvse.set(s.evse.ref, s);
    }
  }
  return [...byEvse.values()];
}

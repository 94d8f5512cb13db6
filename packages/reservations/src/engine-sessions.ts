import type { Instant, TimerHandle } from "@chargekit/core";
import { pick, removalReason } from "./booking.js";
import { findConsumable, tokenMatches } from "./consumption.js";
import type { EngineCore } from "./engine-core.js";
import type { SessionStart, SessionStartOutcome } from "./engine-options.js";
import { type EvseRef, type EvseStatus, isEligible } from "./evse.js";
import type { Reservation } from "./reservation.js";
import type { SiteBook } from "./site-book.js";

/**
 * The engine's side of what happens at the chargers: sessions starting (and using reservations) and ending, EVSEs
 * faulting, and reservations whose window opens while their charger is taken or broken.
 *
 * @internal
 */
export class SessionDesk {
  private readonly core: EngineCore;
  private readonly overstayTimers = new Map<string, TimerHandle>();

  constructor(core: EngineCore) {
    this.core = core;
  }

  async sessionStarted(start: SessionStart): Promise<SessionStartOutcome> {
    const core = this.core;
    core.mustStart();
    const book = core.mustBookOfEvse(start.evse);
    return core.serial(book.site, async () => {
      const existing = book.evse(start.evse)?.session;
      if (existing?.sessionId === start.sessionId) {
        const used = existing.reservationId === undefined ? undefined : await core.store.get(existing.reservationId);
        return used === undefined ? {} : { used };
      }
      const at = start.at ?? core.clock.now();
      const used = await this.consume(book, start, at);
      book.setSession(start.evse, {
        sessionId: start.sessionId,
        start: at,
        ...pick(start, ["idToken", "groupIdToken", "energyNeeded", "power", "driver", "declaredEnd"]),
        ...(used === undefined ? {} : { reservationId: used.id, until: used.occupancy.end }),
      });
      if (used !== undefined) this.armOverstay(book, start.evse, start.sessionId, used);
      await this.clearEvse(book, start.evse, core.clock.now());
      return used === undefined ? {} : { used };
    });
  }

  async sessionEnded(end: {
    readonly evse: EvseRef;
    readonly sessionId: string;
    readonly at?: Instant;
  }): Promise<void> {
    const core = this.core;
    core.mustStart();
    const book = core.mustBookOfEvse(end.evse);
    await core.serial(book.site, async () => {
      if (book.evse(end.evse)?.session?.sessionId !== end.sessionId) return;
      book.setSession(end.evse, undefined);
      const key = `${end.evse}\u0000${end.sessionId}`;
      const overstay = this.overstayTimers.get(key);
      if (overstay !== undefined) core.clock.clearTimeout(overstay);
      this.overstayTimers.delete(key);
      core.announcer.announceIfFree(book, end.evse, end.at ?? core.clock.now());
    });
  }

  async setEvseStatus(evse: EvseRef, status: EvseStatus): Promise<void> {
    const core = this.core;
    core.mustStart();
    const book = core.mustBookOfEvse(evse);
    await core.serial(book.site, async () => {
      if (book.evse(evse)?.status === status) return;
      book.setStatus(evse, status);
      const now = core.clock.now();
      core.events.emit("evse:status", { site: book.site, evse, status, at: now });
      if (status === "available") core.announcer.announceIfFree(book, evse, now);
      else await this.clearEvse(book, evse, now);
    });
  }

  /** When a reservation became active: used at once if its driver already charges, moved or removed if needed. */
  async afterActivation(book: SiteBook, r: Reservation): Promise<void> {
    if (r.status !== "active") return;
    const now = this.core.clock.now();
    for (const ref of r.evse === undefined ? book.evseRefs() : [r.evse]) {
      const state = book.evse(ref);
      const session = state?.session;
      if (state === undefined || session === undefined || !tokenMatches(r, session)) continue;
      if (r.evse === undefined && !isEligible(state.spec, r)) continue;
      const done = await this.core.step(book, r.id, () => ({
        type: "consume",
        at: now,
        sessionId: session.sessionId,
        evse: ref,
      }));
      if (done.stored?.status === "used")
        book.setSession(ref, { ...session, reservationId: r.id, until: r.occupancy.end });
      return;
    }
    const state = book.evse(r.assignedEvse);
    if (state !== undefined && (state.status !== "available" || state.session !== undefined)) {
      await this.clearEvse(book, r.assignedEvse, now);
    }
  }

  /** Clears the overstay timers (the engine stops). */
  stop(): void {
    for (const handle of this.overstayTimers.values()) this.core.clock.clearTimeout(handle);
    this.overstayTimers.clear();
  }

  private async consume(book: SiteBook, start: SessionStart, at: Instant): Promise<Reservation | undefined> {
    const r = findConsumable(book, start.evse, start, at, start.reservationId);
    if (r === undefined) return undefined;
    const done = await this.core.step(book, r.id, (current) =>
      findConsumable(book, start.evse, start, at, current.id)?.id === current.id
        ? { type: "consume", at, sessionId: start.sessionId, evse: start.evse }
        : undefined,
    );
    return done.stored?.status === "used" ? done.stored : undefined;
  }

  /**
   * After a session started on `evse` or it became unusable: moves the site-level holds open there, removes what
   * cannot stay, and reports reservations put at risk.
   */
  private async clearEvse(book: SiteBook, evse: EvseRef, now: Instant): Promise<void> {
    const core = this.core;
    const state = book.evse(evse);
    if (state === undefined) return;
    const unusable = state.status !== "available";
    const risk = unusable ? "evse_unusable" : "evse_occupied";
    const open = book.reservationsOn(evse, now, now + 1);
    const floating = (unusable ? book.reservationsOn(evse, now, Number.MAX_SAFE_INTEGER) : open).filter(
      (r) => r.evse === undefined,
    );
    for (const r of open.filter((x) => x.evse !== undefined)) {
      if (unusable)
        await core.step(book, r.id, () => ({ type: "remove", at: now, reason: removalReason(state.status) }));
      else core.events.emit("reservation:at-risk", { reservation: r, reason: "evse_occupied" });
    }
    if (floating.length === 0) return;
    const plan = book.planEvacuation(
      evse,
      floating.map((r) => r.id),
      now,
    );
    if (plan.moves.length > 0) {
      const written = await core.store.commit({ updates: core.moveUpdates(book, plan.moves, now) });
      if (written.ok) {
        core.applyAll(book, written.value);
        for (const moved of written.value) if (moved.status === "active") core.announcer.openOnStation(moved);
      } else await core.reload(book);
    }
    for (const id of plan.stuck) {
      const r = book.reservation(id);
      if (r === undefined) continue;
      const openNow = r.occupancy.start <= now && now < r.occupancy.end;
      if (openNow && unusable) await core.step(book, id, () => ({ type: "remove", at: now, reason: "capacity_lost" }));
      else core.events.emit("reservation:at-risk", { reservation: r, reason: openNow ? "evse_occupied" : risk });
    }
  }

  private armOverstay(book: SiteBook, evse: EvseRef, sessionId: string, used: Reservation): void {
    const key = `${evse}\u0000${sessionId}`;
    const handle = this.core.clock.setTimeout(() => {
      this.overstayTimers.delete(key);
      if (book.evse(evse)?.session?.sessionId !== sessionId) return;
      this.core.events.emit("session:overstay", {
        site: book.site,
        evse,
        sessionId,
        reservationId: used.id,
        since: used.lateStopUntil,
      });
    }, used.lateStopUntil - this.core.clock.now());
    this.overstayTimers.set(key, handle);
  }
}

import {
  err,
  type Instant,
  ok,
  type ReservationId,
  type Result,
  type SiteId,
  type TypedEmitter,
} from "@chargekit/core";
import { checkWindow, draftReservation, owns, refusalOf } from "./booking.js";
import { decideStart } from "./consumption.js";
import { EngineCore } from "./engine-core.js";
import type { ReservationEngineOptions, SessionStart, SessionStartOutcome } from "./engine-options.js";
import { SessionDesk } from "./engine-sessions.js";
import { offerSlot } from "./eta-offer.js";
import type { ReservationEvents } from "./events.js";
import type { EvseRef, EvseStatus } from "./evse.js";
import { type LifecycleEvent, nextDeadline, transition } from "./lifecycle.js";
import type { ReservationPolicy } from "./policy.js";
import {
  type ActionRefusal,
  type Actor,
  type BookingRefusal,
  type BookingRequest,
  bookingRequestSchema,
  type EtaOutcome,
  type PresentedToken,
  type SlotOffer,
  type StartDecision,
} from "./requests.js";
import { bookingTerms, isLive, type Reservation } from "./reservation.js";
import type { SiteBook } from "./site-book.js";
import { type SiteView, viewOf } from "./site-view.js";

const NEW_ID = -1 as ReservationId;

/**
 * Creates a {@link ReservationEngine}. Call `start()` before use: it loads live reservations from the store, builds
 * the in-memory index and re-arms expiry and no-show timers (firing those that fell due while it was down).
 *
 * @category Engine
 */
export function createReservationEngine(options: ReservationEngineOptions): ReservationEngine {
  return new ReservationEngine(options);
}

/**
 * The reservation engine: books windows on EVSEs (or site-level holds), keeps per-EVSE interval trees as the fast
 * index, runs the lifecycle on the Clock, decides walk-up starts, and announces every change as a typed event. The
 * store decides conflicts between processes; the engine retries after losing a race.
 *
 * @example
 * ```ts
 * const engine = createReservationEngine({ store: createMemoryReservationStore(), sites: [site] });
 * await engine.start();
 * const booked = await engine.book({ site: site.site, driver, idToken, connectorType: "cType2", window });
 * ```
 * @category Engine
 */
export class ReservationEngine {
  /** Lifecycle, station and EVSE events. */
  readonly events: TypedEmitter<ReservationEvents>;
  private readonly core: EngineCore;
  private readonly desk: SessionDesk;

  constructor(options: ReservationEngineOptions) {
    this.core = new EngineCore(options);
    this.desk = new SessionDesk(this.core);
    this.events = this.core.events;
    this.core.onDue = (book, id) => this.advance(book, id);
  }

  /** Loads live reservations from the store, builds the index and arms the timers (due ones fire at once). */
  async start(): Promise<void> {
    const core = this.core;
    core.started = true;
    for (const book of core.books.values()) {
      await core.serial(book.site, async () => {
        await core.reload(book);
        const now = core.clock.now();
        const due = [...book.reservations()]
          .filter((r) => (nextDeadline(r) ?? Number.POSITIVE_INFINITY) <= now)
          .sort((a, b) => (nextDeadline(a) ?? 0) - (nextDeadline(b) ?? 0));
        for (const r of due) await this.advance(book, r.id);
      });
    }
  }

  /**
   * Resolves once the work the engine has under way is done: operations called and not yet settled, and what fired
   * deadlines started (a no-show or an expiry being written to the store). For an orderly shutdown (`stop()`, then
   * `await idle()`, then close the store's client) and for tests on a manual clock, whose `advanceAsync` cannot wait
   * for a store that answers over the network. A deadline that falls due while such a write is under way is armed on
   * the clock as usual (a manual clock fires it at its next advance).
   *
   * @example
   * ```ts
   * await clock.advanceAsync(30 * MINUTE); // a no-show deadline fires
   * await engine.idle(); // and its write reached the store
   * ```
   */
  idle(): Promise<void> {
    return this.core.idle();
  }

  /** Clears every timer; the engine can be started again. Work under way continues: see {@link ReservationEngine.idle}. */
  stop(): void {
    this.core.disarmAll();
    this.desk.stop();
    this.core.started = false;
  }

  /** The booking terms of a site. */
  policy(site: SiteId): ReservationPolicy {
    return this.core.policy(site);
  }

  /** A read-only view of a site's index, for availability search and queue estimates; `undefined` if unknown. */
  view(site: SiteId): SiteView | undefined {
    const book = this.core.books.get(site);
    return book === undefined ? undefined : viewOf(book, this.core.policy(site));
  }

  /** The sites this engine manages. */
  sites(): SiteId[] {
    return [...this.core.books.keys()];
  }

  /** Creates a `held` reservation; it expires after the policy's hold TTL unless confirmed. */
  hold(request: BookingRequest): Promise<Result<Reservation, BookingRefusal>> {
    return this.admit(request, false);
  }

  /** Creates a `confirmed` reservation in one step (hold and confirm). */
  book(request: BookingRequest): Promise<Result<Reservation, BookingRefusal>> {
    return this.admit(request, true);
  }

  /** Confirms a held reservation. Confirming twice is harmless. */
  confirm(id: ReservationId, actor: Actor = {}): Promise<Result<Reservation, ActionRefusal>> {
    return this.act(id, actor, (at) => ({ type: "confirm", at }));
  }

  /** Cancels a live reservation (a driver, when `actor.driver` is set; the operator otherwise). */
  cancel(id: ReservationId, actor: Actor = {}): Promise<Result<Reservation, ActionRefusal>> {
    const by = actor.driver === undefined ? "operator" : "driver";
    return this.act(id, actor, (at) => ({ type: "cancel", at, by }));
  }

  /** A reservation (live or ended), or `undefined` — also when it is not `actor.driver`'s. */
  async get(id: ReservationId, actor: Actor = {}): Promise<Reservation | undefined> {
    const found = this.core.indexed(id) ?? (await this.core.store.get(id));
    return found === undefined || !owns(actor, found) ? undefined : found;
  }

  /** The live reservations of a site (operator view). */
  liveAt(site: SiteId): Reservation[] {
    return [...(this.core.books.get(site)?.reservations() ?? [])];
  }

  /**
   * A navigation app reports a new arrival time. Inside `[window.start − earlyStart, window.start + grace]` the slot
   * is kept; otherwise the nearest feasible slot at or after the arrival is offered (not held).
   */
  async updateEta(id: ReservationId, arrival: Instant, actor: Actor = {}): Promise<Result<EtaOutcome, ActionRefusal>> {
    const core = this.core;
    core.mustStart();
    const located = await this.locate(id, actor);
    if (!located.ok) return located;
    const book = located.value;
    return core.serial(book.site, async () => {
      for (let attempt = 0; attempt <= core.retries; attempt++) {
        const r = book.reservation(id);
        if (r === undefined || !owns(actor, r)) return err({ reason: "not_found" as const });
        const policy = core.policy(book.site);
        const now = core.clock.now();
        const inside = arrival >= r.window.start - policy.earlyStart && arrival <= r.window.start + policy.grace;
        if (!inside) return ok(offerSlot(book, policy, r, arrival, now));
        const written = await core.store.commit({
          updates: [{ next: { ...r, eta: arrival, updatedAt: now }, expectedVersion: r.version }],
        });
        if (written.ok) {
          core.applyAll(book, written.value);
          return ok({ kind: "kept" as const });
        }
        await core.refreshOne(book, id);
      }
      return err({ reason: "conflict" as const });
    });
  }

  /** Accepts an ETA offer: moves the reservation to the offered window if it is still free. */
  async acceptOffer(
    id: ReservationId,
    offer: SlotOffer,
    actor: Actor = {},
  ): Promise<Result<Reservation, ActionRefusal | BookingRefusal>> {
    const core = this.core;
    core.mustStart();
    if (core.clock.now() >= offer.expiresAt) return err({ reason: "offer_expired" });
    const located = await this.locate(id, actor);
    if (!located.ok) return located;
    const book = located.value;
    return core.serial(book.site, async () => {
      for (let attempt = 0; attempt <= core.retries; attempt++) {
        const r = book.reservation(id);
        if (r === undefined || !owns(actor, r)) return err({ reason: "not_found" as const });
        const policy = core.policy(book.site);
        const now = core.clock.now();
        const windowRefusal = checkWindow(offer.window, policy, now);
        if (windowRefusal !== undefined) return err({ reason: windowRefusal });
        const terms = bookingTerms(offer.window, policy);
        const evse = r.evse === undefined ? {} : { evse: r.evse };
        const plan = book.planAdmission({ id, ...evse, need: r, occupancy: terms.occupancy }, now);
        if (!plan.ok) return err({ reason: plan.reason });
        const moved = transition(r, {
          type: "reschedule",
          at: now,
          window: offer.window,
          terms,
          assignedEvse: plan.assigned,
        });
        const written = await core.store.commit({
          updates: [
            { next: moved.reservation, expectedVersion: r.version },
            ...core.moveUpdates(book, plan.moves, now),
          ],
        });
        if (written.ok) {
          core.applyAll(book, written.value);
          const stored = written.value[0] as Reservation;
          core.events.emit("reservation:rescheduled", { reservation: stored, previous: r.window });
          core.announcer.announce(r, stored, moved.steps, now);
          if (stored.status === "active") core.announcer.openOnStation(stored);
          return ok(stored);
        }
        await core.reload(book);
      }
      return err({ reason: "conflict" as const });
    });
  }

  /**
   * Walk-up fairness check before a start (synchronous, from the index): a reserved EVSE refuses other tokens only
   * inside the reservation's occupancy; a matching token is allowed and told which reservation it uses.
   */
  authorizeStart(evse: EvseRef, presented: PresentedToken, at: Instant = this.core.clock.now()): StartDecision {
    const book = this.core.bookOfEvse(evse);
    if (book === undefined) return { allowed: false, reason: "unknown_evse" };
    return decideStart(book, evse, presented, at).decision;
  }

  /**
   * A session started: uses the matching reservation (idempotent per session id), records the session, and moves
   * site-level holds away from the EVSE (or reports reservations it puts at risk).
   */
  sessionStarted(start: SessionStart): Promise<SessionStartOutcome> {
    return this.desk.sessionStarted(start);
  }

  /** A session ended: the EVSE is free again (announced as `evse:available` unless a reservation holds it). */
  sessionEnded(end: { readonly evse: EvseRef; readonly sessionId: string; readonly at?: Instant }): Promise<void> {
    return this.desk.sessionEnded(end);
  }

  /**
   * An EVSE's status changed. When it becomes unusable, reservations open on it end as `removed` and site-level
   * holds move to other eligible EVSEs where they can.
   */
  setEvseStatus(evse: EvseRef, status: EvseStatus): Promise<void> {
    return this.desk.setEvseStatus(evse, status);
  }

  private async admit(raw: BookingRequest, confirm: boolean): Promise<Result<Reservation, BookingRefusal>> {
    const core = this.core;
    core.mustStart();
    const parsed = bookingRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
      return err({ reason: "invalid_request", message });
    }
    const request = parsed.data;
    const book = core.books.get(request.site);
    if (book === undefined) return err({ reason: "unknown_site" });
    const policy = core.policy(request.site);
    const limit = { reason: "driver_limit" as const, max: policy.maxActivePerDriver };
    return core.serial(book.site, async () => {
      for (let attempt = 0; attempt <= core.retries; attempt++) {
        const now = core.clock.now();
        const windowRefusal = checkWindow(request.window, policy, now);
        if (windowRefusal !== undefined) return err({ reason: windowRefusal });
        if (core.liveCount(request.driver) >= policy.maxActivePerDriver) return err(limit);
        const plan = book.planAdmission(
          {
            id: NEW_ID,
            ...(request.evse === undefined ? {} : { evse: request.evse }),
            need: { connectorType: request.connectorType, minPower: request.minPower ?? 0 },
            occupancy: bookingTerms(request.window, policy).occupancy,
          },
          now,
        );
        if (!plan.ok) return err({ reason: plan.reason });
        const created = draftReservation(request, await core.store.nextId(), plan.assigned, policy, now);
        const confirmed = confirm ? transition(created, { type: "confirm", at: now }) : undefined;
        const written = await core.store.commit({
          creates: [confirmed?.reservation ?? created],
          updates: core.moveUpdates(book, plan.moves, now),
          driverLimit: { driver: request.driver, max: policy.maxActivePerDriver },
        });
        if (written.ok) {
          core.applyAll(book, written.value);
          const stored = written.value[0] as Reservation;
          core.events.emit("reservation:held", { reservation: confirmed === undefined ? stored : created });
          core.announcer.announce(created, stored, confirmed?.steps ?? [], now);
          await this.desk.afterActivation(book, stored);
          return ok(stored);
        }
        if (written.error.kind === "driver_limit") return err(limit);
        core.logger.debug({ site: book.site, conflict: written.error }, "booking lost a race; reloading the site");
        await core.reload(book);
      }
      return err({ reason: "conflict" as const });
    });
  }

  private async act(
    id: ReservationId,
    actor: Actor,
    event: (at: Instant) => LifecycleEvent,
  ): Promise<Result<Reservation, ActionRefusal>> {
    const core = this.core;
    core.mustStart();
    const located = await this.locate(id, actor);
    if (!located.ok) {
      const stored = await core.store.get(id);
      if (stored === undefined || !owns(actor, stored) || isLive(stored.status)) return located;
      const replay = transition(stored, event(core.clock.now()));
      return replay.refusal === undefined ? ok(stored) : err(refusalOf(replay.refusal, stored));
    }
    const book = located.value;
    return core.serial(book.site, async () => {
      let foreign = false;
      const done = await core.step(
        book,
        id,
        (current) => {
          foreign = !owns(actor, current);
          return foreign ? undefined : event(core.clock.now());
        },
        { fromStore: true },
      );
      const { before, result, stored } = done;
      if (before === undefined || foreign) return err({ reason: "not_found" as const });
      if (result === undefined) return err({ reason: "conflict" as const });
      if (stored !== undefined) await this.desk.afterActivation(book, stored);
      const current = stored ?? before;
      return result.refusal === undefined ? ok(current) : err(refusalOf(result.refusal, current));
    });
  }

  /** Finds the site of a reservation (loading its site from the store when another process created it). */
  private async locate(id: ReservationId, actor: Actor): Promise<Result<SiteBook, ActionRefusal>> {
    const core = this.core;
    const indexed = core.bookOfReservation(id);
    if (indexed !== undefined) return ok(indexed);
    const stored = await core.store.get(id);
    if (stored === undefined || !owns(actor, stored)) return err({ reason: "not_found" });
    const book = core.books.get(stored.site);
    if (book === undefined) return err({ reason: "not_found" });
    if (!isLive(stored.status)) return err({ reason: "ended", status: stored.status });
    await core.serial(book.site, () => core.reload(book));
    return ok(book);
  }

  /** A deadline fell due: apply it (and what an opening window needs), or re-arm when it is not due after all. */
  private async advance(book: SiteBook, id: ReservationId): Promise<void> {
    const done = await this.core.step(book, id, () => ({ type: "tick", at: this.core.clock.now() }));
    if (done.stored !== undefined) await this.desk.afterActivation(book, done.stored);
    else {
      const r = book.reservation(id);
      if (r !== undefined) this.core.arm(r);
    }
  }
}

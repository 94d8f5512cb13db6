import {
  ChargekitError,
  type Clock,
  createEmitter,
  type DriverId,
  type Instant,
  type Logger,
  type ReservationId,
  type SiteId,
  silentLogger,
  systemClock,
  type TimerHandle,
  type TypedEmitter,
} from "@chargekit/core";
import { Announcer } from "./announcer.js";
import type { ReservationEngineOptions } from "./engine-options.js";
import type { ReservationEvents } from "./events.js";
import { type EvseRef, evseSpecSchema } from "./evse.js";
import { type LifecycleEvent, nextDeadline, type TransitionResult, transition } from "./lifecycle.js";
import { type ReservationPolicy, resolvePolicy } from "./policy.js";
import { isLive, type Reservation, reservationSchema } from "./reservation.js";
import { type Move, SiteBook } from "./site-book.js";
import type { ReservationStore, ReservationUpdate } from "./store.js";

/** What {@link EngineCore.step} did. */
export interface Stepped {
  /** The reservation before the event (undefined when it is not indexed and not stored). */
  readonly before: Reservation | undefined;
  /** The transition that was applied (or would have been, when nothing changed). */
  readonly result: TransitionResult | undefined;
  /** The stored record after the event, when something was written. */
  readonly stored: Reservation | undefined;
}

/**
 * The engine's shared state and its write path: the per-site interval trees, the serialisation of writes per site,
 * writing to the store with optimistic versions (reloading a site when another process got there first), keeping
 * the index and the deadline timers in step, and announcing what changed.
 *
 * @internal
 */
export class EngineCore {
  readonly events: TypedEmitter<ReservationEvents> = createEmitter<ReservationEvents>();
  readonly store: ReservationStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retries: number;
  readonly books = new Map<SiteId, SiteBook>();
  readonly announcer: Announcer;
  started = false;
  /** Called when a reservation's deadline is due (inside the site's serial section). */
  onDue: (book: SiteBook, id: ReservationId) => Promise<void> = async () => {};
  private readonly policies = new Map<SiteId, ReservationPolicy>();
  private readonly siteOfEvse = new Map<EvseRef, SiteId>();
  private readonly siteOfReservation = new Map<ReservationId, SiteId>();
  private readonly timers = new Map<ReservationId, TimerHandle>();
  private readonly locks = new Map<SiteId, Promise<unknown>>();
  /** Sites whose index disagreed with what the store accepted: reloaded when the current operation ends. */
  private readonly outOfStep = new Set<SiteId>();

  constructor(options: ReservationEngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.retries = options.retries ?? 3;
    this.announcer = new Announcer(this.events, (site) => this.books.get(site));
    const base = resolvePolicy(options.policy ?? {});
    const planner = { budget: options.planner?.budget ?? 20_000, maxComponent: options.planner?.maxComponent ?? 256 };
    for (const config of options.sites) {
      if (this.books.has(config.site)) throw new ChargekitError("INVALID_ARGUMENT", `site ${config.site} given twice`);
      for (const spec of config.evses) {
        const parsed = evseSpecSchema.safeParse(spec);
        if (!parsed.success) {
          const why = parsed.error.issues[0]?.message;
          throw new ChargekitError("INVALID_ARGUMENT", `invalid EVSE ${String(spec.ref)}: ${why}`);
        }
        if (this.siteOfEvse.has(spec.ref)) {
          throw new ChargekitError("INVALID_ARGUMENT", `EVSE reference ${spec.ref} is used twice (must be unique)`);
        }
        this.siteOfEvse.set(spec.ref, config.site);
      }
      this.books.set(config.site, new SiteBook(config.site, config.evses, planner));
      this.policies.set(config.site, resolvePolicy(config.policy ?? {}, base));
    }
  }

  policy(site: SiteId): ReservationPolicy {
    const policy = this.policies.get(site);
    if (policy === undefined) throw new ChargekitError("NOT_FOUND", `unknown site ${site}`);
    return policy;
  }

  mustStart(): void {
    if (!this.started) throw new ChargekitError("UNAVAILABLE", "the reservation engine is not started (call start())");
  }

  bookOfEvse(evse: EvseRef): SiteBook | undefined {
    const site = this.siteOfEvse.get(evse);
    return site === undefined ? undefined : this.books.get(site);
  }

  mustBookOfEvse(evse: EvseRef): SiteBook {
    const book = this.bookOfEvse(evse);
    if (book === undefined) throw new ChargekitError("NOT_FOUND", `unknown EVSE ${evse}`);
    return book;
  }

  /** The site book of an indexed reservation. */
  bookOfReservation(id: ReservationId): SiteBook | undefined {
    const site = this.siteOfReservation.get(id);
    return site === undefined ? undefined : this.books.get(site);
  }

  indexed(id: ReservationId): Reservation | undefined {
    return this.bookOfReservation(id)?.reservation(id);
  }

  liveCount(driver: DriverId): number {
    let n = 0;
    for (const book of this.books.values()) for (const r of book.reservations()) if (r.driver === driver) n++;
    return n;
  }

  /** Runs `fn` after every earlier operation on the site (one writer per site in this process). */
  serial<T>(site: SiteId, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(site) ?? Promise.resolve();
    const task = async (): Promise<T> => {
      try {
        return await fn();
      } finally {
        const book = this.books.get(site);
        if (this.outOfStep.delete(site) && book !== undefined) await this.reload(book);
      }
    };
    const run = previous.then(task, task);
    this.locks.set(
      site,
      run.catch(() => undefined),
    );
    return run;
  }

  /**
   * Resolves once every operation queued on any site has finished, including operations queued meanwhile (deadline
   * timers that fired, a reload after a stale write).
   */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.locks.values()];
      await Promise.all(pending);
      const now = [...this.locks.values()];
      if (now.length === pending.length && now.every((p, i) => p === pending[i])) return;
    }
  }

  /**
   * Applies a lifecycle event to a reservation and stores the result, retrying with the stored version when another
   * writer changed it first; announces the change. `make` returns `undefined` to give up.
   */
  async step(
    book: SiteBook,
    id: ReservationId,
    make: (current: Reservation) => LifecycleEvent | undefined,
    options: { readonly fromStore?: boolean } = {},
  ): Promise<Stepped> {
    let before: Reservation | undefined;
    let result: TransitionResult | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      before = book.reservation(id) ?? (options.fromStore === true ? await this.store.get(id) : undefined);
      if (before === undefined) return { before, result: undefined, stored: undefined };
      const event = make(before);
      if (event === undefined) return { before, result: undefined, stored: undefined };
      result = transition(before, event);
      if (!result.changed) return { before, result, stored: undefined };
      const written = await this.store.commit({
        updates: [{ next: result.reservation, expectedVersion: before.version }],
      });
      if (written.ok) {
        this.applyAll(book, written.value);
        const stored = written.value[0] as Reservation;
        this.announcer.announce(before, stored, result.steps, this.clock.now());
        return { before, result, stored };
      }
      await this.refreshOne(book, id);
    }
    return { before, result: undefined, stored: undefined };
  }

  /** Store updates that move site-level holds as planned. */
  moveUpdates(book: SiteBook, moves: readonly Move[], now: Instant): ReservationUpdate[] {
    return moves.map((m) => {
      const r = book.reservation(m.id) as Reservation;
      return { next: { ...r, assignedEvse: m.to, updatedAt: now }, expectedVersion: r.version };
    });
  }

  /** Puts stored records into the index and (re)arms their deadlines. */
  applyAll(book: SiteBook, records: readonly Reservation[]): void {
    for (const r of records) book.drop(r.id);
    for (const r of records) {
      const conflict = book.put(r);
      if (conflict !== undefined) {
        this.logger.warn({ site: book.site, reservationId: r.id, conflict }, "index out of step with the store");
        this.outOfStep.add(book.site);
      }
      if (isLive(r.status)) this.siteOfReservation.set(r.id, r.site);
      else this.siteOfReservation.delete(r.id);
      this.arm(r);
    }
  }

  /** Rebuilds a site's index from the store (after losing a race, or at start). */
  async reload(book: SiteBook): Promise<void> {
    const records = await this.store.listLive({ site: book.site });
    for (const [id, site] of this.siteOfReservation) {
      if (site !== book.site) continue;
      this.siteOfReservation.delete(id);
      this.disarm(id);
    }
    book.clear();
    const valid: Reservation[] = [];
    for (const raw of records) {
      const parsed = reservationSchema.safeParse(raw);
      if (!parsed.success || book.evse(raw.assignedEvse) === undefined) {
        const issues = parsed.success ? ["unknown EVSE"] : parsed.error.issues;
        this.logger.error(
          { site: book.site, reservationId: raw.id, issues },
          "skipping a stored reservation that cannot be read",
        );
        continue;
      }
      valid.push(parsed.data);
    }
    this.applyAll(book, valid);
  }

  /** Re-reads one record after a stale write (the whole site when it moved under another writer). */
  async refreshOne(book: SiteBook, id: ReservationId): Promise<void> {
    const stored = await this.store.get(id);
    if (stored === undefined || stored.site !== book.site) {
      book.drop(id);
      this.siteOfReservation.delete(id);
      return;
    }
    const known = book.reservation(id);
    const moved =
      known !== undefined &&
      isLive(stored.status) &&
      (stored.assignedEvse !== known.assignedEvse || stored.occupancy.start !== known.occupancy.start);
    if (moved) await this.reload(book);
    else this.applyAll(book, [stored]);
  }

  /** Arms the timer of a reservation's next deadline (or clears it when there is none). */
  arm(r: Reservation): void {
    this.disarm(r.id);
    const due = nextDeadline(r);
    if (due === undefined || !this.started) return;
    const site = r.site;
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(r.id);
      const book = this.books.get(site);
      if (book === undefined) return;
      this.serial(site, () => this.onDue(book, r.id)).catch((error: unknown) => {
        this.logger.error({ reservationId: r.id, error }, "reservation deadline failed");
      });
    }, due - this.clock.now());
    this.timers.set(r.id, handle);
  }

  /** Clears every deadline timer. */
  disarmAll(): void {
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private disarm(id: ReservationId): void {
    const handle = this.timers.get(id);
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this.timers.delete(id);
  }
}

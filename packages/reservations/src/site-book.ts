import {
  ChargekitError,
  type DriverId,
  type IdToken,
  type Instant,
  type Interval,
  type ReservationId,
  type SiteId,
  type WattHours,
  type Watts,
} from "@chargekit/core";
import { type Movable, solveAssignment } from "./assignment.js";
import { type EvseRef, type EvseRequirement, type EvseSpec, type EvseStatus, isEligible } from "./evse.js";
import { IntervalTree } from "./interval-tree.js";
import { isLive, type Reservation } from "./reservation.js";

/**
 * A charging session in progress on an EVSE, as the engine knows it.
 *
 * @category Engine
 */
export interface SessionInfo {
  /** The integrator's session (transaction) id. */
  readonly sessionId: string;
  /** When it started. */
  readonly start: Instant;
  /** The token that started it, if known. */
  readonly idToken?: IdToken;
  /** That token's group (parent) token, if known. */
  readonly groupIdToken?: IdToken;
  /** The reservation it used, if any. */
  readonly reservationId?: ReservationId;
  /**
   * For a session that used a reservation: the end of that reservation's occupancy. The EVSE stays blocked for new
   * bookings until then (or until the session ends), as the reservation blocked it before it was used.
   */
  readonly until?: Instant;
  /** The driver (account), if known: the dwell model learns personal habits. */
  readonly driver?: DriverId;
  /** The departure the driver stated, if any. */
  readonly declaredEnd?: Instant;
  /** Energy the car still needs when it started, in Wh, if known (for the queue estimator). */
  readonly energyNeeded?: WattHours;
  /** Power allocated to it, in W, if known (for the queue estimator). */
  readonly power?: Watts;
}

/**
 * One EVSE of a site inside the engine's index.
 *
 * @category Engine
 */
export interface EvseState {
  /** What it offers. */
  readonly spec: EvseSpec;
  /** Whether it is usable. */
  readonly status: EvseStatus;
  /** The session on it, if any. */
  readonly session: SessionInfo | undefined;
}

interface MutableEvse {
  spec: EvseSpec;
  status: EvseStatus;
  session: SessionInfo | undefined;
  readonly tree: IntervalTree<ReservationId>;
}

/**
 * A reservation the plan moves from one EVSE to another (site-level holds only).
 *
 * @category Engine
 */
export interface Move {
  /** The reservation. */
  readonly id: ReservationId;
  /** Where the plan had it. */
  readonly from: EvseRef;
  /** Where the plan puts it. */
  readonly to: EvseRef;
}

/**
 * Why a reservation cannot be admitted.
 * - `unknown_evse`: the booked EVSE is not part of the site.
 * - `not_eligible`: the booked EVSE lacks the connector type or the power.
 * - `no_eligible_evse`: no EVSE of the site has the connector type and the power.
 * - `evse_unusable`: the booked EVSE is faulted or unavailable.
 * - `evse_occupied`: the window starts now and a car is charging on the booked EVSE.
 * - `slot_taken`: another reservation occupies the booked EVSE in that time.
 * - `no_capacity`: every eligible EVSE is reserved (or unusable) at some instant of the window.
 *
 * @category Engine
 */
export type AdmissionRefusal =
  | "unknown_evse"
  | "not_eligible"
  | "no_eligible_evse"
  | "evse_unusable"
  | "evse_occupied"
  | "slot_taken"
  | "no_capacity";

/** @internal */
export type Admission =
  | { readonly ok: true; readonly assigned: EvseRef; readonly moves: readonly Move[] }
  | { readonly ok: false; readonly reason: AdmissionRefusal; readonly conflictsWith?: ReservationId };

/** @internal */
export interface AdmissionRequest {
  /** Id of the reservation (its own current placement is ignored: rescheduling). */
  readonly id: ReservationId;
  readonly evse?: EvseRef;
  readonly need: EvseRequirement;
  readonly occupancy: Interval;
}

/** @internal */
export interface BookOptions {
  /** Search steps per assignment problem before giving up (refusing). */
  readonly budget: number;
  /** Largest number of site-level holds one problem may move. */
  readonly maxComponent: number;
}

const requirementOf = (r: Reservation): EvseRequirement => ({ connectorType: r.connectorType, minPower: r.minPower });
/** True when a used reservation's session still blocks an occupancy starting at `start`. */
const sessionBlocks = (session: SessionInfo | undefined, start: Instant): boolean =>
  session?.until !== undefined && session.until > start;
const activeAt = (occupancy: Interval, t: Instant): boolean => occupancy.start <= t && t < occupancy.end;

/**
 * The in-memory index of one site: an interval tree per EVSE holding the live reservations assigned to it, the
 * sessions in progress, and the planner that admits reservations and moves site-level holds so that the witness
 * assignment stays valid. Planning is pure; the engine applies a plan after the store accepted it.
 *
 * @internal
 */
export class SiteBook {
  private readonly evses = new Map<EvseRef, MutableEvse>();
  private readonly live = new Map<ReservationId, Reservation>();

  readonly site: SiteId;
  private readonly options: BookOptions;

  constructor(site: SiteId, evses: readonly EvseSpec[], options: BookOptions) {
    this.site = site;
    this.options = options;
    for (const spec of evses) this.addEvse(spec);
  }

  addEvse(spec: EvseSpec): void {
    if (this.evses.has(spec.ref)) {
      throw new ChargekitError("INVALID_ARGUMENT", `EVSE ${spec.ref} is already part of site ${this.site}`);
    }
    this.evses.set(spec.ref, {
      spec,
      status: spec.status ?? "available",
      session: undefined,
      tree: new IntervalTree(),
    });
  }

  evse(ref: EvseRef): EvseState | undefined {
    const e = this.evses.get(ref);
    return e === undefined ? undefined : { spec: e.spec, status: e.status, session: e.session };
  }

  evseRefs(): EvseRef[] {
    return [...this.evses.keys()];
  }

  setStatus(ref: EvseRef, status: EvseStatus): void {
    const evse = this.must(ref);
    evse.status = status;
  }

  setSession(ref: EvseRef, session: SessionInfo | undefined): void {
    this.must(ref).session = session;
  }

  reservation(id: ReservationId): Reservation | undefined {
    return this.live.get(id);
  }

  reservations(): IterableIterator<Reservation> {
    return this.live.values();
  }

  /** Reservations on `ref` overlapping `[start, end)`, in order. */
  reservationsOn(ref: EvseRef, start: Instant, end: Instant): Reservation[] {
    const evse = this.evses.get(ref);
    if (evse === undefined) return [];
    return evse.tree.overlapping(start, end).map((e) => this.live.get(e.value) as Reservation);
  }

  /** The live reservation on `ref` whose occupancy contains `t`. */
  reservationAt(ref: EvseRef, t: Instant): Reservation | undefined {
    const hit = this.evses.get(ref)?.tree.at(t);
    return hit === undefined ? undefined : this.live.get(hit.value);
  }

  /** The first live reservation on `ref` whose occupancy starts at or after `t`. */
  nextReservation(ref: EvseRef, t: Instant): Reservation | undefined {
    const hit = this.evses.get(ref)?.tree.after(t);
    return hit === undefined ? undefined : this.live.get(hit.value);
  }

  /**
   * The earliest `s >= from` at which `ref` is free of reservations for `length` ms (and past the blocked part of
   * a session that used a reservation).
   */
  earliestGap(ref: EvseRef, from: Instant, length: number, ignore?: ReservationId): Instant {
    const evse = this.must(ref);
    const tree = evse.tree;
    const until = evse.session?.until;
    const start = until !== undefined && until > from ? until : from;
    const own = ignore === undefined ? undefined : this.live.get(ignore);
    if (own === undefined || own.assignedEvse !== ref) return tree.earliestGap(start, length);
    tree.remove(own.occupancy.start, own.id);
    try {
      return tree.earliestGap(start, length);
    } finally {
      tree.insert(own.occupancy.start, own.occupancy.end, own.id);
    }
  }

  /** Free stretches of `ref` of at least `minLength` within `[from, to)`. */
  gaps(ref: EvseRef, from: Instant, to: Instant, minLength: number): Interval[] {
    const evse = this.must(ref);
    const until = evse.session?.until;
    return evse.tree.gaps(until !== undefined && until > from ? Math.min(until, to) : from, to, minLength);
  }

  /** Adds, updates or (when terminal) drops a reservation. Returns the id of a reservation in the way, if any. */
  put(record: Reservation): ReservationId | undefined {
    this.drop(record.id);
    if (!isLive(record.status)) return undefined;
    const evse = this.must(record.assignedEvse);
    const conflict = evse.tree.insert(record.occupancy.start, record.occupancy.end, record.id);
    if (conflict !== undefined) return conflict.value;
    this.live.set(record.id, record);
    return undefined;
  }

  /** Removes a reservation from the index. */
  drop(id: ReservationId): void {
    const old = this.live.get(id);
    if (old === undefined) return;
    this.evses.get(old.assignedEvse)?.tree.remove(old.occupancy.start, id);
    this.live.delete(id);
  }

  /** Removes everything (before a rebuild from the store). */
  clear(): void {
    for (const evse of this.evses.values()) evse.tree.clear();
    this.live.clear();
  }

  /**
   * Plans the admission of a reservation at `now`: where it goes and which site-level holds move to make room.
   */
  planAdmission(request: AdmissionRequest, now: Instant): Admission {
    const startsNow = request.occupancy.start <= now;
    let candidates: EvseRef[];
    if (request.evse !== undefined) {
      const evse = this.evses.get(request.evse);
      if (evse === undefined) return { ok: false, reason: "unknown_evse" };
      if (!isEligible(evse.spec, request.need)) return { ok: false, reason: "not_eligible" };
      if (evse.status !== "available") return { ok: false, reason: "evse_unusable" };
      if (startsNow && evse.session !== undefined) return { ok: false, reason: "evse_occupied" };
      if (sessionBlocks(evse.session, request.occupancy.start)) return { ok: false, reason: "evse_occupied" };
      candidates = [request.evse];
    } else {
      const eligible = [...this.evses.values()].filter((e) => isEligible(e.spec, request.need));
      if (eligible.length === 0) return { ok: false, reason: "no_eligible_evse" };
      candidates = eligible
        .filter(
          (e) =>
            e.status === "available" &&
            !(startsNow && e.session !== undefined) &&
            !sessionBlocks(e.session, request.occupancy.start),
        )
        .sort((a, b) => this.slack(a, request.occupancy) - this.slack(b, request.occupancy) || tighter(a, b))
        .map((e) => e.spec.ref);
      if (candidates.length === 0) return { ok: false, reason: "no_capacity" };
    }
    for (const ref of candidates) {
      if (!this.blocked(ref, request.occupancy, (id) => id === request.id))
        return { ok: true, assigned: ref, moves: [] };
    }
    const subject: Movable = { id: request.id, occupancy: request.occupancy, candidates };
    const solved = this.solve([subject], now, undefined);
    if (solved !== undefined) {
      const assigned = solved.assignment.get(request.id) as EvseRef;
      return { ok: true, assigned, moves: solved.moves.filter((m) => m.id !== request.id) };
    }
    if (request.evse !== undefined) {
      const hit = this.evses.get(request.evse)?.tree.findConflict(request.occupancy.start, request.occupancy.end);
      return { ok: false, reason: "slot_taken", ...(hit === undefined ? {} : { conflictsWith: hit.value }) };
    }
    return { ok: false, reason: "no_capacity" };
  }

  /**
   * Plans moving the given site-level holds off `from` (faulted EVSE, walk-up session). Returns the moves for those
   * that can go (and for the holds that make room for them) and the ids of those that cannot.
   */
  planEvacuation(
    from: EvseRef,
    ids: readonly ReservationId[],
    now: Instant,
  ): { moves: readonly Move[]; stuck: ReservationId[] } {
    const movable = (id: ReservationId): Movable | undefined => {
      const r = this.live.get(id);
      if (r === undefined || r.evse !== undefined) return undefined;
      return { id, occupancy: r.occupancy, candidates: this.candidatesFor(r, now, from, from) };
    };
    const wanted = ids.map(movable).filter((m): m is Movable => m !== undefined);
    const stuck = ids.filter((id) => movable(id) === undefined);
    const all = this.solve(wanted, now, from);
    if (all !== undefined) return { moves: all.moves, stuck };
    // Not all at once: keep the most urgent ones that can go together.
    const sorted = [...wanted].sort((a, b) => a.occupancy.start - b.occupancy.start);
    let kept: Movable[] = [];
    let plan: readonly Move[] = [];
    for (const m of sorted) {
      const attempt = this.solve([...kept, m], now, from);
      if (attempt === undefined) stuck.push(m.id);
      else {
        kept = [...kept, m];
        plan = attempt.moves;
      }
    }
    return { moves: plan, stuck };
  }

  /**
   * Where a site-level hold may go: eligible, usable, no session if it is open at `now` (`busy` counts as having
   * one), or where it already is — unless that is `exclude`.
   */
  private candidatesFor(r: Reservation, now: Instant, exclude?: EvseRef, busy?: EvseRef): EvseRef[] {
    if (r.evse !== undefined) return r.evse === exclude ? [] : [r.evse];
    const need = requirementOf(r);
    const active = activeAt(r.occupancy, now);
    const out: EvseRef[] = [];
    if (r.assignedEvse !== exclude) out.push(r.assignedEvse);
    for (const e of this.evses.values()) {
      const ref = e.spec.ref;
      if (ref === r.assignedEvse || ref === exclude) continue;
      if (e.status !== "available" || !isEligible(e.spec, need)) continue;
      if (active && (e.session !== undefined || ref === busy)) continue;
      if (sessionBlocks(e.session, r.occupancy.start)) continue;
      out.push(ref);
    }
    return out;
  }

  /**
   * Grows the set of movable holds to every site-level hold that sits in the way of one of them (the connected part
   * of the problem: holds outside it cannot interact), then searches for an assignment. `busy` is an EVSE about to
   * get a session: open holds may not move onto it.
   */
  private solve(
    seeds: readonly Movable[],
    now: Instant,
    busy: EvseRef | undefined,
  ): { assignment: ReadonlyMap<ReservationId, EvseRef>; moves: Move[] } | undefined {
    const movables = new Map<ReservationId, Movable>();
    const queue: Movable[] = [];
    for (const seed of seeds) {
      movables.set(seed.id, seed);
      queue.push(seed);
    }
    for (let i = 0; i < queue.length && movables.size < this.options.maxComponent; i++) {
      const m = queue[i] as Movable;
      for (const ref of m.candidates) {
        for (const entry of this.must(ref).tree.overlapping(m.occupancy.start, m.occupancy.end)) {
          if (movables.has(entry.value)) continue;
          const other = this.live.get(entry.value);
          if (other === undefined || other.evse !== undefined) continue;
          const next: Movable = {
            id: other.id,
            occupancy: other.occupancy,
            candidates: this.candidatesFor(other, now, undefined, busy),
          };
          movables.set(other.id, next);
          queue.push(next);
          if (movables.size >= this.options.maxComponent) break;
        }
      }
    }
    const outcome = solveAssignment({
      movables: [...movables.values()],
      blockedByFixed: (ref, occupancy) => this.blocked(ref, occupancy, (id) => movables.has(id)),
      budget: this.options.budget,
    });
    if (typeof outcome === "string") return undefined;
    const moves: Move[] = [];
    for (const [id, to] of outcome) {
      const from = this.live.get(id)?.assignedEvse;
      if (from !== undefined && from !== to) moves.push({ id, from, to });
    }
    return { assignment: outcome, moves };
  }

  /** True when `occupancy` on `ref` overlaps a reservation for which `ignore` is false. */
  private blocked(ref: EvseRef, occupancy: Interval, ignore: (id: ReservationId) => boolean): boolean {
    const tree = this.must(ref).tree;
    const first = tree.findConflict(occupancy.start, occupancy.end);
    if (first === undefined) return false;
    if (!ignore(first.value)) return true;
    return tree.overlapping(occupancy.start, occupancy.end).some((e) => !ignore(e.value));
  }

  /** Idle time a reservation would leave around itself on an EVSE (best fit keeps long stretches whole). */
  private slack(evse: MutableEvse, occupancy: Interval): number {
    const before = evse.tree.before(occupancy.start);
    const after = evse.tree.after(occupancy.start);
    const left = before === undefined ? Number.MAX_SAFE_INTEGER / 4 : Math.max(0, occupancy.start - before.end);
    const right = after === undefined ? Number.MAX_SAFE_INTEGER / 4 : Math.max(0, after.start - occupancy.end);
    return left + right;
  }

  private must(ref: EvseRef): MutableEvse {
    const evse = this.evses.get(ref);
    if (evse === undefined) throw new ChargekitError("NOT_FOUND", `EVSE ${ref} is not part of site ${this.site}`);
    return evse;
  }
}

/** Prefer the EVSE that offers least beyond what is needed (keep the 150 kW charger for those who need it). */
function tighter(a: MutableEvse, b: MutableEvse): number {
  return a.spec.maxPower - b.spec.maxPower || a.spec.connectorTypes.length - b.spec.connectorTypes.length;
}

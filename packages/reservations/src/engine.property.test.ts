import { DriverId, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReservationEngine } from "./engine.js";
import type { SiteConfig } from "./engine-options.js";
import { EvseRef, type EvseSpec, type EvseStatus } from "./evse.js";
import { createMemoryReservationStore } from "./memory-store.js";
import { resolvePolicy } from "./policy.js";
import { isLive, type Reservation } from "./reservation.js";

// ---- the independent oracle: plain lists, brute force over every assignment -------------------------------------

const T0 = Date.UTC(2026, 4, 4, 8);
const U = 15 * MINUTE;
const site = SiteId.of("s");
const SPECS: EvseSpec[] = [
  { ref: EvseRef.of("A"), connectorTypes: ["T2"], maxPower: 11_000 },
  { ref: EvseRef.of("B"), connectorTypes: ["T2"], maxPower: 22_000 },
  { ref: EvseRef.of("C"), connectorTypes: ["CCS", "T2"], maxPower: 50_000 },
];
const NEEDS = [
  { connectorType: "T2", minPower: 0 },
  { connectorType: "T2", minPower: 20_000 },
  { connectorType: "CCS", minPower: 0 },
];
const policy = resolvePolicy({
  earlyStart: 10 * MINUTE,
  grace: 15 * MINUTE,
  lateStop: 5 * MINUTE,
  maxActivePerDriver: 4,
});

interface World {
  status: Map<string, EvseStatus>;
  /** `until`: a session that used a reservation blocks new holds starting before the end of that occupancy. */
  session: Map<string, { token: string; id: string; until?: number } | undefined>;
}

const blockedBySession = (world: World, ref: string, start: number) => {
  const until = world.session.get(ref)?.until;
  return until !== undefined && until > start;
};

interface Hold {
  id: number;
  evse?: string;
  assigned: string;
  connectorType: string;
  minPower: number;
  start: number;
  end: number;
}

const eligible = (ref: string, h: { connectorType: string; minPower: number }) => {
  const spec = SPECS.find((s) => s.ref === ref) as EvseSpec;
  return spec.maxPower >= h.minPower && spec.connectorTypes.includes(h.connectorType);
};
const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;
const activeAt = (h: { start: number; end: number }, t: number) => h.start <= t && t < h.end;

/**
 * Where a hold may be placed under the engine's documented rule (staying put is always allowed). Moving a hold onto
 * another EVSE is placing it there anew, so the same rules as for a new booking apply: usable, no session while the
 * hold is open, and not inside the stretch a session that used a reservation still blocks.
 */
function candidates(h: Hold, world: World, now: number, avoid?: string): string[] {
  if (h.evse !== undefined) return h.evse === avoid ? [] : [h.evse];
  const out = SPECS.map((s) => s.ref as string).filter(
    (ref) =>
      ref !== avoid &&
      (ref === h.assigned ||
        (eligible(ref, h) &&
          world.status.get(ref) === "available" &&
          !(activeAt(h, now) && world.session.get(ref) !== undefined) &&
          !blockedBySession(world, ref, h.start))),
  );
  return out;
}

/** True when some placement of every hold on its candidates keeps each EVSE's holds pairwise disjoint. */
function assignable(holds: readonly Hold[], options: readonly string[][]): boolean {
  const placed: { ref: string; h: Hold }[] = [];
  const go = (i: number): boolean => {
    const h = holds[i];
    if (h === undefined) return true;
    for (const ref of options[i] ?? []) {
      if (placed.some((p) => p.ref === ref && overlap(p.h, h))) continue;
      placed.push({ ref, h });
      if (go(i + 1)) return true;
      placed.pop();
    }
    return false;
  };
  return go(0);
}

const holdOf = (r: Reservation): Hold => ({
  id: r.id,
  ...(r.evse === undefined ? {} : { evse: r.evse }),
  assigned: r.assignedEvse,
  connectorType: r.connectorType,
  minPower: r.minPower,
  start: r.occupancy.start,
  end: r.occupancy.end,
});

/** Hall's condition at instant t: every group of holds open at t has at least as many usable eligible EVSEs. */
function hallHolds(holds: readonly Hold[], t: number, usable: (ref: string) => boolean): boolean {
  const open = holds.filter((h) => activeAt(h, t));
  const sets = open.map((h) =>
    SPECS.map((s) => s.ref as string).filter(
      (ref) => usable(ref) && (h.evse === undefined ? eligible(ref, h) : ref === h.evse),
    ),
  );
  for (let mask = 1; mask < 1 << open.length; mask++) {
    const union = new Set<string>();
    let size = 0;
    for (let i = 0; i < open.length; i++) {
      if (!(mask & (1 << i))) continue;
      size++;
      for (const ref of sets[i] ?? []) union.add(ref);
    }
    if (union.size < size) return false;
  }
  return true;
}

// ---- the operations -------------------------------------------------------------------------------------------

const op = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant("book" as const),
      evse: fc.constantFrom(undefined, "A", "B", "C"),
      need: fc.nat({ max: 2 }),
      startUnits: fc.oneof(fc.constant(0), fc.nat({ max: 6 })),
      units: fc.integer({ min: 1, max: 3 }),
      driver: fc.nat({ max: 4 }),
      confirm: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("confirm" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat(), byDriver: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), minutes: fc.integer({ min: 1, max: 25 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("eta" as const),
      pick: fc.nat(),
      minutes: fc.integer({ min: -30, max: 90 }),
      accept: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("consume" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("walkup" as const), evse: fc.constantFrom("A", "B", "C") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("leave" as const), evse: fc.constantFrom("A", "B", "C") }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("status" as const),
      evse: fc.constantFrom("A", "B", "C"),
      status: fc.constantFrom<EvseStatus>("faulted", "unavailable", "available", "available"),
    }),
  },
);

type Op = typeof op extends fc.Arbitrary<infer O> ? O : never;

/**
 * Sequences that once failed, replayed on every run before the random ones. The first (seed -1845361429): a used
 * reservation's session blocks its EVSE until that occupancy ends, so a later site-level hold may not be moved
 * onto it to make room; the oracle used to allow that move and expected the last booking to succeed.
 */
const REGRESSIONS: Op[][] = [
  [
    { kind: "book", evse: undefined, need: 0, startUnits: 0, units: 1, driver: 0, confirm: true },
    { kind: "book", evse: undefined, need: 0, startUnits: 1, units: 1, driver: 0, confirm: false },
    { kind: "consume", pick: 0 },
    { kind: "book", evse: undefined, need: 0, startUnits: 0, units: 1, driver: 0, confirm: false },
    { kind: "book", evse: undefined, need: 0, startUnits: 0, units: 1, driver: 0, confirm: false },
    { kind: "status", evse: "A", status: "faulted" },
  ],
];

describe("reservation engine against a brute-force oracle", () => {
  it("keeps every invariant on random sequences of book, confirm, cancel, expire, ETA, consume, walk-up and faults", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const clock = createManualClock(T0);
        const store = createMemoryReservationStore();
        const config: SiteConfig = { site, evses: SPECS, policy };
        const engine = createReservationEngine({ store, clock, sites: [config] });
        const world: World = { status: new Map(SPECS.map((s) => [s.ref, "available"])), session: new Map() };
        const ended = new Map<number, string[]>();
        const afterEnd: string[] = [];
        engine.events.on("reservation:ended", ({ reservation }) => {
          ended.set(reservation.id, [...(ended.get(reservation.id) ?? []), reservation.status]);
        });
        for (const name of ["reservation:confirmed", "reservation:activated", "reservation:rescheduled"] as const) {
          engine.events.on(name, ({ reservation }) => {
            if (ended.has(reservation.id)) afterEnd.push(`${name}#${reservation.id}`);
          });
        }
        await engine.start();
        let sessionNo = 0;
        const known: number[] = [];
        const pick = (n: number) => (known.length === 0 ? undefined : known[n % known.length]);
        const live = async () => (await store.listLive({ site })).map(holdOf);

        for (const o of ops) {
          const now = clock.now();
          if (o.kind === "book") {
            const need = NEEDS[o.need] as (typeof NEEDS)[number];
            const start = now + o.startUnits * U;
            const window = { start, end: start + o.units * U };
            const occupancy = { start: start - policy.earlyStart, end: window.end + policy.grace };
            const driver = DriverId.of(`d${o.driver}`);
            const request = {
              site,
              ...(o.evse === undefined ? {} : { evse: EvseRef.of(o.evse) }),
              driver,
              idToken: IdToken.of(`T${o.driver}`),
              ...need,
              window,
            };
            const holds = await live();
            const mine = (await store.listLive({ driver })).length;
            const startsNow = occupancy.start <= now;
            const subject: Hold = {
              id: -1,
              assigned: o.evse ?? "",
              ...need,
              ...occupancy,
              ...(o.evse === undefined ? {} : { evse: o.evse }),
            };
            const subjectOptions =
              o.evse !== undefined
                ? eligible(o.evse, need) &&
                  world.status.get(o.evse) === "available" &&
                  !(startsNow && world.session.get(o.evse) !== undefined) &&
                  !blockedBySession(world, o.evse, occupancy.start)
                  ? [o.evse]
                  : []
                : SPECS.map((s) => s.ref as string).filter(
                    (ref) =>
                      eligible(ref, need) &&
                      world.status.get(ref) === "available" &&
                      !(startsNow && world.session.get(ref) !== undefined) &&
                      !blockedBySession(world, ref, occupancy.start),
                  );
            const feasible = assignable(
              [subject, ...holds],
              [subjectOptions, ...holds.map((h) => candidates(h, world, now))],
            );
            const result = o.confirm ? await engine.book(request) : await engine.hold(request);
            if (mine >= policy.maxActivePerDriver)
              expect(result).toMatchObject({ ok: false, error: { reason: "driver_limit" } });
            else expect(result.ok).toBe(feasible);
            if (result.ok) known.push(result.value.id);
          } else if (o.kind === "confirm" || o.kind === "cancel") {
            const id = pick(o.pick);
            if (id === undefined) continue;
            const before = await store.get(id as never);
            const result =
              o.kind === "confirm"
                ? await engine.confirm(id as never)
                : await engine.cancel(id as never, o.byDriver && before !== undefined ? { driver: before.driver } : {});
            const after = await store.get(id as never);
            if (
              o.kind === "cancel" &&
              before !== undefined &&
              isLive(before.status) &&
              after?.status !== "expired" &&
              after?.status !== "no_show"
            ) {
              expect(after?.status).toBe("cancelled");
              expect(result.ok).toBe(true);
            }
          } else if (o.kind === "advance") {
            await clock.advanceAsync(o.minutes * MINUTE);
          } else if (o.kind === "eta") {
            const id = pick(o.pick);
            const r = id === undefined ? undefined : await store.get(id as never);
            if (r === undefined || !isLive(r.status)) continue;
            const arrival = Math.max(now, r.window.start + o.minutes * MINUTE);
            const outcome = await engine.updateEta(r.id, arrival);
            expect(outcome.ok).toBe(true);
            if (!outcome.ok) continue;
            const inside = arrival >= r.window.start - policy.earlyStart && arrival <= r.window.start + policy.grace;
            if (inside) expect(outcome.value.kind).toBe("kept");
            if (outcome.value.kind === "offer") {
              const { window } = outcome.value.offer;
              expect(window.start).toBeGreaterThanOrEqual(arrival);
              const length = r.window.end - r.window.start;
              expect(window.end - window.start).toBe(length);
              // nearest: the earliest start at or after the arrival that is free on a usable candidate EVSE
              const others = (await live()).filter((h) => h.id !== r.id);
              let nearest = Number.POSITIVE_INFINITY;
              for (const spec of SPECS) {
                const ref = spec.ref as string;
                if (world.status.get(ref) !== "available") continue;
                if (r.evse !== undefined ? ref !== r.evse : !eligible(ref, r)) continue;
                const busy = world.session.get(ref) !== undefined;
                const until = world.session.get(ref)?.until ?? Number.NEGATIVE_INFINITY;
                const starts = [
                  arrival,
                  until + policy.earlyStart,
                  ...others.filter((h) => h.assigned === ref).map((h) => h.end + policy.earlyStart),
                ];
                for (const start of starts) {
                  if (start < arrival || (busy && start - policy.earlyStart <= now)) continue;
                  if (start - policy.earlyStart < until) continue;
                  const occ = { start: start - policy.earlyStart, end: start + length + policy.grace };
                  if (!others.some((h) => h.assigned === ref && overlap(h, occ))) nearest = Math.min(nearest, start);
                }
                if (busy && until <= now + 1) {
                  const start = now + 1 + policy.earlyStart;
                  const occ = { start: now + 1, end: start + length + policy.grace };
                  if (start >= arrival && !others.some((h) => h.assigned === ref && overlap(h, occ)))
                    nearest = Math.min(nearest, start);
                }
              }
              expect(window.start).toBe(nearest);
              if (o.accept) {
                const occupancy = { start: window.start - policy.earlyStart, end: window.end + policy.grace };
                const others = (await live()).filter((h) => h.id !== r.id);
                const self: Hold = { ...holdOf(r), ...occupancy };
                const usableFor = (ref: string) =>
                  world.status.get(ref) === "available" &&
                  !(occupancy.start <= now && world.session.get(ref) !== undefined) &&
                  !blockedBySession(world, ref, occupancy.start);
                const selfOptions =
                  r.evse !== undefined
                    ? usableFor(r.evse)
                      ? [r.evse]
                      : []
                    : SPECS.map((x) => x.ref as string).filter((ref) => eligible(ref, r) && usableFor(ref));
                const feasible = assignable(
                  [self, ...others],
                  [selfOptions, ...others.map((h) => candidates(h, world, now))],
                );
                const accepted = await engine.acceptOffer(r.id, outcome.value.offer);
                expect(accepted.ok).toBe(feasible);
              }
            }
          } else if (o.kind === "consume") {
            const open = (await store.listLive({ site })).filter((x) => activeAt(x.occupancy, now));
            const id = open.length > 0 ? open[o.pick % open.length]?.id : pick(o.pick);
            const r = id === undefined ? undefined : await store.get(id as never);
            if (r === undefined) continue;
            const evse = r.evse ?? r.assignedEvse;
            const usable =
              isLive(r.status) &&
              r.status !== "held" &&
              activeAt({ start: r.occupancy.start, end: r.occupancy.end }, now) &&
              world.status.get(evse) === "available" &&
              world.session.get(evse) === undefined;
            const decision = engine.authorizeStart(evse, { idToken: r.idToken });
            if (usable) expect(decision).toEqual({ allowed: true, reservationId: r.id });
            if (!decision.allowed) continue;
            const sessionId = `tx-${++sessionNo}`;
            const outcome = await engine.sessionStarted({ evse, sessionId, idToken: r.idToken });
            world.session.set(evse, { token: r.idToken, id: sessionId });
            if (usable) {
              expect(outcome.used?.id).toBe(r.id);
              expect((await store.get(r.id))?.status).toBe("used");
            }
          } else if (o.kind === "walkup") {
            const evse = o.evse;
            const holds = await live();
            const pinnedHere = holds.some((h) => h.evse === evse && activeAt(h, now));
            const floatingHere = holds.filter((h) => h.evse === undefined && h.assigned === evse && activeAt(h, now));
            // after the start the EVSE has a session: open holds may not move onto it, the one there must leave
            const busy: World = {
              ...world,
              session: new Map(world.session).set(evse, { token: "WALK-UP", id: "next" }),
            };
            const movable =
              floatingHere.length === 0 ||
              assignable(
                holds,
                holds.map((h) =>
                  floatingHere.includes(h) ? candidates(h, busy, now, evse) : candidates(h, busy, now),
                ),
              );
            const free = world.status.get(evse) === "available" && world.session.get(evse) === undefined;
            const decision = engine.authorizeStart(EvseRef.of(evse), { idToken: IdToken.of("WALK-UP") });
            expect(decision.allowed).toBe(free && !pinnedHere && movable);
            if (!decision.allowed) continue;
            const sessionId = `tx-${++sessionNo}`;
            await engine.sessionStarted({ evse: EvseRef.of(evse), sessionId, idToken: IdToken.of("WALK-UP") });
            world.session.set(evse, { token: "WALK-UP", id: sessionId });
            for (const h of await live()) if (h.assigned === evse && activeAt(h, now)) expect(h.evse).toBeDefined();
          } else if (o.kind === "leave") {
            const session = world.session.get(o.evse);
            if (session === undefined) continue;
            const state = engine.view(site)?.evse(EvseRef.of(o.evse));
            await engine.sessionEnded({ evse: EvseRef.of(o.evse), sessionId: state?.session?.sessionId ?? "" });
            world.session.set(o.evse, undefined);
          } else {
            await engine.setEvseStatus(EvseRef.of(o.evse), o.status);
            world.status.set(o.evse, o.status);
          }

          // A session that used a reservation (at its start, or later when the window of a reservation of the same
          // token opened) blocks its EVSE until that reservation's occupancy end: derive it from the stored facts.
          for (const [ref, session] of world.session) {
            if (session === undefined) continue;
            for (const id of known) {
              const r = await store.get(id as never);
              if (r?.ending?.status === "used" && r.ending.sessionId === session.id && r.ending.evse === ref) {
                world.session.set(ref, { ...session, until: r.occupancy.end });
              }
            }
          }

          // ---- invariants after every operation (independent O(n²) checks on what the store holds) ----
          const t = clock.now();
          const records = await store.listLive({ site });
          const holds = records.map(holdOf);
          for (const [i, a] of holds.entries()) {
            if (a.evse !== undefined) expect(a.assigned).toBe(a.evse);
            else expect(eligible(a.assigned, a)).toBe(true);
            for (const b of holds.slice(i + 1)) if (a.assigned === b.assigned) expect(overlap(a, b)).toBe(false);
          }
          const instants = [...new Set(holds.flatMap((h) => [h.start, h.end - 1]))];
          for (const at of instants) expect(hallHolds(holds, at, () => true)).toBe(true);
          expect(hallHolds(holds, t, (ref) => world.status.get(ref) === "available")).toBe(true);
          for (const r of records) {
            const due =
              r.status === "held"
                ? r.heldUntil
                : r.status === "confirmed"
                  ? r.occupancy.start
                  : (r.noShowAt ?? r.occupancy.end);
            expect(due).toBeGreaterThan(t);
          }
          expect(
            engine
              .liveAt(site)
              .map((r) => `${r.id}:${r.version}:${r.assignedEvse}`)
              .sort(),
          ).toEqual(records.map((r) => `${r.id}:${r.version}:${r.assignedEvse}`).sort());
        }
        // exactly-once termination
        for (const id of known) {
          const stored = await store.get(id as never);
          const ends = ended.get(id) ?? [];
          if (stored !== undefined && isLive(stored.status)) expect(ends).toEqual([]);
          else expect(ends).toEqual([stored?.status]);
        }
        expect(afterEnd).toEqual([]);
        engine.stop();
      }),
      { numRuns: 400, examples: REGRESSIONS.map((ops) => [ops]) },
    );
  }, 60_000);
});

import { DriverId, HOUR, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { createReservationEngine, type ReservationEngine } from "./engine.js";
import type { SiteConfig } from "./engine-options.js";
import type { ReservationEvents } from "./events.js";
import { EvseRef } from "./evse.js";
import { createMemoryReservationStore } from "./memory-store.js";
import type { BookingRequest } from "./requests.js";
import type { ReservationStore } from "./store.js";

const T0 = Date.UTC(2026, 4, 4, 8);
const site = SiteId.of("depot");
const [A, B, C] = ["A", "B", "C"].map((r) => EvseRef.of(r)) as [EvseRef, EvseRef, EvseRef];
const alice = DriverId.of("alice");
const bob = DriverId.of("bob");
const ALICE = IdToken.of("ALICE-RFID");
const BOB = IdToken.of("BOB-RFID");
const FLEET = IdToken.of("FLEET-GROUP");

const config: SiteConfig = {
  site,
  evses: [
    { ref: A, connectorTypes: ["cType2"], maxPower: 11_000 },
    { ref: B, connectorTypes: ["cType2"], maxPower: 22_000 },
    { ref: C, connectorTypes: ["cCCS2"], maxPower: 150_000 },
  ],
};

async function setup(store: ReservationStore = createMemoryReservationStore(), clock = createManualClock(T0)) {
  const engine = createReservationEngine({ store, clock, sites: [config] });
  const log: string[] = [];
  const names: (keyof ReservationEvents)[] = [
    "reservation:held",
    "reservation:confirmed",
    "reservation:activated",
    "reservation:used",
    "reservation:expired",
    "reservation:no-show",
    "reservation:cancelled",
    "reservation:removed",
    "reservation:at-risk",
    "reservation:rescheduled",
    "station-reservation:open",
    "station-reservation:close",
    "evse:available",
  ];
  for (const name of names) {
    engine.events.on(name, (payload: object) => {
      const id =
        "reservation" in payload
          ? (payload.reservation as { id: number }).id
          : (payload as { reservationId?: number }).reservationId;
      const evse = "evse" in payload ? `@${String(payload.evse)}` : "";
      log.push(`${name}${id === undefined ? "" : `#${id}`}${name === "evse:available" ? evse : ""}`);
    });
  }
  await engine.start();
  return { engine, clock, store, log };
}

/** Overrides for a test request; `evse: undefined` asks for a site-level hold. */
type Over = { [K in keyof BookingRequest]?: BookingRequest[K] | undefined };

const request = (over: Over = {}): BookingRequest => {
  const merged = {
    site,
    evse: A,
    driver: alice,
    idToken: ALICE,
    connectorType: "cType2",
    window: { start: T0 + HOUR, end: T0 + 2 * HOUR },
    ...over,
  };
  const { evse, ...rest } = merged;
  return (evse === undefined ? rest : { ...rest, evse }) as BookingRequest;
};

async function booked(engine: ReservationEngine, over: Over = {}) {
  const r = await engine.book(request(over));
  if (!r.ok) throw new Error(`booking refused: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe("reservation engine: booking", () => {
  it("books a window and occupies [start − earlyStart, end + grace); touching bookings do not conflict", async () => {
    const { engine } = await setup();
    const first = await booked(engine);
    expect(first.status).toBe("confirmed");
    expect(first.occupancy).toEqual({ start: T0 + HOUR - 10 * MINUTE, end: T0 + 2 * HOUR + 15 * MINUTE });
    const clash = await engine.book(
      request({ driver: bob, idToken: BOB, window: { start: T0 + 2 * HOUR, end: T0 + 3 * HOUR } }),
    );
    expect(clash).toEqual({ ok: false, error: { reason: "slot_taken" } });
    const next = await engine.book(
      request({ driver: bob, idToken: BOB, window: { start: T0 + 2 * HOUR + 25 * MINUTE, end: T0 + 3 * HOUR } }),
    );
    expect(next.ok && next.value.occupancy.start).toBe(first.occupancy.end);
  });

  it("refuses bad input with a message naming the field, and windows that break the policy", async () => {
    const { engine } = await setup();
    const bad = await engine.book({ ...request(), window: { start: T0 + HOUR, end: T0 } });
    expect(bad.ok === false && bad.error.reason === "invalid_request" && bad.error.message).toContain("window");
    const junk = await engine.book({ ...request(), idToken: "" as IdToken });
    expect(junk.ok === false && junk.error.reason === "invalid_request" && junk.error.message).toContain("idToken");
    expect(await engine.book(request({ window: { start: T0 - MINUTE, end: T0 + HOUR } }))).toMatchObject({
      error: { reason: "window_in_past" },
    });
    expect(await engine.book(request({ window: { start: T0 + HOUR, end: T0 + HOUR + MINUTE } }))).toMatchObject({
      error: { reason: "window_too_short" },
    });
    expect(
      await engine.book(request({ window: { start: T0 + 30 * 24 * HOUR, end: T0 + 30 * 24 * HOUR + HOUR } })),
    ).toMatchObject({ error: { reason: "too_far_ahead" } });
    expect(await engine.book(request({ site: SiteId.of("nowhere") }))).toMatchObject({
      error: { reason: "unknown_site" },
    });
    expect(await engine.book(request({ evse: EvseRef.of("Z") }))).toMatchObject({ error: { reason: "unknown_evse" } });
    expect(await engine.book(request({ evse: C }))).toMatchObject({ error: { reason: "not_eligible" } });
  });

  it("limits live reservations per driver", async () => {
    const { engine } = await setup();
    for (let i = 0; i < 3; i++)
      await booked(engine, { window: { start: T0 + (1 + 2 * i) * HOUR, end: T0 + (2 + 2 * i) * HOUR } });
    expect(await engine.book(request({ window: { start: T0 + 9 * HOUR, end: T0 + 10 * HOUR } }))).toEqual({
      ok: false,
      error: { reason: "driver_limit", max: 3 },
    });
  });

  it("never shows or changes another driver's reservation", async () => {
    const { engine } = await setup();
    const r = await booked(engine);
    expect(await engine.get(r.id, { driver: bob })).toBeUndefined();
    expect(await engine.cancel(r.id, { driver: bob })).toEqual({ ok: false, error: { reason: "not_found" } });
    expect((await engine.get(r.id, { driver: alice }))?.status).toBe("confirmed");
  });
});

describe("reservation engine: lifecycle on the clock", () => {
  it("expires an unconfirmed hold at its TTL; confirming afterwards is refused", async () => {
    const { engine, clock, log } = await setup();
    const held = await engine.hold(request());
    if (!held.ok) throw new Error("refused");
    await clock.advanceAsync(5 * MINUTE);
    expect(log).toEqual([`reservation:held#${held.value.id}`, `reservation:expired#${held.value.id}`]);
    expect(await engine.confirm(held.value.id)).toEqual({ ok: false, error: { reason: "ended", status: "expired" } });
    expect((await engine.book(request({ driver: bob, idToken: BOB }))).ok).toBe(true);
  });

  it("opens the window with a neutral station instruction, and is used by a group token", async () => {
    const { engine, clock } = await setup();
    const opened: ReservationEvents["station-reservation:open"][] = [];
    engine.events.on("station-reservation:open", (e) => opened.push(e));
    const r = await booked(engine, { groupIdToken: FLEET });
    await clock.advanceAsync(HOUR - 10 * MINUTE);
    expect(opened).toEqual([
      {
        reservationId: r.id,
        site,
        evse: A,
        plannedEvse: A,
        idToken: ALICE,
        groupIdToken: FLEET,
        connectorType: "cType2",
        expiresAt: r.occupancy.end,
      },
    ]);
    const colleague = IdToken.of("COLLEAGUE");
    expect(engine.authorizeStart(A, { idToken: colleague })).toMatchObject({ allowed: false, reason: "reserved" });
    expect(engine.authorizeStart(A, { idToken: colleague, groupIdToken: FLEET })).toEqual({
      allowed: true,
      reservationId: r.id,
    });
    const started = await engine.sessionStarted({
      evse: A,
      sessionId: "tx-1",
      idToken: colleague,
      groupIdToken: FLEET,
    });
    expect(started.used?.ending).toMatchObject({ status: "used", sessionId: "tx-1", evse: A });
    const replay = await engine.sessionStarted({ evse: A, sessionId: "tx-1", idToken: colleague, groupIdToken: FLEET });
    expect(replay.used?.id).toBe(r.id);
  });

  it("ends an unused reservation as no_show, tells the CSMS to withdraw the station hold and frees the EVSE", async () => {
    const { engine, clock, log } = await setup();
    const r = await booked(engine);
    await clock.advanceAsync(HOUR + 15 * MINUTE);
    expect(log.slice(2)).toEqual([
      `reservation:activated#${r.id}`,
      `station-reservation:open#${r.id}`,
      `reservation:no-show#${r.id}`,
      `station-reservation:close#${r.id}`,
      "evse:available@A",
    ]);
  });

  it("idle() resolves once the writes started by fired deadlines reached a store that answers over I/O", async () => {
    const memory = createMemoryReservationStore();
    // Each commit answers after a few event-loop turns, as a database server over a socket does.
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => globalThis.setTimeout(resolve, 0));
    };
    const remote: ReservationStore = {
      nextId: () => memory.nextId(),
      get: (id) => memory.get(id),
      listLive: (filter) => memory.listLive(filter),
      listByDriver: (driver, options) => memory.listByDriver(driver, options),
      commit: async (change) => {
        await turns(5);
        return memory.commit(change);
      },
    };
    const { engine, clock } = await setup(remote);
    const r = await booked(engine);
    await clock.advanceAsync(HOUR); // the window opens; its write is still on the way when this resolves
    await engine.idle();
    expect((await memory.get(r.id))?.status).toBe("active");
    await clock.advanceAsync(15 * MINUTE); // the no-show deadline passes
    await engine.idle();
    expect((await memory.get(r.id))?.status).toBe("no_show");
    await engine.idle(); // nothing under way: resolves at once
  });

  it("walk-up fairness: a foreign token is refused only inside the occupancy, and told when to leave", async () => {
    const { engine, clock } = await setup();
    const r = await booked(engine);
    expect(engine.authorizeStart(A, { idToken: BOB })).toEqual({ allowed: true, freeUntil: r.occupancy.start });
    await clock.advanceAsync(r.occupancy.start - T0 - 1);
    expect(engine.authorizeStart(A, { idToken: BOB })).toMatchObject({ allowed: true });
    await clock.advanceAsync(1);
    expect(engine.authorizeStart(A, { idToken: BOB })).toEqual({
      allowed: false,
      reason: "reserved",
      until: r.occupancy.end,
    });
    expect(engine.authorizeStart(B, { idToken: BOB })).toEqual({ allowed: true });
  });

  it("re-arms timers from the store after a restart and fires those that fell due meanwhile", async () => {
    const store = createMemoryReservationStore();
    const clock = createManualClock(T0);
    const first = await setup(store, clock);
    const r = await booked(first.engine);
    first.engine.stop();
    clock.advance(HOUR);
    const second = await setup(store, clock);
    expect((await store.get(r.id))?.status).toBe("active");
    expect(second.log).toEqual([`reservation:activated#${r.id}`, `station-reservation:open#${r.id}`]);
    await clock.advanceAsync(15 * MINUTE);
    expect((await store.get(r.id))?.status).toBe("no_show");
  });
});

describe("reservation engine: site-level holds", () => {
  it("keeps k-of-n: two compatible EVSEs take two overlapping site-level holds, not three", async () => {
    const { engine } = await setup();
    const siteLevel = (driver: string, token: string) =>
      engine.book(request({ evse: undefined, driver: DriverId.of(driver), idToken: IdToken.of(token) }));
    const one = await siteLevel("d1", "T1");
    const two = await siteLevel("d2", "T2");
    expect(one.ok && two.ok).toBe(true);
    expect(await siteLevel("d3", "T3")).toEqual({ ok: false, error: { reason: "no_capacity" } });
    expect((await engine.book(request({ evse: undefined, connectorType: "cCCS2", minPower: 50_000 }))).ok).toBe(true);
    expect(await engine.book(request({ evse: undefined, driver: bob, idToken: BOB, minPower: 20_000 }))).toEqual({
      ok: false,
      error: { reason: "no_capacity" },
    });
  });

  it("moves a site-level hold to make room for an EVSE-specific booking", async () => {
    const { engine } = await setup();
    const hold = await booked(engine, { evse: undefined, minPower: 0 });
    const planned = hold.assignedEvse;
    const pinned = await engine.book(request({ evse: planned, driver: bob, idToken: BOB }));
    expect(pinned.ok).toBe(true);
    const moved = await engine.get(hold.id);
    expect(moved?.assignedEvse).not.toBe(planned);
    expect(moved?.evse).toBeUndefined();
  });

  it("lets a walk-up start on the EVSE the plan keeps for a site-level hold when another can take it", async () => {
    const { engine, clock } = await setup();
    const hold = await booked(engine, { evse: undefined });
    await clock.advanceAsync(HOUR - 10 * MINUTE);
    const other = hold.assignedEvse === A ? B : A;
    expect(engine.authorizeStart(hold.assignedEvse, { idToken: BOB })).toMatchObject({ allowed: true });
    await engine.sessionStarted({ evse: other, sessionId: "walk-1", idToken: BOB });
    expect(engine.authorizeStart(hold.assignedEvse, { idToken: IdToken.of("CAROL") })).toMatchObject({
      allowed: false,
      reason: "reserved",
    });
    expect(engine.authorizeStart(hold.assignedEvse, { idToken: ALICE })).toEqual({
      allowed: true,
      reservationId: hold.id,
    });
  });

  // Regression (property test, seed -1845361429): moving a hold onto an EVSE is placing it there anew.
  it("does not move a site-level hold onto an EVSE a used reservation still blocks, to make room", async () => {
    const { engine } = await setup();
    const now = { start: T0, end: T0 + HOUR }; // occupancy [T0 − 10 min, T0 + 75 min)
    const mine = await booked(engine, { evse: undefined, window: now });
    expect(mine.assignedEvse).toBe(A);
    const later = { start: T0 + 30 * MINUTE, end: T0 + 90 * MINUTE }; // occupancy [T0 + 20 min, T0 + 105 min)
    const bobs = await booked(engine, { evse: undefined, driver: bob, idToken: BOB, window: later });
    expect(bobs.assignedEvse).toBe(B);
    const started = await engine.sessionStarted({ evse: A, sessionId: "tx-1", idToken: ALICE });
    expect(started.used?.id).toBe(mine.id);
    // A has a session that keeps it until T0 + 75 min, B has Bob's hold from T0 + 20 min: no room for Carol now.
    const carol = { evse: undefined, driver: DriverId.of("carol"), idToken: IdToken.of("CAROL") };
    expect(await engine.hold(request({ ...carol, window: now }))).toEqual({
      ok: false,
      error: { reason: "no_capacity" },
    });
    expect((await engine.get(bobs.id))?.assignedEvse).toBe(B);
    // A takes holds again from the end of that stretch (half-open: an occupancy may start exactly there).
    const tooEarly = { start: T0 + 84 * MINUTE, end: T0 + 2 * HOUR };
    expect(await engine.hold(request({ ...carol, window: tooEarly }))).toEqual({
      ok: false,
      error: { reason: "no_capacity" },
    });
    const afterwards = await engine.hold(
      request({ ...carol, window: { start: T0 + 85 * MINUTE, end: T0 + 2 * HOUR } }),
    );
    expect(afterwards.ok && afterwards.value.assignedEvse).toBe(A);
    expect((await engine.get(bobs.id))?.assignedEvse).toBe(B);
  });

  it("removes an open reservation when its EVSE faults, and moves site-level holds off it", async () => {
    const { engine, clock, log } = await setup();
    const pinned = await booked(engine, { evse: A });
    const floating = await booked(engine, { evse: undefined, driver: bob, idToken: BOB });
    expect(floating.assignedEvse).toBe(B);
    await clock.advanceAsync(HOUR - 10 * MINUTE);
    await engine.setEvseStatus(B, "faulted");
    expect((await engine.get(floating.id))?.status).toBe("removed");
    await engine.setEvseStatus(A, "faulted");
    expect((await engine.get(pinned.id))?.ending?.reason).toBe("evse_faulted");
    expect(log).toContain(`reservation:removed#${floating.id}`);
  });
});

describe("reservation engine: ETA updates", () => {
  it("keeps the slot inside the grace, offers the nearest feasible slot beyond it", async () => {
    const { engine } = await setup();
    const r = await booked(engine);
    await engine.book(
      request({ driver: bob, idToken: BOB, window: { start: T0 + 2 * HOUR + 25 * MINUTE, end: T0 + 3 * HOUR } }),
    );
    expect(await engine.updateEta(r.id, r.window.start + 15 * MINUTE)).toEqual({ ok: true, value: { kind: "kept" } });
    const late = await engine.updateEta(r.id, r.window.start + 40 * MINUTE);
    if (!late.ok || late.value.kind !== "offer") throw new Error("expected an offer");
    // Bob occupies from 2:15 to 3:15, so a one-hour window (10 min early start, 15 min grace) fits from 3:25
    expect(late.value.offer.window).toEqual({ start: T0 + 3 * HOUR + 25 * MINUTE, end: T0 + 4 * HOUR + 25 * MINUTE });
    const accepted = await engine.acceptOffer(r.id, late.value.offer);
    expect(accepted.ok && accepted.value.window).toEqual(late.value.offer.window);
  });
});

describe("reservation engine: several processes on one store", () => {
  it("a stale index loses the race at the store, reloads, and refuses with the real reason", async () => {
    const store = createMemoryReservationStore();
    const clock = createManualClock(T0);
    const one = await setup(store, clock);
    const two = await setup(store, clock);
    await booked(one.engine);
    expect(await two.engine.book(request({ driver: bob, idToken: BOB }))).toEqual({
      ok: false,
      error: { reason: "slot_taken" },
    });
  });

  it("a stale process places a site-level hold elsewhere after the store refuses its first plan", async () => {
    const store = createMemoryReservationStore();
    const clock = createManualClock(T0);
    const one = await setup(store, clock);
    const two = await setup(store, clock);
    const first = await booked(one.engine, { evse: undefined });
    const second = await two.engine.book(request({ evse: undefined, driver: bob, idToken: BOB }));
    expect(second.ok && second.value.assignedEvse).not.toBe(first.assignedEvse);
    expect(await store.listLive()).toHaveLength(2);
  });

  it("two processes confirming the same hold at once: exactly one confirmation is written and announced", async () => {
    const store = createMemoryReservationStore();
    const clock = createManualClock(T0);
    const one = await setup(store, clock);
    const two = await setup(store, clock);
    const held = await one.engine.hold(request());
    if (!held.ok) throw new Error("refused");
    const [a, b] = await Promise.all([one.engine.confirm(held.value.id), two.engine.confirm(held.value.id)]);
    expect(a.ok && b.ok).toBe(true); // the loser reloads, sees it confirmed: confirming twice is harmless
    expect((await store.get(held.value.id))?.version).toBe(2);
    const announced = [...one.log, ...two.log].filter((e) => e === `reservation:confirmed#${held.value.id}`);
    expect(announced).toHaveLength(1);
  });
});

import { DriverId, HOUR, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { searchAvailability } from "./availability.js";
import { createReservationEngine } from "./engine.js";
import { EvseRef } from "./evse.js";
import { createMemoryReservationStore } from "./memory-store.js";
import { fitDwellModel } from "./queue/dwell-model.js";

const T0 = Date.UTC(2026, 2, 2, 12);
const site = SiteId.of("motorway-north");
const [DC1, DC2, AC] = [EvseRef.of("DC1"), EvseRef.of("DC2"), EvseRef.of("AC")];
const model = fitDwellModel(
  Array.from({ length: 60 }, (_, i) => ({ start: T0 - 7 * 24 * HOUR, end: T0 - 7 * 24 * HOUR + (10 + i) * MINUTE })),
);

async function station() {
  const clock = createManualClock(T0);
  const engine = createReservationEngine({
    store: createMemoryReservationStore(),
    clock,
    sites: [
      {
        site,
        evses: [
          { ref: DC1, connectorTypes: ["cCCS2"], maxPower: 150_000 },
          { ref: DC2, connectorTypes: ["cCCS2"], maxPower: 50_000 },
          { ref: AC, connectorTypes: ["cType2"], maxPower: 22_000 },
        ],
      },
    ],
  });
  await engine.start();
  return { engine, clock };
}

const stop = (over: object = {}) => ({
  site,
  eta: { start: T0 + HOUR, end: T0 + HOUR + 20 * MINUTE },
  connectorType: "cCCS2",
  minPower: 100_000,
  chargingTime: 30 * MINUTE,
  ...over,
});

describe("availability search", () => {
  it("finds the slot at the ETA on a free site, with full confidence and a calendar", async () => {
    const { engine } = await station();
    const [answer] = searchAvailability(engine, model, { stops: [stop()] }, T0);
    expect(answer?.earliest).toEqual({
      window: { start: T0 + HOUR, end: T0 + HOUR + 30 * MINUTE },
      evse: DC1,
      confidence: 1,
      withinEta: true,
    });
    expect(answer?.calendar).toEqual([{ startFrom: T0 + HOUR, startBefore: T0 + 5 * HOUR, available: 1 }]);
  });

  it("skips booked time and reports the first slot after it, outside the ETA", async () => {
    const { engine } = await station();
    const booked = await engine.book({
      site,
      evse: DC1,
      driver: DriverId.of("x"),
      idToken: IdToken.of("X"),
      connectorType: "cCCS2",
      window: { start: T0 + 50 * MINUTE, end: T0 + 2 * HOUR },
    });
    expect(booked.ok).toBe(true);
    const [answer] = searchAvailability(engine, model, { stops: [stop()] }, T0);
    // occupancy ends 2:15; the next charge may start once its early-start allowance (10 min) fits after it
    expect(answer?.earliest?.window.start).toBe(T0 + 2 * HOUR + 25 * MINUTE);
    expect(answer?.earliest?.withinEta).toBe(false);
    const [lowPower] = searchAvailability(engine, model, { stops: [stop({ minPower: 50_000 })] }, T0);
    expect(lowPower?.earliest?.evse).toBe(DC2);
  });

  it("waits for a car on the EVSE: after the known charge end, or when the dwell model is confident enough", async () => {
    const { engine } = await station();
    await engine.sessionStarted({ evse: DC1, sessionId: "a", at: T0, energyNeeded: 150_000, power: 100_000 });
    const [known] = searchAvailability(
      engine,
      model,
      { stops: [stop({ eta: { start: T0, end: T0 + 10 * MINUTE } })] },
      T0,
    );
    expect(known?.earliest?.window.start).toBe(T0 + 90 * MINUTE);
    await engine.sessionStarted({ evse: DC2, sessionId: "b", at: T0 });
    const [guess] = searchAvailability(
      engine,
      model,
      { stops: [stop({ eta: { start: T0, end: T0 + 10 * MINUTE }, minPower: 50_000 })], minConfidence: 0.9 },
      T0,
    );
    const slot = guess?.earliest;
    expect(slot?.evse).toBe(DC2);
    expect(slot?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(model.doneBy({ start: T0, now: T0, site }, (slot?.window.start ?? 0) - 60_000)).toBeLessThan(0.9);
  });

  it("answers per stop: unknown site, no eligible EVSE; refuses oversized requests", async () => {
    const { engine } = await station();
    const answers = searchAvailability(
      engine,
      model,
      { stops: [stop({ site: SiteId.of("elsewhere") }), stop({ connectorType: "CHAdeMO" })] },
      T0,
    );
    expect(answers.map((a) => a.reason)).toEqual(["unknown_site", "no_eligible_evse"]);
    expect(() => searchAvailability(engine, model, { stops: Array.from({ length: 51 }, () => stop()) }, T0)).toThrow(
      "at most 50 stops",
    );
    expect(() =>
      searchAvailability(engine, model, { stops: [stop()], calendar: { horizon: 7 * 24 * HOUR, step: MINUTE } }, T0),
    ).toThrow("more than 2000 steps");
  });

  it("the earliest slot is bookable and no earlier start is (random bookings, minute-grid oracle)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            evse: fc.constantFrom(DC1, DC2),
            start: fc.integer({ min: 0, max: 30 }),
            length: fc.integer({ min: 1, max: 8 }),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (bookings, etaUnits, chargeUnits) => {
          const { engine } = await station();
          for (const [i, b] of bookings.entries()) {
            await engine.book({
              site,
              evse: b.evse,
              driver: DriverId.of(`d${i}`),
              idToken: IdToken.of(`T${i}`),
              connectorType: "cCCS2",
              window: { start: T0 + b.start * 10 * MINUTE, end: T0 + (b.start + b.length) * 10 * MINUTE },
            });
          }
          const query = stop({
            minPower: 0,
            eta: { start: T0 + etaUnits * 10 * MINUTE, end: T0 + etaUnits * 10 * MINUTE + 5 * MINUTE },
            chargingTime: chargeUnits * 10 * MINUTE,
          });
          const [answer] = searchAvailability(engine, model, { stops: [query] }, T0);
          const slot = answer?.earliest;
          if (slot === undefined) throw new Error("a free slot always exists eventually");
          const request = {
            site,
            evse: slot.evse,
            driver: DriverId.of("probe"),
            idToken: IdToken.of("P"),
            connectorType: "cCCS2",
          };
          for (let s = query.eta.start; s < slot.window.start; s += MINUTE) {
            for (const evse of [DC1, DC2]) {
              const earlier = await engine.hold({
                ...request,
                evse,
                window: { start: s, end: s + query.chargingTime },
              });
              expect(earlier.ok).toBe(false);
            }
          }
          expect((await engine.hold({ ...request, window: slot.window })).ok).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

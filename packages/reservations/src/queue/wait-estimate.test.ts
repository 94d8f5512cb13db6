import { DriverId, HOUR, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import { describe, expect, it } from "vitest";
import { createReservationEngine } from "../engine.js";
import { EvseRef } from "../evse.js";
import { createMemoryReservationStore } from "../memory-store.js";
import { fitDwellModel } from "./dwell-model.js";
import { estimateWait } from "./wait-estimate.js";

const T0 = Date.UTC(2026, 2, 2, 8);
const site = SiteId.of("lot");
const [A, B, C] = [EvseRef.of("A"), EvseRef.of("B"), EvseRef.of("C")];
const need = { connectorType: "cType2", minPower: 0 };
const history = Array.from({ length: 100 }, (_, i) => ({
  start: T0 - 30 * 24 * HOUR,
  end: T0 - 30 * 24 * HOUR + (30 + 3 * i) * MINUTE,
}));
const model = fitDwellModel(history);

async function lot(evses = [A, B]) {
  const clock = createManualClock(T0);
  const engine = createReservationEngine({
    store: createMemoryReservationStore(),
    clock,
    sites: [{ site, evses: evses.map((ref) => ({ ref, connectorTypes: ["cType2"], maxPower: 11_000 })) }],
  });
  await engine.start();
  return { engine, clock, view: () => engine.view(site) as NonNullable<ReturnType<typeof engine.view>> };
}

describe("wait estimate", () => {
  it("is zero with a free eligible EVSE, infinite with none", async () => {
    const { view } = await lot();
    expect(estimateWait(view(), model, { need, now: T0 })).toEqual({ position: 1, p10: 0, p50: 0, p90: 0 });
    expect(estimateWait(view(), model, { need: { connectorType: "cCCS2", minPower: 0 }, now: T0 }).p50).toBe(Infinity);
  });

  it("uses energy still needed ÷ allocated power when both are known", async () => {
    const { engine, view } = await lot([A]);
    await engine.sessionStarted({ evse: A, sessionId: "s", at: T0, energyNeeded: 22_000, power: 11_000 });
    const wait = estimateWait(view(), model, { need, now: T0 + 30 * MINUTE });
    expect(wait).toEqual({ position: 1, p10: 95 * MINUTE, p50: 95 * MINUTE, p90: 95 * MINUTE });
  });

  it("for one busy EVSE and nobody ahead, equals the residual-life quantiles of the dwell model", async () => {
    const { engine, view } = await lot([A]);
    await engine.sessionStarted({ evse: A, sessionId: "s", at: T0 });
    const now = T0 + 90 * MINUTE;
    const wait = estimateWait(view(), model, { need, now, samples: 1000 });
    const [p10, p50, p90] = model.remaining({ start: T0, now, site }, [0.1, 0.5, 0.9]) as [number, number, number];
    expect(wait.p10).toBeCloseTo(p10, -4);
    expect(wait.p50).toBeCloseTo(p50, -4);
    expect(wait.p90).toBeCloseTo(p90, -4);
  });

  it("waits for a reservation's occupancy to end before counting an EVSE as free", async () => {
    const { engine, view } = await lot([A]);
    const r = await engine.book({
      site,
      evse: A,
      driver: DriverId.of("d"),
      idToken: IdToken.of("T"),
      connectorType: "cType2",
      window: { start: T0 + 20 * MINUTE, end: T0 + 2 * HOUR },
    });
    expect(r.ok).toBe(true);
    const wait = estimateWait(view(), model, { need, now: T0 });
    expect(wait.p50).toBe(2 * HOUR + 15 * MINUTE);
    expect(estimateWait(view(), model, { need, now: T0, minStay: 5 * MINUTE }).p50).toBe(0);
  });

  it("grows with the queue ahead and never shrinks", async () => {
    const { engine, view } = await lot();
    await engine.sessionStarted({ evse: A, sessionId: "a", at: T0 });
    await engine.sessionStarted({ evse: B, sessionId: "b", at: T0 + 20 * MINUTE });
    let previous = 0;
    for (let ahead = 0; ahead < 5; ahead++) {
      const wait = estimateWait(view(), model, {
        need,
        ahead: Array.from({ length: ahead }, () => need),
        now: T0 + 40 * MINUTE,
      });
      expect(wait.position).toBe(ahead + 1);
      expect(wait.p50).toBeGreaterThanOrEqual(previous);
      expect(wait.p10).toBeLessThanOrEqual(wait.p50);
      expect(wait.p50).toBeLessThanOrEqual(wait.p90);
      previous = wait.p50;
    }
    expect(previous).toBeGreaterThan(0);
  });

  it("with dependent releases, waits longer than with independent ones: the earliest of three is later", async () => {
    const { engine, view } = await lot([A, B, C]);
    for (const [i, evse] of [A, B, C].entries()) {
      await engine.sessionStarted({ evse, sessionId: `s${i}`, at: T0 + i * 10 * MINUTE });
    }
    const now = T0 + 40 * MINUTE;
    const at = (dependence: number) => estimateWait(view(), model, { need, now, dependence, samples: 1000 });
    const independent = at(0);
    const half = at(0.5);
    const comonotone = at(1);
    expect(independent.p50).toBeLessThan(half.p50);
    expect(half.p50).toBeLessThan(comonotone.p50);
    // comonotone: every session at the same rank, so the median of the earliest is the earliest of the medians
    // (up to one step of the history's durations, 3 min: the sample median sits on the stratum just above 0.5)
    const medians = [0, 1, 2].map(
      (i) => model.remaining({ start: T0 + i * 10 * MINUTE, now, site }, [0.5])[0] as number,
    );
    expect(Math.abs(comonotone.p50 - Math.min(...medians))).toBeLessThanOrEqual(3 * MINUTE);
    // independent: P(min > t) = Π P(release_i > t) = 1/2 at the median
    const survival = [0, 1, 2]
      .map((i) => 1 - model.doneBy({ start: T0 + i * 10 * MINUTE, now, site }, now + independent.p50))
      .reduce((a, b) => a * b, 1);
    expect(survival).toBeCloseTo(0.5, 1);
  });

  it("is reproducible for a seed, defaults to the model's learned dependence, and refuses a bad one", async () => {
    const { engine, view } = await lot([A, B, C]);
    for (const [i, evse] of [A, B, C].entries()) {
      await engine.sessionStarted({ evse, sessionId: `s${i}`, at: T0 + i * 10 * MINUTE });
    }
    const now = T0 + 40 * MINUTE;
    const tied = fitDwellModel(history, { dependence: 0.8 });
    expect(estimateWait(view(), tied, { need, now })).toEqual(estimateWait(view(), tied, { need, now }));
    expect(estimateWait(view(), tied, { need, now })).toEqual(
      estimateWait(view(), model, { need, now, dependence: 0.8 }),
    );
    expect(() => estimateWait(view(), model, { need, now, dependence: 1.5 })).toThrow("dependence must be in [0, 1]");
  });
});

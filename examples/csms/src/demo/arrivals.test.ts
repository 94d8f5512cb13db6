import { MINUTE, SECOND, SiteId, StationId } from "@chargekit/core";
import { type SimulatedStation, seededRandom } from "@chargekit/ocpp";
import { EvseRef } from "@chargekit/reservations";
import { describe, expect, it } from "vitest";
import { DC_NEED, DEFAULT_SHARES, drawArrival } from "./arrivals.js";
import type { DemoEvse, DemoSite } from "./demo-stations.js";
import { demoTiming } from "./timing.js";

function site(connectorTypes: readonly string[][]): DemoSite {
  const siteId = SiteId.of("s");
  const evses: DemoEvse[] = connectorTypes.map((types, i) => ({
    siteId,
    stationId: StationId.of(`CP-${i}`),
    evseId: 1,
    spec: { ref: EvseRef.of(`CP-${i}/1`), connectorTypes: types, maxPower: 22_000 },
    station: {} as SimulatedStation,
  }));
  return { siteId, evses };
}

describe("demo arrivals", () => {
  it("replay from a seed: the same seed draws the same day, another seed another one", () => {
    const timing = demoTiming(20);
    const ac = site([["cType2"], ["cType2"]]);
    const day = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => drawArrival(ac, random, timing, DEFAULT_SHARES));
    };
    expect(day(7)).toEqual(day(7));
    expect(day(7)).not.toEqual(day(8));
    const plans = day(7);
    expect(new Set(plans.map((p) => p.kind))).toEqual(new Set(["reserve", "walk-up"]));
    for (const p of plans) {
      expect(p.stay).toBeGreaterThanOrEqual(timing.minStay);
      expect(p.lead).toBeGreaterThanOrEqual(timing.reserveLead[0]);
      expect(p.lead).toBeLessThanOrEqual(timing.reserveLead[1]);
      expect(p.need.connectorType).toBe("cType2"); // no DC charger here, no DC car
      expect(p.ev.model.batteryWh).toBeLessThanOrEqual(90_000 / 20);
    }
  });

  it("send some cars to DC chargers where a site has them", () => {
    const mixed = site([["cType2"], ["cCCS2"]]);
    const random = seededRandom(3);
    const plans = Array.from({ length: 200 }, () => drawArrival(mixed, random, demoTiming(20), DEFAULT_SHARES));
    const dc = plans.filter((p) => p.need.connectorType === DC_NEED.connectorType).length;
    expect(dc).toBeGreaterThan(20);
    expect(dc).toBeLessThan(100);
  });

  it("scale demo time to real time: a 90-minute mean stay lasts 4.5 minutes at ×20", () => {
    const timing = demoTiming(20);
    expect(timing.meanStay).toBe(4.5 * MINUTE);
    expect(timing.minStay).toBe(MINUTE);
    expect(demoTiming(10_000).minStay).toBe(SECOND);
    expect(() => demoTiming(0)).toThrow(RangeError);
  });
});

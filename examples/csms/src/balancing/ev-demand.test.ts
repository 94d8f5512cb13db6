import type { PhaseCount } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConnectorBasis, type EvDemand, followMeter } from "./ev-demand.js";

const ac: ConnectorBasis = { current: "AC", phases: 3, minCurrent: 6, voltage: 230 };
const at = 1_000;

describe("following an EV's meter", () => {
  it("caps an EV drawing clearly less, lifts the cap when it draws what it gets, holds a suspended EV at its minimum", () => {
    const capped = followMeter(
      {},
      { sample: { at, context: "Sample.Periodic", currentA: { L1: 9, L2: 9, L3: 9 } } },
      16,
      ac,
    );
    expect(capped).toEqual({ maxCurrent: 10 });
    const between = followMeter(
      capped,
      { sample: { at, context: "Sample.Periodic", currentA: { L1: 8.5, L2: 8.5, L3: 8.5 } } },
      10,
      ac,
    );
    expect(between).toEqual({ maxCurrent: 10 });
    const saturated = followMeter(
      capped,
      { sample: { at, context: "Sample.Periodic", currentA: { L1: 9.8, L2: 9.8, L3: 9.8 } } },
      10,
      ac,
    );
    expect(saturated).toEqual({});
    const suspended = followMeter(
      {},
      { sample: { at, context: "Sample.Periodic", currentA: { L1: 0 } }, chargingState: "SuspendedEV" },
      16,
      ac,
    );
    expect(suspended).toEqual({ maxCurrent: 6 });
  });

  it("counts the phases an EV draws on; power alone says nothing about phases", () => {
    const single = followMeter({}, { sample: { at, context: "Sample.Periodic", currentA: { L1: 15.8 } } }, 16, ac);
    expect(single).toEqual({ phases: 1 });
    const fromPower = followMeter(single, { sample: { at, context: "Sample.Periodic", powerW: 2300 } }, 16, ac);
    expect(fromPower).toEqual({ phases: 1, maxCurrent: 11 });
  });

  it("caps a DC EV in watts", () => {
    const dc: ConnectorBasis = { current: "DC", phases: 3, minCurrent: 0, voltage: 230 };
    expect(followMeter({}, { sample: { at, context: "Sample.Periodic", powerW: 20_000 } }, 50_000, dc)).toEqual({
      maxPower: 20_700,
    });
    expect(
      followMeter({ maxPower: 20_700 }, { sample: { at, context: "Sample.Periodic", powerW: 20_500 } }, 20_700, dc),
    ).toEqual({});
  });

  it("never caps below the minimum or above what was offered plus headroom, never claims more phases than wired", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PhaseCount>(1, 3),
        fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 6, max: 32, noNaN: true }),
        fc.record({ maxCurrent: fc.option(fc.double({ min: 6, max: 32, noNaN: true }), { nil: undefined }) }),
        (phases, [l1 = 0, l2 = 0, l3 = 0], offered, prev) => {
          const basis = { ...ac, phases };
          const previous: EvDemand = prev.maxCurrent === undefined ? {} : { maxCurrent: prev.maxCurrent };
          const demand = followMeter(
            previous,
            { sample: { at, context: "Sample.Periodic", currentA: { L1: l1, L2: l2, L3: l3 } } },
            offered,
            basis,
          );
          if (demand.maxCurrent !== undefined) {
            expect(demand.maxCurrent).toBeGreaterThanOrEqual(6);
            if (demand.maxCurrent !== prev.maxCurrent) expect(demand.maxCurrent).toBeLessThanOrEqual(offered);
          }
          if (demand.phases !== undefined) expect(demand.phases).toBeLessThanOrEqual(phases);
          expect(
            followMeter(
              previous,
              { sample: { at, context: "Sample.Periodic", currentA: { L1: l1, L2: l2, L3: l3 } } },
              offered,
              basis,
            ),
          ).toEqual(demand);
        },
      ),
      { numRuns: 200 },
    );
  });
});

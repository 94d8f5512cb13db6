import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chargeEv, DEFAULT_EV, evAcceptance } from "./ev-model.js";

describe("EV model", () => {
  it("takes its maximum up to the taper, then less and less, and nothing at its target", () => {
    expect(evAcceptance({ model: DEFAULT_EV, soc: 50 }, "AC")).toBe(11_000);
    expect(evAcceptance({ model: DEFAULT_EV, soc: 80 }, "DC")).toBe(100_000);
    expect(evAcceptance({ model: DEFAULT_EV, soc: 90 }, "DC")).toBeCloseTo(55_000, 6);
    expect(evAcceptance({ model: DEFAULT_EV, soc: 100 }, "DC")).toBe(0);
    expect(evAcceptance({ model: { ...DEFAULT_EV, targetSoc: 80 }, soc: 80 }, "AC")).toBe(0);
  });

  it("charging adds energy to the battery: 11 kW for an hour is 11 kWh, 18.3 % of 60 kWh", () => {
    expect(chargeEv({ model: DEFAULT_EV, soc: 20 }, 11_000, 3_600_000).soc).toBeCloseTo(20 + (11 / 60) * 100, 9);
    expect(() => chargeEv({ model: DEFAULT_EV, soc: 20 }, -1, 1)).toThrow("must be ≥ 0");
  });

  it("property: acceptance never rises with SoC and SoC never passes 100", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, b) => {
          const [low, high] = a < b ? [a, b] : [b, a];
          expect(evAcceptance({ model: DEFAULT_EV, soc: high }, "DC")).toBeLessThanOrEqual(
            evAcceptance({ model: DEFAULT_EV, soc: low }, "DC"),
          );
          expect(chargeEv({ model: DEFAULT_EV, soc: low }, 350_000, 10 * 3_600_000).soc).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 200 },
    );
  });
});

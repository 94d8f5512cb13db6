import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ceilOnGrid, floorOnGrid, nextOnGrid, previousOnGrid, setGrid, stepGrid, stepsAbove } from "./quantizer.js";

describe("setpoint grids", () => {
  it("floors never above the value and write exact decimals", () => {
    const g = stepGrid(0.1);
    expect(floorOnGrid(g, 6.3)).toBe(6.3);
    expect(floorOnGrid(g, 0.30000000000000004)).toBe(0.3);
    expect(floorOnGrid(g, 6.29999)).toBe(6.2);
    expect(ceilOnGrid(g, 6.21)).toBe(6.3);
    expect(nextOnGrid(g, 6.3)).toBe(6.4);
    expect(previousOnGrid(g, 6.3)).toBe(6.2);
    expect(stepsAbove(g, 6.3, 7)).toBe(7);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constantFrom(0.1, 0.5, 1, 100, 0.25), (x, step) => {
        const floor = floorOnGrid(stepGrid(step), x);
        expect(floor).toBeLessThanOrEqual(x + 1e-9 * Math.max(1, x));
        expect(x - floor).toBeLessThan(step + 1e-9 * Math.max(1, x));
        expect(Math.abs(floor / step - Math.round(floor / step))).toBeLessThan(1e-9);
      }),
    );
  });

  it("works on pilot sets", () => {
    const g = setGrid([32, 8, 24, 16, 16, 0]);
    expect([
      floorOnGrid(g, 20),
      ceilOnGrid(g, 9),
      nextOnGrid(g, 16),
      previousOnGrid(g, 16),
      previousOnGrid(g, 8),
    ]).toEqual([16, 16, 24, 8, 0]);
    expect(floorOnGrid(g, 7)).toBe(0);
    expect(nextOnGrid(g, 32)).toBe(Number.POSITIVE_INFINITY);
    expect(ceilOnGrid(g, 40)).toBe(Number.POSITIVE_INFINITY);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contains,
  containsInterval,
  duration,
  expand,
  formatInstant,
  type Interval,
  intersect,
  interval,
  isEmpty,
  overlaps,
  parseInstant,
  shift,
} from "./time.js";

/** Brute-force oracle: the set of integer instants an interval holds. */
const points = (i: Interval): Set<number> => {
  const s = new Set<number>();
  for (let t = i.start; t < i.end; t++) s.add(t);
  return s;
};

const arbInterval = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }))
  .map(([a, b]) => interval(Math.min(a, b), Math.max(a, b)));

describe("half-open intervals", () => {
  it("treats back-to-back intervals as disjoint", () => {
    const morning = interval(8, 9);
    const next = interval(9, 10);
    expect(overlaps(morning, next)).toBe(false);
    expect(intersect(morning, next)).toBeUndefined();
    expect(contains(morning, 9)).toBe(false);
    expect(contains(morning, 8)).toBe(true);
  });

  it("rejects inverted and non-integer intervals with a clear message", () => {
    expect(() => interval(10, 5)).toThrow("interval end 5 is before its start 10");
    expect(() => interval(0.5, 5)).toThrow("interval start must be an integer instant, got 0.5");
    expect(() => interval(0, Number.NaN)).toThrow("interval end must be an integer instant");
  });

  it("overlaps exactly when the point sets share a point", () => {
    fc.assert(
      fc.property(arbInterval, arbInterval, (a, b) => {
        const pa = points(a);
        const shared = [...points(b)].some((t) => pa.has(t));
        expect(overlaps(a, b)).toBe(shared);
        expect(overlaps(b, a)).toBe(shared);
      }),
    );
  });

  it("intersects to exactly the shared points", () => {
    fc.assert(
      fc.property(arbInterval, arbInterval, (a, b) => {
        const pa = points(a);
        const expected = [...points(b)].filter((t) => pa.has(t));
        const i = intersect(a, b);
        expect(i === undefined ? [] : [...points(i)]).toEqual(expected);
      }),
    );
  });

  it("contains and containsInterval agree with the point sets", () => {
    fc.assert(
      fc.property(arbInterval, arbInterval, fc.integer({ min: -40, max: 40 }), (a, b, t) => {
        const pa = points(a);
        expect(contains(a, t)).toBe(pa.has(t));
        expect(containsInterval(a, b)).toBe([...points(b)].every((p) => pa.has(p)));
        expect(duration(a)).toBe(pa.size);
        expect(isEmpty(a)).toBe(pa.size === 0);
      }),
    );
  });

  it("expands and shifts without turning inside out", () => {
    fc.assert(
      fc.property(
        arbInterval,
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        (a, before, after) => {
          const e = expand(a, before, after);
          expect(e.start).toBe(a.start - before);
          expect(e.end).toBeGreaterThanOrEqual(e.start);
          if (before >= 0 && after >= 0) expect(containsInterval(e, a)).toBe(true);
          const s = shift(a, before);
          expect(duration(s)).toBe(duration(a));
        },
      ),
    );
  });
});

describe("RFC 3339 instants", () => {
  it("parses what OCPP sends and formats back in UTC", () => {
    expect(parseInstant("2026-11-21T09:30:00Z")).toEqual({ ok: true, value: Date.UTC(2026, 10, 21, 9, 30) });
    expect(parseInstant("2026-11-21T10:30:00.123456+01:00")).toEqual({
      ok: true,
      value: Date.UTC(2026, 10, 21, 9, 30, 0, 123),
    });
    expect(formatInstant(Date.UTC(2026, 10, 21, 9, 30))).toBe("2026-11-21T09:30:00.000Z");
  });

  it("rejects date-times without an offset or with impossible fields", () => {
    for (const bad of ["2026-11-21T09:30:00", "2026-11-21", "yesterday", "2026-13-01T00:00:00Z"]) {
      const result = parseInstant(bad);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.message).toContain(JSON.stringify(bad));
    }
  });

  it("round-trips every millisecond instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }), (t) => {
        expect(parseInstant(formatInstant(t))).toEqual({ ok: true, value: t });
      }),
    );
  });
});

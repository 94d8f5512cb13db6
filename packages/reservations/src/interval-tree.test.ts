import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IntervalTree } from "./interval-tree.js";

/** The brute-force oracle: a plain list of disjoint intervals, every answer by scanning all of them. */
class ListOracle {
  readonly items: { start: number; end: number; value: number }[] = [];

  conflict(start: number, end: number) {
    return this.items.filter((i) => start < end && i.start < end && start < i.end).sort((a, b) => a.start - b.start)[0];
  }

  insert(start: number, end: number, value: number) {
    const c = this.conflict(start, end);
    if (c === undefined) this.items.push({ start, end, value });
    return c;
  }

  remove(start: number) {
    const index = this.items.findIndex((i) => i.start === start);
    return index < 0 ? undefined : this.items.splice(index, 1)[0];
  }

  free(s: number, length: number): boolean {
    return this.items.every((i) => !(i.start < s + length && s < i.end));
  }

  /** Earliest s >= from with [s, s + length) free: the answer is `from` or the end of some interval. */
  earliestGap(from: number, length: number): number {
    const candidates = [from, ...this.items.map((i) => i.end).filter((e) => e >= from)].sort((a, b) => a - b);
    for (const s of candidates) if (this.free(s, length)) return s;
    throw new Error("unreachable: the end of the last interval is always free");
  }

  gaps(from: number, to: number, minLength: number) {
    const out: { start: number; end: number }[] = [];
    let runStart: number | undefined;
    for (let t = from; t <= to; t++) {
      const isFree = t < to && this.items.every((i) => !(i.start <= t && t < i.end));
      if (isFree && runStart === undefined) runStart = t;
      if (!isFree && runStart !== undefined) {
        if (t - runStart >= minLength) out.push({ start: runStart, end: t });
        runStart = undefined;
      }
    }
    return out;
  }

  sorted() {
    return [...this.items].sort((a, b) => a.start - b.start);
  }
}

const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      start: fc.integer({ min: 0, max: 400 }),
      length: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat(), raw: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("query" as const),
      from: fc.integer({ min: -20, max: 460 }),
      length: fc.integer({ min: 1, max: 60 }),
    }),
  },
);

const strip = (e: { start: number; end: number; value: number } | undefined) =>
  e === undefined ? undefined : { start: e.start, end: e.end, value: e.value };

describe("IntervalTree", () => {
  it("treats intervals as half-open: back-to-back intervals do not conflict", () => {
    const tree = new IntervalTree<string>();
    expect(tree.insert(100, 200, "a")).toBeUndefined();
    expect(tree.insert(200, 300, "b")).toBeUndefined();
    expect(tree.insert(50, 100, "c")).toBeUndefined();
    expect(tree.insert(199, 201, "d")?.value).toBe("a");
    expect(tree.at(200)?.value).toBe("b");
    expect(tree.at(300)).toBeUndefined();
    expect(tree.earliestGap(60, 10)).toBe(300);
    expect(tree.earliestGap(0, 50)).toBe(0);
    expect(tree.earliestGap(0, 51)).toBe(300);
    expect(tree.gaps(0, 400)).toEqual([
      { start: 0, end: 50 },
      { start: 300, end: 400 },
    ]);
  });

  it("refuses empty, reversed and fractional intervals and non-positive gap lengths", () => {
    const tree = new IntervalTree<number>();
    expect(() => tree.insert(5, 5, 1)).toThrow("start < end");
    expect(() => tree.insert(6, 5, 1)).toThrow("start < end");
    expect(() => tree.insert(0.5, 5, 1)).toThrow("integer ends");
    expect(() => tree.earliestGap(0, 0)).toThrow("positive integer");
    expect(() => tree.earliestGap(Number.NaN, 5)).toThrow("integer instant");
    expect(tree.findConflict(5, 5)).toBeUndefined();
  });

  it("removes only the matching value when one is given, and hands out entries that stay intact", () => {
    const tree = new IntervalTree<string>();
    for (let i = 0; i < 20; i++) tree.insert(i * 10, i * 10 + 5, `v${i}`);
    const held = tree.at(50);
    expect(tree.remove(50, "other")).toBeUndefined();
    for (let i = 0; i < 20; i += 2) if (i !== 5) tree.remove(i * 10);
    expect(held).toEqual({ start: 50, end: 55, value: "v5" });
    expect(tree.remove(50, "v5")?.value).toBe("v5");
    expect(tree.size).toBe(9);
  });

  it("stays balanced: height within the AVL bound for sorted inserts", () => {
    const tree = new IntervalTree<number>();
    const n = 10_000;
    for (let i = 0; i < n; i++) tree.insert(i * 2, i * 2 + 1, i);
    expect(tree.height()).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(n + 2)));
    for (let i = 0; i < n; i += 3) tree.remove(i * 2);
    expect(tree.height()).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(tree.size + 2)));
  });

  it("answers exactly like the brute-force list on random operation sequences", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const tree = new IntervalTree<number>();
        const oracle = new ListOracle();
        let nextValue = 0;
        for (const o of ops) {
          if (o.kind === "insert") {
            const value = nextValue++;
            const expected = oracle.insert(o.start, o.start + o.length, value);
            expect(strip(tree.insert(o.start, o.start + o.length, value) as never)).toEqual(strip(expected));
          } else if (o.kind === "remove") {
            const items = oracle.sorted();
            const start = o.raw || items.length === 0 ? o.pick % 450 : (items[o.pick % items.length]?.start ?? 0);
            expect(strip(tree.remove(start) as never)).toEqual(strip(oracle.remove(start)));
          } else {
            const { from, length } = o;
            expect(tree.earliestGap(from, length)).toBe(oracle.earliestGap(from, length));
            expect(strip(tree.findConflict(from, from + length) as never)).toEqual(
              strip(oracle.conflict(from, from + length)),
            );
            expect(tree.overlapping(from, from + length).map((e) => e.value)).toEqual(
              oracle
                .sorted()
                .filter((i) => i.start < from + length && from < i.end)
                .map((i) => i.value),
            );
            expect(tree.at(from)?.value).toBe(oracle.sorted().find((i) => i.start <= from && from < i.end)?.value);
            expect(tree.before(from)?.value).toBe(
              oracle
                .sorted()
                .filter((i) => i.start < from)
                .at(-1)?.value,
            );
            expect(tree.after(from)?.value).toBe(oracle.sorted().find((i) => i.start >= from)?.value);
            expect(tree.gaps(from, from + 4 * length, Math.ceil(length / 3))).toEqual(
              oracle.gaps(from, from + 4 * length, Math.ceil(length / 3)),
            );
          }
          expect(tree.size).toBe(oracle.items.length);
        }
        expect([...tree.entries()].map((e) => e.value)).toEqual(oracle.sorted().map((i) => i.value));
        expect(tree.height()).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(tree.size + 2)));
      }),
      { numRuns: 200 },
    );
  });

  it("finds the earliest gap in a dense tree the same way as the oracle (many tight gaps)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 8 }),
        (spacing, from, length) => {
          const tree = new IntervalTree<number>();
          const oracle = new ListOracle();
          let t = 0;
          for (const [i, s] of spacing.entries()) {
            tree.insert(t, t + 5, i);
            oracle.insert(t, t + 5, i);
            t += 5 + s;
          }
          expect(tree.earliestGap(from, length)).toBe(oracle.earliestGap(from, length));
        },
      ),
      { numRuns: 200 },
    );
  });
});

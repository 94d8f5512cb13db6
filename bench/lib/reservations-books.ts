// The contenders of bench/reservations-tree.bench.ts: one reservation book per EVSE, answering "insert unless it
// conflicts" and "earliest free stretch of a given length at or after an instant", all on half-open [start, end)
// integer intervals.

import { IntervalTree } from "@chargekit/reservations";
import FlattenTree from "@flatten-js/interval-tree";

/** What every contender implements. */
export interface Book {
  readonly name: string;
  /** Inserts [start, end) on an EVSE unless it overlaps; true when inserted. */
  tryInsert(evse: number, start: number, end: number, id: number): boolean;
  /** Earliest s >= from with [s, s + length) free on the EVSE. */
  earliest(evse: number, from: number, length: number): number;
}

/** Ours: the augmented AVL tree of @chargekit/reservations, one per EVSE. */
export function ourBook(evses: number): Book {
  const trees = Array.from({ length: evses }, () => new IntervalTree<number>());
  return {
    name: "chargekit IntervalTree",
    tryInsert: (evse, start, end, id) => (trees[evse] as IntervalTree<number>).insert(start, end, id) === undefined,
    earliest: (evse, from, length) => (trees[evse] as IntervalTree<number>).earliestGap(from, length),
  };
}

/**
 * The peer: @flatten-js/interval-tree 2.0.3 (augmented red-black tree, closed intervals). Half-open integer
 * intervals map to closed ones as [start, end − 1]; it has no gap query, so the earliest slot jumps past whatever
 * intersects the candidate window until nothing does (the natural way to use it).
 */
export function flattenBook(evses: number): Book {
  const trees = Array.from({ length: evses }, () => new FlattenTree<number>());
  const highest = (_value: number, key: unknown) => (key as { high: number }).high;
  return {
    name: "@flatten-js/interval-tree",
    tryInsert(evse, start, end, id) {
      const tree = trees[evse] as FlattenTree<number>;
      if (tree.intersect_any([start, end - 1])) return false;
      tree.insert([start, end - 1], id);
      return true;
    },
    earliest(evse, from, length) {
      const tree = trees[evse] as FlattenTree<number>;
      let s = from;
      for (;;) {
        const hits = tree.search([s, s + length - 1], highest) as number[];
        if (hits.length === 0) return s;
        s = Math.max(...hits) + 1;
      }
    },
  };
}

/** A sorted array per EVSE with binary search (O(log n) conflict check, O(n) insert, linear gap scan). */
export function sortedArrayBook(evses: number): Book {
  const starts = Array.from({ length: evses }, () => [] as number[]);
  const ends = Array.from({ length: evses }, () => [] as number[]);
  const firstEndAfter = (e: number[], t: number) => {
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((e[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    name: "sorted array per EVSE",
    tryInsert(evse, start, end) {
      const s = starts[evse] as number[];
      const e = ends[evse] as number[];
      const i = firstEndAfter(e, start);
      if (i < s.length && (s[i] as number) < end) return false;
      s.splice(i, 0, start);
      e.splice(i, 0, end);
      return true;
    },
    earliest(evse, from, length) {
      const s = starts[evse] as number[];
      const e = ends[evse] as number[];
      let i = firstEndAfter(e, from);
      let t = from;
      while (i < s.length) {
        if ((s[i] as number) - t >= length) return t;
        t = Math.max(t, e[i] as number);
        i++;
      }
      return t;
    },
  };
}

/** Brute force, the tests' oracle: one list of every reservation, every question answered by scanning all of it. */
export function bruteForceBook(): Book & { size(): number; append(evse: number, start: number, end: number): void } {
  const evse: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  return {
    name: "brute force (one list, full scan)",
    size: () => evse.length,
    append(ev, s, e) {
      evse.push(ev);
      start.push(s);
      end.push(e);
    },
    tryInsert(ev, s, e) {
      for (let i = 0; i < evse.length; i++) {
        if (evse[i] === ev && (start[i] as number) < e && s < (end[i] as number)) return false;
      }
      evse.push(ev);
      start.push(s);
      end.push(e);
      return true;
    },
    earliest(ev, from, length) {
      const mine: [number, number][] = [];
      for (let i = 0; i < evse.length; i++) if (evse[i] === ev) mine.push([start[i] as number, end[i] as number]);
      mine.sort((a, b) => a[0] - b[0]);
      let t = from;
      for (const [s, e] of mine) {
        if (e <= t) continue;
        if (s - t >= length) return t;
        t = Math.max(t, e);
      }
      return t;
    },
  };
}

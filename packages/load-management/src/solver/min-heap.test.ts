import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinHeap } from "./min-heap.js";

describe("MinHeap", () => {
  it("pops by key, then by id, whatever the insertion order (against a sort)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1, 1.5, 2, 7), fc.nat(1000)), { maxLength: 200 }),
        fc.boolean(),
        (entries, bulk) => {
          const unique = [...new Map(entries.map(([k, id]) => [id, k])).entries()].map(([id, k]) => [k, id] as const);
          const heap = new MinHeap(2);
          for (const [k, id] of unique) bulk ? heap.append(k, id) : heap.push(k, id);
          if (bulk) heap.heapify();
          const popped: number[] = [];
          while (heap.size > 0) popped.push(heap.pop());
          const expected = [...unique].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, id]) => id);
          expect(popped).toEqual(expected);
          expect(heap.pop()).toBe(-1);
          expect(heap.topKey()).toBe(Number.POSITIVE_INFINITY);
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue.js";

const entry = fc.tuple(fc.constantFrom(0, 1, 1.5, 2, 7, 1e-300, 3e5, Number.POSITIVE_INFINITY), fc.nat(1000));

/** Pops of a queue fed in batches (append, seal, then pushes between pops), against a sort of what is in it. */
describe("EventQueue", () => {
  it("pops by key, then by id, across batches and pushes after sealing (against a sort)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            appended: fc.array(entry, { maxLength: 120 }),
            pushed: fc.array(fc.tuple(fc.nat(1000), entry), { maxLength: 20 }),
          }),
          { maxLength: 4 },
        ),
        fc.boolean(),
        (batches, negative) => {
          const queue = new EventQueue();
          for (const { appended, pushed } of batches) {
            const keys = [...new Map(appended.map(([k, id]) => [id, k])).entries()].map(([id, k]) => [k, id] as const);
            const live = new Map<number, number>();
            const used = new Set<number>();
            for (const [k, id] of keys) {
              const key = negative && id % 7 === 0 ? -k : k;
              queue.append(key, id);
              live.set(id, key);
            }
            queue.seal();
            const popped: number[] = [];
            const expected: number[] = [];
            let step = 0;
            // bounded: a queue that stops giving entries must fail the test, not hang it
            for (let guard = 0; queue.size > 0 && guard < 5000; guard++) {
              const order = [...live.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
              expect(queue.topKey()).toBe(order[0]?.[1]);
              const id = queue.pop();
              popped.push(id);
              expected.push(order[0]?.[0] ?? -1);
              live.delete(id);
              // pushes between pops, under fresh ids
              for (const [at, [k, id2]] of pushed) {
                if (at % 10 !== step % 10 || used.has(id2)) continue;
                used.add(id2);
                const last = order[0]?.[1] ?? 0;
                const key = Number.isFinite(last) ? k + Math.abs(last) : k;
                queue.push(key, id2 + 2000);
                live.set(id2 + 2000, key);
              }
              step++;
            }
            expect(queue.size).toBe(0);
            expect(popped).toEqual(expected);
            expect(queue.pop()).toBe(-1);
            expect(queue.topKey()).toBe(Number.POSITIVE_INFINITY);
          }
        },
      ),
    );
  });

  it("sorts keys that agree in their high 32 bits, and equal keys appended out of id order", () => {
    fc.assert(
      fc.property(
        // 1 + k·2⁻⁴⁰: the same sign, exponent and top 20 mantissa bits, told apart only by the low word
        fc.uniqueArray(fc.nat(5000), { minLength: 0, maxLength: 400 }),
        fc.array(fc.nat(3), { maxLength: 400 }),
        (ks, equal) => {
          const queue = new EventQueue();
          const entries: [number, number][] = ks.map((k, id) => [1 + k * 2 ** -40, id]);
          // a few entries with one shared key under decreasing ids
          equal.forEach((_, e) => {
            entries.push([1 + 2 ** -30, 10_000 - e]);
          });
          for (const [key, id] of entries) queue.append(key, id);
          queue.seal();
          const popped: number[] = [];
          for (let guard = 0; queue.size > 0 && guard < 5000; guard++) popped.push(queue.pop());
          expect(queue.size).toBe(0);
          const expected = [...entries].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, id]) => id);
          expect(popped).toEqual(expected);
        },
      ),
    );
  });
});

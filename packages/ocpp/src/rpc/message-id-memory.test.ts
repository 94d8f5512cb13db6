import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MessageIdMemory } from "./message-id-memory.js";

describe("MessageIdMemory", () => {
  it("remembers the most recent ids and forgets the oldest first", () => {
    const memory = new MessageIdMemory(3);
    for (const id of ["a", "b", "c"]) expect(memory.remember(id)).toBe(true);
    expect(["a", "b", "c"].map((id) => memory.has(id))).toEqual([true, true, true]);
    memory.add("d");
    expect(["a", "b", "c", "d"].map((id) => memory.has(id))).toEqual([false, true, true, true]);
    expect(memory.remember("b")).toBe(false); // already remembered: does not move or duplicate
    memory.add("e");
    memory.add("f");
    expect(["b", "c", "d", "e", "f"].map((id) => memory.has(id))).toEqual([false, false, true, true, true]);
  });

  it("remembers nothing with capacity 0", () => {
    const memory = new MessageIdMemory(0);
    expect(memory.remember("a")).toBe(true);
    expect(memory.has("a")).toBe(false);
  });

  it("is exact when two ids share a fingerprint", () => {
    // "id-5pvu" and "id-c3ea" have the same 32-bit FNV-1a fingerprint
    const memory = new MessageIdMemory(10);
    memory.add("id-5pvu");
    expect(memory.has("id-c3ea")).toBe(false);
    expect(memory.remember("id-c3ea")).toBe(true);
    expect(memory.has("id-5pvu") && memory.has("id-c3ea")).toBe(true);
  });

  it("tells apart ids kept as bytes from ids kept as strings (long, or beyond Latin-1) in the same slots", () => {
    const long = "x".repeat(37);
    const memory = new MessageIdMemory(2);
    expect(memory.remember(long)).toBe(true);
    expect(memory.remember("€-1")).toBe(true);
    expect(memory.has(long) && memory.has("€-1")).toBe(true);
    expect(memory.has("x".repeat(36)) || memory.has("¬-1")).toBe(false);
    memory.add("é-1"); // Latin-1: kept as bytes in the slot that held a string
    memory.add("a");
    expect([long, "€-1", "é-1", "a"].map((id) => memory.has(id))).toEqual([false, false, true, true]);
    memory.add(long);
    expect([long, "é-1", "a"].map((id) => memory.has(id))).toEqual([true, false, true]);
  });

  it("agrees with a plain list of the last N distinct ids", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 3 }),
            fc.string({ unit: "binary", maxLength: 3 }),
            fc.string({ minLength: 10, maxLength: 20, unit: fc.constantFrom("a", "b") }),
            fc.string({ minLength: 35, maxLength: 38, unit: fc.constantFrom("a", "b", "ÿ", "Ā") }),
          ),
          { maxLength: 300 },
        ),
        (n, ids) => {
          const memory = new MessageIdMemory(n);
          const model: string[] = [];
          for (const id of ids) {
            const known = model.includes(id);
            expect(memory.has(id)).toBe(known);
            expect(memory.remember(id)).toBe(!known);
            if (!known) {
              model.push(id);
              if (model.length > n) model.shift();
            }
          }
          for (const id of new Set(ids)) expect(memory.has(id)).toBe(model.includes(id));
        },
      ),
      { numRuns: 300 },
    );
  });
});

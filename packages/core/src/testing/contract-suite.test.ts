import { describe, expect, it } from "vitest";
import { defineContractSuite } from "./contract-suite.js";

interface Counter {
  increment(): Promise<number>;
  read(): Promise<number>;
  reset?(): Promise<void>;
}

const describeCounterContract = defineContractSuite<Counter, "reset">("Counter", (t) => {
  t.test("starts at zero for every test", async () => {
    expect(await t.subject().read()).toBe(0);
    await t.subject().increment();
  });
  t.test("counts increments", async () => {
    const counter = t.subject();
    await counter.increment();
    expect(await counter.increment()).toBe(2);
  });
  t.test(
    "resets",
    async () => {
      const counter = t.subject();
      await counter.increment();
      await counter.reset?.();
      expect(await counter.read()).toBe(0);
    },
    { requires: "reset" },
  );
});

function createCounter(withReset: boolean): Counter {
  let n = 0;
  const counter: Counter = {
    increment: async () => ++n,
    read: async () => n,
  };
  if (withReset) {
    counter.reset = async () => {
      n = 0;
    };
  }
  return counter;
}

/** Runs `fn` and returns what it printed with `console.info` (and nothing else is touched). */
function printedBy<R>(fn: () => R): { result: R; printed: string[] } {
  const printed: string[] = [];
  const info = console.info;
  console.info = (...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  };
  try {
    return { result: fn(), printed };
  } finally {
    console.info = info;
  }
}

const disposed: Counter[] = [];
const withReset = printedBy(() =>
  describeCounterContract("with reset", () => createCounter(true), {
    capabilities: { reset: true },
    dispose: (counter) => {
      disposed.push(counter);
    },
  }),
);
const withoutReset = printedBy(() => describeCounterContract("without reset", () => createCounter(false)));
const nothing = printedBy(() =>
  defineContractSuite<Counter, "reset">("Resettable", (t) => {
    t.test("resets", async () => t.subject().reset?.(), { requires: "reset" });
  })("without reset", () => createCounter(false)),
);

describe("defineContractSuite", () => {
  it("generates every test for an implementation that announces what they need, and disposes each subject", () => {
    expect(withReset.result).toEqual({
      title: "Counter contract: with reset",
      generated: ["starts at zero for every test", "counts increments", "resets"],
      omitted: [],
    });
    expect(withReset.printed).toEqual([]);
    // this file's tests run in order: the three above ran before this one
    expect(disposed).toHaveLength(3);
    expect(new Set(disposed).size).toBe(3);
  });

  it("does not generate a test whose capability is not announced, and says which and why", () => {
    expect(withoutReset.result).toEqual({
      title: "Counter contract: without reset",
      generated: ["starts at zero for every test", "counts increments"],
      omitted: [{ name: "resets", requires: "reset" }],
    });
    expect(withoutReset.printed).toEqual([
      'Counter contract: without reset: 1 test not generated, as the implementation does not announce the capability: "resets" needs "reset"',
    ]);
  });

  it("registers no empty describe block when every test needs a missing capability", () => {
    expect(nothing.result.generated).toEqual([]);
    expect(nothing.result.omitted).toEqual([{ name: "resets", requires: "reset" }]);
    expect(nothing.printed).toHaveLength(1);
  });

  it("refuses subject() outside a running test", () => {
    let outside: unknown;
    defineContractSuite<Counter>("Probe", (t) => {
      outside = (() => {
        try {
          return t.subject();
        } catch (error) {
          return error;
        }
      })();
    })("probe", () => createCounter(false));
    expect(String(outside)).toMatch(/subject\(\) called outside a running test/);
  });
});

import { expect } from "vitest";
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

const disposed: Counter[] = [];
describeCounterContract("with reset", () => createCounter(true), {
  capabilities: { reset: true },
  dispose: (counter) => {
    disposed.push(counter);
  },
});
describeCounterContract("without reset", () => createCounter(false));

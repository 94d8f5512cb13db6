import { afterEach, beforeEach, describe, it } from "vitest";
import { ChargekitError } from "../errors.js";

/**
 * Creates the implementation under test; called before every test so each test starts from an empty subject.
 *
 * @category Testing
 */
export type ContractFactory<T> = () => T | Promise<T>;

/**
 * How one implementation runs a contract suite.
 *
 * @category Testing
 */
export interface ContractRunOptions<T, Flag extends string> {
  /**
   * Optional features the implementation has. Tests that need one it lacks are not generated at all (no skipped
   * cases); the run prints which were left out and which capability each needs, and returns the same in
   * {@link ContractRun.omitted}.
   */
  readonly capabilities?: Readonly<Partial<Record<Flag, boolean>>>;
  /** Releases a subject after each test (close a pool, drop a schema). */
  readonly dispose?: (subject: T) => void | Promise<void>;
  /** Per-test timeout in ms for slow back ends (a database server). */
  readonly timeout?: number;
}

/**
 * What a contract suite's body uses to write its tests.
 *
 * @category Testing
 */
export interface ContractContext<T, Flag extends string> {
  /** Name of the implementation being tested, e.g. `"memory"` or `"postgres"`. */
  readonly implementation: string;
  /** The subject created for the running test. */
  subject(): T;
  /** The capability flags the implementation announced. */
  has(flag: Flag): boolean;
  /**
   * Registers a test; with `requires`, only when the implementation announces that capability (otherwise it is
   * left out and named in {@link ContractRun.omitted}).
   */
  test(name: string, body: () => unknown, options?: { readonly requires?: Flag }): void;
}

/**
 * A test a contract run left out because the implementation does not announce the capability it needs.
 *
 * @category Testing
 */
export interface ContractOmission<Flag extends string> {
  /** The test's name. */
  readonly name: string;
  /** The capability it needs. */
  readonly requires: Flag;
}

/**
 * What one run of a contract suite generated, returned by the function {@link defineContractSuite} makes.
 *
 * @category Testing
 */
export interface ContractRun<Flag extends string> {
  /** Title of the vitest `describe` block (`"<port> contract: <implementation>"`). */
  readonly title: string;
  /** Names of the tests generated for this implementation, in order. */
  readonly generated: readonly string[];
  /** Tests not generated, with the capability each needs (also printed with `console.info`). */
  readonly omitted: readonly ContractOmission<Flag>[];
}

/**
 * Defines a published contract suite for a port: one body of behavioural tests that every implementation (the
 * memory adapter, a PostgreSQL adapter, a third party's adapter) runs through the returned function.
 *
 * The body runs once per implementation, when the returned function is called, and registers its tests through the
 * context only (`t.test`); `t.subject()` is for inside a test. A test that `requires` a capability the implementation
 * does not announce is not generated: the run prints which tests were left out and why, and returns them.
 *
 * @example
 * ```ts
 * export const describeCounterContract = defineContractSuite<Counter, "reset">("Counter", (t) => {
 *   t.test("starts at zero", async () => expect(await t.subject().read()).toBe(0));
 *   t.test("resets", async () => { ... }, { requires: "reset" });
 * });
 * // in the memory adapter's test file:
 * describeCounterContract("memory", () => createMemoryCounter(), { capabilities: { reset: true } });
 * ```
 * @category Testing
 */
export function defineContractSuite<T, Flag extends string = never>(
  portName: string,
  body: (context: ContractContext<T, Flag>) => void,
): (implementation: string, factory: ContractFactory<T>, options?: ContractRunOptions<T, Flag>) => ContractRun<Flag> {
  return (implementation, factory, options = {}) => {
    const title = `${portName} contract: ${implementation}`;
    let current: T | undefined;
    let created = false;
    const has = (flag: Flag): boolean => options.capabilities?.[flag] === true;
    const tests: { readonly name: string; readonly body: () => unknown }[] = [];
    const omitted: ContractOmission<Flag>[] = [];
    body({
      implementation,
      subject() {
        if (!created) {
          throw new ChargekitError("INTERNAL", `${portName} contract: subject() called outside a running test`);
        }
        return current as T;
      },
      has,
      test(name, testBody, testOptions = {}) {
        const required = testOptions.requires;
        if (required !== undefined && !has(required)) omitted.push({ name, requires: required });
        else tests.push({ name, body: testBody });
      },
    });
    if (omitted.length > 0) {
      const list = omitted.map((o) => `"${o.name}" needs "${o.requires}"`).join("; ");
      const count = omitted.length === 1 ? "1 test" : `${omitted.length} tests`;
      console.info(`${title}: ${count} not generated, as the implementation does not announce the capability: ${list}`);
    }
    if (tests.length > 0) {
      describe(title, () => {
        beforeEach(async () => {
          current = await factory();
          created = true;
        }, options.timeout);
        afterEach(async () => {
          if (created && options.dispose !== undefined) await options.dispose(current as T);
          current = undefined;
          created = false;
        }, options.timeout);
        for (const test of tests) {
          it(
            test.name,
            async () => {
              await test.body();
            },
            options.timeout,
          );
        }
      });
    }
    return { title, generated: tests.map((test) => test.name), omitted };
  };
}

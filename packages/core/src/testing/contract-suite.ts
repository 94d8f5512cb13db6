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
  /** Optional features the implementation has; tests that need a missing one are reported as skipped, with why. */
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
   * Registers a test; with `requires`, it is reported as skipped (naming the capability) when the
   * implementation does not announce it.
   */
  test(name: string, body: () => unknown, options?: { readonly requires?: Flag }): void;
}

/**
 * Defines a published contract suite for a port: one body of behavioural tests that every implementation (the
 * memory adapter, a PostgreSQL adapter, a third party's adapter) runs through the returned function.
 *
 * @example
 * ```ts
 * export const describeCounterContract = defineContractSuite<Counter, "reset">("Counter", (t) => {
 *   t.test("starts at zero", async () => expect(await t.subject().read()).toBe(0));
 *   t.test("resets", async () => { ... }, { requires: "reset" });
 * });
 * // in the memory adapter's test file:
 * describeCounterContract("memory", () => createMemoryCounter());
 * ```
 * @category Testing
 */
export function defineContractSuite<T, Flag extends string = never>(
  portName: string,
  body: (context: ContractContext<T, Flag>) => void,
): (implementation: string, factory: ContractFactory<T>, options?: ContractRunOptions<T, Flag>) => void {
  return (implementation, factory, options = {}) => {
    describe(`${portName} contract: ${implementation}`, () => {
      let current: T | undefined;
      let created = false;
      beforeEach(async () => {
        current = await factory();
        created = true;
      }, options.timeout);
      afterEach(async () => {
        if (created && options.dispose !== undefined) await options.dispose(current as T);
        current = undefined;
        created = false;
      }, options.timeout);
      const has = (flag: Flag): boolean => options.capabilities?.[flag] === true;
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
          if (required !== undefined && !has(required)) {
            it.skip(`${name} (skipped: ${implementation} does not announce "${required}")`, () => {});
            return;
          }
          it(
            name,
            async () => {
              await testBody();
            },
            options.timeout,
          );
        },
      });
    });
  };
}

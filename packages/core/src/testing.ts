/**
 * Test helpers for chargekit and for adapters written against its ports: a manual {@link ManualClock} and the
 * {@link defineContractSuite} pattern every port's published contract suite follows (needs vitest).
 *
 * @module
 */
export {
  type ContractContext,
  type ContractFactory,
  type ContractOmission,
  type ContractRun,
  type ContractRunOptions,
  defineContractSuite,
} from "./testing/contract-suite.js";
export { createManualClock, type ManualClock } from "./testing/manual-clock.js";

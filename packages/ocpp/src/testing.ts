/**
 * Test helpers for code built on `@chargekit/ocpp`: an in-memory wire and a connected CSMS/station endpoint pair
 * for deterministic RPC tests with a manual clock.
 *
 * @module
 */
export {
  createLoopbackPair,
  createLoopbackWire,
  type LoopbackEnd,
  type LoopbackPairOptions,
} from "./testing/loopback.js";
export {
  describeStationCredentialsContract,
  type StationCredentialsSubject,
} from "./testing/station-credentials.contract.js";
export { describeStationStoreContract } from "./testing/station-store.contract.js";
export {
  describeTransactionQueueStoreContract,
  type TransactionQueueStoreSubject,
} from "./testing/transaction-queue-store.contract.js";
export {
  describeTransactionStoreContract,
  type TransactionStoreSubject,
} from "./testing/transaction-store.contract.js";

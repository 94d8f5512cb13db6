/**
 * Test helpers of @chargekit/payments (need vitest): the contract suites every payment store and payment provider
 * adapter runs, an in-memory payment provider with fault injection (declines, timeouts, crashes, duplicate
 * webhooks) whose state can be exported, restored and persisted, and a store wrapper that crashes before or after
 * any write.
 *
 * @module
 */
export { createCrashingStore, type StoreStep } from "./testing/crashing-store.js";
export {
  createMemoryPaymentProvider,
  type MemoryPaymentProvider,
  type MemoryPaymentProviderOptions,
  type ProviderCall,
  type ProviderFault,
  type ProviderOperation,
  SimulatedCrash,
} from "./testing/memory-payment-provider.js";
export {
  type MemoryPaymentProviderChange,
  type MemoryPaymentProviderPersistence,
  type MemoryPaymentProviderState,
  type MemoryProviderCounters,
  type MemoryProviderPaymentRecord,
  type MemoryProviderResponseRecord,
  parseMemoryPaymentProviderState,
} from "./testing/memory-provider-state.js";
export { describePaymentProviderContract, type PaymentProviderHarness } from "./testing/payment-provider.contract.js";
export { describePaymentStoreContract } from "./testing/payment-store.contract.js";

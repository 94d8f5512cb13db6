// The station-side simulator: EV model, durable transaction queue (port, memory adapter, retry rules, drop
// policy), the simulated station built on the station state machines, and the fleet runner. Re-exported from the
// package root.

export { type DriverPlan, FLEET_EVS, type RandomArrivals, type ScriptedVisit } from "./drivers.js";
export { chooseDrop } from "./drop-policy.js";
export { chargeEv, DEFAULT_EV, type EvModel, type EvState, evAcceptance } from "./ev-model.js";
export {
  createFleet,
  type Fleet,
  type FleetEvents,
  type FleetLink,
  type FleetLinkFactory,
  type FleetOptions,
  type FleetStats,
} from "./fleet.js";
export { loopbackFleetLink } from "./loopback-link.js";
export {
  createMemoryTransactionQueueStore,
  type QueuedKind,
  type QueuedMessage,
  type TransactionQueueStore,
} from "./queue-store.js";
export { exponential, seededRandom } from "./random.js";
export { createSimulatedStation } from "./station.js";
export { type ConfigSetting, createStationConfig, type StationConfig } from "./station-config.js";
export type {
  SimulatedEvseConfig,
  SimulatedEvseView,
  SimulatedStation,
  SimulatedStationEvents,
  SimulatedStationOptions,
} from "./station-types.js";
export {
  createTransactionQueue,
  type RetryPolicy,
  type TransactionQueue,
  type TransactionQueueEvents,
  type TransactionQueueOptions,
} from "./transaction-queue.js";

// The CSMS side of the station model: store ports with their memory adapters, the station registry, the
// neutral command API. Re-exported from the package root.

export {
  COMMAND_FAILURES,
  CommandFailure,
  type CommandFailureCode,
  type CommandOptions,
  type CommandResult,
} from "./commands/failure.js";
export type {
  CancelReservationRequest,
  ChangeAvailabilityRequest,
  ClearChargingProfileRequest,
  CommandStatus,
  CompositeScheduleRequest,
  CompositeScheduleResult,
  ConfigRejection,
  ConfigValue,
  ConfigWrite,
  ConfigWriteResult,
  DataTransferMessage,
  DataTransferResult,
  GetConfigurationRequest,
  GetConfigurationResult,
  LocalListEntry,
  LocalListVersion,
  RemoteStartRequest,
  RemoteStartResult,
  RemoteStopRequest,
  ReserveNowRequest,
  ResetRequest,
  SendLocalListRequest,
  SetChargingProfileRequest,
  SetConfigurationRequest,
  SetConfigurationResult,
  SetConfigurationStatus,
  TriggerableMessage,
  TriggerMessageRequest,
  UnlockConnectorRequest,
} from "./commands/requests.js";
export type { CsmsCommands } from "./commands/types.js";
export { createMemoryStationStore } from "./memory-station-store.js";
export { createMemoryTransactionStore, type MemoryTransactionStoreOptions } from "./memory-transaction-store.js";
export { PROTOCOL_RULES, type ProtocolRule } from "./protocol-rules.js";
export { createStationRegistry } from "./registry.js";
export type {
  AuthorizationDecision,
  AuthorizationRequest,
  Authorizer,
  BootDecision,
  BootPolicy,
  BootRequest,
  ConnectionSource,
  DataTransferHandler,
  OpenedConnection,
  StationRegistry,
  StationRegistryEvents,
  StationRegistryOptions,
} from "./registry-types.js";
export type { BootRecord, StationRecord, StationStore } from "./station-store.js";
export { mergeTransactionChange, transactionEnergy } from "./transaction-merge.js";
export type {
  ApplyOutcome,
  RegisterReading,
  TransactionChange,
  TransactionFamily,
  TransactionQuery,
  TransactionRecord,
  TransactionStore,
  V16Start,
} from "./transaction-store.js";

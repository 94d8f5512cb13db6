// The pure station model: OCPP 1.6 and 2.x state machines as data, the version-neutral model and the mappings
// into it. Re-exported from the package root.

export {
  CONFIG_KEY_VARIABLES,
  type ConfigKey,
  type VariableRef,
  v16KeyOf,
  variableKey,
  variableOfKey,
} from "./config-keys.js";
export { bootFromV2, samplesFromV2, tokenFromV2 } from "./from-v2.js";
export {
  bootFromV16,
  evseFromV16Connector,
  samplesFromV16,
  statusFromV16,
  tokenFromV16,
  v16ConnectorOfEvse,
} from "./from-v16.js";
export { hasReadings, mergeReadings, sampleKey } from "./meter.js";
export type {
  AuthorizationStatus,
  AuthToken,
  AuthTokenKind,
  BootInfo,
  ChargingState,
  ConnectorView,
  EvseView,
  LatestReadings,
  MeterSample,
  ReadingContext,
  Registration,
  StationView,
} from "./model.js";
export {
  authorizationToV16,
  groupTokenToV2,
  sampleToV2,
  sampleToV16,
  tokenToV2,
} from "./to-wire.js";
export {
  NO_TX_CONDITIONS,
  parseTxPoints,
  startPointReached,
  stopPointReached,
  TX_POINTS,
  type TxConditions,
  type TxPoint,
  txPointHolds,
} from "./tx-points.js";
export {
  CONNECTOR_STATUSES,
  type ConnectorStatus,
  isConnectorStatus,
  V2_CONNECTOR_TRANSITIONS,
  type V2ConnectorState,
  v2ReportedStatus,
  v2TransitionAllowed,
} from "./v2-connector.js";
export {
  initialV2EvseTx,
  type V2EvseTxState,
  type V2TxConfig,
  type V2TxEvent,
  type V2TxMessage,
  v2TransactionStep,
} from "./v2-transaction.js";
export {
  checkTransactionEvent,
  EMPTY_TRACK,
  isCompleteTrack,
  missingSeqNos,
  type RuleViolation,
  V2_TRANSACTION_RULES,
  type V2TransactionCheck,
  type V2TransactionContext,
  type V2TransactionFacts,
  type V2TransactionRule,
  type V2TransactionTrack,
} from "./v2-transaction-rules.js";
export {
  initialV16Connector,
  V16_EVENT_TARGETS,
  type V16ConnectorEvent,
  type V16ConnectorOutcome,
  type V16ConnectorState,
  type V16ErrorCode,
  type V16StatusReport,
  v16ConnectorTransition,
  v16ReportedStatus,
  v16WarningAllowed,
} from "./v16-connector.js";
export {
  isV16Status,
  V16_CONNECTOR_ZERO_STATUSES,
  V16_CONNECTOR_ZERO_TRANSITIONS,
  V16_STATUSES,
  V16_TRANSITIONS,
  type V16Status,
  type V16Transition,
  type V16TransitionCode,
  v16TransitionCode,
} from "./v16-status.js";

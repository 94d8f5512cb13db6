/**
 * Driver authorization, OCPI 2.2.1 tariffs and cost, and a crash-safe pre-authorization hold → capture payment flow.
 *
 * @module
 */
export {
  type Authorizer,
  type AuthorizerOptions,
  createAuthorizer,
  type OfflinePolicy,
} from "./authorization/authorizer.js";
export {
  type AuthorizationCache,
  type AuthorizationCacheOptions,
  createAuthorizationCache,
  isCacheable,
} from "./authorization/cache.js";
export {
  type AdditionalIdToken,
  type Credential,
  credentialFromIdToken,
  credentialKey,
  describeCredential,
  ID_TOKEN_TYPES,
  type IdTokenType,
  parseCredential,
  sameCredential,
} from "./authorization/credential.js";
export {
  AUTHORIZATION_STATUSES,
  type AuthorizationDecision,
  type AuthorizationLimits,
  type AuthorizationStatus,
  type DecisionSource,
  decisionAt,
  isAccepted,
} from "./authorization/decision.js";
export {
  createLateAuthorization,
  type DeauthorizationPlan,
  type LateAuthorization,
  type LateAuthorizationEvents,
  type LateAuthorizationResult,
  mayStopSession,
  planDeauthorization,
  type StationInvalidIdPolicy,
} from "./authorization/late-authorization.js";
export {
  createLocalAuthorizationList,
  type ListedDecision,
  type LocalAuthorizationList,
  type LocalAuthorizationListOptions,
  type LocalListEntry,
  type LocalListSyncOptions,
  type LocalListSyncPlan,
  type LocalListUpdate,
  type StationListState,
} from "./authorization/local-list.js";
export type { ActiveSessionLookup, AuthorizationRequest, RemoteTokenService } from "./authorization/token-service.js";
export {
  type CurrencyCode,
  currency,
  currencySchema,
  MINOR_UNITS,
  type MinorUnitExponent,
  minorUnitExponent,
  parseCurrency,
} from "./money/currency.js";
export type { DecimalInput } from "./money/decimal.js";
export {
  addMoney,
  compareMoney,
  formatMoney,
  fromMinorUnits,
  isMinorUnitExact,
  isNegativeMoney,
  isZeroMoney,
  type Money,
  maxMoney,
  minMoney,
  money,
  moneySchema,
  multiplyMoney,
  parseMoney,
  roundMoney,
  subtractMoney,
  toMinorUnits,
  zeroMoney,
} from "./money/money.js";
export { DEFAULT_ROUNDING, ROUNDING_MODES, type RoundingMode, type RoundingPolicy } from "./money/rounding.js";
export {
  type CostLimitEnforcement,
  type HoldClass,
  type HoldDecision,
  type HoldPolicy,
  type HoldRequest,
  sizeHold,
} from "./sessions/hold-policy.js";
export { idempotencyKey } from "./sessions/idempotency-keys.js";
export { createMemoryPaymentStore } from "./sessions/memory-payment-store.js";
export type { PaymentCommand, PaymentNotice, PaymentRefusal } from "./sessions/payment-commands.js";
export type {
  PaymentAmountEvent,
  PaymentCaptureFailure,
  PaymentEventBase,
  PaymentEvents,
  PaymentFailureEvent,
  PaymentRefundEvent,
  PaymentStopRequest,
} from "./sessions/payment-events.js";
export {
  DEFAULT_MACHINE_CONFIG,
  type PaymentMachineConfig,
  type PaymentTransition,
  transition,
} from "./sessions/payment-machine.js";
export type {
  PaymentProvider,
  PaymentProviderCapability,
  ProviderAuthorization,
  ProviderCapture,
  ProviderDecline,
  ProviderEvent,
  ProviderOperationRecord,
  ProviderPayment,
  ProviderRefund,
  ProviderVoid,
} from "./sessions/payment-provider.js";
export {
  type CommandOptions,
  createPaymentService,
  type OpenPaymentInput,
  type PaymentError,
  type PaymentService,
  type PaymentServiceOptions,
  type RecoveryReport,
} from "./sessions/payment-service.js";
export {
  isTerminal,
  PAYMENT_STATES,
  PAYMENT_TRANSITIONS,
  type PaymentMethodKind,
  type PaymentSession,
  type PaymentState,
  type RefundRecord,
  STATE_PHASE,
  TERMINAL_STATES,
} from "./sessions/payment-session.js";
export type {
  CommitRefusal,
  CommitResult,
  IdempotencyRecord,
  PaymentAuditEvent,
  PaymentCommit,
  PaymentIntent,
  PaymentStore,
  PaymentStoreCapability,
} from "./sessions/payment-store.js";
export type {
  ChargingPeriod,
  PricingOptions,
  ReservationUsage,
  SessionUsage,
} from "./tariffs/charging-period.js";
export {
  type MeterPricingOptions,
  type MeterSample,
  periodsFromMeterSamples,
  priceMeterSamples,
} from "./tariffs/meter-samples.js";
export {
  type OcpiCdrTotals,
  type OcpiPrice,
  toOcpiCdrTotals,
  usageFromOcpiCdr,
} from "./tariffs/ocpi-cdr.js";
export {
  effectiveTaxPercent,
  fromOcpp21Tariff,
  type Ocpp21Price,
  type Ocpp21Tariff,
  type Ocpp21TariffConditions,
  type Ocpp21TariffConditionsFixed,
  type Ocpp21TariffEnergy,
  type Ocpp21TariffFixed,
  type Ocpp21TariffTime,
  type Ocpp21TaxRate,
} from "./tariffs/ocpp21-tariff.js";
export {
  type Loosened,
  parseOcpiTariff,
  parseTariff,
  TARIFF_LIMITS,
  type TariffInput,
} from "./tariffs/parse-tariff.js";
export { MAX_PERIODS, priceSession } from "./tariffs/price-session.js";
export {
  payableAmount,
  type RoundedAmount,
  type RoundedSessionCost,
  roundSessionCost,
} from "./tariffs/round-cost.js";
export { createRunningCost, type RunningCost, type RunningCostSnapshot } from "./tariffs/running-cost.js";
export type {
  CostAmount,
  DimensionTotal,
  PeriodCost,
  PricedFlat,
  PricedVolume,
  ReservationCost,
  SessionCost,
} from "./tariffs/session-cost.js";
export {
  DAYS_OF_WEEK,
  type DayOfWeek,
  type DisplayText,
  type PriceComponent,
  selectTariff,
  TARIFF_DIMENSIONS,
  TARIFF_TYPES,
  type Tariff,
  type TariffDimension,
  type TariffElement,
  type TariffPrice,
  type TariffRestrictions,
  type TariffType,
} from "./tariffs/tariff.js";
// The in-memory provider is also here (not only in ./testing, which needs vitest): applications such as a demo CSMS
// run it in production code behind the PaymentProvider port.
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

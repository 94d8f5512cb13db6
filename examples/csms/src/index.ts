/**
 * The chargekit example CSMS: configuration, HTTP kernel, API keys, live updates, dashboard and lifecycle, and the
 * {@link createServer} composition root that assembles the domain packages as {@link CsmsModule}s.
 *
 * @module
 */

export { createApiKeyAuthenticator, type GeneratedApiKey, generateApiKey, hashApiKey } from "./auth/api-keys.js";
export { type Authenticator, credentialOf } from "./auth/credentials.js";
export { actingDriver, canSee, type Owner, ownedOrNotFound, visibleTo } from "./auth/ownership.js";
export { hashPassword, SCRYPT_PARAMS, verifyPassword } from "./auth/passwords.js";
export type { DriverAppPrincipal, NavigationAppPrincipal, OperatorPrincipal, Principal } from "./auth/principal.js";
export { ALL_ROLES, ROLES, type Role } from "./auth/roles.js";
export type { AuthorizationService, LocalListSyncOutcome } from "./authorization/authorization-service.js";
export type { BillingService } from "./billing/billing-service.js";
export type { StartGate, StartGateRequest } from "./booking/start-gate.js";
export { API_KEY_HASH_PATTERN, type ApiKeyConfig, apiKeySchema } from "./config/api-keys.js";
export { ENV_OVERRIDES, type Environment, type EnvOverride, type EnvValueKind } from "./config/env.js";
export {
  type ConfigError,
  type ConfigErrorCode,
  DEFAULT_CONFIG_FILE,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  validateConfig,
} from "./config/load.js";
export {
  type OcppConfig,
  ocppSchema,
  PASSWORD_HASH_PATTERN,
  SECURITY_PROFILES,
  type SecurityProfile,
  type StationConfig,
  stationSchema,
  type TlsConfig,
  tlsSchema,
} from "./config/ocpp.js";
export { type Config, type ConfigInput, configSchema, LOG_LEVELS, type LogLevel } from "./config/schema.js";
export { type GridNodeConfig, gridNodeSchema, type PhaseLimits, type SiteConfig, siteSchema } from "./config/sites.js";
export {
  createMemoryDashboardSource,
  HISTORY_LENGTH,
  type MemoryDashboardSource,
  seedFromConfig,
} from "./dashboard/memory-source.js";
export {
  type DashboardEvent,
  type DashboardSnapshot,
  dashboardSnapshotSchema,
  type PowerSample,
  powerSampleSchema,
  type QueueUpdated,
  type QueueView,
  queueViewSchema,
  RESERVATION_STATUSES,
  type ReservationUpdated,
  type ReservationView,
  reservationViewSchema,
  type SitePower,
  type SiteView,
  STATION_STATUSES,
  type StationStatus,
  type StationUpdated,
  type StationView,
  siteViewSchema,
  stationViewSchema,
} from "./dashboard/model.js";
export type { DashboardSource } from "./dashboard/source.js";
export { type DemoModuleOptions, demoModule } from "./demo/demo-module.js";
export {
  type ErrorBody,
  errorBodySchema,
  HTTP_ERROR_CODES,
  type HttpErrorCode,
  httpError,
  type KnownErrorCode,
  STATUS_BY_CODE,
} from "./http/errors.js";
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from "./http/openapi.js";
export {
  type Access,
  type AnyJsonReply,
  defineRoute,
  type HandlerContext,
  type HttpMethod,
  type JsonReply,
  type JsonReplyOf,
  type RawReply,
  type RawResponseSpec,
  type Reply,
  type ResponseSpec,
  type ResponseSpecs,
  type Route,
  type RouteInput,
  type RouteSpec,
  reply,
} from "./http/route.js";
export {
  createLifecycle,
  type HookOutcome,
  type Lifecycle,
  type LifecycleOptions,
  type ShutdownHook,
  type ShutdownReport,
} from "./lifecycle/lifecycle.js";
export { type Audience, canReceive, driverAndOperators, operatorsOf } from "./live/audience.js";
export {
  createSseHub,
  type LiveEvent,
  type SseHub,
  type SseHubOptions,
  type SseSink,
  type Subscription,
} from "./live/sse-hub.js";
export { type AppLogger, type CreateLoggerOptions, componentLogger, createLogger } from "./logging/logger.js";
export { CENSOR, redactionPaths, redactUrl, SECRET_FIELDS } from "./logging/redaction.js";
export { type CsmsServer, createServer, type ServerDeps, type ServerUrls } from "./server/create-server.js";
export { type MainOptions, main, type Running } from "./server/main.js";
export type { CsmsModule, ModuleContext } from "./server/module.js";
export type { SessionTracker } from "./sessions/session-tracker.js";
export type { ReportQueries, SiteDayEnergy, SiteOccupancy, SiteRevenue } from "./store/report-queries.js";
export type {
  DailyEnergy,
  SessionQuery,
  SessionRecord,
  SessionStore,
  StoredCost,
} from "./store/session-store.js";
export type { TokenBilling, TokenQuery, TokenRecord, TokenStore } from "./store/token-store.js";
export type { ReadinessCheck } from "./system/routes.js";
export type { FieldIssue } from "./validation/issues.js";
export { authorizationModule, LOCAL_LIST_SYNC_DELAY_MS } from "./wiring/authorization.js";
export type { BackgroundWork } from "./wiring/background.js";
export { dashboardModule } from "./wiring/dashboard.js";
export type { CostView, CsmsEvents, SessionRef } from "./wiring/events.js";
export { type CsmsModulesOptions, csmsModules } from "./wiring/modules.js";
export { OCPP_PROTOCOLS, ocppListenerModule, ocppModule } from "./wiring/ocpp.js";
export { type PaymentsModuleOptions, paymentsModule } from "./wiring/payments.js";
export { reportsModule } from "./wiring/reports.js";
export {
  type CreateServicesOptions,
  type CsmsServices,
  type CsmsStorage,
  createServices,
  type OcppEndpoint,
  type ServiceSlots,
} from "./wiring/services.js";
export { createSiteDirectory, type SiteDirectory } from "./wiring/sites.js";
export { stationsModule } from "./wiring/stations.js";
export { PGLITE_DIR, storageModule } from "./wiring/storage.js";

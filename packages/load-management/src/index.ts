/**
 * Power allocation over a tree of per-phase electrical limits, with priorities, demand response and V2G. Browser-safe.
 *
 * @module
 */

export { MAX_PLAN_SLOTS, type PlanOptions, planHorizon } from "./horizon.js";
export type {
  Allocation,
  ConnectorSchedule,
  LimitReason,
  NodeLoad,
  Plan,
  PlannedEnergy,
  PlanPolicy,
  PlanSlot,
  Setpoint,
  SheddingReport,
  SheddingSample,
} from "./model/allocation.js";
export {
  DEFAULT_SIMPLE_LEVELS,
  type DemandResponseAction,
  type DemandResponseEvent,
  type DemandResponseSignal,
  type SimpleLevel,
  type SimpleLevelTable,
} from "./model/demand-response.js";
export type {
  AllocationProblem,
  AllocationSettings,
  ExternalLimit,
  PreviousRound,
  PreviousSetpoint,
} from "./model/problem.js";
export type { Session } from "./model/session.js";
export {
  type AcConnector,
  type Connector,
  type CurrentModel,
  type DcConnector,
  type DeltaWyeTransformer,
  type DischargeRange,
  type NodeChange,
  type NodeLimits,
  PHASOR_LIMIT_USE,
  type PhaseValues,
  type Site,
  type SiteNode,
} from "./model/site.js";
export { parseAllocationProblem } from "./parse.js";
export { type PreparedSite, prepareSite } from "./prepare.js";
export { type AllocateOptions, allocate, toPreviousRound } from "./realtime.js";
export {
  allocationProblemSchema,
  allocationSettingsSchema,
  demandResponseEventSchema,
  externalLimitSchema,
  MAX_PROBLEM_EVENTS,
  MAX_PROBLEM_ITEMS,
  previousRoundSchema,
  sessionSchema,
} from "./schemas/problem.js";
export {
  acConnectorSchema,
  connectorSchema,
  dcConnectorSchema,
  deltaWyeTransformerSchema,
  MAX_ID_LENGTH,
  nodeChangeSchema,
  nodeLimitsSchema,
  phaseValuesSchema,
  siteNodeSchema,
} from "./schemas/site.js";
export type { PropertyNumber, VerificationReport, Violation } from "./verify/types.js";
export { MAX_VIOLATIONS, type VerifyOptions, verifyAllocation } from "./verify/verify-allocation.js";
export { type VerifyPlanOptions, verifyPlan } from "./verify/verify-plan.js";

import { z } from "zod";
import type { DemandResponseEvent } from "../model/demand-response.js";
import type { AllocationProblem, AllocationSettings, ExternalLimit, PreviousRound } from "../model/problem.js";
import type { Session } from "../model/session.js";
import {
  connectorShape,
  finite,
  idSchema,
  instant,
  nodeLimitsShape,
  nonNegative,
  phaseCount,
  positive,
  siteNodeShape,
} from "./site.js";

/** Most nodes, connectors or sessions a problem may hold. */
export const MAX_PROBLEM_ITEMS = 1_000_000;
/** Most external limits or demand-response events a problem may hold. */
export const MAX_PROBLEM_EVENTS = 100_000;

const sessionShape = z.strictObject({
  id: idSchema,
  connector: idSchema,
  arrival: instant,
  departure: instant.optional(),
  energyNeeded: nonNegative.optional(),
  priority: finite.optional(),
  weight: positive.optional(),
  phases: phaseCount.optional(),
  minCurrent: nonNegative.optional(),
  maxCurrent: nonNegative.optional(),
  minPower: nonNegative.optional(),
  maxPower: nonNegative.optional(),
  mode: z.enum(["charge", "discharge"]).optional(),
  energyAvailable: nonNegative.optional(),
});

const level = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
const actionSchema = z.union([
  z.strictObject({ capKw: nonNegative }),
  z.strictObject({ reduction: finite.min(0).max(1) }),
  z.strictObject({ minimumOnly: z.literal(true) }),
]);

const demandResponseEventShape = z.strictObject({
  id: idSchema,
  node: idSchema,
  start: instant,
  end: instant,
  signal: z.union([actionSchema, z.strictObject({ level })]),
  direction: z.enum(["import", "export"]).optional(),
});

const externalLimitShape = z.strictObject({
  id: idSchema,
  node: idSchema,
  from: instant.optional(),
  until: instant.optional(),
  limits: nodeLimitsShape,
});

const allocationSettingsShape = z.strictObject({
  allowNetting: z.boolean().optional(),
  simpleLevels: z.strictObject({ 0: actionSchema, 1: actionSchema, 2: actionSchema, 3: actionSchema }).optional(),
  hysteresisCurrent: nonNegative.optional(),
  hysteresisPower: nonNegative.optional(),
  rampCurrentPerSecond: nonNegative.optional(),
  rampPowerPerSecond: nonNegative.optional(),
});

const previousRoundShape = z.strictObject({
  at: instant,
  setpoints: z
    .array(z.strictObject({ connector: idSchema, session: idSchema, value: finite, admitted: z.boolean() }))
    .max(MAX_PROBLEM_ITEMS),
});

const allocationProblemShape = z.strictObject({
  site: z.strictObject({
    nodes: z.array(siteNodeShape).min(1).max(MAX_PROBLEM_ITEMS),
    connectors: z.array(connectorShape).max(MAX_PROBLEM_ITEMS),
  }),
  sessions: z.array(sessionShape).max(MAX_PROBLEM_ITEMS),
  externalLimits: z.array(externalLimitShape).max(MAX_PROBLEM_EVENTS).optional(),
  demandResponse: z.array(demandResponseEventShape).max(MAX_PROBLEM_EVENTS).optional(),
  settings: allocationSettingsShape.optional(),
  previous: previousRoundShape.optional(),
});

/**
 * Schema of {@link Session}.
 *
 * @category Schemas
 */
export const sessionSchema = sessionShape as z.ZodType<Session>;

/**
 * Schema of {@link DemandResponseEvent}.
 *
 * @category Schemas
 */
export const demandResponseEventSchema = demandResponseEventShape as z.ZodType<DemandResponseEvent>;

/**
 * Schema of {@link ExternalLimit}.
 *
 * @category Schemas
 */
export const externalLimitSchema = externalLimitShape as z.ZodType<ExternalLimit>;

/**
 * Schema of {@link AllocationSettings}.
 *
 * @category Schemas
 */
export const allocationSettingsSchema = allocationSettingsShape as z.ZodType<AllocationSettings>;

/**
 * Schema of {@link PreviousRound}.
 *
 * @category Schemas
 */
export const previousRoundSchema = previousRoundShape as z.ZodType<PreviousRound>;

/**
 * Schema of {@link AllocationProblem}: the structure only (bounded sizes, finite numbers, known fields); see
 * {@link parseAllocationProblem} for the cross-references.
 *
 * @category Schemas
 */
export const allocationProblemSchema = allocationProblemShape as z.ZodType<AllocationProblem>;

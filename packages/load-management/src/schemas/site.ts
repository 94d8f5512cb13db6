import { PHASE_ROTATIONS } from "@chargekit/core";
import { z } from "zod";
import type {
  AcConnector,
  Connector,
  DcConnector,
  DeltaWyeTransformer,
  NodeChange,
  NodeLimits,
  PhaseValues,
  SiteNode,
} from "../model/site.js";

/** Longest id accepted from outside. */
export const MAX_ID_LENGTH = 256;

const finite = z.number().finite();
const nonNegative = finite.nonnegative();
const positive = finite.positive();
const instant = z.number().int().safe();
/** An integrator-chosen id: 1–256 characters. */
export const idSchema = z.string().min(1).max(MAX_ID_LENGTH);

const phaseValuesShape = z.union([
  nonNegative,
  z.strictObject({ L1: nonNegative.optional(), L2: nonNegative.optional(), L3: nonNegative.optional() }),
]);

const nodeLimitsShape = z.strictObject({
  importCurrent: phaseValuesShape.optional(),
  exportCurrent: phaseValuesShape.optional(),
  importPower: nonNegative.optional(),
  exportPower: nonNegative.optional(),
});

const nodeChangeShape = z.strictObject({
  from: instant,
  limits: nodeLimitsShape.optional(),
  baseLoad: phaseValuesShape.optional(),
});

const transformerShape = z.strictObject({
  vectorGroup: z.enum(["Dyn11", "Dyn1"]),
  turnsRatio: positive,
  primaryCurrent: phaseValuesShape,
});

const siteNodeShape = z.strictObject({
  id: idSchema,
  parent: idSchema.optional(),
  voltage: positive.optional(),
  limits: nodeLimitsShape.optional(),
  baseLoad: phaseValuesShape.optional(),
  changes: z.array(nodeChangeShape).max(10_000).optional(),
  currentModel: z.enum(["arithmetic", "phasor"]).optional(),
  transformer: transformerShape.optional(),
});

const dischargeSchema = z.strictObject({ min: nonNegative, max: nonNegative });
const phaseCount = z.union([z.literal(1), z.literal(2), z.literal(3)]);

const acConnectorShape = z.strictObject({
  id: idSchema,
  node: idSchema,
  kind: z.literal("AC"),
  phases: phaseCount.optional(),
  rotation: z.enum(PHASE_ROTATIONS).optional(),
  wiring: z.enum(["line-to-neutral", "line-to-line"]).optional(),
  voltage: positive.optional(),
  minCurrent: nonNegative.optional(),
  maxCurrent: nonNegative,
  step: positive.optional(),
  allowed: z.array(positive).min(1).max(256).optional(),
  discharge: dischargeSchema.optional(),
});

const dcConnectorShape = z.strictObject({
  id: idSchema,
  node: idSchema,
  kind: z.literal("DC"),
  gridPhases: phaseCount.optional(),
  rotation: z.enum(PHASE_ROTATIONS).optional(),
  voltage: positive.optional(),
  minPower: nonNegative.optional(),
  maxPower: nonNegative,
  step: positive.optional(),
  allowed: z.array(positive).min(1).max(256).optional(),
  discharge: dischargeSchema.optional(),
});

const connectorShape = z.discriminatedUnion("kind", [acConnectorShape, dcConnectorShape]);

export { connectorShape, finite, instant, nodeLimitsShape, nonNegative, phaseCount, positive, siteNodeShape };

/**
 * Schema of {@link PhaseValues}: one non-negative number, or one per phase.
 *
 * @category Schemas
 */
export const phaseValuesSchema = phaseValuesShape as z.ZodType<PhaseValues>;

/**
 * Schema of {@link NodeLimits}.
 *
 * @category Schemas
 */
export const nodeLimitsSchema = nodeLimitsShape as z.ZodType<NodeLimits>;

/**
 * Schema of {@link NodeChange}.
 *
 * @category Schemas
 */
export const nodeChangeSchema = nodeChangeShape as z.ZodType<NodeChange>;

/**
 * Schema of {@link DeltaWyeTransformer}.
 *
 * @category Schemas
 */
export const deltaWyeTransformerSchema = transformerShape as z.ZodType<DeltaWyeTransformer>;

/**
 * Schema of {@link SiteNode} (at most 10,000 changes per node).
 *
 * @category Schemas
 */
export const siteNodeSchema = siteNodeShape as z.ZodType<SiteNode>;

/**
 * Schema of {@link AcConnector} (a pilot set has at most 256 values).
 *
 * @category Schemas
 */
export const acConnectorSchema = acConnectorShape as z.ZodType<AcConnector>;

/**
 * Schema of {@link DcConnector}.
 *
 * @category Schemas
 */
export const dcConnectorSchema = dcConnectorShape as z.ZodType<DcConnector>;

/**
 * Schema of {@link Connector}.
 *
 * @category Schemas
 */
export const connectorSchema = connectorShape as z.ZodType<Connector>;

import { z } from "zod";
import { slugSchema } from "../config/fields.js";
import type { SiteLimits } from "./site-limits.js";

const amps = z
  .number({ error: "expected a current in A" })
  .min(0, { error: "expected a current ≥ 0 A" })
  .max(10_000, { error: "expected at most 10000 A" });

/** A current limit on each phase, A. */
export const phaseLimitsSchema = z
  .strictObject({
    /** L1, A. */
    L1: amps,
    /** L2, A. */
    L2: amps,
    /** L3, A. */
    L3: amps,
  })
  .meta({ id: "PhaseLimits", description: "A current limit per phase, A." });

const kilowatts = z
  .number({ error: "expected a power in kW" })
  .positive({ error: "expected a power > 0 kW" })
  .max(100_000, { error: "expected at most 100000 kW" });

/** The limits of a site: the grid connection's and its nodes'. */
export const siteLimitsSchema = z
  .strictObject({
    /** Most current per phase at the grid connection, A. */
    gridLimit: phaseLimitsSchema,
    /** Most total power at the grid connection, kW. */
    maxPowerKw: kilowatts.optional(),
    /** Nodes below the connection; nodes not listed keep their configured limits. */
    nodes: z
      .array(
        z.strictObject({
          /** The node's id. */
          id: slugSchema,
          /** Most current per phase into its subtree, A. */
          limit: phaseLimitsSchema.optional(),
          /** Most total power of its subtree, kW. */
          maxPowerKw: kilowatts.optional(),
        }),
      )
      .max(500)
      .default([]),
  })
  .meta({ id: "SiteLimits", description: "The limits of a site: the grid connection's and every grid node's." });

/** Reads stored or received limits into the book's form (absent optional fields left out). */
export function toSiteLimits(value: z.output<typeof siteLimitsSchema>): SiteLimits {
  return {
    gridLimit: value.gridLimit,
    ...(value.maxPowerKw === undefined ? {} : { maxPowerKw: value.maxPowerKw }),
    nodes: value.nodes.map((n) => ({
      id: n.id,
      ...(n.limit === undefined ? {} : { limit: n.limit }),
      ...(n.maxPowerKw === undefined ? {} : { maxPowerKw: n.maxPowerKw }),
    })),
  };
}

/** The API form of limits (absent optional fields left out). */
export function limitsView(limits: SiteLimits): z.input<typeof siteLimitsSchema> {
  return {
    gridLimit: { ...limits.gridLimit },
    ...(limits.maxPowerKw === undefined ? {} : { maxPowerKw: limits.maxPowerKw }),
    nodes: limits.nodes.map((n) => ({
      id: n.id,
      ...(n.limit === undefined ? {} : { limit: { ...n.limit } }),
      ...(n.maxPowerKw === undefined ? {} : { maxPowerKw: n.maxPowerKw }),
    })),
  };
}

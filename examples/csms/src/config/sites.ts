import { SiteId, StationId } from "@chargekit/core";
import { z } from "zod";
import { kilowattsSchema, perPhaseAmpsSchema, slugSchema } from "./fields.js";
import { reservationPolicySchema } from "./reservations.js";

/** A current limit per phase, in A. */
export interface PhaseLimits {
  /** Limit on L1, A. */
  readonly L1: number;
  /** Limit on L2, A. */
  readonly L2: number;
  /** Limit on L3, A. */
  readonly L3: number;
}

/**
 * One node below a site's grid connection (a transformer, feeder or panel): optional per-phase current and kW
 * limits for everything below it, the stations wired to it and its child nodes.
 */
export interface GridNodeConfig {
  /** Node id, unique within the site (and different from the site id). */
  readonly id: string;
  /** Display name. */
  readonly name?: string | undefined;
  /** Most current per phase that may flow into this node's subtree, in A; none: no current limit of its own. */
  readonly limit?: PhaseLimits | undefined;
  /** Most total power the subtree may draw, in kW. */
  readonly maxPowerKw?: number | undefined;
  /** Stations wired to this node. */
  readonly stations: readonly StationId[];
  /** Child nodes. */
  readonly children: readonly GridNodeConfig[];
}

/** A node of the site tree (see {@link GridNodeConfig}); recursive through `children`. */
export const gridNodeSchema: z.ZodType<GridNodeConfig> = z.strictObject({
  id: slugSchema,
  name: z.string().min(1).optional(),
  limit: perPhaseAmpsSchema.optional(),
  maxPowerKw: kilowattsSchema.optional(),
  stations: z.array(StationId.schema).default([]),
  get children() {
    return z.array(gridNodeSchema).default([]);
  },
});

/** A site (location): its grid connection's limits at the root of a tree of nodes, and the stations on it. */
export const siteSchema = z.strictObject({
  /** Site id, unique. */
  id: SiteId.schema,
  /** Display name. */
  name: z.string().min(1, { error: "expected a non-empty name" }),
  /** IANA time zone of the site (for daily reports and tariff windows). */
  timezone: z.string().min(1).default("UTC"),
  /** Most current per phase the grid connection allows, in A. */
  gridLimit: perPhaseAmpsSchema,
  /** Most total power the grid connection allows, in kW (contract or transformer rating). */
  maxPowerKw: kilowattsSchema.optional(),
  /** Phase-to-neutral voltage used to turn currents into power (default 230 V). */
  voltage: z.number().positive().default(230),
  /** The id of the tariff in the tariffs file that applies here. */
  tariffId: z.string().min(1).optional(),
  /** Stations wired directly to the grid connection. */
  stations: z.array(StationId.schema).default([]),
  /** Nodes below the grid connection (feeders, panels). */
  children: z.array(gridNodeSchema).default([]),
  /** Booking terms of this site, on top of `reservations.policy`. */
  reservationPolicy: reservationPolicySchema.optional(),
});

/** A validated site (see {@link siteSchema}). */
export type SiteConfig = z.output<typeof siteSchema>;

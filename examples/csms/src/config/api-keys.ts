import { DriverId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../auth/roles.js";
import { slugSchema } from "./fields.js";

/** The stored form of an API key: `sha256$<64 hex digits>` of the whole key. */
export const API_KEY_HASH_PATTERN = /^sha256\$[0-9a-f]{64}$/;

const common = {
  /** Key id: the part of the key between `ck_` and `.`, unique; appears in logs (the secret never does). */
  id: slugSchema,
  /** Hash of the key (see {@link API_KEY_HASH_PATTERN}); the key itself is never stored. */
  hash: z.string().regex(API_KEY_HASH_PATTERN, { error: "expected a sha256$<64 hex digits> hash" }),
  /** The operator (tenant) whose data the key may see. */
  tenant: slugSchema.default("default"),
  /** A human note: who holds the key. */
  label: z.string().max(200).optional(),
};

/** An API key entry of the configuration: a role, a tenant, and for driver apps the driver the key acts for. */
export const apiKeySchema = z.discriminatedUnion("role", [
  z.strictObject({
    ...common,
    /** Operator: everything of its tenant. */
    role: z.literal(ROLES.OPERATOR),
  }),
  z.strictObject({
    ...common,
    /** Navigation app: availability and public status. */
    role: z.literal(ROLES.NAVIGATION_APP),
  }),
  z.strictObject({
    ...common,
    /** Driver app: one driver's data. */
    role: z.literal(ROLES.DRIVER_APP),
    /** The only driver this key acts for. */
    driverId: DriverId.schema,
  }),
]);

/** A validated API key entry (see {@link apiKeySchema}). */
export type ApiKeyConfig = z.output<typeof apiKeySchema>;

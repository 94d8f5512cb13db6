import { z } from "zod";
import { slugSchema } from "./fields.js";

const amountSchema = z
  .number({ error: "expected an amount ≥ 0 in the tariff's currency" })
  .min(0, { error: "expected an amount ≥ 0 in the tariff's currency" })
  .refine(Number.isFinite, { error: "expected a finite amount" });

/** One driver class of the hold policy: a fixed hold, or bounds for the tariff's worst-case estimate. */
export const holdClassSchema = z
  .strictObject({
    /** Always hold this amount. */
    fixed: amountSchema.optional(),
    /** Hold at least this much. */
    min: amountSchema.optional(),
    /** Hold at most this much. */
    max: amountSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      ctx.addIssue({ code: "custom", path: ["min"], message: "must not exceed max", input: undefined });
    }
    if (c.fixed !== undefined && (c.min !== undefined || c.max !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["fixed"],
        message: "give either fixed or min/max, not both",
        input: undefined,
      });
    }
  });

/**
 * Payments: a hold on the driver's payment method when a session starts (sized per driver class, in the site
 * tariff's currency), the running cost watched against it, capture (or void) when the session ends.
 */
export const paymentsConfigSchema = z.strictObject({
  /** Place holds for tokens that have a payment method (off: sessions are priced but nobody is charged). */
  enabled: z.boolean({ error: "expected true or false" }).default(true),
  /** How big a hold is. Amounts are in the currency of the site's tariff. */
  holdPolicy: z
    .strictObject({
      /** Per driver class (a token's `billing.driverClass`, `default` when it names none). */
      classes: z
        .record(slugSchema, holdClassSchema)
        .superRefine((classes, ctx) => {
          if (!("default" in classes)) {
            ctx.addIssue({ code: "custom", message: 'needs a "default" class', input: undefined });
          }
        })
        .default({ default: { min: 20, max: 80 } }),
      /** Length of the worst-case session the estimate prices at the EVSE's full power, in hours. */
      estimateHours: z.number().min(0.25).max(48).default(4),
      /** Round holds up to a multiple of this amount. */
      roundUpTo: amountSchema.default(5),
      /** Ask a session to stop when its running cost comes this close to the hold. */
      stopMargin: amountSchema.default(1),
    })
    .prefault({}),
  /** How often pending provider operations are resumed and due captures run, in seconds. */
  recoveryIntervalSec: z.number().int().min(1).max(3_600).default(30),
});

/** Payment settings (see {@link paymentsConfigSchema}). */
export type PaymentsConfig = z.output<typeof paymentsConfigSchema>;

import { SiteId } from "@chargekit/core";
import type { DemandResponseSignal } from "@chargekit/load-management";
import { z } from "zod";
import type { DrReport } from "./dr-book.js";

const instant = z.number().int();
const level = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

/** A signal as the solver takes it (stored form). */
const storedSignal = z.union([
  z.strictObject({ capKw: z.number().min(0) }),
  z.strictObject({ reduction: z.number().min(0).max(1) }),
  z.strictObject({ minimumOnly: z.literal(true) }),
  z.strictObject({ level }),
]);

const sample = z.object({
  start: instant,
  end: instant.optional(),
  cap: z.number().optional(),
  baseline: z.number(),
  actual: z.number(),
  shed: z.number(),
});

/** A stored demand-response report: validated when read, so a corrupt row is named instead of used. */
export const storedDrReportSchema = z.object({
  event: z.object({
    id: z.string().min(1).max(64),
    siteId: SiteId.schema,
    nodeId: z.string().min(1),
    start: instant,
    end: instant,
    signal: storedSignal,
    direction: z.enum(["import", "export"]),
    source: z.string(),
    createdAt: instant,
    cancelledAt: instant.optional(),
  }),
  compliant: z.boolean(),
  energyShedWh: z.number().min(0),
  latest: sample.optional(),
  samples: z.array(sample),
});

/** Reads a stored report (optional fields that are absent stay absent). */
export function parseStoredDrReport(value: unknown): DrReport | undefined {
  const parsed = storedDrReportSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    event: clean({ ...r.event, signal: r.event.signal as DemandResponseSignal }) as DrReport["event"],
    compliant: r.compliant,
    energyShedWh: r.energyShedWh,
    ...(r.latest === undefined ? {} : { latest: clean(r.latest) as NonNullable<DrReport["latest"]> }),
    samples: r.samples.map((s) => clean(s) as DrReport["samples"][number]),
  };
}

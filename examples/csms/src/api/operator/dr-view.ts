import type { Instant } from "@chargekit/core";
import type { DemandResponseSignal, SheddingSample } from "@chargekit/load-management";
import { z } from "zod";
import { type DrReport, drStatus, effectiveEnd, energyShedBy } from "../../balancing/dr-book.js";
import { slugSchema } from "../../config/fields.js";
import { instantInput, instantOutput, iso } from "../instants.js";

/** A demand-response signal as the API writes it: `kind` says which. */
export const drSignalSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({
        /** An absolute cap on the node's power (OpenADR IMPORT_CAPACITY_LIMIT). */
        kind: z.literal("cap"),
        /** The cap, kW. */
        capKw: z.number({ error: "expected a power in kW" }).min(0, { error: "expected 0 kW or more" }).max(100_000),
      }),
      z.strictObject({
        /** A cut of the node's limit by a fraction. */
        kind: z.literal("reduction"),
        /** 0–1: 0.3 is 30 % below the limit in force. */
        reduction: z.number({ error: "expected a fraction 0–1" }).min(0).max(1, { error: "expected a fraction 0–1" }),
      }),
      z.strictObject({
        /** An OpenADR SIMPLE level (0 normal … 3 special). */
        kind: z.literal("level"),
        /** 0–3. */
        level: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
          error: "expected a level 0, 1, 2 or 3",
        }),
      }),
      z.strictObject({
        /** Every session below the node holds its minimum. */
        kind: z.literal("minimumOnly"),
      }),
    ],
    { error: "expected a signal with kind cap, reduction, level or minimumOnly" },
  )
  .meta({ id: "DemandResponseSignal" });

/** The API form of a signal. */
export type DrSignalInput = z.output<typeof drSignalSchema>;

/** The solver's form of an API signal. */
export function toSolverSignal(signal: DrSignalInput): DemandResponseSignal {
  switch (signal.kind) {
    case "cap":
      return { capKw: signal.capKw };
    case "reduction":
      return { reduction: signal.reduction };
    case "level":
      return { level: signal.level };
    case "minimumOnly":
      return { minimumOnly: true };
  }
}

/** The API form of a solver signal. */
export function toApiSignal(signal: DemandResponseSignal): DrSignalInput {
  if ("capKw" in signal) return { kind: "cap", capKw: signal.capKw };
  if ("reduction" in signal) return { kind: "reduction", reduction: signal.reduction };
  if ("level" in signal) return { kind: "level", level: signal.level };
  return { kind: "minimumOnly" };
}

/** The body that creates an event. */
export const drCreateSchema = z
  .strictObject({
    /** Unique id (letters, digits, - and _); generated when omitted. */
    id: slugSchema.optional(),
    /** The grid node to cap; the site's grid connection when omitted. */
    nodeId: slugSchema.optional(),
    /** First instant of the event. */
    start: instantInput,
    /** First instant after it. */
    end: instantInput,
    /** What it asks for. */
    signal: drSignalSchema,
    /** `import` (drawn power, default) or `export` (fed back; caps only). */
    direction: z.enum(["import", "export"], { error: "expected import or export" }).optional(),
  })
  .meta({ id: "DemandResponseRequest" });

const sampleSchema = z.object({
  /** When the round ran. */
  at: instantOutput,
  /** The cap at the node, W (absent for minimum-only). */
  capW: z.number().optional(),
  /** Power without demand response, W. */
  baselineW: z.number(),
  /** Power with it, W. */
  actualW: z.number(),
  /** Shed: baseline − actual, W. */
  shedW: z.number(),
});

/** An event and what it did: the report a VEN sends back. */
export const drReportSchema = z
  .object({
    /** The event id. */
    id: z.string(),
    /** The site. */
    siteId: z.string(),
    /** The capped node. */
    nodeId: z.string(),
    /** First instant. */
    start: instantOutput,
    /** End as requested. */
    end: instantOutput,
    /** When it was cancelled. */
    cancelledAt: instantOutput.optional(),
    /** `scheduled`, `active`, `ended` or `cancelled`. */
    status: z.enum(["scheduled", "active", "ended", "cancelled"]),
    /** What it asks for. */
    signal: drSignalSchema,
    /** Import or export. */
    direction: z.enum(["import", "export"]),
    /** Who asked. */
    source: z.string(),
    /** When it was created. */
    createdAt: instantOutput,
    /** Whether the node stayed within the cap in every round so far. */
    compliant: z.boolean(),
    /** Energy shed so far (up to now while it runs), Wh. */
    energyShedWh: z.number(),
    /** The latest round while it is in force. */
    current: sampleSchema.optional(),
    /** Every round during the event (only when one event is asked for), oldest first. */
    samples: z.array(sampleSchema).optional(),
  })
  .meta({ id: "DemandResponseReport" });

function sampleView(s: SheddingSample) {
  return {
    at: iso(s.start),
    ...(s.cap === undefined ? {} : { capW: s.cap }),
    baselineW: s.baseline,
    actualW: s.actual,
    shedW: s.shed,
  };
}

/** The API view of a report at `now` (with its samples when `withSamples`). */
export function drView(report: DrReport, now: Instant, withSamples: boolean): z.input<typeof drReportSchema> {
  const e = report.event;
  const status = drStatus(e, now);
  return {
    id: e.id,
    siteId: e.siteId,
    nodeId: e.nodeId,
    start: iso(e.start),
    end: iso(e.end),
    ...(e.cancelledAt === undefined ? {} : { cancelledAt: iso(e.cancelledAt) }),
    status,
    signal: toApiSignal(e.signal),
    direction: e.direction,
    source: e.source,
    createdAt: iso(e.createdAt),
    compliant: report.compliant,
    energyShedWh: Math.round(energyShedBy(report, now) * 10) / 10,
    ...(report.latest === undefined || status !== "active" || now >= effectiveEnd(e)
      ? {}
      : { current: sampleView(report.latest) }),
    ...(withSamples ? { samples: report.samples.map(sampleView) } : {}),
  };
}

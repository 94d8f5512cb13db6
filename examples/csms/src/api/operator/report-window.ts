import { ChargekitError, DAY, type Instant, SiteId } from "@chargekit/core";
import { z } from "zod";
import { instantOut, instantSchema, iso } from "../common.js";

/** The longest window a report covers. */
export const MAX_REPORT_DAYS = 366;

/**
 * The query of every report under `/api/v1/reports/*` over a time window: `from` and `to` (ISO 8601, default the
 * last 7 days up to now) and an optional `siteId`. Other modules' reports (reservation no-shows, queue waits) use
 * the same query and {@link reportWindow}.
 */
export const reportWindowQuery = z.object({
  from: instantSchema.optional().describe("window start (inclusive); default: 7 days before `to`"),
  to: instantSchema.optional().describe("window end (exclusive); default: now (including what happened at now)"),
  siteId: SiteId.schema.optional().describe("only this site"),
});

/** The window a report answers for, as echoed in its response. */
export const reportWindowSchema = z.object({ from: instantOut, to: instantOut }).meta({ id: "ReportWindow" });

/** Resolves the window of a {@link reportWindowQuery}: defaults, `from < to`, at most {@link MAX_REPORT_DAYS}. */
export function reportWindow(query: { from?: Instant | undefined; to?: Instant | undefined }, now: Instant) {
  const to = query.to ?? now + 1;
  const from = query.from ?? to - 7 * DAY;
  const bad = (message: string) =>
    new ChargekitError("INVALID_INPUT", message, { details: { issues: [{ path: "query.from", message }] } });
  if (from >= to) throw bad("must be before `to`");
  if (to - from > MAX_REPORT_DAYS * DAY) throw bad(`the window may span at most ${MAX_REPORT_DAYS} days`);
  return { from, to, echo: { from: iso(from), to: iso(to) } };
}

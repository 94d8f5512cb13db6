import type { Instant } from "@chargekit/core";
import { z } from "zod";

const ISO_HINT = "expected an ISO 8601 date-time with a time zone, e.g. 2026-05-04T09:00:00Z";

/** A date-time in a request (ISO 8601 with an offset), read as epoch milliseconds. */
export const instantInput = z.iso
  .datetime({ offset: true, error: ISO_HINT })
  .transform((text) => Date.parse(text))
  .describe("ISO 8601 date-time with a time zone, e.g. 2026-05-04T09:00:00Z");

/** A date-time in a response: ISO 8601 in UTC. */
export const instantOutput = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time, UTC");

/** An instant as a response writes it. */
export function iso(at: Instant): string {
  return new Date(at).toISOString();
}

import { DAY, MINUTE, SECOND } from "@chargekit/core";
import { DEFAULT_POLICY, type QueuePolicy, type ReservationPolicy } from "@chargekit/reservations";
import { z } from "zod";

const minutes = z
  .number({ error: "expected a number of minutes" })
  .int({ error: "expected a whole number of minutes" })
  .min(0, { error: "expected 0 or more minutes" })
  .max(60 * 24 * 60, { error: "expected at most 60 days in minutes" });
const positiveMinutes = minutes.min(1, { error: "expected at least 1 minute" });
const money = z.strictObject({
  /** A decimal string, e.g. `"2.00"`. */
  amount: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, { error: 'expected a decimal string such as "2.00"' }),
  /** ISO 4217 code, e.g. `EUR`. */
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "expected a three-letter ISO 4217 code such as EUR" }),
});

/**
 * Booking terms in minutes, each optional (the reservation engine's defaults apply): what a file or a site may
 * override. See `docs/reservations.md` for what each rule does.
 */
export const reservationPolicySchema = z.strictObject({
  /** Time to confirm (or pay for) a held reservation. */
  holdTtlMinutes: positiveMinutes.optional(),
  /** An arrival this late keeps the slot; the EVSE stays held this long after the window. */
  graceMinutes: minutes.optional(),
  /** How early before the window a driver may plug in. */
  earlyStartMinutes: minutes.optional(),
  /** How long after the window charging may go on before an overstay is reported (at most the grace). */
  lateStopMinutes: minutes.optional(),
  /** After the window start, an unused reservation ends as a no-show; `null`: never (it expires instead). */
  noShowTimeoutMinutes: minutes.nullable().optional(),
  /** Fee of a no-show; `null`: free. */
  noShowFee: money.nullable().optional(),
  /** Cancelling later than this before the window is a late cancellation. */
  cancellationCutoffMinutes: minutes.optional(),
  /** A cancellation this soon after booking is always free. */
  freeCancelWindowMinutes: minutes.optional(),
  /** Fee of a late cancellation; `null`: free. */
  lateCancellationFee: money.nullable().optional(),
  /** Most live reservations per driver. */
  maxActivePerDriver: z.number().int().min(1, { error: "expected at least 1" }).max(1000).optional(),
  /** How far ahead a window may start, in days. */
  maxAdvanceDays: z.number().int().min(1, { error: "expected at least 1 day" }).max(366).optional(),
  /** Shortest window accepted. */
  minWindowMinutes: positiveMinutes.optional(),
  /** Longest window accepted. */
  maxWindowMinutes: positiveMinutes.optional(),
});

/** Booking terms as configured (see {@link reservationPolicySchema}). */
export type ReservationPolicyConfig = z.output<typeof reservationPolicySchema>;

/** Turns configured booking terms (minutes) into engine policy overrides (milliseconds). */
export function toReservationPolicy(config: ReservationPolicyConfig): Partial<ReservationPolicy> {
  const out: { -readonly [K in keyof ReservationPolicy]?: ReservationPolicy[K] } = {};
  const ms = (value: number | undefined, unit: number): number | undefined =>
    value === undefined ? undefined : value * unit;
  const set = <K extends keyof ReservationPolicy>(key: K, value: ReservationPolicy[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set("holdTtl", ms(config.holdTtlMinutes, MINUTE));
  set("grace", ms(config.graceMinutes, MINUTE));
  set("earlyStart", ms(config.earlyStartMinutes, MINUTE));
  set("lateStop", ms(config.lateStopMinutes, MINUTE));
  if (config.noShowTimeoutMinutes !== undefined) {
    out.noShowTimeout = config.noShowTimeoutMinutes === null ? null : config.noShowTimeoutMinutes * MINUTE;
  }
  if (config.noShowFee !== undefined) out.noShowFee = config.noShowFee;
  set("cancellationCutoff", ms(config.cancellationCutoffMinutes, MINUTE));
  set("freeCancelWindow", ms(config.freeCancelWindowMinutes, MINUTE));
  if (config.lateCancellationFee !== undefined) out.lateCancellationFee = config.lateCancellationFee;
  set("maxActivePerDriver", config.maxActivePerDriver);
  set("maxAdvance", ms(config.maxAdvanceDays, DAY));
  set("minWindow", ms(config.minWindowMinutes, MINUTE));
  set("maxWindow", ms(config.maxWindowMinutes, MINUTE));
  return out;
}

/** The virtual queue's rules, each optional (the queue's defaults apply). */
export const queuePolicySchema = z.strictObject({
  /** Time to answer "your charger is ready" before it counts as a snooze, in seconds. */
  responseTimeoutSeconds: z.number().int().min(10, { error: "expected at least 10 seconds" }).max(3600).optional(),
  /** Snoozes allowed; one more leaves the queue. */
  maxSnoozes: z.number().int().min(0).max(20).optional(),
  /** How long an accepted charger is held for the driver to plug in. */
  claimMinutes: positiveMinutes.max(120, { error: "expected at most 120 minutes" }).optional(),
  /** A freed charger is offered only when no reservation starts on it within this long. */
  minStayMinutes: minutes.max(24 * 60).optional(),
  /** Most drivers in one site's line. */
  maxLength: z.number().int().min(1).max(10_000).optional(),
});

/** Queue rules as configured (see {@link queuePolicySchema}). */
export type QueuePolicyConfig = z.output<typeof queuePolicySchema>;

/** Turns configured queue rules into queue policy overrides. */
export function toQueuePolicy(config: QueuePolicyConfig): Partial<QueuePolicy> {
  const out: { -readonly [K in keyof QueuePolicy]?: QueuePolicy[K] } = {};
  if (config.responseTimeoutSeconds !== undefined) out.responseTimeout = config.responseTimeoutSeconds * SECOND;
  if (config.maxSnoozes !== undefined) out.maxSnoozes = config.maxSnoozes;
  if (config.claimMinutes !== undefined) out.claimTime = config.claimMinutes * MINUTE;
  if (config.minStayMinutes !== undefined) out.minStay = config.minStayMinutes * MINUTE;
  if (config.maxLength !== undefined) out.maxLength = config.maxLength;
  return out;
}

/** Reservations and queues. */
export const reservationsConfigSchema = z.strictObject({
  /** Booking terms of every site (a site may override them with `sites[].reservationPolicy`). */
  policy: reservationPolicySchema.prefault({}),
  /** Rules of every site's virtual queue. */
  queue: queuePolicySchema.prefault({}),
  /** How much charging history (days) the queue's wait estimate learns from, refitted daily. */
  dwellHistoryDays: z.number().int().min(1).max(365).default(60),
});

/** Reservation settings as configured (see {@link reservationsConfigSchema}). */
export type ReservationsConfig = z.output<typeof reservationsConfigSchema>;

/** The rules between fields of a policy, by the configured field that breaks them. */
function policyProblems(policy: ReservationPolicy): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (policy.lateStop > policy.grace) {
    problems.push({
      field: "lateStopMinutes",
      message: `must not exceed the grace (${policy.grace / MINUTE} min): it would run into the next booking`,
    });
  }
  if (policy.minWindow > policy.maxWindow) {
    problems.push({
      field: "minWindowMinutes",
      message: `must not exceed maxWindowMinutes (${policy.maxWindow / MINUTE})`,
    });
  }
  return problems;
}

/**
 * Checks the rules between booking terms: the global ones over the engine's defaults, and each site's merged over
 * the global ones (a site may not set a late stop beyond the global grace, say). Reported at the field.
 */
export function checkReservationPolicies(
  global: ReservationPolicyConfig,
  sites: readonly { readonly reservationPolicy?: ReservationPolicyConfig | undefined }[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  const merged = { ...DEFAULT_POLICY, ...toReservationPolicy(global) };
  for (const p of policyProblems(merged)) issue(["reservations", "policy", p.field], p.message);
  sites.forEach((site, s) => {
    if (site.reservationPolicy === undefined) return;
    const own = { ...merged, ...toReservationPolicy(site.reservationPolicy) };
    for (const p of policyProblems(own)) issue(["sites", s, "reservationPolicy", p.field], p.message);
  });
}

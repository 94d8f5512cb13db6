import { ChargekitError, DAY, type Duration, HOUR, MINUTE } from "@chargekit/core";
import { z } from "zod";
import { type Money, moneySchema } from "./money.js";

/**
 * The booking terms of a site (names after OCPI 2.3 `BookingTerms` where one exists). Every rule of the engine
 * reads them from here; nothing is a constant. Defaults: {@link DEFAULT_POLICY}.
 *
 * A reservation for the window `[start, end)` occupies its EVSE during
 * `[start − earlyStart, end + grace)` until it is used; no one else can book or start there meanwhile.
 *
 * @category Policy
 */
export interface ReservationPolicy {
  /** How long a `held` reservation waits for confirmation (payment, user tap) before it expires. */
  readonly holdTtl: Duration;
  /**
   * Slack after the window: an arrival up to `grace` late keeps the slot, and the EVSE stays held until
   * `window.end + grace`. OCPI `late_stop_time` is the separate {@link ReservationPolicy.lateStop}.
   */
  readonly grace: Duration;
  /** How long before the window a driver may already plug in (OCPI `early_start_time`). */
  readonly earlyStart: Duration;
  /** How long after the window a charging driver may stay before an overstay is reported; at most `grace`. */
  readonly lateStop: Duration;
  /**
   * How long after the window start a confirmed reservation waits for its driver before it ends as `no_show` and
   * the EVSE is released (OCPI `noshow_timeout`); `null`: never a no-show, the reservation expires unused at the
   * end of its occupancy instead.
   */
  readonly noShowTimeout: Duration | null;
  /** Charged on a no-show (OCPI `noshow_fee`); `null`: free. */
  readonly noShowFee: Money | null;
  /** Cancelling later than this before the window start is a late cancellation (OCPI `cancel_until_minutes`). */
  readonly cancellationCutoff: Duration;
  /** A cancellation within this long after booking is always free (for bookings made shortly before the window). */
  readonly freeCancelWindow: Duration;
  /** Charged on a late cancellation; `null`: free. */
  readonly lateCancellationFee: Money | null;
  /** At most this many live (held, confirmed or active) reservations per driver. */
  readonly maxActivePerDriver: number;
  /** A window may start at most this far in the future. */
  readonly maxAdvance: Duration;
  /** Shortest window accepted. */
  readonly minWindow: Duration;
  /** Longest window accepted. */
  readonly maxWindow: Duration;
}

/**
 * The defaults, from what real products do (see `docs/reservations.md` for the sources):
 * - `holdTtl` 5 min: long enough to pay or confirm in an app, short enough not to block a charger for long.
 * - `grace` 15 min: ChargePoint Waitlist holds a charger 15 min from accept to plug-in; EVgo 20 min, Tesla 2–3 min.
 * - `earlyStart` 10 min and `lateStop` 10 min: a little slack each side, inside the grace.
 * - `noShowTimeout` 15 min after the window start (EVgo releases after 20 min), no fee unless configured.
 * - `cancellationCutoff` 24 h (EVgo and Arc), with the first 5 min after booking always free (EVgo).
 * - `maxActivePerDriver` 3: enough for the charging stops of one long route.
 * - `maxAdvance` 14 days (EVgo books up to two weeks ahead); windows between 5 min and 12 h.
 *
 * @category Policy
 */
export const DEFAULT_POLICY: ReservationPolicy = Object.freeze({
  holdTtl: 5 * MINUTE,
  grace: 15 * MINUTE,
  earlyStart: 10 * MINUTE,
  lateStop: 10 * MINUTE,
  noShowTimeout: 15 * MINUTE,
  noShowFee: null,
  cancellationCutoff: DAY,
  freeCancelWindow: 5 * MINUTE,
  lateCancellationFee: null,
  maxActivePerDriver: 3,
  maxAdvance: 14 * DAY,
  minWindow: 5 * MINUTE,
  maxWindow: 12 * HOUR,
});

const duration = z.number().int({ error: "must be an integer number of ms" }).min(0, { error: "must be 0 or more" });

const policySchema = z
  .object({
    holdTtl: duration.min(1, { error: "must be positive" }),
    grace: duration,
    earlyStart: duration,
    lateStop: duration,
    noShowTimeout: duration.nullable(),
    noShowFee: moneySchema.nullable(),
    cancellationCutoff: duration,
    freeCancelWindow: duration,
    lateCancellationFee: moneySchema.nullable(),
    maxActivePerDriver: z.number().int().min(1, { error: "must be at least 1" }).max(1000),
    maxAdvance: duration.min(1, { error: "must be positive" }),
    minWindow: duration.min(1, { error: "must be positive" }),
    maxWindow: duration.min(1, { error: "must be positive" }),
  })
  .strict()
  .refine((p) => p.lateStop <= p.grace, {
    error: "lateStop must not exceed grace (it would run into the next booking)",
  })
  .refine((p) => p.minWindow <= p.maxWindow, { error: "minWindow must not exceed maxWindow" });

/**
 * Merges `overrides` into {@link DEFAULT_POLICY} (or into `base`) and validates the result.
 *
 * @example
 * ```ts
 * const policy = resolvePolicy({ grace: 20 * MINUTE, noShowFee: { amount: "2.00", currency: "USD" } });
 * ```
 * @throws ChargekitError `INVALID_ARGUMENT` naming every field that is wrong.
 * @category Policy
 */
export function resolvePolicy(
  overrides: Partial<ReservationPolicy> = {},
  base: ReservationPolicy = DEFAULT_POLICY,
): ReservationPolicy {
  const merged = { ...base, ...overrides };
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join(".") || "policy"}: ${i.message}`);
    throw new ChargekitError("INVALID_ARGUMENT", `invalid reservation policy: ${reasons.join("; ")}`, {
      details: { issues: reasons },
    });
  }
  return Object.freeze(parsed.data);
}

import type { Instant, PowerUnit } from "@chargekit/core";
import type { InstalledProfile, ProfilePeriod } from "../types.js";
import { type AnchorContext, activePeriod } from "./profile-timeline.js";

/**
 * What one profile contributes at an instant: its period in force and the unit it is written in.
 *
 * @internal
 */
export interface Contribution {
  /** The period in force. */
  readonly period: ProfilePeriod;
  /** The unit of the profile's schedule. */
  readonly unit: PowerUnit;
  /** The profile it comes from. */
  readonly profile: InstalledProfile;
}

/**
 * A group of profiles of one purpose that compete by stack level, with the context that anchors each of them.
 *
 * @internal
 */
export interface StackGroup {
  /** Candidates in precedence order (see {@link byPrecedence}). */
  readonly profiles: readonly InstalledProfile[];
  /** Anchors their schedules. */
  readonly context: AnchorContext;
}

/**
 * Orders profiles of one purpose for the stack rule: higher stack level first; at the same level a profile set on
 * the EVSE itself before one set on EVSE 0 (it replaced it for that EVSE, OCPP 1.6 §3.13.1), then the later
 * installed (later in the list) first.
 *
 * @internal
 */
export function byPrecedence(profiles: readonly InstalledProfile[]): InstalledProfile[] {
  return profiles
    .map((profile, index) => ({ profile, index }))
    .sort(
      (a, b) =>
        b.profile.stackLevel - a.profile.stackLevel ||
        Number(b.profile.evseId !== 0) - Number(a.profile.evseId !== 0) ||
        b.index - a.index,
    )
    .map((e) => e.profile);
}

/**
 * The prevailing contribution of a group at `t`: the highest-precedence profile that has a period in force (a
 * higher level that says nothing at `t` — not valid yet, expired, past its duration — lets the next one speak).
 *
 * @internal
 */
export function prevailing(group: StackGroup, t: Instant): Contribution | undefined {
  for (const profile of group.profiles) {
    const period = activePeriod(profile, t, group.context);
    if (period !== undefined) return { period, unit: profile.schedule.unit, profile };
  }
  return undefined;
}

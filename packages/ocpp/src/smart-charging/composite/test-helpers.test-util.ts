import { expect } from "vitest";
import { validatePayload } from "../../codec/validate.js";
import type { RequestOf } from "../../schema/action-maps.js";
import type { OcppVersion } from "../../schema/versions.js";
import { fromSetChargingProfileRequest } from "../set-charging-profile.js";
import type { InstalledProfile, ProfilePeriod } from "../types.js";
import type { CompositeSchedule } from "./composite-schedule.js";

/** Reads a wire SetChargingProfile request (checked against the official schema first) into an installed profile. */
export function install<V extends OcppVersion>(
  version: V,
  request: RequestOf<V, "SetChargingProfile">,
): InstalledProfile {
  const check = validatePayload(version, "SetChargingProfile", "request", request);
  expect(check.ok, JSON.stringify(check)).toBe(true);
  const profile = fromSetChargingProfileRequest(version, request);
  if (!profile.ok) throw profile.error;
  return profile.value;
}

/** The periods of a composite as `[offset in s, limit]` pairs, for compact expectations. */
export function limits(composite: CompositeSchedule): [number, number | undefined][] {
  return composite.periods.map((p) => [p.startOffset / 1000, p.limit]);
}

/** The composite period in force at `t`. */
export function compositeAt(composite: CompositeSchedule, t: number): ProfilePeriod | undefined {
  let found: ProfilePeriod | undefined;
  for (const p of composite.periods) if (composite.start + p.startOffset <= t) found = p;
  return found;
}

import { type Instant, ok, type Phase, parseInstant, type Result, SECOND } from "@chargekit/core";
import type { ChargingProfile as V16Profile, ChargingSchedule as V16Schedule } from "../generated/v16/common.js";
import type {
  ChargingProfileType as V21Profile,
  ChargingScheduleType as V21Schedule,
} from "../generated/v21/common.js";
import type { CompositeScheduleType as V21Composite } from "../generated/v21/get-composite-schedule.js";
import type {
  ChargingProfileType as V201Profile,
  ChargingScheduleType as V201Schedule,
} from "../generated/v201/common.js";
import type { CompositeScheduleType as V201Composite } from "../generated/v201/get-composite-schedule.js";
import type { OcppVersion } from "../schema/versions.js";
import { fail, type SmartChargingError, type SmartChargingErrorCode } from "./errors.js";

/**
 * The wire charging-profile type of version `V` (1.6 `csChargingProfiles`, 2.x `chargingProfile`).
 *
 * @category Smart charging
 */
export type ChargingProfileOf<V extends OcppVersion> = V extends "ocpp1.6"
  ? V16Profile
  : V extends "ocpp2.0.1"
    ? V201Profile
    : V21Profile;

/** The wire charging-schedule type of version `V`. @internal */
export type ChargingScheduleOf<V extends OcppVersion> = V extends "ocpp1.6"
  ? V16Schedule
  : V extends "ocpp2.0.1"
    ? V201Schedule
    : V21Schedule;

/** The wire composite-schedule type of a 2.x version. @internal */
export type CompositeOf<V extends OcppVersion> = V extends "ocpp2.0.1" ? V201Composite : V21Composite;

const PHASE_NUMBERS = { L1: 1, L2: 2, L3: 3 } as const;
const PHASES_BY_NUMBER: Readonly<Record<number, Phase>> = { 1: "L1", 2: "L2", 3: "L3" };

/** The OCPP 2.x `phaseToUse` number of a phase. @internal */
export function phaseNumber(phase: Phase): 1 | 2 | 3 {
  return PHASE_NUMBERS[phase];
}

/** The phase of an OCPP 2.x `phaseToUse` number, or undefined outside 1..3. @internal */
export function phaseOfNumber(n: number): Phase | undefined {
  return PHASES_BY_NUMBER[n];
}

/** An instant as an RFC 3339 UTC date-time, without the `.000` of whole seconds. @internal */
export function wireInstant(t: Instant): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** A duration in ms as whole seconds, or an error naming `field` when it is not a whole number of seconds. @internal */
export function wholeSeconds(
  ms: number,
  field: string,
  version: OcppVersion,
  code: SmartChargingErrorCode = "NOT_EXPRESSIBLE",
): Result<number, SmartChargingError> {
  if (!Number.isSafeInteger(ms) || ms % SECOND !== 0) {
    return fail(code, `${field} must be a whole number of seconds on the wire, got ${ms} ms`, { field, version });
  }
  return ok(ms / SECOND);
}

/** Parses a wire date-time, naming `field` on failure. @internal */
export function readInstant(
  text: string,
  field: string,
  version: OcppVersion,
  code: SmartChargingErrorCode = "INVALID_PROFILE",
): Result<Instant, SmartChargingError> {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed : fail(code, `${field}: ${parsed.error.message}`, { field, version });
}

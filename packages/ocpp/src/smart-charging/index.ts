/**
 * Smart charging: `PowerSchedule` ↔ charging profiles for OCPP 1.6 / 2.0.1 / 2.1, and the composite-schedule
 * computation a station runs over its installed profiles.
 *
 * @module
 */
export type { WriteOptions } from "./capabilities.js";
export {
  type CompositeRequest,
  type CompositeSchedule,
  compositePeriodAt,
  compositeSchedule,
  MAX_COMPOSITE_CHANGES,
} from "./composite/composite-schedule.js";
export {
  fromGetCompositeScheduleResponse,
  powerScheduleFromCompositeResponse,
  powerScheduleOfComposite,
  type ReadCompositeOptions,
  type ReportedSchedule,
  toGetCompositeScheduleResponse,
} from "./composite-response.js";
export type { ElectricalContext } from "./convert-unit.js";
export {
  SMART_CHARGING_ERRORS,
  type SmartChargingError,
  type SmartChargingErrorCode,
} from "./errors.js";
export { profileFromPowerSchedule } from "./from-power-schedule.js";
export { LIMIT_STEP } from "./quantize.js";
export { fromChargingProfile } from "./read-profile.js";
export {
  fromSetChargingProfileRequest,
  toSetChargingProfile,
  toSetChargingProfileRequest,
} from "./set-charging-profile.js";
export type { ProfileTarget } from "./target.js";
export {
  type ActiveTransaction,
  type InstalledProfile,
  OPERATION_MODES,
  type OperationMode,
  PROFILE_PURPOSES,
  type ProfileKind,
  type ProfilePeriod,
  type ProfilePurpose,
  type ProfileSchedule,
  type Recurrency,
} from "./types.js";
export type { ChargingProfileOf } from "./wire-common.js";
export { toChargingProfile } from "./write-profile.js";

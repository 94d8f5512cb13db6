/**
 * Reservations for EV charging: an interval-tree reservation engine (EVSE-specific bookings and site-level k-of-n
 * holds with connector-type and power eligibility, a pure lifecycle state machine, walk-up fairness, ETA updates),
 * availability search for navigation apps, and a virtual queue with a learned wait-time estimator. Knows nothing
 * about OCPP or databases; browser-safe.
 *
 * @module
 */

export {
  type AvailabilityRequest,
  type CalendarOptions,
  type FreeStarts,
  type SlotFound,
  type StopAvailability,
  type StopQuery,
  searchAvailability,
} from "./availability.js";
export { tokenMatches } from "./consumption.js";
export { createReservationEngine, ReservationEngine } from "./engine.js";
export type {
  PlannerOptions,
  ReservationEngineOptions,
  SessionStart,
  SessionStartOutcome,
  SiteConfig,
} from "./engine-options.js";
export type {
  EvseAvailable,
  EvseStatusChanged,
  ReservationAtRisk,
  ReservationChanged,
  ReservationDeadline,
  ReservationEvents,
  ReservationRescheduled,
  SessionOverstay,
  StationRelease,
  StationReleaseReason,
  StationReservation,
} from "./events.js";
export {
  type ConnectorType,
  connectorTypeSchema,
  EVSE_STATUSES,
  EvseRef,
  type EvseRequirement,
  type EvseSpec,
  type EvseStatus,
  evseSpecSchema,
  isEligible,
} from "./evse.js";
export { type IntervalEntry, IntervalTree } from "./interval-tree.js";
export {
  type LifecycleEvent,
  type LifecycleRefusal,
  type LifecycleStep,
  nextDeadline,
  type TransitionResult,
  transition,
} from "./lifecycle.js";
export { createMemoryReservationStore, type MemoryReservationStoreOptions } from "./memory-store.js";
export { type Money, moneySchema } from "./money.js";
export { DEFAULT_POLICY, type ReservationPolicy, resolvePolicy } from "./policy.js";
export { DwellModel, fitDwellModel } from "./queue/dwell-model.js";
export type {
  DwellGroupJson,
  DwellModelJson,
  DwellModelOptions,
  DwellQuery,
  ReleaseQuantiles,
  ResolvedDwellOptions,
  SessionRecord,
  Shrinkage,
} from "./queue/dwell-types.js";
export { type ErlangInput, type ErlangResult, erlangC } from "./queue/erlang.js";
export type {
  OpenOffer,
  QueueAccepted,
  QueueClaim,
  QueueClaimRefusal,
  QueueEventBase,
  QueueEvents,
  QueueJoinRefusal,
  QueueLeaveReason,
  QueueLeft,
  QueueOffer,
  QueuePosition,
  QueueSnoozed,
} from "./queue/queue-events.js";
export {
  createSiteQueue,
  DEFAULT_QUEUE_POLICY,
  type QueueJoin,
  type QueuePolicy,
  SiteQueue,
  type SiteQueueOptions,
} from "./queue/virtual-queue.js";
export { estimateWait, type WaitEstimate, type WaitRequest } from "./queue/wait-estimate.js";
export {
  type ActionRefusal,
  type Actor,
  type BookingRefusal,
  type BookingRequest,
  bookingRequestSchema,
  type EtaOutcome,
  type PresentedToken,
  type SlotOffer,
  type StartDecision,
} from "./requests.js";
export {
  type BookingTerms,
  bookingTerms,
  type EndReason,
  isLive,
  type LiveStatus,
  RESERVATION_STATUSES,
  type Reservation,
  type ReservationEnding,
  type ReservationFees,
  type ReservationStatus,
  reservationSchema,
  type TerminalStatus,
} from "./reservation.js";
export type { AdmissionRefusal, EvseState, Move, SessionInfo } from "./site-book.js";
export type { ReservationBlock, SiteView } from "./site-view.js";
export type {
  HistoryOptions,
  LiveFilter,
  ReservationChange,
  ReservationStore,
  ReservationUpdate,
  StoreConflict,
} from "./store.js";

/**
 * The shared vocabulary of chargekit: branded ids, electrical units, instants and half-open intervals, the
 * {@link Clock} port, {@link ChargekitError} and {@link Result}, typed events and port helpers. Runs unchanged in
 * Node, browsers and React Native.
 *
 * @module
 */
export { type Clock, every, sleep, systemClock, type TimerHandle } from "./clock.js";
export {
  ChargekitError,
  type ChargekitErrorJson,
  type ChargekitErrorOptions,
  CORE_ERROR_CODES,
  type CoreErrorCode,
  isChargekitError,
  toChargekitError,
} from "./errors.js";
export {
  createEmitter,
  type EventMap,
  type Listeners,
  type NextEventOptions,
  nextEvent,
  TypedEmitter,
} from "./events.js";
export {
  type Brand,
  ConnectorId,
  DriverId,
  defineId,
  EvseId,
  type IdKind,
  IdToken,
  ReservationId,
  randomId,
  SiteId,
  StationId,
  TransactionId,
} from "./ids.js";
export { type Logger, silentLogger } from "./logger.js";
export { type Capabilities, hasCapability, type PortFailure, portFailure } from "./ports.js";
export {
  type PowerSchedule,
  type PowerSchedulePeriod,
  type PowerUnit,
  periodAt,
  validatePowerSchedule,
} from "./power-schedule.js";
export { seededRandom } from "./random.js";
export { andThen, type Err, err, mapResult, type Ok, ok, type Result, unwrap, unwrapOr } from "./result.js";
export {
  contains,
  containsInterval,
  DAY,
  type Duration,
  duration,
  expand,
  formatInstant,
  HOUR,
  type Instant,
  type Interval,
  intersect,
  interval,
  isEmpty,
  isInstant,
  MINUTE,
  overlaps,
  parseInstant,
  SECOND,
  shift,
} from "./time.js";
export {
  type Amperes,
  currentFromPower,
  DEFAULT_NOMINAL_VOLTAGE,
  type ElectricalBasis,
  energyFromPower,
  floorToStep,
  gridPhaseOf,
  gridPhasesUsed,
  kWhToWh,
  type PerPhase,
  PHASE_ROTATIONS,
  PHASES,
  type Phase,
  type PhaseCount,
  type PhaseRotation,
  perPhase,
  powerFromCurrent,
  powerFromEnergy,
  roundToStep,
  type Volts,
  type WattHours,
  type Watts,
  whToKWh,
} from "./units.js";

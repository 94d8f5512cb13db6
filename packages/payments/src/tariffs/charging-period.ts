import type { Instant } from "@chargekit/core";
import type { DecimalInput } from "../money/decimal.js";

/**
 * One charging period of a session, the neutral form of an OCPI CDR `ChargingPeriod`: it starts at `startAt` and
 * lasts until the next period starts (the last one until the session ends). Volumes are what is billed, in
 * chargekit units (Wh, ms); they need not match the timestamps (CDRs round volumes), and a period may carry energy
 * and time together. Instantaneous values feed the `min/max_current` and `min/max_power` restrictions: a `min`
 * restriction reads `minCurrentA` (else `currentA`), a `max` restriction reads `maxCurrentA` (else `currentA`), so an
 * element bound to a current band applies only when the whole period lies in the band. A period without charging
 * (no energy, no charging time) counts as 0 A and 0 W when no values are given; a charging period without values
 * matches no current or power restriction.
 *
 * @category Tariffs
 */
export interface ChargingPeriod {
  /** When the period starts. */
  readonly startAt: Instant;
  /** Energy charged in the period (OCPI `ENERGY`), Wh. */
  readonly energyWh?: DecimalInput;
  /** Time spent charging (OCPI `TIME`), ms. */
  readonly chargingMs?: DecimalInput;
  /** Time plugged in without charging (OCPI `PARKING_TIME`), ms. */
  readonly parkingMs?: DecimalInput;
  /** Representative charging current summed over phases (OCPI `CURRENT`), A. */
  readonly currentA?: number;
  /** Lowest current in the period (OCPI `MIN_CURRENT`), A. */
  readonly minCurrentA?: number;
  /** Highest current in the period (OCPI `MAX_CURRENT`), A. */
  readonly maxCurrentA?: number;
  /** Representative charging power (OCPI `POWER`), W. */
  readonly powerW?: number;
  /** Lowest power in the period (OCPI `MIN_POWER`), W. */
  readonly minPowerW?: number;
  /** Highest power in the period (OCPI `MAX_POWER`), W. */
  readonly maxPowerW?: number;
}

/**
 * A reservation to price with the tariff's reservation elements.
 *
 * @category Tariffs
 */
export interface ReservationUsage {
  /** When the reservation was made. */
  readonly startAt: Instant;
  /** When it ended: the charging session started, or the reservation expired. */
  readonly endAt: Instant;
  /** True when it expired without a charging session (`RESERVATION_EXPIRES` elements apply). */
  readonly expired: boolean;
}

/**
 * What a session used: its span, its charging periods in time order and optionally the reservation before it.
 *
 * @category Tariffs
 */
export interface SessionUsage {
  /** Session start: `min_duration` / `max_duration` count from here. */
  readonly startAt: Instant;
  /** Session end. */
  readonly endAt: Instant;
  /** The charging periods, sorted by `startAt`. Empty for a reservation that expired without a session. */
  readonly periods: readonly ChargingPeriod[];
  /** The reservation, when one preceded the session. */
  readonly reservation?: ReservationUsage;
}

/**
 * Facts about the session that restrictions beyond time and energy read.
 *
 * @category Tariffs
 */
export interface PricingOptions {
  /** IANA time zone of the location (OCPI `Location.time_zone`); time, date and weekday restrictions read it. */
  readonly timeZone: string;
  /** Kind of EVSE, for the OCPP 2.1 `evseKind` condition. */
  readonly evseKind?: "AC" | "DC";
  /** Card brand of an ad-hoc payment, for the OCPP 2.1 `paymentBrand` condition. */
  readonly paymentBrand?: string;
  /** Kind of ad-hoc payment (e.g. `"CC"`, `"Debit"`), for the OCPP 2.1 `paymentRecognition` condition. */
  readonly paymentRecognition?: string;
}

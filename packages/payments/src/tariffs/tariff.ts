import type { Instant } from "@chargekit/core";
import type { CurrencyCode } from "../money/currency.js";

/**
 * The OCPI 2.2.1 tariff dimensions a price component can have:
 * `ENERGY` (per kWh, step unit 1 Wh), `FLAT` (once per session), `TIME` (per hour charging, step unit 1 s; with a
 * reservation restriction: per hour reserved) and `PARKING_TIME` (per hour plugged in without charging, step 1 s).
 *
 * @category Tariffs
 */
export const TARIFF_DIMENSIONS = ["ENERGY", "FLAT", "TIME", "PARKING_TIME"] as const;

/**
 * One of {@link TARIFF_DIMENSIONS}.
 *
 * @category Tariffs
 */
export type TariffDimension = (typeof TARIFF_DIMENSIONS)[number];

/**
 * Days of the week as OCPI names them.
 *
 * @category Tariffs
 */
export const DAYS_OF_WEEK = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;

/**
 * One of {@link DAYS_OF_WEEK}.
 *
 * @category Tariffs
 */
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/**
 * OCPI tariff types (which sessions a tariff is meant for).
 *
 * @category Tariffs
 */
export const TARIFF_TYPES = ["AD_HOC_PAYMENT", "PROFILE_CHEAP", "PROFILE_FAST", "PROFILE_GREEN", "REGULAR"] as const;

/**
 * One of {@link TARIFF_TYPES}.
 *
 * @category Tariffs
 */
export type TariffType = (typeof TARIFF_TYPES)[number];

/**
 * A price for one dimension, OCPI `PriceComponent`. Decimal values are canonical decimal strings.
 *
 * @category Tariffs
 */
export interface PriceComponent {
  /** The dimension priced. */
  readonly type: TariffDimension;
  /** Price per unit excluding VAT: per kWh (ENERGY), per hour (TIME, PARKING_TIME) or per session (FLAT). */
  readonly price: string;
  /** VAT percentage; absent means no VAT applies (different from `"0"`, which is 0 % VAT). */
  readonly vat?: string;
  /** Billing step in Wh (ENERGY) or seconds (TIME, PARKING_TIME); ignored for FLAT. `0` and `1` mean no rounding. */
  readonly stepSize: number;
}

/**
 * When a tariff element applies, OCPI `TariffRestrictions`; all given restrictions must hold (logical AND). Time
 * and date restrictions are read in the location's time zone. The last four fields are chargekit extensions that
 * carry OCPP 2.1 `TariffConditions` without an OCPI equivalent (see {@link fromOcpp21Tariff}).
 *
 * @category Tariffs
 */
export interface TariffRestrictions {
  /** Local time of day `"HH:MM"` from which the element applies (inclusive). */
  readonly startTime?: string;
  /** Local time of day `"HH:MM"` until which it applies (exclusive); before `startTime` wraps past midnight; `"00:00"` is the end of the day. */
  readonly endTime?: string;
  /** Local date `"YYYY-MM-DD"` from which it applies (inclusive). */
  readonly startDate?: string;
  /** Local date `"YYYY-MM-DD"` until which it applies (exclusive). */
  readonly endDate?: string;
  /** Energy consumed so far in the session, kWh, from which it applies (inclusive). */
  readonly minKwh?: string;
  /** Energy consumed so far, kWh, until which it applies (exclusive). */
  readonly maxKwh?: string;
  /** Charging current summed over phases, A, from which it applies (inclusive). */
  readonly minCurrent?: string;
  /** Charging current summed over phases, A, below which it applies (exclusive). */
  readonly maxCurrent?: string;
  /** Charging power, kW, from which it applies (inclusive). */
  readonly minPower?: string;
  /** Charging power, kW, below which it applies (exclusive). */
  readonly maxPower?: string;
  /** Seconds since the session start from which it applies (inclusive). */
  readonly minDuration?: number;
  /** Seconds since the session start until which it applies (exclusive). */
  readonly maxDuration?: number;
  /** Days of the week (local) on which it applies. */
  readonly dayOfWeek?: readonly DayOfWeek[];
  /** Marks a reservation element: `RESERVATION` prices reserved time, `RESERVATION_EXPIRES` an expired reservation. */
  readonly reservation?: "RESERVATION" | "RESERVATION_EXPIRES";
  /** Extension (OCPP 2.1 `minChargingTime`): seconds charged so far from which it applies (inclusive). */
  readonly minChargingDuration?: number;
  /** Extension (OCPP 2.1 `maxChargingTime`): seconds charged so far until which it applies (exclusive). */
  readonly maxChargingDuration?: number;
  /** Extension (OCPP 2.1 `minIdleTime`): seconds idle (not charging) so far from which it applies (inclusive). */
  readonly minIdleDuration?: number;
  /** Extension (OCPP 2.1 `maxIdleTime`): seconds idle so far until which it applies (exclusive). */
  readonly maxIdleDuration?: number;
  /** Extension (OCPP 2.1 `evseKind`): applies only on this kind of EVSE. */
  readonly evseKind?: "AC" | "DC";
  /** Extension (OCPP 2.1 fixed-fee `paymentBrand`): applies only when paying with this card brand. */
  readonly paymentBrand?: string;
  /** Extension (OCPP 2.1 fixed-fee `paymentRecognition`): applies only for this kind of ad-hoc payment. */
  readonly paymentRecognition?: string;
}

/**
 * A group of price components that apply together under the same restrictions, OCPI `TariffElement`.
 *
 * @category Tariffs
 */
export interface TariffElement {
  /** The prices (at least one). */
  readonly priceComponents: readonly PriceComponent[];
  /** When the element applies; always when absent. */
  readonly restrictions?: TariffRestrictions;
}

/**
 * A price bound with and without VAT (OCPI `Price` used as `min_price` / `max_price`). Each side bounds the matching
 * total; a missing side leaves that total unbounded.
 *
 * @category Tariffs
 */
export interface TariffPrice {
  /** Bound on the total excluding VAT. */
  readonly exclVat?: string;
  /** Bound on the total including VAT. */
  readonly inclVat?: string;
}

/**
 * A localised text (OCPI `DisplayText`).
 *
 * @category Tariffs
 */
export interface DisplayText {
  /** ISO 639-1 language code. */
  readonly language: string;
  /** The text. */
  readonly text: string;
}

/**
 * An OCPI 2.2.1 tariff, validated and normalised (camelCase, decimal strings, instants as epoch ms). Build one with
 * {@link parseTariff} or {@link parseOcpiTariff}, or adapt an OCPP 2.1 tariff with {@link fromOcpp21Tariff}.
 *
 * @category Tariffs
 */
export interface Tariff {
  /** Tariff id (OCPI `id`, OCPP `tariffId`). */
  readonly id: string;
  /** ISO 4217 currency of every price. */
  readonly currency: CurrencyCode;
  /** The elements, in priority order: per dimension the first matching element wins. */
  readonly elements: readonly TariffElement[];
  /** OCPI `type`: which sessions the tariff is for; all when absent. */
  readonly type?: TariffType;
  /** A session costs at least this much (excl. and incl. VAT apply separately). */
  readonly minPrice?: TariffPrice;
  /** A session costs at most this much (excl. and incl. VAT apply separately). */
  readonly maxPrice?: TariffPrice;
  /** The tariff is valid from this instant. */
  readonly startDateTime?: Instant;
  /** The tariff is valid until this instant (exclusive). */
  readonly endDateTime?: Instant;
  /** OCPI 2.3 `preauthorize_amount` (incl. VAT): what a payment terminal should pre-authorise. */
  readonly preauthorizeAmount?: string;
  /** Owner country (OCPI `country_code`). */
  readonly countryCode?: string;
  /** Owner party (OCPI `party_id`). */
  readonly partyId?: string;
  /** Human-readable explanations. */
  readonly altText?: readonly DisplayText[];
  /** Link to a human-readable explanation. */
  readonly altUrl?: string;
  /** When the tariff was last changed. */
  readonly lastUpdated?: Instant;
}

/**
 * The first tariff of `tariffs` valid at `at` (its `startDateTime` ≤ `at` < `endDateTime`), or `undefined`. The
 * tariff accepted at the session start prices the whole session, as OCPI advises.
 *
 * @category Tariffs
 */
export function selectTariff(tariffs: readonly Tariff[], at: Instant): Tariff | undefined {
  return tariffs.find(
    (t) =>
      (t.startDateTime === undefined || t.startDateTime <= at) && (t.endDateTime === undefined || at < t.endDateTime),
  );
}

import type { Instant } from "@chargekit/core";
import type { CurrencyCode } from "../money/currency.js";

/**
 * A cost with and without VAT, as unrounded canonical decimal strings. VAT is computed per price component from the
 * unrounded net amount, so `inclVat` is exact; round with {@link roundSessionCost}.
 *
 * @category Tariffs
 */
export interface CostAmount {
  /** Cost excluding VAT. */
  readonly exclVat: string;
  /** Cost including VAT (equal to `exclVat` for components without VAT). */
  readonly inclVat: string;
}

/**
 * A priced volume of one dimension in one period: which element and component priced it and what it cost.
 *
 * @category Tariffs
 */
export interface PricedVolume {
  /** Index of the tariff element whose component priced the volume. */
  readonly elementIndex: number;
  /** Unit price excluding VAT: per kWh for energy, per hour for time. */
  readonly price: string;
  /** VAT percentage, absent when no VAT applies. */
  readonly vat?: string;
  /** The component's step size (Wh or s). */
  readonly stepSize: number;
  /** Volume used in the period (Wh or ms). */
  readonly volume: string;
  /** Volume billed: the used volume plus, in the dimension's last period, the step-size round-up of the session total. */
  readonly billedVolume: string;
  /** What the billed volume costs. */
  readonly cost: CostAmount;
}

/**
 * The fixed fee (FLAT) charged in a period; OCPI charges it once per session, in the first period where a FLAT
 * component applies.
 *
 * @category Tariffs
 */
export interface PricedFlat {
  /** Index of the tariff element. */
  readonly elementIndex: number;
  /** The fee excluding VAT. */
  readonly price: string;
  /** VAT percentage, absent when no VAT applies. */
  readonly vat?: string;
  /** The fee with VAT. */
  readonly cost: CostAmount;
}

/**
 * The per-period breakdown, the priced counterpart of a CDR charging period.
 *
 * @category Tariffs
 */
export interface PeriodCost {
  /** When the period starts. */
  readonly startAt: Instant;
  /** When it ends (the next period's start, or the session end). */
  readonly endAt: Instant;
  /** Energy priced in the period; absent when no energy was charged or no ENERGY component applied (free). */
  readonly energy?: PricedVolume;
  /** Charging time priced in the period. */
  readonly chargingTime?: PricedVolume;
  /** Parking time priced in the period. */
  readonly parkingTime?: PricedVolume;
  /** The session's fixed fee, in the period that charged it. */
  readonly flat?: PricedFlat;
  /** Energy used in the period (Wh), priced or not. */
  readonly energyWh: string;
  /** Charging time in the period (ms), priced or not. */
  readonly chargingMs: string;
  /** Parking time in the period (ms), priced or not. */
  readonly parkingMs: string;
}

/**
 * Totals of one dimension over the session.
 *
 * @category Tariffs
 */
export interface DimensionTotal {
  /** Volume used (Wh or ms), priced or not. */
  readonly volume: string;
  /** Volume billed after the step-size round-up (Wh or ms); free volume (no component applied) is not billed. */
  readonly billedVolume: string;
  /** Cost of the billed volume. */
  readonly cost: CostAmount;
}

/**
 * The priced reservation.
 *
 * @category Tariffs
 */
export interface ReservationCost {
  /** True when priced as expired (`RESERVATION_EXPIRES`). */
  readonly expired: boolean;
  /** Reserved time (ms). */
  readonly timeMs: string;
  /** Reserved time billed after the step-size round-up (ms). */
  readonly billedTimeMs: string;
  /** Cost of the reserved time. */
  readonly time: CostAmount;
  /** Reservation fees (FLAT of reservation elements). */
  readonly fixed: CostAmount;
  /** Time and fees together (OCPI `total_reservation_cost`). */
  readonly total: CostAmount;
}

/**
 * The full price of a session, unrounded, with the CDR totals and a per-period breakdown. `total` =
 * `subtotal` + `adjustment`, where `subtotal` = energy + charging time + parking time + fixed + reservation and
 * `adjustment` is what the tariff's `min_price` / `max_price` added or removed (OCPI does not say which sub-total
 * carries it, so it stands on its own).
 *
 * @category Tariffs
 */
export interface SessionCost {
  /** The tariff priced with. */
  readonly tariffId: string;
  /** Currency of every amount. */
  readonly currency: CurrencyCode;
  /** Session start. */
  readonly startAt: Instant;
  /** Session end. */
  readonly endAt: Instant;
  /** Session length (end minus the earlier of start and first period start), OCPI `total_time`. */
  readonly totalTimeMs: number;
  /** Energy totals (Wh), OCPI `total_energy` / `total_energy_cost`. */
  readonly energy: DimensionTotal;
  /** Charging-time totals (ms), OCPI `total_time_cost`. */
  readonly chargingTime: DimensionTotal;
  /** Parking-time totals (ms), OCPI `total_parking_time` / `total_parking_cost`. */
  readonly parkingTime: DimensionTotal;
  /** Fixed fee, OCPI `total_fixed_cost`. */
  readonly fixed: CostAmount;
  /** The reservation, when one was priced. */
  readonly reservation?: ReservationCost;
  /** Sum of the dimensions before min/max price. */
  readonly subtotal: CostAmount;
  /** Added by `min_price` (positive) or removed by `max_price` (negative). */
  readonly adjustment: CostAmount;
  /** Which bound applied to each side, if any. */
  readonly priceLimit: {
    /** The bound that applied to the total excl. VAT. */
    readonly exclVat?: "min" | "max";
    /** The bound that applied to the total incl. VAT. */
    readonly inclVat?: "min" | "max";
  };
  /** What the session costs, OCPI `total_cost`. */
  readonly total: CostAmount;
  /** Per-period breakdown. */
  readonly periods: readonly PeriodCost[];
}

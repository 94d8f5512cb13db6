import { ChargekitError, err, ok, type Result } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { Dec, decimalText, toDecimal } from "../money/decimal.js";
import { parseTariff } from "./parse-tariff.js";
import type { DayOfWeek, Tariff } from "./tariff.js";

// Local shapes of the OCPP 2.1 Tariff-and-Cost types (what SetDefaultTariff, ChangeTransactionTariff and
// AuthorizeResponse carry). Typed here so this package stays free of OCPP wire code; the field names and units
// are the OCPP 2.1 schema's.

/**
 * OCPP 2.1 `TaxRateType`: one tax, stacked on the taxes of lower `stack` levels.
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21TaxRate {
  /** Kind of tax, e.g. `"Federal"`, `"State"`. */
  readonly type: string;
  /** Percentage. */
  readonly tax: number;
  /** 0 (default): on the net price; 1: on top of stack 0; 2: on top of stack 1 … */
  readonly stack?: number;
}

/**
 * OCPP 2.1 `TariffConditionsType` (energy and time prices). Energy in Wh, power in W, durations in seconds.
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21TariffConditions {
  /** Local start time `"HH:MM"`. */
  readonly startTimeOfDay?: string;
  /** Local end time `"HH:MM"` (wraps past midnight when before the start). */
  readonly endTimeOfDay?: string;
  /** Weekdays (`"Monday"` …). */
  readonly dayOfWeek?: readonly string[];
  /** First local date (inclusive). */
  readonly validFromDate?: string;
  /** Last local date (exclusive). */
  readonly validToDate?: string;
  /** AC or DC EVSE. */
  readonly evseKind?: "AC" | "DC";
  /** Energy so far from which the price applies, Wh (inclusive). */
  readonly minEnergy?: number;
  /** Energy so far until which the price applies, Wh (exclusive). */
  readonly maxEnergy?: number;
  /** Current from which it applies, A. */
  readonly minCurrent?: number;
  /** Current below which it applies, A. */
  readonly maxCurrent?: number;
  /** Power from which it applies, W. */
  readonly minPower?: number;
  /** Power below which it applies, W. */
  readonly maxPower?: number;
  /** Transaction duration from which it applies, s. */
  readonly minTime?: number;
  /** Transaction duration until which it applies, s. */
  readonly maxTime?: number;
  /** Charging time from which it applies, s. */
  readonly minChargingTime?: number;
  /** Charging time until which it applies, s. */
  readonly maxChargingTime?: number;
  /** Idle time from which it applies, s. */
  readonly minIdleTime?: number;
  /** Idle time until which it applies, s. */
  readonly maxIdleTime?: number;
}

/**
 * OCPP 2.1 `TariffConditionsFixedType` (fixed fees).
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21TariffConditionsFixed {
  /** Local start time `"HH:MM"`. */
  readonly startTimeOfDay?: string;
  /** Local end time `"HH:MM"`. */
  readonly endTimeOfDay?: string;
  /** Weekdays. */
  readonly dayOfWeek?: readonly string[];
  /** First local date (inclusive). */
  readonly validFromDate?: string;
  /** Last local date (exclusive). */
  readonly validToDate?: string;
  /** AC or DC EVSE. */
  readonly evseKind?: "AC" | "DC";
  /** Card brand of an ad-hoc payment (surcharge per brand). */
  readonly paymentBrand?: string;
  /** Kind of ad-hoc payment, e.g. `"CC"`, `"Debit"`. */
  readonly paymentRecognition?: string;
}

/**
 * OCPP 2.1 `TariffEnergyType`.
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21TariffEnergy {
  /** Prices per kWh (excl. tax), first matching one applies. */
  readonly prices: readonly {
    /** Price per kWh excl. tax. */
    readonly priceKwh: number;
    /** When it applies. */
    readonly conditions?: Ocpp21TariffConditions;
  }[];
  /** Taxes on energy. */
  readonly taxRates?: readonly Ocpp21TaxRate[];
}

/**
 * OCPP 2.1 `TariffTimeType` (charging, idle or reservation time).
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21TariffTime {
  /** Prices per minute (excl. tax), first matching one applies. */
  readonly prices: readonly {
    /** Price per minute excl. tax. */
    readonly priceMinute: number;
    /** When it applies. */
    readonly conditions?: Ocpp21TariffConditions;
  }[];
  /** Taxes on time. */
  readonly taxRates?: readonly Ocpp21TaxRate[];
}

/**
 * OCPP 2.1 `TariffFixedType`.
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21TariffFixed {
  /** Fixed fees (excl. tax), first matching one applies. */
  readonly prices: readonly {
    /** The fee excl. tax. */
    readonly priceFixed: number;
    /** When it applies. */
    readonly conditions?: Ocpp21TariffConditionsFixed;
  }[];
  /** Taxes on the fee. */
  readonly taxRates?: readonly Ocpp21TaxRate[];
}

/**
 * OCPP 2.1 `PriceType` (a cost bound).
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21Price {
  /** Excluding tax. */
  readonly exclTax?: number;
  /** Including tax. */
  readonly inclTax?: number;
  /** Taxes (informational). */
  readonly taxRates?: readonly Ocpp21TaxRate[];
}

/**
 * OCPP 2.1 `TariffType`, as carried by SetDefaultTariff, ChangeTransactionTariff and AuthorizeResponse.
 *
 * @category OCPP 2.1 tariffs
 */
export interface Ocpp21Tariff {
  /** Tariff id (≤ 60 characters). */
  readonly tariffId: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Human-readable descriptions. */
  readonly description?: readonly {
    /** `ASCII`, `HTML`, `URI`, `UTF8` or `QRCODE`. */
    readonly format: string;
    /** RFC 5646 language. */
    readonly language?: string;
    /** The text. */
    readonly content: string;
  }[];
  /** Energy prices. */
  readonly energy?: Ocpp21TariffEnergy;
  /** Charging-time prices. */
  readonly chargingTime?: Ocpp21TariffTime;
  /** Idle-time prices. */
  readonly idleTime?: Ocpp21TariffTime;
  /** Fixed fees. */
  readonly fixedFee?: Ocpp21TariffFixed;
  /** Reservation-time prices. */
  readonly reservationTime?: Ocpp21TariffTime;
  /** Reservation fees. */
  readonly reservationFixed?: Ocpp21TariffFixed;
  /** Minimum cost of a transaction. */
  readonly minCost?: Ocpp21Price;
  /** Maximum cost of a transaction. */
  readonly maxCost?: Ocpp21Price;
  /** RFC 3339 instant from which the tariff is valid. */
  readonly validFrom?: string;
}

const DAY_NAMES: Readonly<Record<string, DayOfWeek>> = {
  Monday: "MONDAY",
  Tuesday: "TUESDAY",
  Wednesday: "WEDNESDAY",
  Thursday: "THURSDAY",
  Friday: "FRIDAY",
  Saturday: "SATURDAY",
  Sunday: "SUNDAY",
};

/**
 * The single VAT percentage equivalent to OCPP 2.1 stacked taxes: within a stack level the rates add up, each level
 * applies on top of the lower ones (`19 %` at stack 0 and `5 %` at stack 1 give 1.19 × 1.05 − 1 = 24.95 %). Exact
 * in decimals. `undefined` when no tax is given.
 *
 * @category OCPP 2.1 tariffs
 */
export function effectiveTaxPercent(taxRates: readonly Ocpp21TaxRate[] | undefined): string | undefined {
  if (taxRates === undefined || taxRates.length === 0) return undefined;
  const byStack = new Map<number, Decimal>();
  for (const rate of taxRates) {
    const stack = rate.stack ?? 0;
    const tax = toDecimal(rate.tax);
    if (tax === undefined || !Number.isInteger(stack) || stack < 0) return undefined;
    byStack.set(stack, (byStack.get(stack) ?? new Dec(0)).plus(tax));
  }
  let factor = new Dec(1);
  for (const stack of [...byStack.keys()].sort((a, b) => a - b)) {
    factor = factor.times((byStack.get(stack) as Decimal).div(100).plus(1));
  }
  return decimalText(factor.minus(1).times(100));
}

/**
 * Converts an OCPP 2.1 `TariffType` into a chargekit {@link Tariff} priced by the same engine as OCPI tariffs.
 * Units are converted (Wh → kWh, W → kW, price per minute → per hour); each price entry becomes one element with one
 * component and keeps its order, so the first matching price per dimension still wins. Idle time maps to
 * `PARKING_TIME`, the fixed fee to `FLAT`, reservation prices to `reservation` elements, stacked taxes to their
 * effective percentage ({@link effectiveTaxPercent}), `minCost`/`maxCost` to the price bounds. OCPP has no step
 * size, so every component bills per Wh and per second. Conditions without an OCPI equivalent (charging and idle
 * time, EVSE kind, payment brand and recognition) use chargekit's restriction extensions.
 *
 * @category OCPP 2.1 tariffs
 */
export function fromOcpp21Tariff(tariff: Ocpp21Tariff): Result<Tariff, ChargekitError> {
  if (typeof tariff !== "object" || tariff === null) {
    return err(new ChargekitError("INVALID_INPUT", "invalid OCPP 2.1 tariff: expected an object"));
  }
  const elements: unknown[] = [];
  const perHour = (perMinute: number): string | number => {
    const d = toDecimal(perMinute);
    return d === undefined ? perMinute : decimalText(d.times(60));
  };
  const energyVat = effectiveTaxPercent(tariff.energy?.taxRates);
  for (const price of tariff.energy?.prices ?? []) {
    elements.push(
      element({ type: "ENERGY", price: price.priceKwh, vat: energyVat }, conditions(price.conditions), undefined),
    );
  }
  const time = (t: Ocpp21TariffTime | undefined, type: "TIME" | "PARKING_TIME", reservation?: "RESERVATION") => {
    const vat = effectiveTaxPercent(t?.taxRates);
    for (const price of t?.prices ?? []) {
      elements.push(
        element({ type, price: perHour(price.priceMinute), vat }, conditions(price.conditions), reservation),
      );
    }
  };
  time(tariff.chargingTime, "TIME");
  time(tariff.idleTime, "PARKING_TIME");
  const fixed = (f: Ocpp21TariffFixed | undefined, reservation?: "RESERVATION") => {
    const vat = effectiveTaxPercent(f?.taxRates);
    for (const price of f?.prices ?? []) {
      elements.push(
        element({ type: "FLAT", price: price.priceFixed, vat }, fixedConditions(price.conditions), reservation),
      );
    }
  };
  fixed(tariff.fixedFee);
  time(tariff.reservationTime, "TIME", "RESERVATION");
  fixed(tariff.reservationFixed, "RESERVATION");
  if (elements.length === 0) {
    // a tariff without prices is free of charge (OCPI: one FLAT element of 0)
    elements.push({ priceComponents: [{ type: "FLAT", price: 0, stepSize: 0 }] });
  }
  const bound = (p: Ocpp21Price | undefined) =>
    p === undefined ? undefined : dropUndefined({ exclVat: p.exclTax, inclVat: p.inclTax });
  const parsed = parseTariff(
    dropUndefined({
      id: tariff.tariffId,
      currency: tariff.currency,
      elements,
      minPrice: bound(tariff.minCost),
      maxPrice: bound(tariff.maxCost),
      startDateTime: tariff.validFrom,
      altText: tariff.description
        ?.filter((d) => d.language !== undefined && d.language.length >= 2)
        .map((d) => ({ language: (d.language as string).slice(0, 2), text: d.content.slice(0, 512) })),
    }),
  );
  if (!parsed.ok) {
    return err(
      new ChargekitError("INVALID_INPUT", parsed.error.message.replace("invalid tariff", "invalid OCPP 2.1 tariff"), {
        details: parsed.error.details,
        cause: parsed.error,
      }),
    );
  }
  return ok(parsed.value);
}

function element(
  component: { type: string; price: number | string; vat: string | undefined },
  restrictions: Record<string, unknown> | undefined,
  reservation: "RESERVATION" | undefined,
): unknown {
  const r = { ...(restrictions ?? {}), ...(reservation === undefined ? {} : { reservation }) };
  return dropUndefined({
    priceComponents: [dropUndefined({ ...component, stepSize: 1 })],
    restrictions: Object.keys(r).length === 0 ? undefined : r,
  });
}

function kilo(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = toDecimal(value);
  return d === undefined ? String(value) : decimalText(d.div(1000));
}

function days(list: readonly string[] | undefined): unknown {
  return list?.map((d) => DAY_NAMES[d] ?? d);
}

function conditions(c: Ocpp21TariffConditions | undefined): Record<string, unknown> | undefined {
  if (c === undefined) return undefined;
  return dropUndefined({
    startTime: c.startTimeOfDay,
    endTime: c.endTimeOfDay,
    dayOfWeek: days(c.dayOfWeek),
    startDate: c.validFromDate,
    endDate: c.validToDate,
    evseKind: c.evseKind,
    minKwh: kilo(c.minEnergy),
    maxKwh: kilo(c.maxEnergy),
    minCurrent: c.minCurrent,
    maxCurrent: c.maxCurrent,
    minPower: kilo(c.minPower),
    maxPower: kilo(c.maxPower),
    minDuration: c.minTime,
    maxDuration: c.maxTime,
    minChargingDuration: c.minChargingTime,
    maxChargingDuration: c.maxChargingTime,
    minIdleDuration: c.minIdleTime,
    maxIdleDuration: c.maxIdleTime,
  });
}

function fixedConditions(c: Ocpp21TariffConditionsFixed | undefined): Record<string, unknown> | undefined {
  if (c === undefined) return undefined;
  return dropUndefined({
    startTime: c.startTimeOfDay,
    endTime: c.endTimeOfDay,
    dayOfWeek: days(c.dayOfWeek),
    startDate: c.validFromDate,
    endDate: c.validToDate,
    evseKind: c.evseKind,
    paymentBrand: c.paymentBrand,
    paymentRecognition: c.paymentRecognition,
  });
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

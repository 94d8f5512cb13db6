import { ChargekitError, type Duration, err, HOUR, type Instant, ok, type Result } from "@chargekit/core";
import { minorUnitExponent } from "../money/currency.js";
import { Dec } from "../money/decimal.js";
import {
  amountOf,
  compareMoney,
  fromDecimal,
  type Money,
  maxMoney,
  minMoney,
  money,
  subtractMoney,
  zeroMoney,
} from "../money/money.js";
import { priceMeterSamples } from "../tariffs/meter-samples.js";
import type { Tariff } from "../tariffs/tariff.js";

/**
 * Hold sizing as configuration: per driver class a fixed hold or bounds for an estimate from the tariff.
 *
 * @example
 * ```ts
 * const policy: HoldPolicy = {
 *   classes: { guest: { min: money(25, "EUR"), max: money(80, "EUR") }, app: { fixed: money(30, "EUR") } },
 *   estimateDurationMs: 3 * HOUR,
 *   roundUpTo: money(5, "EUR"),
 *   stopMargin: money(1, "EUR"),
 * };
 * ```
 * @category Payments
 */
export interface HoldPolicy {
  /** Per driver class (`"guest"`, `"app"`, `"subscriber"`, fleet names …): a fixed hold, or bounds for the estimate. */
  readonly classes: Readonly<Record<string, HoldClass>>;
  /** Length of the worst-case session the estimate prices at the EVSE's full power (default 4 h). */
  readonly estimateDurationMs?: Duration;
  /** Round the hold up to a multiple of this amount (default: the currency's minor unit). */
  readonly roundUpTo?: Money;
  /** The CSMS asks a session to stop when its running cost reaches the limit minus this margin (default 0). */
  readonly stopMargin?: Money;
}

/**
 * The hold rule of one driver class.
 *
 * @category Payments
 */
export interface HoldClass {
  /** Always hold this amount. */
  readonly fixed?: Money;
  /** Hold at least this much. */
  readonly min?: Money;
  /** Hold at most this much. */
  readonly max?: Money;
}

/**
 * What the hold is sized for.
 *
 * @category Payments
 */
export interface HoldRequest {
  /** The driver's class, a key of {@link HoldPolicy.classes}. */
  readonly driverClass: string;
  /** The tariff the session will be priced with. */
  readonly tariff: Tariff;
  /** IANA time zone of the location. */
  readonly timeZone: string;
  /** When the session starts. */
  readonly at: Instant;
  /** The EVSE's maximum power, W. */
  readonly evseMaxPowerW: number;
  /** AC or DC, for tariffs that distinguish them. */
  readonly evseKind?: "AC" | "DC";
  /** True when the station enforces a cost limit itself (OCPP 2.1 `TransactionLimit.maxCost`). */
  readonly stationEnforcesCostLimit: boolean;
}

/**
 * How the cost limit is enforced: pushed to the station (`maxCost`, it stops by itself), or watched by the CSMS, which
 * asks for a stop when the running cost reaches `stopAt` (the payment service's `payment:stop-requested`).
 *
 * @category Payments
 */
export type CostLimitEnforcement =
  | {
      /** Pushed to the station. */
      readonly kind: "station";
      /** The OCPP 2.1 `maxCost` to send. */
      readonly maxCost: Money;
    }
  | {
      /** Watched by the CSMS. */
      readonly kind: "csms";
      /** Running cost at which the CSMS asks for a stop. */
      readonly stopAt: Money;
    };

/**
 * The sized hold.
 *
 * @category Payments
 */
export interface HoldDecision {
  /** What to pre-authorise. */
  readonly holdAmount: Money;
  /** The most the session may cost (the hold: more cannot be captured). */
  readonly costLimit: Money;
  /** How the limit is enforced. */
  readonly enforcement: CostLimitEnforcement;
  /** Where the amount came from. */
  readonly basis: "fixed" | "preauthorize-amount" | "estimate";
  /** The worst-case cost estimate, when one was made. */
  readonly estimate?: Money;
}

/**
 * Sizes the hold for a session: the class's fixed amount, else the tariff's OCPI 2.3 `preauthorize_amount`, else the
 * price of the worst-case session (full EVSE power for `estimateDurationMs`, capped by the tariff's max price);
 * clamped to the class's bounds and rounded up. The cost limit equals the hold; it is pushed to the station when the
 * station can enforce it, else the CSMS stops the session at the limit minus the margin.
 *
 * @category Payments
 */
export function sizeHold(request: HoldRequest, policy: HoldPolicy): Result<HoldDecision, ChargekitError> {
  const cls = policy.classes[request.driverClass];
  if (cls === undefined) {
    return err(new ChargekitError("INVALID_ARGUMENT", `no hold policy for driver class "${request.driverClass}"`));
  }
  const currency = request.tariff.currency;
  for (const m of [cls.fixed, cls.min, cls.max, policy.roundUpTo, policy.stopMargin]) {
    if (m !== undefined && m.currency !== currency) {
      return err(
        new ChargekitError("INVALID_ARGUMENT", `hold policy amounts must be in the tariff's currency ${currency}`),
      );
    }
  }
  let basis: HoldDecision["basis"];
  let amount: Money;
  let estimate: Money | undefined;
  if (cls.fixed !== undefined) {
    basis = "fixed";
    amount = cls.fixed;
  } else if (request.tariff.preauthorizeAmount !== undefined) {
    basis = "preauthorize-amount";
    amount = money(request.tariff.preauthorizeAmount, currency);
  } else {
    if (!(request.evseMaxPowerW > 0)) {
      return err(
        new ChargekitError("INVALID_ARGUMENT", `EVSE max power must be positive, got ${request.evseMaxPowerW}`),
      );
    }
    const duration = policy.estimateDurationMs ?? 4 * HOUR;
    const energyWh = new Dec(request.evseMaxPowerW).times(duration).div(3_600_000);
    const priced = priceMeterSamples(
      request.tariff,
      [
        { at: request.at, energyWh: 0, powerW: request.evseMaxPowerW, charging: true },
        { at: request.at + duration, energyWh: energyWh.toString(), powerW: request.evseMaxPowerW },
      ],
      { timeZone: request.timeZone, ...(request.evseKind === undefined ? {} : { evseKind: request.evseKind }) },
    );
    if (!priced.ok) return priced;
    basis = "estimate";
    estimate = money(priced.value.total.inclVat, currency);
    amount = estimate;
  }
  if (cls.min !== undefined) amount = maxMoney(amount, cls.min);
  if (cls.max !== undefined) amount = minMoney(amount, cls.max);
  amount = roundUp(amount, policy.roundUpTo);
  if (compareMoney(amount, zeroMoney(currency)) <= 0) {
    return err(new ChargekitError("INVALID_ARGUMENT", `the hold for class "${request.driverClass}" is not positive`));
  }
  const margin = policy.stopMargin ?? zeroMoney(currency);
  const enforcement: CostLimitEnforcement = request.stationEnforcesCostLimit
    ? { kind: "station", maxCost: amount }
    : { kind: "csms", stopAt: maxMoney(zeroMoney(currency), subtractMoney(amount, margin)) };
  return ok({
    holdAmount: amount,
    costLimit: amount,
    enforcement,
    basis,
    ...(estimate === undefined ? {} : { estimate }),
  });
}

/** Rounds up to a multiple of `step` (default: one minor unit). */
function roundUp(m: Money, step: Money | undefined): Money {
  const unit = new Dec(10).pow(-minorUnitExponent(m.currency));
  const s = step === undefined || amountOf(step).lessThanOrEqualTo(0) ? unit : amountOf(step);
  const rounded = amountOf(m).div(s).ceil().times(s);
  return fromDecimal(rounded.div(unit).ceil().times(unit), m.currency);
}

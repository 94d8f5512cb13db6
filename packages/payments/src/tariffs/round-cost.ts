import { addMoney, type Money, money, roundMoney, subtractMoney, zeroMoney } from "../money/money.js";
import { DEFAULT_ROUNDING, type RoundingPolicy } from "../money/rounding.js";
import type { CostAmount, SessionCost } from "./session-cost.js";

/**
 * A cost with and without VAT, rounded to money.
 *
 * @category Tariffs
 */
export interface RoundedAmount {
  /** Excluding VAT. */
  readonly exclVat: Money;
  /** Including VAT. */
  readonly inclVat: Money;
}

/**
 * The totals of a {@link SessionCost} rounded per a {@link RoundingPolicy}: what goes on a receipt or a CDR.
 *
 * @category Tariffs
 */
export interface RoundedSessionCost {
  /** Energy line. */
  readonly energy: RoundedAmount;
  /** Charging-time line. */
  readonly chargingTime: RoundedAmount;
  /** Parking-time line. */
  readonly parkingTime: RoundedAmount;
  /** Fixed-fee line. */
  readonly fixed: RoundedAmount;
  /** Reservation line (zero without a reservation). */
  readonly reservation: RoundedAmount;
  /** What min/max price added or removed, so that the lines plus this equal the total. */
  readonly adjustment: RoundedAmount;
  /** The total to charge. */
  readonly total: RoundedAmount;
}

/**
 * Rounds a priced session. With `vat: "total"` the total is the rounded exact total (VAT computed once on
 * unrounded amounts); with `vat: "line"` every line is rounded and the total is their sum (unless a min/max price
 * fixed it). Either way `adjustment` makes lines + adjustment = total exactly.
 *
 * @category Tariffs
 */
export function roundSessionCost(cost: SessionCost, policy: RoundingPolicy = DEFAULT_ROUNDING): RoundedSessionCost {
  const round = (a: CostAmount): RoundedAmount => ({
    exclVat: roundMoney(money(a.exclVat, cost.currency), policy),
    inclVat: roundMoney(money(a.inclVat, cost.currency), policy),
  });
  const lines = {
    energy: round(cost.energy.cost),
    chargingTime: round(cost.chargingTime.cost),
    parkingTime: round(cost.parkingTime.cost),
    fixed: round(cost.fixed),
    reservation: round(cost.reservation?.total ?? { exclVat: "0", inclVat: "0" }),
  };
  const sum = (side: "exclVat" | "inclVat"): Money =>
    Object.values(lines).reduce((s, l) => addMoney(s, l[side]), zeroMoney(cost.currency));
  const total = (side: "exclVat" | "inclVat"): Money =>
    policy.vat === "line" && cost.priceLimit[side] === undefined
      ? sum(side)
      : roundMoney(money(cost.total[side], cost.currency), policy);
  const totals = { exclVat: total("exclVat"), inclVat: total("inclVat") };
  return {
    ...lines,
    adjustment: {
      exclVat: subtractMoney(totals.exclVat, sum("exclVat")),
      inclVat: subtractMoney(totals.inclVat, sum("inclVat")),
    },
    total: totals,
  };
}

/**
 * The amount a driver pays for a priced session: the total including VAT, rounded per the policy.
 *
 * @category Tariffs
 */
export function payableAmount(cost: SessionCost, policy: RoundingPolicy = DEFAULT_ROUNDING): Money {
  return roundSessionCost(cost, policy).total.inclVat;
}

import type { Decimal } from "decimal.js";
import { Dec, decimalText } from "../money/decimal.js";
import type { CompiledComponent } from "./compiled-tariff.js";
import type { CostAmount, DimensionTotal } from "./session-cost.js";

const ZERO = new Dec(0);
const MS_PER_HOUR = new Dec(3_600_000);
const WH_PER_KWH = new Dec(1000);

/**
 * Accumulates costs exactly: energy and fixed amounts are exact decimals, time amounts are kept as numerators
 * (price × ms) and divided by 3 600 000 once, so sums never depend on grouping and a larger volume never yields a
 * smaller total.
 *
 * @internal
 */
export class Ledger {
  exact: Decimal = ZERO;
  exactIncl: Decimal = ZERO;
  timeNumerator: Decimal = ZERO;
  timeNumeratorIncl: Decimal = ZERO;

  add(component: CompiledComponent, units: Decimal): void {
    if (component.type === "TIME" || component.type === "PARKING_TIME") {
      const n = component.price.times(units);
      this.timeNumerator = this.timeNumerator.plus(n);
      this.timeNumeratorIncl = this.timeNumeratorIncl.plus(n.times(component.vatFactor));
      return;
    }
    const net = component.type === "ENERGY" ? component.price.times(units).div(WH_PER_KWH) : component.price;
    this.exact = this.exact.plus(net);
    this.exactIncl = this.exactIncl.plus(net.times(component.vatFactor));
  }

  addLedger(other: Ledger): void {
    this.exact = this.exact.plus(other.exact);
    this.exactIncl = this.exactIncl.plus(other.exactIncl);
    this.timeNumerator = this.timeNumerator.plus(other.timeNumerator);
    this.timeNumeratorIncl = this.timeNumeratorIncl.plus(other.timeNumeratorIncl);
  }

  excl(): Decimal {
    return this.exact.plus(this.timeNumerator.div(MS_PER_HOUR));
  }

  incl(): Decimal {
    return this.exactIncl.plus(this.timeNumeratorIncl.div(MS_PER_HOUR));
  }

  amount(): CostAmount {
    return amount(this.excl(), this.incl());
  }
}

/**
 * The totals of one dimension: its ledger and its used and billed volumes.
 *
 * @internal
 */
export class Totals {
  readonly ledger = new Ledger();
  volume: Decimal = ZERO;
  billed: Decimal = ZERO;

  add(component: CompiledComponent, used: Decimal, billed: Decimal): CostAmount {
    const own = new Ledger();
    own.add(component, billed);
    this.ledger.add(component, billed);
    this.volume = this.volume.plus(used);
    this.billed = this.billed.plus(billed);
    return own.amount();
  }

  addUnpriced(used: Decimal): void {
    this.volume = this.volume.plus(used);
  }

  toDimension(): DimensionTotal {
    return { volume: decimalText(this.volume), billedVolume: decimalText(this.billed), cost: this.ledger.amount() };
  }
}

/** A cost amount from two decimals. @internal */
export function amount(excl: Decimal, incl: Decimal): CostAmount {
  return { exclVat: decimalText(excl), inclVat: decimalText(incl) };
}

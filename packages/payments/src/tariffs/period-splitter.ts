import type { Instant } from "@chargekit/core";
import type { Decimal } from "decimal.js";
import { decimalText } from "../money/decimal.js";
import type { ChargingPeriod } from "./charging-period.js";
import { type CompiledTariff, compileTariff } from "./compiled-tariff.js";
import { wallClockBoundaries } from "./local-time.js";
import type { Tariff } from "./tariff.js";

/** A point on a meter trace. @internal */
export interface TracePoint {
  readonly at: Instant;
  readonly energyWh: Decimal;
}

/**
 * Cuts meter intervals into charging periods at every instant where a restriction of the tariff can change its
 * verdict. Stateful (charging and idle time so far), so intervals must be fed in order; used by the batch pricer
 * and the running cost alike.
 *
 * @internal
 */
export class PeriodSplitter {
  private readonly compiled: CompiledTariff;
  private readonly usesWallClock: boolean;
  private chargingSoFar = 0;
  private idleSoFar = 0;
  private readonly timeZone: string;
  private readonly startAt: Instant;

  constructor(tariff: Tariff, timeZone: string, startAt: Instant) {
    this.compiled = compileTariff(tariff);
    this.timeZone = timeZone;
    this.startAt = startAt;
    this.usesWallClock = tariff.elements.some((e) => {
      const r = e.restrictions;
      return (
        r !== undefined &&
        (r.startTime !== undefined ||
          r.endTime !== undefined ||
          r.startDate !== undefined ||
          r.endDate !== undefined ||
          r.dayOfWeek !== undefined)
      );
    });
  }

  /** The periods of the interval `[a, b)` in which the EV was charging (or not), in order. */
  interval(
    a: TracePoint,
    b: TracePoint,
    charging: boolean,
    powerW: number | undefined,
    currentA: number | undefined,
  ): ChargingPeriod[] {
    const cuts: { at: Instant; energyWh: Decimal | undefined }[] = [];
    const cut = (t: Instant): void => {
      if (t > a.at && t < b.at) cuts.push({ at: t, energyWh: undefined });
    };
    const compiled = this.compiled;
    if (this.usesWallClock) {
      for (const t of wallClockBoundaries(a.at, b.at, this.timeZone, compiled.wallMinutes)) cut(t);
    }
    for (const ms of compiled.durationThresholdsMs) cut(this.startAt + ms);
    const soFar = charging ? this.chargingSoFar : this.idleSoFar;
    for (const ms of charging ? compiled.chargingThresholdsMs : compiled.idleThresholdsMs) cut(a.at + (ms - soFar));
    const rise = b.energyWh.minus(a.energyWh);
    const span = b.at - a.at;
    for (const wh of compiled.energyThresholdsWh) {
      if (wh.greaterThan(a.energyWh) && wh.lessThan(b.energyWh)) {
        // the first whole millisecond at or after the crossing; the energy is split exactly at the threshold
        const t = span === 0 ? a.at : wh.minus(a.energyWh).div(rise).times(span).plus(a.at).ceil().toNumber();
        cuts.push({ at: Math.min(Math.max(t, a.at), b.at), energyWh: wh });
      }
    }
    const points: TracePoint[] = cuts
      .map((c) => ({
        at: c.at,
        energyWh: c.energyWh ?? (span === 0 ? a.energyWh : a.energyWh.plus(rise.times(c.at - a.at).div(span))),
      }))
      .sort((x, y) => x.at - y.at || x.energyWh.comparedTo(y.energyWh));
    const path: TracePoint[] = [a, ...points, b];
    const out: ChargingPeriod[] = [];
    for (let i = 0; i + 1 < path.length; i++) {
      const period = toPeriod(path[i] as TracePoint, path[i + 1] as TracePoint, charging, powerW, currentA);
      if (period !== undefined) out.push(period);
    }
    if (charging) this.chargingSoFar += span;
    else this.idleSoFar += span;
    return out;
  }
}

function toPeriod(
  from: TracePoint,
  to: TracePoint,
  charging: boolean,
  powerW: number | undefined,
  currentA: number | undefined,
): ChargingPeriod | undefined {
  const ms = to.at - from.at;
  const energy = to.energyWh.minus(from.energyWh);
  if (ms === 0 && energy.isZero()) return undefined;
  const period: Record<string, unknown> = { startAt: from.at, energyWh: decimalText(energy) };
  period[charging ? "chargingMs" : "parkingMs"] = ms;
  if (charging) {
    const power = powerW ?? (ms > 0 ? energy.times(3_600_000).div(ms).toNumber() : undefined);
    if (power !== undefined) period["powerW"] = power;
    if (currentA !== undefined) period["currentA"] = currentA;
  } else {
    period["powerW"] = powerW ?? 0;
    period["currentA"] = currentA ?? 0;
  }
  return period as unknown as ChargingPeriod;
}

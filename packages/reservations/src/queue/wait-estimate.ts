import { ChargekitError, type Duration, type Instant, MINUTE, seededRandom } from "@chargekit/core";
import { type EvseRequirement, isEligible } from "../evse.js";
import type { SiteView } from "../site-view.js";
import type { DwellModel } from "./dwell-model.js";
import { standardNormal } from "./random.js";

/**
 * What to estimate: the wait of a driver with a need, behind drivers with their own needs.
 *
 * @category Queue
 */
export interface WaitRequest {
  /** What this driver's car needs. */
  readonly need: EvseRequirement;
  /** The needs of the drivers ahead in the queue, first in line first. */
  readonly ahead?: readonly EvseRequirement[];
  /** This driver, for the dwell model of those ahead (not used for the wait itself). */
  readonly driver?: string;
  /** An EVSE counts as free only when no reservation starts within this long; default 30 min. */
  readonly minStay?: Duration;
  /** A session with known energy and power is released this long after charging completes; default 5 min. */
  readonly departureSlack?: Duration;
  /** Monte Carlo samples; default 200. */
  readonly samples?: number;
  /**
   * How strongly the busy EVSEs' releases move together, in [0, 1]: the correlation of a one-factor Gaussian copula
   * over the sessions' release ranks. 0 draws each release independently; 1 makes them comonotone (when one session
   * runs late, all do: a workplace that empties at 5 pm, drivers who arrived together leaving together). Each
   * session keeps its own distribution from the dwell model whatever the value; only the joint draw changes.
   * Default: the dependence the model learned from its history ({@link DwellModel.dependence}).
   */
  readonly dependence?: number;
  /** Seed of the sampler (estimates are reproducible); default 1. */
  readonly seed?: number;
  /** The current instant; default: the latest of the sessions' starts, so pass the clock's now. */
  readonly now: Instant;
}

/**
 * A wait estimate: when an eligible EVSE frees for this driver, as a median with a p10–p90 band, in ms from
 * `now`. `Infinity` when no usable EVSE of the site fits the need.
 *
 * @category Queue
 */
export interface WaitEstimate {
  /** 1-based place in line (1 + drivers ahead). */
  readonly position: number;
  /** 10 % of outcomes are shorter. */
  readonly p10: Duration;
  /** The median wait. */
  readonly p50: Duration;
  /** 90 % of outcomes are shorter. */
  readonly p90: Duration;
}

/**
 * Estimates a queued driver's wait from a release schedule: each busy EVSE is released at its session's expected
 * end (energy still needed ÷ allocated power when known, otherwise the dwell model's distribution conditioned on
 * the time already spent), an EVSE inside a reservation's occupancy stays blocked until the reservation's end, and
 * the drivers ahead take the first eligible EVSEs that free and then stay for a dwell of their own. Each session's
 * release is sampled on fixed quantile strata (so the answer is stable) and the sessions' strata are paired by a
 * rank copula whose correlation is `request.dependence` (by default the one the model learned): departures that
 * move together make the first free EVSE come later than independent ones would. Reproducible for a seed.
 *
 * @example
 * ```ts
 * const wait = estimateWait(engine.view(site)!, model, { need: { connectorType: "cCCS2", minPower: 50_000 }, now });
 * console.log(`about ${Math.round(wait.p50 / 60_000)} min (${wait.p10}–${wait.p90} ms)`);
 * ```
 * @category Queue
 */
export function estimateWait(view: SiteView, model: DwellModel, request: WaitRequest): WaitEstimate {
  const now = request.now;
  const n = Math.max(20, Math.min(2000, request.samples ?? 200));
  const minStay = request.minStay ?? 30 * MINUTE;
  const slack = request.departureSlack ?? 5 * MINUTE;
  const random = seededRandom(request.seed ?? 1);
  const rho = request.dependence ?? model.dependence;
  if (!(rho >= 0 && rho <= 1)) throw new ChargekitError("INVALID_ARGUMENT", `dependence must be in [0, 1], got ${rho}`);
  const ahead = request.ahead ?? [];
  const position = ahead.length + 1;
  const evses = view.evses().filter((e) => e.status === "available");
  if (!evses.some((e) => isEligible(e.spec, request.need))) {
    return { position, p10: Infinity, p50: Infinity, p90: Infinity };
  }
  // the shared factor of each sample: one standard normal per sample, common to every busy EVSE
  const common = Array.from({ length: n }, () => standardNormal(random));
  const strata = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  // release[e][j]: when EVSE e is free for a new driver in sample j
  const release = evses.map((e) => {
    const s = e.session;
    let times: number[];
    if (s === undefined) times = new Array<number>(n).fill(now);
    else if (s.energyNeeded !== undefined && s.power !== undefined && s.power > 0) {
      const charged = s.start + (s.energyNeeded / s.power) * 3_600_000;
      times = new Array<number>(n).fill(Math.max(now, charged) + slack);
    } else {
      const remaining = model.remaining(
        {
          start: s.start,
          now,
          site: view.site,
          ...(s.driver === undefined ? {} : { driver: s.driver }),
          ...(s.declaredEnd === undefined ? {} : { declaredEnd: s.declaredEnd }),
        },
        strata,
      );
      times = jointDraw(
        remaining.map((r) => now + Math.round(r)),
        common,
        rho,
        random,
      );
    }
    return times.map((t) => view.earliestFree(e.spec.ref, t, minStay));
  });
  const fresh = model.remaining({ start: now, site: view.site }, strata);
  const waits: number[] = [];
  for (let j = 0; j < n; j++) {
    const free = release.map((times) => times[j] as number);
    for (const need of ahead) {
      const k = earliest(evses, free, need);
      if (k < 0) continue;
      const dwell = fresh[Math.floor(random() * fresh.length)] as number;
      free[k] = view.earliestFree(
        (evses[k] as (typeof evses)[number]).spec.ref,
        (free[k] as number) + Math.round(dwell),
        minStay,
      );
    }
    const k = earliest(evses, free, request.need);
    waits.push((free[k] as number) - now);
  }
  waits.sort((a, b) => a - b);
  const at = (p: number) => waits[Math.min(n - 1, Math.floor(p * n))] as number;
  return { position, p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

function earliest(
  evses: readonly { readonly spec: Parameters<typeof isEligible>[0] }[],
  free: readonly number[],
  need: EvseRequirement,
): number {
  let best = -1;
  for (let k = 0; k < evses.length; k++) {
    if (!isEligible((evses[k] as (typeof evses)[number]).spec, need)) continue;
    if (best < 0 || (free[k] as number) < (free[best] as number)) best = k;
  }
  return best;
}

/**
 * Assigns a session's stratified release times (ascending) to the samples by the ranks of a latent Gaussian
 * `√ρ · common + √(1 − ρ) · own`: every sample still gets exactly one stratum (the marginal is untouched), and
 * sessions sharing `common` rank their samples alike in proportion to `ρ` (a rank copula; ρ = 0 is a uniform
 * shuffle, ρ = 1 the comonotone assignment).
 */
function jointDraw(sorted: readonly number[], common: readonly number[], rho: number, random: () => number): number[] {
  const a = Math.sqrt(rho);
  const b = Math.sqrt(1 - rho);
  const latent = common.map((z) => a * z + b * standardNormal(random));
  const order = latent.map((_, j) => j).sort((i, j) => (latent[i] as number) - (latent[j] as number));
  const out = new Array<number>(sorted.length);
  for (let r = 0; r < order.length; r++) out[order[r] as number] = sorted[r] as number;
  return out;
}

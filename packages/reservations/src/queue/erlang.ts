import { ChargekitError } from "@chargekit/core";

/**
 * Inputs of {@link erlangC}: a steady-state M/M/c queue.
 *
 * @category Queue
 */
export interface ErlangInput {
  /** Arrivals per unit of time (λ). */
  readonly arrivalRate: number;
  /** Services completed per server per unit of time (μ = 1 / mean dwell). */
  readonly serviceRate: number;
  /** Servers (EVSEs), c ≥ 1. */
  readonly servers: number;
}

/**
 * Outputs of {@link erlangC}, in the time unit of the rates.
 *
 * @category Queue
 */
export interface ErlangResult {
  /** Offered load a = λ / μ. */
  readonly load: number;
  /** Utilisation ρ = a / c; the queue is stable only below 1. */
  readonly utilisation: number;
  /** Probability that an arrival has to wait (Erlang C formula); 1 when unstable. */
  readonly probabilityOfWaiting: number;
  /** Mean wait of all arrivals, Wq = P(wait) / (cμ − λ); `Infinity` when unstable. */
  readonly meanWait: number;
  /** Mean wait of those who wait, 1 / (cμ − λ); `Infinity` when unstable. */
  readonly meanWaitWhenWaiting: number;
}

/**
 * The Erlang C (M/M/c) steady-state queue: a planning prior, not a live estimate. EV dwell times are heavy-tailed
 * and arrivals peak by hour, so it under-estimates real waits; use it to size a site, and the release schedule of
 * {@link estimateWait} for a driver in the queue. Computed with the numerically stable Erlang B recursion.
 *
 * @example
 * ```ts
 * erlangC({ arrivalRate: 3, serviceRate: 0.5, servers: 8 }).meanWait; // hours, if the rates are per hour
 * ```
 * @category Queue
 */
export function erlangC(input: ErlangInput): ErlangResult {
  const { arrivalRate: lambda, serviceRate: mu, servers: c } = input;
  if (!(lambda >= 0) || !(mu > 0) || !Number.isInteger(c) || c < 1) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      "erlangC needs arrivalRate >= 0, serviceRate > 0, integer servers >= 1",
    );
  }
  const load = lambda / mu;
  const utilisation = load / c;
  if (utilisation >= 1) {
    return { load, utilisation, probabilityOfWaiting: 1, meanWait: Infinity, meanWaitWhenWaiting: Infinity };
  }
  let b = 1;
  for (let k = 1; k <= c; k++) b = (load * b) / (k + load * b);
  const probabilityOfWaiting = b / (1 - utilisation * (1 - b));
  const meanWaitWhenWaiting = 1 / (c * mu - lambda);
  return {
    load,
    utilisation,
    probabilityOfWaiting,
    meanWait: probabilityOfWaiting * meanWaitWhenWaiting,
    meanWaitWhenWaiting,
  };
}

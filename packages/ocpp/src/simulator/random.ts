export { seededRandom } from "@chargekit/core";

/**
 * An exponentially distributed wait with the given mean (the gaps of a Poisson arrival process).
 *
 * @category Simulator
 */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/**
 * A seeded pseudo-random source (mulberry32): numbers in `[0, 1)`, the same sequence for the same seed in every
 * JavaScript engine, without global state. Use it wherever an answer or a simulation must be reproducible (sampled
 * estimates, simulated fleets, random test data); never for anything secret.
 *
 * @example
 * ```ts
 * import { seededRandom } from "@chargekit/core";
 *
 * const random = seededRandom(42);
 * const first = random(); // in [0, 1), the same on every run with seed 42
 * ```
 * @category Random
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same fleet, drivers and EVs, so a
 * simulation can be replayed. Not for anything secret.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // a number in [0, 1), the same for every run with seed 42
 * ```
 * @category Simulator
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * An exponentially distributed wait with the given mean (the gaps of a Poisson arrival process).
 *
 * @category Simulator
 */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

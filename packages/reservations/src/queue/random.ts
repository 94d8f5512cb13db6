/**
 * A standard normal draw (Box–Muller) from a uniform source.
 *
 * @internal
 */
export function standardNormal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: the logarithm stays finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * One step of a Fisher–Yates shuffle: swaps a uniformly chosen element of `items[i..]` into place `i`. Repeating it
 * for i = 0, 1, … k − 1 draws a uniform sample of k elements into the front, one at a time.
 *
 * @internal
 */
export function drawInto<T>(items: T[], i: number, random: () => number): void {
  const j = i + Math.floor(random() * (items.length - i));
  [items[i], items[j]] = [items[j] as T, items[i] as T];
}

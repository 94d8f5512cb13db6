const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
const HIGH = LITTLE_ENDIAN ? 1 : 0;
const LOW = 1 - HIGH;

/**
 * Pairs of a key (a double ≥ 0, not −0) and an integer id, with the memory to sort them: `keys` and `ids` hold the
 * pairs, the spares are scratch of the same size (they trade places with the pairs while sorting).
 */
export interface Pairs {
  keys: Float64Array;
  ids: Int32Array;
  spareKeys: Float64Array;
  spareIds: Int32Array;
  /** Digit counts of the passes (3 × 2048). */
  readonly counts: Int32Array;
}

/** Empty pairs able to hold `capacity` entries. */
export function createPairs(capacity: number): Pairs {
  return {
    keys: new Float64Array(capacity),
    ids: new Int32Array(capacity),
    spareKeys: new Float64Array(capacity),
    spareIds: new Int32Array(capacity),
    counts: new Int32Array(3 * 2048),
  };
}

/** Grows pairs to hold at least `capacity` entries, keeping the first `count`. */
export function growPairs(pairs: Pairs, capacity: number, count: number): void {
  if (pairs.keys.length >= capacity) return;
  const size = Math.max(capacity, pairs.keys.length * 2);
  const keys = new Float64Array(size);
  keys.set(pairs.keys.subarray(0, count));
  const ids = new Int32Array(size);
  ids.set(pairs.ids.subarray(0, count));
  pairs.keys = keys;
  pairs.ids = ids;
  pairs.spareKeys = new Float64Array(size);
  pairs.spareIds = new Int32Array(size);
}

/**
 * Sorts the first `n` pairs by key, then id: non-negative doubles order as their bit patterns, so a stable LSD radix
 * sort in 11-bit digits on the high bits of the keys, skipping digits all keys share, does almost all of it; an
 * insertion pass on the full (key, id) then settles keys that agree in those bits and puts equal keys in id order.
 * The upper 22 bits (sign, exponent, 11 bits of mantissa) are tried first, with a bounded insertion pass; when that
 * pass would be long, the high 32 bits are sorted, and when many keys still agree in those, the low 32 bits too
 * first (a full 64-bit sort), so that the final pass stays short. Linear in `n` in practice; the order is the same
 * whichever way it is reached (the full (key, id) order).
 */
export function sortPairs(pairs: Pairs, n: number): void {
  // first the two upper digits only (sign, exponent and 11 bits of mantissa): the keys that agree in those are
  // usually few and next to each other, and a bounded insertion pass settles them; when it would take long, the
  // full sort below runs instead (on whatever order the pass left)
  radixPasses(pairs, n, HIGH, 1);
  if (settle(pairs, n, 2 * n + 64)) return;
  radixPasses(pairs, n, HIGH, 0);
  const words = new Uint32Array(pairs.keys.buffer, 0, n * 2);
  let close = 0;
  for (let i = 1; i < n; i++) {
    if (words[i * 2 + HIGH] === words[i * 2 - 2 + HIGH] && words[i * 2 + LOW] !== words[i * 2 - 2 + LOW]) close++;
  }
  if (close > 64) {
    radixPasses(pairs, n, LOW, 0);
    radixPasses(pairs, n, HIGH, 0);
  }
  settle(pairs, n, Number.POSITIVE_INFINITY);
}

/**
 * Insertion pass on the full (key, id) of the first `n` pairs: sorts them, unless that takes more than `budget`
 * moves (then stops, leaving some permutation of the pairs, and returns false).
 */
function settle(pairs: Pairs, n: number, budget: number): boolean {
  const { keys, ids } = pairs;
  let moves = 0;
  for (let i = 1; i < n; i++) {
    const key = keys[i] as number;
    const id = ids[i] as number;
    const before = keys[i - 1] as number;
    if (key > before || (key === before && id > (ids[i - 1] as number))) continue;
    let at = i;
    while (at > 0) {
      const k = keys[at - 1] as number;
      if (k < key || (k === key && (ids[at - 1] as number) <= id)) break;
      keys[at] = k;
      ids[at] = ids[at - 1] as number;
      at--;
    }
    keys[at] = key;
    ids[at] = id;
    moves += i - at;
    if (moves > budget) return false;
  }
  return true;
}

/**
 * Stable LSD passes over one 32-bit half of the keys (`half`: index of that word within each key), from digit
 * `first` (0: all three 11-bit digits; 1: the upper two).
 */
function radixPasses(pairs: Pairs, n: number, half: number, first: number): void {
  const counts = pairs.counts;
  counts.fill(0);
  let keys = pairs.keys;
  let ids = pairs.ids;
  let outKeys = pairs.spareKeys;
  let outIds = pairs.spareIds;
  let words = new Uint32Array(keys.buffer, 0, n * 2);
  for (let i = 0; i < n; i++) {
    const w = words[i * 2 + half] as number;
    const low = w & 0x7ff;
    counts[low] = (counts[low] as number) + 1;
    const mid = 2048 + ((w >>> 11) & 0x7ff);
    counts[mid] = (counts[mid] as number) + 1;
    const top = 4096 + (w >>> 22);
    counts[top] = (counts[top] as number) + 1;
  }
  for (let d = first; d < 3; d++) {
    const offset = d * 2048;
    const shift = d * 11;
    let distinct = 0;
    for (let v = 0; v < 2048 && distinct < 2; v++) if ((counts[offset + v] as number) !== 0) distinct++;
    if (distinct < 2) continue;
    let sum = 0;
    for (let v = 0; v < 2048; v++) {
      const c = counts[offset + v] as number;
      counts[offset + v] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = offset + (((words[i * 2 + half] as number) >>> shift) & 0x7ff);
      const to = counts[at] as number;
      counts[at] = to + 1;
      outKeys[to] = keys[i] as number;
      outIds[to] = ids[i] as number;
    }
    const swapKeys = keys;
    keys = outKeys;
    outKeys = swapKeys;
    const swapIds = ids;
    ids = outIds;
    outIds = swapIds;
    words = new Uint32Array(keys.buffer, 0, n * 2);
  }
  pairs.keys = keys;
  pairs.ids = ids;
  pairs.spareKeys = outKeys;
  pairs.spareIds = outIds;
}

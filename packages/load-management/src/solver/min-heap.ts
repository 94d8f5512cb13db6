/**
 * A 4-ary min-heap of integer ids keyed by a float, ties broken by the smaller id (so pop order never depends on
 * insertion order). Built in O(n) with {@link MinHeap.heapify}; holds what the solver's event queues get after
 * sorting. Four children per node halve the depth, which is what pops pay for.
 */
export class MinHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(4, capacity));
    this.ids = new Int32Array(Math.max(4, capacity));
  }

  /** Removes every entry (keeps the memory). */
  clear(): void {
    this.count = 0;
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Key of the top entry (Infinity when empty). */
  topKey(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.keys[0] as number);
  }

  /** Appends without ordering; call {@link heapify} before popping. */
  append(key: number, id: number): void {
    if (this.count === this.ids.length) this.grow();
    this.keys[this.count] = key;
    this.ids[this.count++] = id;
  }

  /** Restores the heap order over everything appended (O(n)). */
  heapify(): void {
    for (let at = (this.count - 2) >> 2; at >= 0; at--)
      this.siftDown(at, this.keys[at] as number, this.ids[at] as number);
  }

  /** Adds an entry. */
  push(key: number, id: number): void {
    if (this.count === this.ids.length) this.grow();
    const keys = this.keys;
    const ids = this.ids;
    let at = this.count++;
    while (at > 0) {
      const up = (at - 1) >> 2;
      const upKey = keys[up] as number;
      if (upKey < key || (upKey === key && (ids[up] as number) <= id)) break;
      keys[at] = upKey;
      ids[at] = ids[up] as number;
      at = up;
    }
    keys[at] = key;
    ids[at] = id;
  }

  /** Id of the top entry (−1 when empty). */
  topId(): number {
    return this.count === 0 ? -1 : (this.ids[0] as number);
  }

  /** Removes the top entry and returns its id (−1 when empty). */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.ids[0] as number;
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.keys[last] as number, this.ids[last] as number);
    return top;
  }

  private siftDown(start: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const n = this.count;
    let at = start;
    for (;;) {
      const first = 4 * at + 1;
      if (first >= n) break;
      let child = first;
      let childKey = keys[first] as number;
      let childId = ids[first] as number;
      const last = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < last; c++) {
        const k = keys[c] as number;
        if (k < childKey || (k === childKey && (ids[c] as number) < childId)) {
          child = c;
          childKey = k;
          childId = ids[c] as number;
        }
      }
      if (key < childKey || (key === childKey && id <= childId)) break;
      keys[at] = childKey;
      ids[at] = childId;
      at = child;
    }
    keys[at] = key;
    ids[at] = id;
  }

  private grow(): void {
    const keys = new Float64Array(this.ids.length * 2);
    keys.set(this.keys);
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}

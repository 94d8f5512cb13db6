import { ChargekitError, type Duration, type Instant, type Interval } from "@chargekit/core";

/**
 * One interval stored in an {@link IntervalTree}, with the value it carries. Half-open: `[start, end)`.
 *
 * @category Interval tree
 */
export interface IntervalEntry<V> {
  /** First instant inside the interval. */
  readonly start: Instant;
  /** First instant after the interval. */
  readonly end: Instant;
  /** What the interval belongs to (a reservation id, a record). */
  readonly value: V;
}

interface Node<V> {
  readonly start: Instant;
  readonly end: Instant;
  readonly value: V;
  /** The immutable entry handed out to callers, made on first use (nodes themselves stay private). */
  entry: IntervalEntry<V> | undefined;
  left: Node<V> | null;
  right: Node<V> | null;
  height: number;
  /** Start of the leftmost interval of the subtree. */
  lo: Instant;
  /** End of the rightmost interval of the subtree (the largest end: intervals are disjoint). */
  hi: Instant;
  /** Largest free stretch between two consecutive intervals of the subtree; -1 when it holds one interval. */
  gap: Duration;
}

/**
 * A balanced (AVL) search tree of **pairwise disjoint** half-open intervals on integer instants — the occupancy of
 * one EVSE. Each node is augmented with its subtree's first start, last end and largest inner gap, so every
 * operation is O(log n): insert with conflict check, remove, point and overlap queries (O(log n + k) for k hits),
 * and the earliest free stretch of a given length at or after an instant. Touching intervals (`[8:00, 9:00)` and
 * `[9:00, 10:00)`) do not conflict.
 *
 * @example
 * ```ts
 * const tree = new IntervalTree<string>();
 * tree.insert(0, 60, "a");                 // undefined: inserted
 * tree.insert(60, 90, "b");                // undefined: back to back is fine
 * tree.insert(30, 70, "c")?.value;         // "a": the first interval in the way
 * tree.earliestGap(10, 45);                // 90: the first 45 ms free at or after 10
 * ```
 * @category Interval tree
 */
export class IntervalTree<V> {
  private root: Node<V> | null = null;
  private count = 0;
  /** Scratch space of the gap search (reused: no allocation per query). */
  private readonly path: Node<V>[] = [];

  /** Number of intervals stored. */
  get size(): number {
    return this.count;
  }

  /**
   * Inserts `[start, end)` unless it overlaps a stored interval; returns the first stored interval in the way, or
   * `undefined` when inserted.
   *
   * @throws ChargekitError `INVALID_ARGUMENT` unless `start < end` are safe integers.
   */
  insert(start: Instant, end: Instant, value: V): IntervalEntry<V> | undefined {
    checkInterval(start, end);
    const conflict = this.findConflict(start, end);
    if (conflict !== undefined) return conflict;
    this.root = insertNode(this.root, newNode(start, end, value));
    this.count++;
    return undefined;
  }

  /**
   * Removes the interval starting at `start` (when `value` is given, only if it carries that value) and returns
   * it; `undefined` when there is none.
   */
  remove(start: Instant, value?: V): IntervalEntry<V> | undefined {
    const found = this.floor(start);
    if (found === undefined || found.start !== start) return undefined;
    if (value !== undefined && !Object.is(found.value, value)) return undefined;
    this.root = removeNode(this.root, start);
    this.count--;
    return entryOf(found);
  }

  /** Removes every interval. */
  clear(): void {
    this.root = null;
    this.count = 0;
  }

  /** The first stored interval overlapping `[start, end)`, or `undefined`. An empty query overlaps nothing. */
  findConflict(start: Instant, end: Instant): IntervalEntry<V> | undefined {
    if (!(start < end)) return undefined;
    // Disjoint intervals sorted by start also have sorted ends, so only the last one starting before `end` can reach
    // past `start`; if it does not, nothing does. The first overlapping one is found from there.
    const candidate = this.lastStartingBefore(end);
    if (candidate === undefined || candidate.end <= start) return undefined;
    const first = this.floor(start);
    const hit = first !== undefined && first.end > start ? first : this.firstStartingAtOrAfter(start);
    return hit === undefined ? undefined : entryOf(hit);
  }

  /** The stored interval containing instant `t`, or `undefined`. */
  at(t: Instant): IntervalEntry<V> | undefined {
    const found = this.floor(t);
    return found !== undefined && found.end > t ? entryOf(found) : undefined;
  }

  /** Every stored interval overlapping `[start, end)`, in order. O(log n + k). */
  overlapping(start: Instant, end: Instant): IntervalEntry<V>[] {
    const out: IntervalEntry<V>[] = [];
    if (!(start < end)) return out;
    this.visitFrom(start, (node) => {
      if (node.start >= end) return false;
      if (node.end > start) out.push(entryOf(node));
      return true;
    });
    return out;
  }

  /**
   * The earliest instant `s >= from` such that `[s, s + length)` overlaps no stored interval. O(log n).
   *
   * @throws ChargekitError `INVALID_ARGUMENT` unless `from` is a safe integer and `length` a positive one.
   */
  earliestGap(from: Instant, length: Duration): Instant {
    if (!Number.isSafeInteger(from)) throw invalid(`earliestGap: from must be an integer instant, got ${from}`);
    if (!Number.isSafeInteger(length) || length <= 0) {
      throw invalid(`earliestGap: length must be a positive integer, got ${length}`);
    }
    // One descent finds the interval at or before `from` and the first one after it: intervals are disjoint, so
    // the first start at or after `from` is also the first at or after the end of one containing `from`.
    let node = this.root;
    let before: Node<V> | undefined;
    let next: Node<V> | undefined;
    while (node !== null) {
      if (node.start <= from) {
        before = node;
        if (node.start === from) {
          next = node;
          break;
        }
        node = node.right;
      } else {
        next = node;
        node = node.left;
      }
    }
    const s0 = before !== undefined && before.end > from ? before.end : from;
    if (next !== undefined && next.start === from) next = s0 === from ? next : this.firstStartingAtOrAfter(s0);
    if (next === undefined || next.start - s0 >= length) return s0;
    return firstGapAfter(this.root as Node<V>, next.start, length, this.path);
  }

  /**
   * The free stretches of at least `minLength` inside `[from, to)`, clipped to it, in order. O(log n + k).
   */
  gaps(from: Instant, to: Instant, minLength: Duration = 1): Interval[] {
    const out: Interval[] = [];
    if (!(from < to)) return out;
    let cursor = from;
    const take = (end: Instant): void => {
      const stop = Math.min(end, to);
      if (stop - cursor >= minLength && stop > cursor) out.push({ start: cursor, end: stop });
    };
    this.visitFrom(from, (node) => {
      if (node.start >= to) return false;
      if (node.start > cursor) take(node.start);
      if (node.end > cursor) cursor = node.end;
      return cursor < to;
    });
    if (cursor < to) take(to);
    return out;
  }

  /** The interval with the largest start before `t` (the one a booking starting at `t` would follow). */
  before(t: Instant): IntervalEntry<V> | undefined {
    const hit = this.lastStartingBefore(t);
    return hit === undefined ? undefined : entryOf(hit);
  }

  /** The interval with the smallest start at or after `t`. */
  after(t: Instant): IntervalEntry<V> | undefined {
    const hit = this.firstStartingAtOrAfter(t);
    return hit === undefined ? undefined : entryOf(hit);
  }

  /** The intervals in order of start. */
  *entries(): IterableIterator<IntervalEntry<V>> {
    const stack: Node<V>[] = [];
    let node = this.root;
    while (node !== null || stack.length > 0) {
      while (node !== null) {
        stack.push(node);
        node = node.left;
      }
      const top = stack.pop() as Node<V>;
      yield entryOf(top);
      node = top.right;
    }
  }

  /** Height of the tree (0 when empty); at most about 1.44·log2(n + 2) for an AVL tree. */
  height(): number {
    return this.root?.height ?? 0;
  }

  /** The interval with the largest start `<= t`. */
  private floor(t: Instant): Node<V> | undefined {
    let node = this.root;
    let best: Node<V> | undefined;
    while (node !== null) {
      if (node.start <= t) {
        best = node;
        node = node.right;
      } else node = node.left;
    }
    return best;
  }

  /** The interval with the largest start `< t`. */
  private lastStartingBefore(t: Instant): Node<V> | undefined {
    let node = this.root;
    let best: Node<V> | undefined;
    while (node !== null) {
      if (node.start < t) {
        best = node;
        node = node.right;
      } else node = node.left;
    }
    return best;
  }

  /** The interval with the smallest start `>= t`. */
  private firstStartingAtOrAfter(t: Instant): Node<V> | undefined {
    let node = this.root;
    let best: Node<V> | undefined;
    while (node !== null) {
      if (node.start >= t) {
        best = node;
        node = node.left;
      } else node = node.right;
    }
    return best;
  }

  /** In-order visit starting from the interval containing or following `t`, until `visit` returns false. */
  private visitFrom(t: Instant, visit: (node: Node<V>) => boolean): void {
    const stack: Node<V>[] = [];
    let node = this.root;
    // Build the in-order stack for the first node whose end is after t (ends are sorted like starts).
    while (node !== null) {
      if (node.end > t) {
        stack.push(node);
        node = node.left;
      } else node = node.right;
    }
    while (stack.length > 0) {
      const top = stack.pop() as Node<V>;
      if (!visit(top)) return;
      let next = top.right;
      while (next !== null) {
        stack.push(next);
        next = next.left;
      }
    }
  }
}

function invalid(message: string): ChargekitError {
  return new ChargekitError("INVALID_ARGUMENT", message);
}

function checkInterval(start: Instant, end: Instant): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || !(start < end)) {
    throw invalid(`interval tree: [${start}, ${end}) must have integer ends with start < end`);
  }
}

function newNode<V>(start: Instant, end: Instant, value: V): Node<V> {
  return { start, end, value, entry: undefined, left: null, right: null, height: 1, lo: start, hi: end, gap: -1 };
}

function entryOf<V>(node: Node<V>): IntervalEntry<V> {
  if (node.entry === undefined) node.entry = Object.freeze({ start: node.start, end: node.end, value: node.value });
  return node.entry;
}

function height<V>(node: Node<V> | null): number {
  return node === null ? 0 : node.height;
}

/** Recomputes a node's height and aggregates from its children. */
function update<V>(node: Node<V>): void {
  const { left, right } = node;
  let gap = -1;
  if (left !== null) {
    gap = Math.max(left.gap, node.start - left.hi);
    node.lo = left.lo;
  } else node.lo = node.start;
  if (right !== null) {
    gap = Math.max(gap, right.gap, right.lo - node.end);
    node.hi = right.hi;
  } else node.hi = node.end;
  node.gap = gap;
  const hl = left === null ? 0 : left.height;
  const hr = right === null ? 0 : right.height;
  node.height = (hl > hr ? hl : hr) + 1;
}

function rotateRight<V>(node: Node<V>): Node<V> {
  const pivot = node.left as Node<V>;
  node.left = pivot.right;
  pivot.right = node;
  update(node);
  update(pivot);
  return pivot;
}

function rotateLeft<V>(node: Node<V>): Node<V> {
  const pivot = node.right as Node<V>;
  node.right = pivot.left;
  pivot.left = node;
  update(node);
  update(pivot);
  return pivot;
}

function balance<V>(node: Node<V>): Node<V> {
  update(node);
  const diff = height(node.left) - height(node.right);
  if (diff > 1) {
    const left = node.left as Node<V>;
    if (height(left.left) < height(left.right)) node.left = rotateLeft(left);
    return rotateRight(node);
  }
  if (diff < -1) {
    const right = node.right as Node<V>;
    if (height(right.right) < height(right.left)) node.right = rotateRight(right);
    return rotateLeft(node);
  }
  return node;
}

function insertNode<V>(root: Node<V> | null, fresh: Node<V>): Node<V> {
  if (root === null) return fresh;
  if (fresh.start < root.start) root.left = insertNode(root.left, fresh);
  else root.right = insertNode(root.right, fresh);
  return balance(root);
}

/** Detaches the leftmost node of a subtree; returns the rest and that node. */
function detachMin<V>(root: Node<V>): { rest: Node<V> | null; min: Node<V> } {
  if (root.left === null) return { rest: root.right, min: root };
  const { rest, min } = detachMin(root.left);
  root.left = rest;
  return { rest: balance(root), min };
}

function removeNode<V>(root: Node<V> | null, start: Instant): Node<V> | null {
  if (root === null) return null;
  if (start < root.start) {
    root.left = removeNode(root.left, start);
    return balance(root);
  }
  if (start > root.start) {
    root.right = removeNode(root.right, start);
    return balance(root);
  }
  if (root.left === null) return root.right;
  if (root.right === null) return root.left;
  // Relink the successor in place of the removed node (entries handed out stay intact).
  const { rest, min } = detachMin(root.right);
  min.left = root.left;
  min.right = rest;
  return balance(min);
}

/**
 * The start of the first gap of at least `length` that follows an interval starting at or after `k` (which exists),
 * or the end of the last interval when none does. The intervals starting at or after `k` are, in order, the nodes on
 * the search path for `k` where the path turns left (deepest first), each followed by its right subtree; each
 * subtree is skipped in O(1) unless its `gap` aggregate shows a gap long enough inside. O(height), no allocation.
 */
function firstGapAfter<V>(root: Node<V>, k: Instant, length: Duration, path: Node<V>[]): Instant {
  path.length = 0;
  let node: Node<V> | null = root;
  while (node !== null) {
    if (node.start >= k) {
      path.push(node);
      node = node.left;
    } else node = node.right;
  }
  let prevEnd = Number.NaN;
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i] as Node<V>;
    if (n.start - prevEnd >= length) return prevEnd;
    const found = firstGapIn(n.right, n.end, length);
    if (!Number.isNaN(found)) return found;
    prevEnd = n.right === null ? n.end : n.right.hi;
  }
  return root.hi;
}

/**
 * The first gap of at least `length` inside a subtree, counting the gap between `prevEnd` and its first interval;
 * `NaN` when there is none. O(height) thanks to the `lo` and `gap` aggregates.
 */
function firstGapIn<V>(node: Node<V> | null, prevEnd: Instant, length: Duration): Instant {
  let current = node;
  let before = prevEnd;
  while (current !== null) {
    if (current.lo - before < length && current.gap < length) return Number.NaN;
    const left = current.left;
    if (left !== null && (left.lo - before >= length || left.gap >= length)) {
      current = left;
      continue;
    }
    const leftEnd = left === null ? before : left.hi;
    if (current.start - leftEnd >= length) return leftEnd;
    before = current.end;
    current = current.right;
  }
  return Number.NaN;
}

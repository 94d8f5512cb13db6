import { MinHeap } from "./min-heap.js";
import { createPairs, growPairs, type Pairs, sortPairs } from "./radix-sort.js";
import type { Workspace } from "./workspace.js";

/**
 * A min-queue of integer ids keyed by a float, ties broken by the smaller id — the same pop order as
 * {@link MinHeap} — for the solver's passes, where most entries are known before the first pop and few come later.
 * Entries appended before {@link EventQueue.seal} are sorted once ({@link sortPairs}, linear); entries pushed
 * afterwards go to a small heap, and each pop takes the smaller of the two heads.
 * Keys must be ≥ 0 for the sorted part; any other key makes the queue fall back to the heap for everything.
 */
export class EventQueue {
  private readonly pairs: Pairs = createPairs(64);
  private count = 0;
  private head = 0;
  private general = false;
  private readonly later = new MinHeap(64);
  /** Key of the entry the last {@link pop} removed. */
  poppedKey = 0;

  /** Removes every entry (keeps the memory). */
  clear(): void {
    this.count = 0;
    this.head = 0;
    this.general = false;
    this.later.clear();
  }

  /** Makes room for `capacity` entries appended before the next seal (saves growing step by step). */
  reserve(capacity: number): void {
    growPairs(this.pairs, capacity, this.head === this.count ? 0 : this.count);
  }

  /** Number of entries. */
  get size(): number {
    return this.count - this.head + this.later.size;
  }

  /** Adds an entry before {@link seal} (when the queue is new, cleared or emptied by pops). */
  append(key: number, id: number): void {
    if (this.head !== 0) {
      // a new batch after the last one was popped
      this.head = 0;
      this.count = 0;
      this.general = false;
    }
    const pairs = this.pairs;
    if (this.count === pairs.keys.length) growPairs(pairs, this.count + 1, this.count);
    if (!(key >= 0) || (key === 0 && 1 / key < 0)) this.general = true;
    pairs.keys[this.count] = key;
    pairs.ids[this.count++] = id;
  }

  /** Orders what was appended; pops may follow. */
  seal(): void {
    if (this.head === this.count) this.count = 0;
    this.head = 0;
    if (this.general) {
      const { keys, ids } = this.pairs;
      for (let k = 0; k < this.count; k++) this.later.append(keys[k] as number, ids[k] as number);
      this.later.heapify();
      this.count = 0;
      return;
    }
    sortPairs(this.pairs, this.count);
  }

  /** Adds an entry after {@link seal}. */
  push(key: number, id: number): void {
    this.later.push(key, id);
  }

  /** Key of the top entry (Infinity when empty). */
  topKey(): number {
    const later = this.later.topKey();
    if (this.head === this.count) return later;
    const key = this.pairs.keys[this.head] as number;
    return key < later ? key : later;
  }

  /** Removes the top entry and returns its id (−1 when empty); its key is left in {@link poppedKey}. */
  pop(): number {
    const at = this.head;
    const other = this.later.topKey();
    if (at < this.count) {
      const key = this.pairs.keys[at] as number;
      const id = this.pairs.ids[at] as number;
      if (key < other || this.later.size === 0 || (key === other && id < this.later.topId())) {
        this.head = at + 1;
        this.poppedKey = key;
        return id;
      }
    }
    this.poppedKey = other;
    return this.later.pop();
  }
}

/** The workspace's queue named `name`, emptied (one per use, kept between rounds). */
export function queueOf(workspace: Workspace, name: string): EventQueue {
  let queue = workspace.memo.get(name) as EventQueue | undefined;
  if (queue === undefined) {
    queue = new EventQueue();
    workspace.memo.set(name, queue);
  } else queue.clear();
  return queue;
}

/** FNV-1a over the UTF-16 code units of `s`: a 32-bit fingerprint. */
function fingerprint(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Longest id kept in place as bytes (the longest valid OCPP message id). */
const COMPACT_LENGTH = 36;
/** The most bytes a slot takes: the length, then up to {@link COMPACT_LENGTH} one-byte characters. */
const MAX_STRIDE = COMPACT_LENGTH + 1;
/** The first slot size: room for ids of up to 11 characters (counters like `"1234-56"`). */
const FIRST_STRIDE = 12;
/** The length byte of a slot whose id is kept as a string (longer, or with characters above U+00FF). */
const WIDE = 0xff;

/**
 * A bounded set of recently seen message ids (oldest forgotten first), exact, in two typed arrays: a ring of
 * slots holding the ids, and one table holding an open-addressing index from fingerprint to slot (linear probing,
 * at most half full) followed by the 32-bit fingerprint of each slot. A lookup reads one or two index entries and
 * compares the id itself only where a fingerprint matches: a few cache lines per message whatever the capacity,
 * where a scan of the fingerprints would read all of them and a `Set` would chase its hash table and the strings.
 *
 * The ids themselves are copied as bytes into the ring (an id of at most 36 Latin-1 characters — every id a
 * station sends in practice — in a slot as long as the longest id seen so far needs, 12 to 37 bytes: a station
 * counting its messages takes a third of what one sending UUIDs takes) rather than kept as strings: a remembered string outlives
 * several young-generation collections, so each message would leave one more object for the old generation's
 * collector to find dead later. Other ids are kept as strings. The arrays grow with use, so an idle connection
 * costs nothing here.
 */
export class MessageIdMemory {
  /**
   * The index — `entries` entries (a power of two at least twice the slots), each slot + 1 or 0 when empty — then
   * the fingerprint of each slot, at `entries + slot`.
   */
  private table: Int32Array | undefined;
  private entries = 0;
  private chars: Uint8Array | undefined;
  /** Bytes per slot in `chars`. */
  private stride = FIRST_STRIDE;
  private wide: (string | undefined)[] | undefined;
  private readonly capacity: number;
  private size = 0;
  private next = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
  }

  has(id: string): boolean {
    return this.find(id, fingerprint(id)) >= 0;
  }

  add(id: string): void {
    this.remember(id);
  }

  /** Adds `id` unless it is remembered already; true when it was new. */
  remember(id: string): boolean {
    if (this.capacity === 0) return true;
    const print = fingerprint(id);
    if (this.find(id, print) >= 0) return false;
    let slot: number;
    if (this.size < this.capacity) {
      slot = this.size;
      this.room(slot + 1);
      this.size++;
    } else {
      slot = this.next;
      this.next = (this.next + 1) % this.capacity;
      this.unindex(slot);
    }
    this.store(slot, id, print);
    return true;
  }

  /** The index entry holding `id`, or −1. */
  private find(id: string, print: number): number {
    const table = this.table;
    if (table === undefined) return -1;
    const entries = this.entries;
    const mask = entries - 1;
    for (let e = print & mask; ; e = (e + 1) & mask) {
      const held = table[e] ?? 0;
      if (held === 0) return -1;
      if (table[entries + held - 1] === print && this.holds(held - 1, id)) return e;
    }
  }

  /** Whether slot `slot` holds `id`. */
  private holds(slot: number, id: string): boolean {
    const chars = this.chars as Uint8Array;
    const base = slot * this.stride;
    const length = chars[base];
    if (length === WIDE) return this.wide?.[slot] === id;
    if (length !== id.length) return false;
    for (let j = 0; j < length; j++) if (chars[base + 1 + j] !== id.charCodeAt(j)) return false;
    return true;
  }

  private store(slot: number, id: string, print: number): void {
    (this.table as Int32Array)[this.entries + slot] = print;
    const n = id.length;
    if (n < MAX_STRIDE && n >= this.stride) this.widen(n + 1);
    const chars = this.chars as Uint8Array;
    const base = slot * this.stride;
    let compact = n <= COMPACT_LENGTH;
    for (let j = 0; compact && j < n; j++) {
      const c = id.charCodeAt(j);
      if (c > 0xff) compact = false;
      else chars[base + 1 + j] = c;
    }
    if (compact) {
      chars[base] = n;
      if (this.wide !== undefined) this.wide[slot] = undefined;
    } else {
      chars[base] = WIDE;
      this.wide ??= [];
      this.wide[slot] = id;
    }
    this.insert(slot, print);
  }

  private insert(slot: number, print: number): void {
    const table = this.table as Int32Array;
    const mask = this.entries - 1;
    let e = print & mask;
    while (table[e] !== 0) e = (e + 1) & mask;
    table[e] = slot + 1;
  }

  /** Removes the index entry of slot `slot` (about to be reused), shifting back the entries probed past it. */
  private unindex(slot: number): void {
    const table = this.table as Int32Array;
    const entries = this.entries;
    const mask = entries - 1;
    let hole = (table[entries + slot] ?? 0) & mask;
    while (table[hole] !== slot + 1) hole = (hole + 1) & mask;
    for (let e = (hole + 1) & mask; ; e = (e + 1) & mask) {
      const held = table[e] ?? 0;
      if (held === 0) break;
      // an entry may fill the hole when its home position is not cyclically within (hole, e]
      const home = (table[entries + held - 1] ?? 0) & mask;
      const stays = hole < e ? home > hole && home <= e : home > hole || home <= e;
      if (!stays) {
        table[hole] = held;
        hole = e;
      }
    }
    table[hole] = 0;
  }

  /** Makes the slots at least `bytes` long (growing by half at least, at most {@link MAX_STRIDE}), moving each id. */
  private widen(bytes: number): void {
    const stride = Math.min(MAX_STRIDE, Math.max(bytes, this.stride + (this.stride >> 1)));
    const old = this.chars as Uint8Array;
    const slots = old.length / this.stride;
    const chars = new Uint8Array(slots * stride);
    for (let s = 0; s < this.size; s++) {
      const length = old[s * this.stride] ?? 0;
      const used = length === WIDE ? 1 : length + 1;
      chars.set(old.subarray(s * this.stride, s * this.stride + used), s * stride);
    }
    this.chars = chars;
    this.stride = stride;
  }

  /** Grows the arrays (doubling, at least 16 slots, at most the capacity) to hold `slots` slots; rebuilds the index. */
  private room(slots: number): void {
    const table = this.table;
    const held = table === undefined ? 0 : table.length - this.entries;
    if (held >= slots) return;
    const length = Math.min(this.capacity, Math.max(16, held * 2, slots));
    let entries = 2;
    while (entries < 2 * length) entries *= 2;
    const grown = new Int32Array(entries + length);
    const chars = new Uint8Array(length * this.stride);
    if (table !== undefined) grown.set(table.subarray(this.entries, this.entries + this.size), entries);
    if (this.chars !== undefined) chars.set(this.chars);
    this.table = grown;
    this.entries = entries;
    this.chars = chars;
    for (let s = 0; s < this.size; s++) this.insert(s, grown[entries + s] ?? 0);
  }
}

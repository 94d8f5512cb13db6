/** FNV-1a over the UTF-16 code units of `s`: a 32-bit fingerprint. */
function fingerprint(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Longest id kept in place as bytes (the longest valid OCPP message id). */
const COMPACT_LENGTH = 36;
/** Bytes per slot: the length, then up to {@link COMPACT_LENGTH} one-byte characters. */
const STRIDE = COMPACT_LENGTH + 1;
/** The length byte of a slot whose id is kept as a string (longer, or with characters above U+00FF). */
const WIDE = 0xff;

/**
 * A bounded set of recently seen message ids (oldest forgotten first), exact, in three typed arrays: a ring of
 * slots holding the ids, their 32-bit fingerprints, and an open-addressing index from fingerprint to slot (linear
 * probing, at most half full). A lookup reads one or two index entries and compares the id itself only where a
 * fingerprint matches: a few cache lines per message whatever the capacity, where a scan of the ring would read
 * all of them and a `Set` would chase its hash table and the strings.
 *
 * The ids themselves are copied as bytes into the ring (an id of at most 36 Latin-1 characters — every id a
 * station sends in practice — in a 37-byte slot) rather than kept as strings: a remembered string outlives
 * several young-generation collections, so each message would leave one more object for the old generation's
 * collector to find dead later. Other ids are kept as strings. The arrays grow with use, so an idle connection
 * costs nothing here.
 */
export class MessageIdMemory {
  private prints: Int32Array | undefined;
  private chars: Uint8Array | undefined;
  private wide: (string | undefined)[] | undefined;
  /** Slot + 1 per entry, 0 for an empty entry; a power of two at least twice the slots. */
  private index: Uint8Array | Uint16Array | Uint32Array | undefined;
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
    const index = this.index;
    if (index === undefined) return -1;
    const prints = this.prints as Int32Array;
    const mask = index.length - 1;
    for (let e = print & mask; ; e = (e + 1) & mask) {
      const held = index[e] ?? 0;
      if (held === 0) return -1;
      if (prints[held - 1] === print && this.holds(held - 1, id)) return e;
    }
  }

  /** Whether slot `slot` holds `id`. */
  private holds(slot: number, id: string): boolean {
    const chars = this.chars as Uint8Array;
    const base = slot * STRIDE;
    const length = chars[base];
    if (length === WIDE) return this.wide?.[slot] === id;
    if (length !== id.length) return false;
    for (let j = 0; j < length; j++) if (chars[base + 1 + j] !== id.charCodeAt(j)) return false;
    return true;
  }

  private store(slot: number, id: string, print: number): void {
    (this.prints as Int32Array)[slot] = print;
    const chars = this.chars as Uint8Array;
    const base = slot * STRIDE;
    const n = id.length;
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
    const index = this.index as Uint8Array | Uint16Array | Uint32Array;
    const mask = index.length - 1;
    let e = print & mask;
    while (index[e] !== 0) e = (e + 1) & mask;
    index[e] = slot + 1;
  }

  /** Removes the index entry of slot `slot` (about to be reused), shifting back the entries probed past it. */
  private unindex(slot: number): void {
    const index = this.index as Uint8Array | Uint16Array | Uint32Array;
    const prints = this.prints as Int32Array;
    const mask = index.length - 1;
    let hole = prints[slot] ?? 0;
    hole &= mask;
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    for (let e = (hole + 1) & mask; ; e = (e + 1) & mask) {
      const held = index[e] ?? 0;
      if (held === 0) break;
      // an entry may fill the hole when its home position is not cyclically within (hole, e]
      const home = (prints[held - 1] ?? 0) & mask;
      const stays = hole < e ? home > hole && home <= e : home > hole || home <= e;
      if (!stays) {
        index[hole] = held;
        hole = e;
      }
    }
    index[hole] = 0;
  }

  /** Grows the arrays (doubling, at least 16 slots, at most the capacity) to hold `slots` slots; rebuilds the index. */
  private room(slots: number): void {
    const current = this.prints;
    if (current !== undefined && current.length >= slots) return;
    const length = Math.min(this.capacity, Math.max(16, (current?.length ?? 0) * 2, slots));
    const prints = new Int32Array(length);
    const chars = new Uint8Array(length * STRIDE);
    if (current !== undefined) prints.set(current);
    if (this.chars !== undefined) chars.set(this.chars);
    this.prints = prints;
    this.chars = chars;
    let entries = 2;
    while (entries < 2 * length) entries *= 2;
    this.index =
      length < 0xff ? new Uint8Array(entries) : length < 0xffff ? new Uint16Array(entries) : new Uint32Array(entries);
    for (let s = 0; s < this.size; s++) this.insert(s, prints[s] ?? 0);
  }
}

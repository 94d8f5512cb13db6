/** FNV-1a over the UTF-16 code units of `s`: a 32-bit fingerprint. */
function fingerprint(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * A bounded set of recently seen message ids (oldest forgotten first): a ring of the ids with a parallel array of
 * 32-bit fingerprints. A lookup scans the fingerprints, contiguous in memory, and compares the id itself only where
 * a fingerprint matches, so the answer is exact. With a connection's few hundred ids at most this beats a `Set`
 * (whose table is a cache miss away on a server with thousands of connections) and takes a third of its memory.
 * Both arrays grow with use, so an idle connection costs nothing here.
 */
export class MessageIdMemory {
  private readonly ring: string[] = [];
  private prints: Int32Array | undefined;
  private readonly capacity: number;
  private next = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
  }

  has(id: string): boolean {
    return this.indexOf(id, fingerprint(id)) >= 0;
  }

  add(id: string): void {
    this.remember(id);
  }

  /** Adds `id` unless it is remembered already; true when it was new. */
  remember(id: string): boolean {
    if (this.capacity === 0) return true;
    const print = fingerprint(id);
    if (this.indexOf(id, print) >= 0) return false;
    const ring = this.ring;
    if (ring.length < this.capacity) {
      this.room()[ring.length] = print;
      ring.push(id);
    } else {
      this.room()[this.next] = print;
      ring[this.next] = id;
      this.next = (this.next + 1) % this.capacity;
    }
    return true;
  }

  private indexOf(id: string, print: number): number {
    const prints = this.prints;
    if (prints === undefined) return -1;
    const n = this.ring.length;
    for (let i = 0; i < n; i++) if (prints[i] === print && this.ring[i] === id) return i;
    return -1;
  }

  /** The fingerprint array, grown (doubling, up to the capacity) when the ring is about to outgrow it. */
  private room(): Int32Array {
    const current = this.prints;
    if (current !== undefined && current.length > this.ring.length) return current;
    if (current !== undefined && this.ring.length >= this.capacity) return current;
    const prints = new Int32Array(Math.min(this.capacity, Math.max(16, (current?.length ?? 0) * 2)));
    if (current !== undefined) prints.set(current);
    this.prints = prints;
    return prints;
  }
}

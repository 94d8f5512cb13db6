/**
 * Advisory-lock namespaces (the first key of `pg_advisory_xact_lock(int4, int4)`), "ck" + a number, so chargekit's
 * locks never meet an application's single-key locks.
 *
 * @internal
 */
export const LOCK_SPACE = {
  /** Serialises migrations of every schema in the database. */
  migrations: 0x636b_0001,
  /** Serialises reservation writers per site. */
  site: 0x636b_0002,
  /** Serialises reservation writers per driver (the live-reservation limit). */
  driver: 0x636b_0003,
  /** Serialises the messages of one OCPP transaction (also before its row exists). */
  transaction: 0x636b_0004,
} as const;

/**
 * A 32-bit FNV-1a hash of `text` as a signed int4: the second key of an advisory lock. Collisions only make two
 * keys share a lock (more waiting, never less safety).
 *
 * @internal
 */
export function lockKey(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** One advisory lock: namespace and key. @internal */
export type LockId = readonly [space: number, key: number];

/**
 * The distinct locks in the one global order every writer takes them in (so two writers never wait on each other
 * in a cycle), as the two int4 arrays `pg_advisory_xact_lock` is called with.
 *
 * @internal
 */
export function lockOrder(locks: readonly LockId[]): [number[], number[]] {
  const unique = new Map<string, LockId>();
  for (const lock of locks) unique.set(`${lock[0]}:${lock[1]}`, lock);
  const sorted = [...unique.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return [sorted.map((l) => l[0]), sorted.map((l) => l[1])];
}

/**
 * SQL that takes the transaction-scoped advisory locks given as `$1::int4[]` and `$2::int4[]`, one after the other
 * in array order.
 *
 * @internal
 */
export const TAKE_LOCKS = "SELECT count(pg_advisory_xact_lock(s, k)) FROM unnest($1::int4[], $2::int4[]) AS l(s, k)";

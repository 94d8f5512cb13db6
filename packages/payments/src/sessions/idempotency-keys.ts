/**
 * Idempotency keys, derived from the session and the operation, stored with the intent and reused on every retry
 * and after a crash, so the provider performs each operation once:
 *
 * - `<session>:auth` — the hold
 * - `<session>:increment:<n>` — the n-th hold increase
 * - `<session>:capture` — the capture; after a definitive failure, `<session>:capture:<attempt>` for attempt 2, 3 …
 *   (a provider replays the first answer of a key, so a new attempt needs a new key; no money moved on a failure)
 * - `<session>:void` — releasing the hold
 * - `<session>:refund:<n>` — the n-th refund
 *
 * @category Payments
 */
export const idempotencyKey = {
  /** Key of the authorisation. */
  authorize: (sessionId: string): string => `${sessionId}:auth`,
  /** Key of the n-th increment. */
  increment: (sessionId: string, n: number): string => `${sessionId}:increment:${n}`,
  /** Key of capture attempt `attempt` (1-based). */
  capture: (sessionId: string, attempt = 1): string =>
    attempt <= 1 ? `${sessionId}:capture` : `${sessionId}:capture:${attempt}`,
  /** Key of the void. */
  void: (sessionId: string): string => `${sessionId}:void`,
  /** Key of the n-th refund. */
  refund: (sessionId: string, n: number): string => `${sessionId}:refund:${n}`,
} as const;

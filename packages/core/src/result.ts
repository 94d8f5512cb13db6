/**
 * The success branch of a {@link Result}.
 *
 * @category Results
 */
export interface Ok<T> {
  /** Discriminant: `true` on success. */
  readonly ok: true;
  /** The successful outcome. */
  readonly value: T;
}

/**
 * The failure branch of a {@link Result}.
 *
 * @category Results
 */
export interface Err<E> {
  /** Discriminant: `false` on failure. */
  readonly ok: false;
  /** Why it failed. */
  readonly error: E;
}

/**
 * An expected outcome that may fail (a slot taken, a card declined), returned instead of thrown.
 * Narrow it with `if (result.ok)`.
 *
 * @example
 * ```ts
 * const r = StationId.parse("CP-001");
 * if (!r.ok) console.error(r.error.message);
 * ```
 * @category Results
 */
export type Result<T, E> = Ok<T> | Err<E>;

/**
 * Wraps a success value.
 *
 * @category Results
 */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/**
 * Wraps a failure.
 *
 * @category Results
 */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}

/**
 * Maps the success value, leaving a failure as it is.
 *
 * @category Results
 */
export function mapResult<T, U, E>(result: Result<T, E>, fn: (value: T) => U): Result<U, E> {
  return result.ok ? ok(fn(result.value)) : result;
}

/**
 * Chains another fallible step after a success.
 *
 * @category Results
 */
export function andThen<T, U, E, F>(result: Result<T, E>, fn: (value: T) => Result<U, F>): Result<U, E | F> {
  return result.ok ? fn(result.value) : result;
}

/**
 * Returns the success value, or throws the failure (wrapped in an `Error` when it is not one). Use it where a
 * failure is a programmer error.
 *
 * @category Results
 */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  if (result.error instanceof Error) throw result.error;
  throw new Error(`unwrap() on a failed result: ${JSON.stringify(result.error)}`);
}

/**
 * Returns the success value, or `fallback` on failure.
 *
 * @category Results
 */
export function unwrapOr<T, E>(result: Result<T, E>, fallback: T): T {
  return result.ok ? result.value : fallback;
}

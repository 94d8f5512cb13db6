/**
 * The properties of a correct allocation (research note on load management, §8):
 * 1 bounds, 2 quantization, 3 capacity, 4 fail-safe V2G, 5 non-wastefulness (and greedy admission, and
 * `limitedBy` naming a real cause), 6 weighted max-min fairness up to one step, 7 strict priority,
 * 8 determinism and order independence, 9 tightening, 10 schedule round trip.
 *
 * @category Verifier
 */
export type PropertyNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/**
 * One broken property, with what it concerns.
 *
 * @category Verifier
 */
export interface Violation {
  /** The property broken. */
  readonly property: PropertyNumber;
  /** What is wrong, with the numbers. */
  readonly message: string;
  /** The connector concerned, if one. */
  readonly connector?: string;
  /** The session concerned, if one. */
  readonly session?: string;
  /** The node concerned, if one. */
  readonly node?: string;
  /** Start of the plan slot concerned (plans only). */
  readonly slot?: number;
}

/**
 * The verdict of {@link verifyAllocation} or {@link verifyPlan}.
 *
 * @category Verifier
 */
export interface VerificationReport {
  /** True when no property is broken. */
  readonly ok: boolean;
  /** Every violation found (capped at 1,000). */
  readonly violations: readonly Violation[];
  /** The properties that were checked (8 and 9 need a solver, see {@link VerifyOptions}). */
  readonly checked: readonly PropertyNumber[];
}

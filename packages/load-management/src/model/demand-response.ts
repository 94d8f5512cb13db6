import type { Instant } from "@chargekit/core";

/**
 * An OpenADR `SIMPLE` signal level: 0 normal, 1 moderate, 2 high, 3 special (emergency).
 *
 * @category Demand response
 */
export type SimpleLevel = 0 | 1 | 2 | 3;

/**
 * What a demand-response signal does to a node.
 * - `capKw`: an absolute ceiling on the node's import (or export) power, in kW.
 * - `reduction`: cut the node's import power limit by a fraction (0.3 = 30 % less than the limit in force before
 *   demand response; the node needs a power or current limit to be cut).
 * - `minimumOnly`: every session below the node stays at its minimum current.
 *
 * @category Demand response
 */
export type DemandResponseAction =
  | {
      /** The cap in kW on the node's import (or export) power. */
      readonly capKw: number;
    }
  | {
      /** The fraction (0–1) by which the node's import limit is cut. */
      readonly reduction: number;
    }
  | {
      /** Every session below the node stays at its minimum. */
      readonly minimumOnly: true;
    };

/**
 * The table that turns an OpenADR `SIMPLE` level into an action. The default is 0 → no change, 1 → 30 % below
 * the limit, 2 → 60 % below, 3 → minimum current only.
 *
 * @category Demand response
 */
export type SimpleLevelTable = Readonly<Record<SimpleLevel, DemandResponseAction>>;

/**
 * The default {@link SimpleLevelTable}.
 *
 * @category Demand response
 */
export const DEFAULT_SIMPLE_LEVELS: SimpleLevelTable = {
  0: { reduction: 0 },
  1: { reduction: 0.3 },
  2: { reduction: 0.6 },
  3: { minimumOnly: true },
};

/**
 * The signal of a demand-response event: an absolute cap, a relative reduction, or an OpenADR `SIMPLE` level that
 * the problem's level table maps to one of those.
 *
 * @category Demand response
 */
export type DemandResponseSignal =
  | DemandResponseAction
  | {
      /** An OpenADR `SIMPLE` level, mapped through the problem's level table. */
      readonly level: SimpleLevel;
    };

/**
 * A demand-response event (OpenADR `IMPORT_CAPACITY_LIMIT`, `EXPORT_CAPACITY_LIMIT`, `SIMPLE`, a DSO dimming
 * order): a signal applied to a node during `[start, end)`.
 *
 * @example
 * ```ts
 * const event: DemandResponseEvent = {
 *   id: "dso-2026-11-21",
 *   node: "grid",
 *   start: Date.UTC(2026, 10, 21, 17),
 *   end: Date.UTC(2026, 10, 21, 19),
 *   signal: { capKw: 40 },
 * };
 * ```
 * @category Demand response
 */
export interface DemandResponseEvent {
  /** Integrator-chosen id, unique among events (named in `limitedBy` and the shed report). */
  readonly id: string;
  /** The node whose subtree the event caps. */
  readonly node: string;
  /** First instant of the event. */
  readonly start: Instant;
  /** First instant after the event. */
  readonly end: Instant;
  /** What the event asks for. */
  readonly signal: DemandResponseSignal;
  /** `"import"` (default) caps drawn power; `"export"` caps fed-back power (only `capKw` applies to export). */
  readonly direction?: "import" | "export";
}

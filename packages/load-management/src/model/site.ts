import type { Amperes, Instant, Phase, PhaseCount, PhaseRotation, Volts, Watts } from "@chargekit/core";

/**
 * A value for each AC phase: one number for all three phases, or a value per phase (a phase left out is
 * unlimited / zero, as the field says).
 *
 * @example
 * ```ts
 * const limit: PhaseValues = 32; // 32 A on L1, L2 and L3
 * const uneven: PhaseValues = { L1: 25, L2: 32, L3: 32 };
 * ```
 * @category Model
 */
export type PhaseValues = number | Readonly<Partial<Record<Phase, number>>>;

/**
 * The electrical limits of one node of the site tree. Every field is optional; a node without limits only groups
 * its children. Import is drawn from the grid, export fed back into it (V2G).
 *
 * @category Model
 */
export interface NodeLimits {
  /** Most current per phase that may flow into the subtree, in A. */
  readonly importCurrent?: PhaseValues;
  /** Most current per phase that the subtree may feed back, in A (V2G). */
  readonly exportCurrent?: PhaseValues;
  /** Most total power the subtree may draw, in W (all phases together). */
  readonly importPower?: Watts;
  /** Most total power the subtree may feed back, in W (V2G). */
  readonly exportPower?: Watts;
}

/**
 * A change of a node's limits or base load from an instant on: the piecewise-constant part of the model. The
 * fields it sets replace the node's until a later change sets them again.
 *
 * @category Model
 */
export interface NodeChange {
  /** From when the change applies (inclusive). */
  readonly from: Instant;
  /** New limits (replacing the node's `limits` as a whole). */
  readonly limits?: NodeLimits;
  /** New base load in A per phase (replacing the node's `baseLoad`). */
  readonly baseLoad?: PhaseValues;
}

/**
 * How a node's per-phase current limits are read:
 * - `"arithmetic"` (default): each phase current is the sum of the magnitudes of what loads that phase — exact for
 *   loads wired line-to-neutral on one phase, and a safe over-count (the triangle inequality) for line-to-line loads;
 * - `"phasor"`: the limit holds the magnitude of the phasor sum. Loads are taken at unity power factor on a
 *   positive-sequence supply (L1 at 0°, L2 at −120°, L3 at +120°): a line-to-neutral load on Lx at Lx's angle, a
 *   line-to-line load between Lx and Ly at the angle of `Vx − Vy` on Lx and opposite on Ly, the base load
 *   line-to-neutral. A balanced line-to-line load then counts √3 × its current per line, not 2 ×.
 *
 * The solver keeps a phasor limit with free disposal (lowering any setpoint never breaks it: it never counts on one
 * load cancelling another) through linear rows on 24 directions, and uses at least {@link PHASOR_LIMIT_USE} of it.
 *
 * @category Model
 */
export type CurrentModel = "arithmetic" | "phasor";

/**
 * The share of a phasor limit the solver is sure to use: it holds a session back on a phasor limit (of a
 * `currentModel: "phasor"` node or a transformer primary) only when its next step would take that limit's load,
 * counted with free disposal (the largest magnitude any subset of the loads could reach), above this share of the
 * limit. The verifier checks non-wastefulness, fairness and `limitedBy` against it.
 *
 * @category Model
 */
export const PHASOR_LIMIT_USE = 0.99;

/**
 * A delta–wye (Dyn) transformer feeding a node: its primary line currents are a fixed linear map of the node's
 * secondary line-current phasors, and each is limited as a phasor magnitude. With turns ratio `n` (primary winding
 * voltage, line-to-line, ÷ secondary winding voltage, line-to-neutral: 480 V / 120 V = 4):
 * - `"Dyn11"` (secondary leading the primary by 30°; secondary winding a on the primary's A–B limb):
 *   `I_A = (I_a − I_c)/n`, `I_B = (I_b − I_a)/n`, `I_C = (I_c − I_b)/n` — the Caltech ACN's transformer;
 * - `"Dyn1"` (secondary lagging by 30°; winding a on the A–C limb): `I_A = (I_a − I_b)/n`, `I_B = (I_b − I_c)/n`,
 *   `I_C = (I_c − I_a)/n`.
 *
 * Neither may have a V2G connector below it.
 *
 * @example
 * ```ts
 * const transformer: DeltaWyeTransformer = { vectorGroup: "Dyn11", turnsRatio: 4, primaryCurrent: 180.5 };
 * ```
 * @category Model
 */
export interface DeltaWyeTransformer {
  /** The vector group: how the secondary windings sit on the primary delta. */
  readonly vectorGroup: "Dyn11" | "Dyn1";
  /** Primary winding voltage (line-to-line) ÷ secondary winding voltage (line-to-neutral), > 0. */
  readonly turnsRatio: number;
  /** Most primary line current per phase (phasor magnitude), in A (import). */
  readonly primaryCurrent: PhaseValues;
}

/**
 * One node of the site tree: the grid connection at the root, then transformers, feeders, panels and chargers.
 * Limits apply to everything below the node (its subtree), including the base load of descendant nodes.
 *
 * @example
 * ```ts
 * const site: SiteNode[] = [
 *   { id: "grid", limits: { importCurrent: 63 }, baseLoad: { L1: 10, L2: 4, L3: 4 } },
 *   { id: "garage", parent: "grid", limits: { importCurrent: 40, importPower: 22_000 } },
 * ];
 * ```
 * @category Model
 */
export interface SiteNode {
  /** Integrator-chosen id, unique among nodes. */
  readonly id: string;
  /** The parent node's id; omitted for the root (exactly one node has none). */
  readonly parent?: string;
  /** Phase-to-neutral voltage used to turn currents into power for `importPower` / `exportPower` (default 230 V). */
  readonly voltage?: Volts;
  /** Limits in force unless a {@link NodeChange} replaces them. */
  readonly limits?: NodeLimits;
  /** Non-EV load attached at this node (building, lighting), in A per phase; counts against this node and its ancestors. */
  readonly baseLoad?: PhaseValues;
  /** Piecewise-constant changes of limits and base load, by any order of `from`. */
  readonly changes?: readonly NodeChange[];
  /**
   * How the import phase-current limits are read (default `"arithmetic"`, see {@link CurrentModel}). A `"phasor"`
   * node may have no V2G connector below it.
   */
  readonly currentModel?: CurrentModel;
  /** A delta–wye transformer feeding the node, whose primary line currents are limited too. */
  readonly transformer?: DeltaWyeTransformer;
}

/**
 * Vehicle-to-grid capability of a connector, in the connector's unit (A per phase for AC, W for DC). Discharge
 * values are magnitudes (≥ 0).
 *
 * @category Model
 */
export interface DischargeRange {
  /** Smallest discharge the connector can run (0 when any small value works). */
  readonly min: number;
  /** Largest discharge. */
  readonly max: number;
}

/**
 * An AC connector. Values are currents in A per phase; setpoints are multiples of `step` (0.1 A by default, the
 * OCPP resolution) or members of `allowed` (a pilot set such as `[8, 16, 24, 32]`).
 *
 * @category Model
 */
export interface AcConnector {
  /** Integrator-chosen id, unique among connectors. */
  readonly id: string;
  /** Id of the node the connector hangs from (usually its charger). */
  readonly node: string;
  /** Always `"AC"`. */
  readonly kind: "AC";
  /** Phases wired to the connector (default 3). A session may use fewer (a 1-phase EV). */
  readonly phases?: PhaseCount;
  /**
   * How the connector's phases are wired to the grid (OCPP `ConnectorPhaseRotation`, default `"RST"`): `"SRT"`
   * puts the EV's L1 on the grid's L2.
   */
  readonly rotation?: PhaseRotation;
  /**
   * `"line-to-neutral"` (default; Europe) or `"line-to-line"`: a single-phase EVSE between two grid phases (208 V
   * in North America), drawing its current on both lines — the EV's L1 sits between the grid phases that the
   * rotation's first two letters name.
   */
  readonly wiring?: "line-to-neutral" | "line-to-line";
  /** Nominal voltage: phase-to-neutral, or line-to-line for `wiring: "line-to-line"` (default 230 V, 400 V line-to-line). */
  readonly voltage?: Volts;
  /** Least current an EV can charge at (default 6 A, IEC 61851). Anything between 0 and this is infeasible. */
  readonly minCurrent?: Amperes;
  /** Most current per phase. */
  readonly maxCurrent: Amperes;
  /** Setpoint resolution in A (default 0.1). */
  readonly step?: Amperes;
  /** The only currents the EVSE can signal (besides 0), e.g. `[8, 16, 24, 32]`; replaces `step`. */
  readonly allowed?: readonly Amperes[];
  /** V2G discharge range in A per phase; omitted when the connector cannot discharge. */
  readonly discharge?: DischargeRange;
}

/**
 * A DC connector. Values are powers in W; the grid-side current is the power spread over `gridPhases` phases at the
 * node voltage.
 *
 * @category Model
 */
export interface DcConnector {
  /** Integrator-chosen id, unique among connectors. */
  readonly id: string;
  /** Id of the node the connector hangs from. */
  readonly node: string;
  /** Always `"DC"`. */
  readonly kind: "DC";
  /** Grid phases the rectifier draws from, balanced (default 3). */
  readonly gridPhases?: PhaseCount;
  /** Which grid phases those are (default `"RST"`: L1, then L2, then L3). */
  readonly rotation?: PhaseRotation;
  /** Grid-side phase-to-neutral voltage, used for the per-phase current (default 230 V). */
  readonly voltage?: Volts;
  /** Least power the charger can deliver (default 0 W). */
  readonly minPower?: Watts;
  /** Most power. */
  readonly maxPower: Watts;
  /** Setpoint resolution in W (default 1 W). */
  readonly step?: Watts;
  /** The only powers the charger accepts (besides 0); replaces `step`. */
  readonly allowed?: readonly Watts[];
  /** V2G discharge range in W; omitted when the connector cannot discharge. */
  readonly discharge?: DischargeRange;
}

/**
 * An AC or DC connector, the leaves of the site tree.
 *
 * @category Model
 */
export type Connector = AcConnector | DcConnector;

/**
 * The site: a tree of nodes and the connectors hanging from them.
 *
 * @category Model
 */
export interface Site {
  /** Nodes, in any order; exactly one root. */
  readonly nodes: readonly SiteNode[];
  /** Connectors, in any order. */
  readonly connectors: readonly Connector[];
}

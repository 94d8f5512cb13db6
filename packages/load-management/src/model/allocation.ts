import type { Instant, Phase, PhaseCount, PowerSchedule, PowerUnit, WattHours, Watts } from "@chargekit/core";

/**
 * Why a setpoint is not higher (or, for a session left at 0, why it was not admitted):
 * - `node`: a node's limit on one phase (`"L1"`…) or its total power (`"total"`), from the node's own limits or an
 *   external limit (`externalLimit` names it);
 * - `demandResponse`: a demand-response event's cap on a node;
 * - `maximum`: the connector's or the EV's own maximum;
 * - `ramp`: the ramp limit for increases; `hysteresis`: an increase too small to send;
 * - `energy`: the session needs no more energy (or, in a plan, not more than this in the slot);
 * - `idle`: no session on the connector.
 *
 * @category Allocation
 */
export type LimitReason =
  | {
      /** A node's limit. */
      readonly kind: "node";
      /** The binding node. */
      readonly node: string;
      /** The binding phase, or `"total"` for a power limit. */
      readonly phase: Phase | "total";
      /** Import (charging) or export (V2G) limit. */
      readonly direction: "import" | "export";
      /** The external limit that set the binding value; omitted when it is the node's own. */
      readonly externalLimit?: string;
      /** True when the binding limit is the primary line current of the node's delta–wye `transformer`. */
      readonly primary?: true;
    }
  | {
      /** A demand-response cap. */
      readonly kind: "demandResponse";
      /** The event. */
      readonly event: string;
      /** The node it caps. */
      readonly node: string;
      /** Import or export cap. */
      readonly direction: "import" | "export";
    }
  | {
      /** A maximum. */
      readonly kind: "maximum";
      /** Whose maximum: the connector's or the EV's. */
      readonly of: "connector" | "ev";
    }
  | {
      /** The ramp limit for increases. */
      readonly kind: "ramp";
    }
  | {
      /** An increase below the hysteresis, not applied. */
      readonly kind: "hysteresis";
    }
  | {
      /** The session's energy need. */
      readonly kind: "energy";
    }
  | {
      /** No session. */
      readonly kind: "idle";
    };

/**
 * The decision for one connector.
 *
 * @category Allocation
 */
export interface Setpoint {
  /** The connector. */
  readonly connector: string;
  /** The session on it; omitted for an idle connector. */
  readonly session?: string;
  /** `"A"` (per phase) for AC, `"W"` for DC. */
  readonly unit: PowerUnit;
  /** The setpoint: ≥ 0 charges, < 0 discharges (V2G). A multiple of the connector's step or an allowed value. */
  readonly value: number;
  /** AC: the phases the EV charges on (OCPP `numberPhases`). */
  readonly phases?: PhaseCount;
  /** Whether the session got at least its minimum (false: it waits at 0). */
  readonly admitted: boolean;
  /** What stops the value from being higher. */
  readonly limitedBy: LimitReason;
  /** Nominal power in W (negative: discharge). */
  readonly power: Watts;
  /**
   * Whether the station must be told: the session is new, its admission changed, the value went down, or it went up
   * by at least the hysteresis. Always true without a previous round.
   */
  readonly changed: boolean;
}

/**
 * The load on one node: EV setpoints plus base load, against the effective limits.
 *
 * @category Allocation
 */
export interface NodeLoad {
  /** The node. */
  readonly node: string;
  /**
   * Import current per grid phase in A (base load plus charging; discharge not subtracted unless netting is on): the
   * sum of magnitudes, or on a `currentModel: "phasor"` node the magnitude of the phasor sum.
   */
  readonly importCurrent: Readonly<Record<Phase, number>>;
  /** A node with a delta–wye `transformer`: the magnitude of its primary line currents in A (import). */
  readonly primaryCurrent?: Readonly<Record<Phase, number>>;
  /** Export current per grid phase in A (discharging vehicles). */
  readonly exportCurrent: Readonly<Record<Phase, number>>;
  /** Import power in W, as the power limits count it. */
  readonly importPower: Watts;
  /** Export power in W. */
  readonly exportPower: Watts;
}

/**
 * The power plan of one connector, ready for the OCPP mapper.
 *
 * @category Allocation
 */
export interface ConnectorSchedule {
  /** The connector. */
  readonly connector: string;
  /** The session the plan serves, when a single one does. */
  readonly session?: string;
  /** The plan: A per phase with `phases` for AC, W for DC; V2G periods carry `setpoint` and `dischargeLimit`. */
  readonly schedule: PowerSchedule;
}

/**
 * Power of a node with and without demand response over one stretch of time.
 *
 * @category Demand response
 */
export interface SheddingSample {
  /** Start of the stretch. */
  readonly start: Instant;
  /** End of the stretch (omitted for a real-time round). */
  readonly end?: Instant;
  /** The event's cap in W at the node, when it is a cap (omitted for minimum-only). */
  readonly cap?: Watts;
  /** Power the node would carry without any demand-response event. */
  readonly baseline: Watts;
  /** Power the node carries. */
  readonly actual: Watts;
  /** `baseline − actual`: what the site shed. */
  readonly shed: Watts;
}

/**
 * What one demand-response event did: shed power per stretch, shed energy and compliance — what a VEN reports.
 *
 * @category Demand response
 */
export interface SheddingReport {
  /** The event. */
  readonly event: string;
  /** The node it caps. */
  readonly node: string;
  /** Import or export. */
  readonly direction: "import" | "export";
  /** One sample per real-time round or per plan slot in which the event is active. */
  readonly samples: readonly SheddingSample[];
  /** Energy shed over the samples with an end, in Wh (0 for a real-time round). */
  readonly energyShed: WattHours;
  /** Whether the node stayed within the cap in every sample. */
  readonly compliant: boolean;
}

/**
 * The result of one real-time round.
 *
 * @category Allocation
 */
export interface Allocation {
  /** The instant it was computed for. */
  readonly at: Instant;
  /** One setpoint per connector, by connector id. */
  readonly setpoints: readonly Setpoint[];
  /**
   * One single-period schedule per connector with a session, by connector id. Built from the setpoints when first
   * read (then kept), so a round whose caller only needs the setpoints does not pay for it.
   */
  readonly schedules: readonly ConnectorSchedule[];
  /** Load per node, by node id. Built when first read (then kept), like `schedules`. */
  readonly nodes: readonly NodeLoad[];
  /** One report per demand-response event in force, by event id. */
  readonly demandResponse: readonly SheddingReport[];
  /** The next instant at which an input changes (a limit, an event, a departure): run again by then. */
  readonly validUntil?: Instant;
}

/**
 * How a plan orders sessions within a priority class: weighted max-min sharing, earliest departure first, or least
 * laxity first (laxity = time left − time still needed at full rate).
 *
 * @category Allocation
 */
export type PlanPolicy = "fair" | "earliestDeadline" | "leastLaxity";

/**
 * The decisions for one stretch of a plan.
 *
 * @category Allocation
 */
export interface PlanSlot {
  /** First instant of the stretch. */
  readonly start: Instant;
  /** First instant after it. */
  readonly end: Instant;
  /** One setpoint per connector, by connector id. */
  readonly setpoints: readonly Setpoint[];
}

/**
 * The result of horizon planning: slots (the slot grid, split where an input changes), per-connector schedules and
 * demand-response reports.
 *
 * @category Allocation
 */
export interface Plan {
  /** Start of the horizon. */
  readonly start: Instant;
  /** End of the horizon. */
  readonly end: Instant;
  /** The policy used. */
  readonly policy: PlanPolicy;
  /** The stretches, in time order, covering `[start, end)`. */
  readonly slots: readonly PlanSlot[];
  /** One schedule per connector that has a session in the horizon, by connector id. */
  readonly schedules: readonly ConnectorSchedule[];
  /** One report per demand-response event overlapping the horizon, by event id. */
  readonly demandResponse: readonly SheddingReport[];
  /**
   * Energy each session is planned to get over the horizon, in Wh, by session id (an EV is assumed to stop when it
   * has what it needs, so a last slot at its minimum counts only what was left).
   */
  readonly energy: readonly PlannedEnergy[];
}

/**
 * Energy a plan gives one session.
 *
 * @category Allocation
 */
export interface PlannedEnergy {
  /** The session. */
  readonly session: string;
  /** Wh planned over the horizon. */
  readonly planned: WattHours;
  /** Wh it needed (or, discharging, had available) at the start; omitted when unlimited. */
  readonly needed?: WattHours;
}

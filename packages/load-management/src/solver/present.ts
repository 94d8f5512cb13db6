import { ChargekitError, type Instant } from "@chargekit/core";
import type { LimitReason } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import type { Session } from "../model/session.js";
import type { EffectiveLimits } from "./effective-limits.js";
import { ceilOnGrid, floorOnGrid, type Grid } from "./quantizer.js";
import { type Loading, loadingOf, type Topology } from "./topology.js";

/** Default AC hysteresis (A). */
export const DEFAULT_HYSTERESIS_CURRENT = 0.5;
/** Default DC hysteresis (W). */
export const DEFAULT_HYSTERESIS_POWER = 500;
/** Default AC minimum current (A, IEC 61851). */
export const DEFAULT_MIN_CURRENT = 6;

const CONNECTOR_MAXIMUM: LimitReason = Object.freeze({ kind: "maximum", of: "connector" });
const EV_MAXIMUM: LimitReason = Object.freeze({ kind: "maximum", of: "ev" });
const ENERGY: LimitReason = Object.freeze({ kind: "energy" });
const RAMP: LimitReason = Object.freeze({ kind: "ramp" });

/** Extra per-session bounds a plan imposes in one slot. */
export interface SlotBounds {
  /**
   * Most value for this slot: the value that delivers the energy left over the slot (rounded up to the grid); 0
   * means the session is done (it gets nothing, like a session needing 0 Wh).
   */
  readonly energyCap?: ReadonlyMap<string, number>;
  /** Policy key per session (smaller first within a priority class). */
  readonly orderKey?: ReadonlyMap<string, number>;
}

/**
 * The sessions present at one instant, by connector index (struct of arrays: no object per session). A connector
 * with `session[c]` set and `active[c] = 0` has a session that needs no energy (it gets 0).
 */
export interface SessionTable {
  readonly session: (Session | undefined)[];
  readonly loading: (Loading | undefined)[];
  readonly grid: (Grid | undefined)[];
  readonly hiReason: (LimitReason | undefined)[];
  /** 1 when the session is to be allocated. */
  readonly active: Uint8Array;
  /** 1 for a discharging (V2G) session. */
  readonly exporting: Uint8Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly weight: Float64Array;
  readonly priority: Float64Array;
  readonly orderKey: Float64Array;
  readonly arrival: Float64Array;
  readonly sticky: Uint8Array;
  /** Previous value eligible for hysteresis (NaN when none). */
  readonly previous: Float64Array;
  readonly hysteresis: Float64Array;
  /** The loading as numbers: fairness scale, A per unit on each loaded phase, W per unit, loaded phases as bits. */
  readonly scale: Float64Array;
  readonly phaseCoef: Float64Array;
  readonly powerCoef: Float64Array;
  readonly phaseBits: Uint8Array;
}

/** Sessions present at `t` (arrival ≤ t < departure) with their bounds. */
export function presentSessions(
  topology: Topology,
  limits: EffectiveLimits,
  problem: AllocationProblem,
  t: Instant,
  slot: SlotBounds = {},
): SessionTable {
  const count = topology.connectorList.length;
  const table: SessionTable = {
    session: new Array(count).fill(undefined),
    loading: new Array(count).fill(undefined),
    grid: new Array(count).fill(undefined),
    hiReason: new Array(count).fill(undefined),
    active: new Uint8Array(count),
    exporting: new Uint8Array(count),
    lo: new Float64Array(count),
    hi: new Float64Array(count),
    weight: new Float64Array(count),
    priority: new Float64Array(count),
    orderKey: new Float64Array(count),
    arrival: new Float64Array(count),
    sticky: new Uint8Array(count),
    previous: new Float64Array(count),
    hysteresis: new Float64Array(count),
    scale: new Float64Array(count),
    phaseCoef: new Float64Array(count),
    powerCoef: new Float64Array(count),
    phaseBits: new Uint8Array(count),
  };
  const settings = problem.settings ?? {};
  const ramping = problem.previous !== undefined;
  const elapsed = problem.previous === undefined ? 0 : Math.max(0, t - problem.previous.at) / 1000;
  let before: Map<string, { value: number; admitted: boolean }> | undefined;
  if (problem.previous !== undefined) {
    before = new Map();
    for (const p of problem.previous.setpoints) before.set(p.session, p);
  }
  const minimumOnly = minimumOnlyByNode(topology, limits);
  for (const session of problem.sessions) {
    if (!(session.arrival <= t && t < (session.departure ?? Number.POSITIVE_INFINITY))) continue;
    const info = topology.connectors.get(session.connector);
    if (info === undefined) {
      throw new ChargekitError("INVALID_ARGUMENT", `session "${session.id}" names an unknown connector`, {
        details: { session: session.id, connector: session.connector },
      });
    }
    const c = info.index;
    const other = table.session[c];
    if (other !== undefined) {
      throw new ChargekitError(
        "INVALID_ARGUMENT",
        `sessions "${other.id}" and "${session.id}" are both on connector "${session.connector}" at ${t}`,
        { details: { sessions: [other.id, session.id], connector: session.connector, at: t } },
      );
    }
    const weight = session.weight ?? 1;
    if (!(weight > 0 && weight < Number.POSITIVE_INFINITY) || !Number.isFinite(session.arrival)) {
      throw new ChargekitError(
        "INVALID_ARGUMENT",
        `session "${session.id}" needs a positive finite weight and arrival`,
        {
          details: { session: session.id },
        },
      );
    }
    const loading = loadingOf(info, session.phases);
    const exporting = session.mode === "discharge";
    table.session[c] = session;
    table.loading[c] = loading;
    table.scale[c] = loading.scale;
    table.phaseCoef[c] = loading.phaseCoef;
    table.powerCoef[c] = loading.powerCoef;
    table.phaseBits[c] = loading.bits;
    const left = exporting ? session.energyAvailable : session.energyNeeded;
    if (left !== undefined && !(left > 0)) continue;
    const energyCap = slot.energyCap?.get(session.id);
    if (energyCap === 0) continue;
    const spec = info.spec;
    const ac = spec.kind === "AC";
    const grid = exporting ? info.exportGrid : info.importGrid;
    let min: number;
    let max: number;
    let reason = CONNECTOR_MAXIMUM;
    if (exporting) {
      min = spec.discharge?.min ?? 0;
      max = spec.discharge?.max ?? 0;
    } else if (spec.kind === "AC") {
      min = Math.max(spec.minCurrent ?? DEFAULT_MIN_CURRENT, session.minCurrent ?? 0);
      max = spec.maxCurrent;
    } else {
      min = Math.max(spec.minPower ?? 0, session.minPower ?? 0);
      max = spec.maxPower;
    }
    let evMax = ac && session.maxCurrent !== undefined ? session.maxCurrent : Number.POSITIVE_INFINITY;
    if (session.maxPower !== undefined) evMax = Math.min(evMax, session.maxPower / loading.powerCoef);
    if (evMax < max) {
      max = evMax;
      reason = EV_MAXIMUM;
    }
    const lo = ceilOnGrid(grid, min);
    if (!exporting) {
      const event = minimumOnly[info.node];
      if (event !== undefined && lo < max) {
        max = lo;
        reason = event;
      }
    }
    if (energyCap !== undefined) {
      const cap = Math.max(lo, ceilOnGrid(grid, energyCap));
      if (cap < max) {
        max = cap;
        reason = ENERGY;
      }
    }
    const old = before?.get(session.id);
    const previous =
      old === undefined || !old.admitted || (exporting ? old.value > 0 : old.value < 0)
        ? undefined
        : Math.abs(old.value);
    const rampRate = ac ? settings.rampCurrentPerSecond : settings.rampPowerPerSecond;
    if (ramping && rampRate !== undefined) {
      const cap = Math.max(lo, previous ?? lo) + rampRate * elapsed;
      if (cap < max) {
        max = cap;
        reason = RAMP;
      }
    }
    const hi = floorOnGrid(grid, max);
    table.active[c] = 1;
    table.exporting[c] = exporting ? 1 : 0;
    table.grid[c] = grid;
    table.lo[c] = lo;
    table.hi[c] = hi;
    table.hiReason[c] = reason;
    table.weight[c] = weight;
    table.priority[c] = session.priority ?? 0;
    table.orderKey[c] = slot.orderKey?.get(session.id) ?? 0;
    table.arrival[c] = session.arrival;
    table.sticky[c] = previous === undefined ? 0 : 1;
    table.previous[c] =
      previous !== undefined && previous >= lo && previous <= hi && floorOnGrid(grid, previous) === previous
        ? previous
        : Number.NaN;
    table.hysteresis[c] = ac
      ? (settings.hysteresisCurrent ?? DEFAULT_HYSTERESIS_CURRENT)
      : (settings.hysteresisPower ?? DEFAULT_HYSTERESIS_POWER);
  }
  return table;
}

/** Per node: the minimum-only event in force on it or its nearest ancestor that has one (as a limit reason). */
function minimumOnlyByNode(topology: Topology, limits: EffectiveLimits): (LimitReason | undefined)[] {
  const n = topology.nodes.length;
  const out: (LimitReason | undefined)[] = new Array(n).fill(undefined);
  if (!limits.minimumOnly.some((e) => e !== undefined)) return out;
  for (let node = 0; node < n; node++) {
    for (let at = node; at !== -1; at = topology.parent[at] as number) {
      const event = limits.minimumOnly[at];
      if (event !== undefined) {
        out[node] = Object.freeze({
          kind: "demandResponse",
          event,
          node: topology.nodeIds[at] ?? "",
          direction: "import",
        });
        break;
      }
    }
  }
  return out;
}

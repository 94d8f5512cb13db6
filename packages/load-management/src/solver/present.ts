import { ChargekitError, type Instant } from "@chargekit/core";
import type { LimitReason } from "../model/allocation.js";
import type { AllocationProblem, AllocationSettings, PreviousSetpoint } from "../model/problem.js";
import type { Session } from "../model/session.js";
import { type ConnectorFacts, connectorFacts } from "./connector-facts.js";
import { lookUpConnector, lookupFor, turnLookup } from "./connector-lookup.js";
import type { EffectiveLimits } from "./effective-limits.js";
import { indexPrevious, laterSetpoints, matchOnConnector, type PreviousIndex } from "./previous.js";
import { ceilOnGrid, floorOnGrid, type Grid } from "./quantizer.js";
import { type ConnectorInfo, type Loading, loadingOf, type Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/** Default AC hysteresis (A). */
export const DEFAULT_HYSTERESIS_CURRENT = 0.5;
/** Default DC hysteresis (W). */
export const DEFAULT_HYSTERESIS_POWER = 500;

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
  /** The loading's `evPhases` (0 when it has none). */
  readonly evPhases: Uint8Array;
  /** Which loading of the connector the session has (connector × 4 + EV phases, 0 when as wired); −1 for none of those. */
  readonly loadingSlot: Int32Array;
  /** The first arrival or departure of any session after the instant (Infinity when none). */
  nextArrivalOrDeparture: number;
  /** The previous round's setpoints by connector, when the problem has a previous round. */
  previousIndex: PreviousIndex | undefined;
}

/** Sessions present at `t` (arrival ≤ t < departure) with their bounds, in the workspace's arrays. */
export function presentSessions(
  topology: Topology,
  limits: EffectiveLimits,
  problem: AllocationProblem,
  t: Instant,
  slot: SlotBounds,
  workspace: Workspace,
): SessionTable {
  const count = topology.connectorList.length;
  const w = workspace;
  const table: SessionTable = {
    session: w.list<Session>("table.session", count, true),
    loading: w.list<Loading>("table.loading", count, true),
    grid: w.list<Grid>("table.grid", count, true),
    hiReason: w.list<LimitReason>("table.hiReason", count, true),
    active: w.u8("table.active", count, true),
    exporting: w.u8("table.exporting", count, true),
    lo: w.f64("table.lo", count),
    hi: w.f64("table.hi", count),
    weight: w.f64("table.weight", count),
    priority: w.f64("table.priority", count),
    orderKey: w.f64("table.orderKey", count),
    arrival: w.f64("table.arrival", count),
    sticky: w.u8("table.sticky", count),
    previous: w.f64("table.previous", count),
    hysteresis: w.f64("table.hysteresis", count),
    scale: w.f64("table.scale", count),
    phaseCoef: w.f64("table.phaseCoef", count),
    powerCoef: w.f64("table.powerCoef", count),
    phaseBits: w.u8("table.phaseBits", count),
    evPhases: w.u8("table.evPhases", count),
    loadingSlot: w.i32("table.loadingSlot", count),
    nextArrivalOrDeparture: Number.POSITIVE_INFINITY,
    previousIndex: undefined,
  };
  const settings = problem.settings ?? {};
  const context: Context = {
    topology,
    table,
    facts: connectorFacts(topology),
    settings,
    ramping: problem.previous !== undefined,
    elapsed: problem.previous === undefined ? 0 : Math.max(0, t - problem.previous.at) / 1000,
    acHysteresis: settings.hysteresisCurrent ?? DEFAULT_HYSTERESIS_CURRENT,
    dcHysteresis: settings.hysteresisPower ?? DEFAULT_HYSTERESIS_POWER,
    slot,
    minimumOnly: minimumOnlyByNode(topology, limits),
  };
  const before = problem.previous === undefined ? undefined : indexPrevious(topology, problem.previous, workspace);
  const sessions = problem.sessions;
  const lookup = workspace.lasting ? lookupFor(workspace, "present.lookup", sessions.length) : undefined;
  let next = Number.POSITIVE_INFINITY;
  for (let k = 0; k < sessions.length; k++) {
    const session = sessions[k] as Session;
    const arrival = session.arrival;
    const departure = session.departure;
    if (arrival > t && arrival < next) next = arrival;
    if (departure !== undefined && departure > t && departure < next) next = departure;
    if (!(arrival <= t && t < (departure ?? Number.POSITIVE_INFINITY))) continue;
    const c = lookUpConnector(topology, lookup, k, session.connector);
    if (c < 0) {
      throw new ChargekitError("INVALID_ARGUMENT", `session "${session.id}" names an unknown connector`, {
        details: { session: session.id, connector: session.connector },
      });
    }
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
    placeSession(context, c, session);
    boundsOf(context, c, session, before === undefined ? undefined : matchOnConnector(before, c, session.id));
  }
  if (lookup !== undefined) turnLookup(lookup);
  if (before !== undefined) {
    // a session's previous setpoint is the last one with its id: one its connector's did not show (usually none)
    const later = laterSetpoints(before);
    if (later !== undefined) {
      for (let c = 0; c < count; c++) {
        const session = table.session[c];
        if (session === undefined) continue;
        const k = later.get(session.id);
        const own = before.byConnector[c] as number;
        const matched = own >= 0 && before.matched[own] === 1 ? own : -1;
        if (k !== undefined && k > matched) boundsOf(context, c, session, before.setpoints[k]);
      }
    }
  }
  table.previousIndex = before;
  table.nextArrivalOrDeparture = next;
  return table;
}

/** What the session loop reads besides the session. */
interface Context {
  readonly topology: Topology;
  readonly table: SessionTable;
  readonly facts: ConnectorFacts;
  readonly settings: AllocationSettings;
  readonly ramping: boolean;
  /** Seconds since the previous round. */
  readonly elapsed: number;
  readonly acHysteresis: number;
  readonly dcHysteresis: number;
  readonly slot: SlotBounds;
  /** Per node, the minimum-only event in force (empty when none is). */
  readonly minimumOnly: readonly (LimitReason | undefined)[];
}

/** Puts the session on connector `c` of the table, with its loading. */
function placeSession(context: Context, c: number, session: Session): void {
  const { table, facts } = context;
  const phases = session.phases ?? 0;
  let at = phases === 0 || phases === 1 || phases === 2 || phases === 3 ? c * 4 + phases : -1;
  let loading = at < 0 ? undefined : facts.loading[at];
  if (loading === undefined) {
    // throws for more phases than the connector has; any other odd value gets its loading worked out
    loading = loadingOf(context.topology.connectorList[c] as ConnectorInfo, session.phases);
    at = -1;
  }
  table.session[c] = session;
  table.loading[c] = loading;
  table.loadingSlot[c] = at;
  table.scale[c] = at < 0 ? loading.scale : (facts.scale[at] as number);
  table.phaseCoef[c] = at < 0 ? loading.phaseCoef : (facts.phaseCoef[at] as number);
  table.powerCoef[c] = at < 0 ? loading.powerCoef : (facts.powerCoef[at] as number);
  table.phaseBits[c] = at < 0 ? loading.bits : (facts.bits[at] as number);
  table.evPhases[c] = at < 0 ? (loading.evPhases ?? 0) : (facts.evPhases[at] as number);
}

/**
 * The bounds of the session on connector `c` given its previous setpoint `old`: whether it is to be allocated, its
 * minimum and maximum on the grid and why the maximum, stickiness and the previous value hysteresis may hold.
 */
function boundsOf(context: Context, c: number, session: Session, old: PreviousSetpoint | undefined): void {
  const { table, facts, settings, slot } = context;
  const exporting = session.mode === "discharge";
  const left = exporting ? session.energyAvailable : session.energyNeeded;
  if (left !== undefined && !(left > 0)) return;
  const energyCap = slot.energyCap?.get(session.id);
  if (energyCap === 0) return;
  const ac = facts.ac[c] === 1;
  const grid = (exporting ? facts.exportGrid[c] : facts.importGrid[c]) as Grid;
  let lo: number;
  let max: number;
  let reason = CONNECTOR_MAXIMUM;
  if (exporting) {
    lo = facts.exportLo[c] as number;
    max = facts.exportMax[c] as number;
  } else {
    const own = ac ? session.minCurrent : session.minPower;
    lo =
      own === undefined ? (facts.importLo[c] as number) : ceilOnGrid(grid, Math.max(facts.importMin[c] as number, own));
    max = facts.importMax[c] as number;
  }
  let lowered = false;
  let evMax = ac && session.maxCurrent !== undefined ? session.maxCurrent : Number.POSITIVE_INFINITY;
  if (session.maxPower !== undefined) evMax = Math.min(evMax, session.maxPower / (table.powerCoef[c] as number));
  if (evMax < max) {
    max = evMax;
    reason = EV_MAXIMUM;
    lowered = true;
  }
  if (!exporting && context.minimumOnly.length > 0) {
    const event = context.minimumOnly[context.topology.connectorNode[c] as number];
    if (event !== undefined && lo < max) {
      max = lo;
      reason = event;
      lowered = true;
    }
  }
  if (energyCap !== undefined) {
    const cap = Math.max(lo, ceilOnGrid(grid, energyCap));
    if (cap < max) {
      max = cap;
      reason = ENERGY;
      lowered = true;
    }
  }
  const previous =
    old === undefined || !old.admitted || (exporting ? old.value > 0 : old.value < 0) ? undefined : Math.abs(old.value);
  const rampRate = ac ? settings.rampCurrentPerSecond : settings.rampPowerPerSecond;
  if (context.ramping && rampRate !== undefined) {
    const cap = Math.max(lo, previous ?? lo) + rampRate * context.elapsed;
    if (cap < max) {
      max = cap;
      reason = RAMP;
      lowered = true;
    }
  }
  const hi = lowered ? floorOnGrid(grid, max) : ((exporting ? facts.exportHi[c] : facts.importHi[c]) as number);
  table.active[c] = 1;
  table.exporting[c] = exporting ? 1 : 0;
  table.grid[c] = grid;
  table.lo[c] = lo;
  table.hi[c] = hi;
  table.hiReason[c] = reason;
  table.weight[c] = session.weight ?? 1;
  table.priority[c] = session.priority ?? 0;
  table.orderKey[c] = slot.orderKey?.get(session.id) ?? 0;
  table.arrival[c] = session.arrival;
  table.sticky[c] = previous === undefined ? 0 : 1;
  table.previous[c] =
    previous !== undefined && previous >= lo && previous <= hi && floorOnGrid(grid, previous) === previous
      ? previous
      : Number.NaN;
  table.hysteresis[c] = ac ? context.acHysteresis : context.dcHysteresis;
}

/** Per node: the minimum-only event in force on it or its nearest ancestor that has one (as a limit reason). */
function minimumOnlyByNode(topology: Topology, limits: EffectiveLimits): (LimitReason | undefined)[] {
  if (!limits.minimumOnly.some((e) => e !== undefined)) return [];
  const n = topology.nodes.length;
  const out: (LimitReason | undefined)[] = new Array(n).fill(undefined);
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

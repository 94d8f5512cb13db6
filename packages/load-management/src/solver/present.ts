import { ChargekitError, type Instant } from "@chargekit/core";
import type { LimitReason } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import type { Session } from "../model/session.js";
import type { EffectiveLimits } from "./effective-limits.js";
import { ceilOnGrid, floorOnGrid, type Grid } from "./quantizer.js";
import { type ConnectorInfo, type Loading, loadingOf, type Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

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
  /** Which loading of the connector the session has (connector × 4 + EV phases, 0 when as wired); −1 for none of those. */
  readonly loadingSlot: Int32Array;
  /** The first arrival or departure of any session after the instant (Infinity when none). */
  nextArrivalOrDeparture: number;
}

/** Per-connector facts the session loop reads, as flat arrays (worked out once per topology). */
interface ConnectorFacts {
  /** The loading per connector × EV phases (index c * 4 + (phases ?? 0)); undefined where `loadingOf` throws. */
  readonly loading: (Loading | undefined)[];
  readonly scale: Float64Array;
  readonly phaseCoef: Float64Array;
  readonly powerCoef: Float64Array;
  readonly bits: Uint8Array;
  readonly ac: Uint8Array;
  /** The connector's least import value (minimum current or power, with the AC default) and most. */
  readonly importMin: Float64Array;
  readonly importMax: Float64Array;
  /** `ceilOnGrid` of the least import value (for sessions without a minimum of their own), `floorOnGrid` of the most. */
  readonly importLo: Float64Array;
  readonly importHi: Float64Array;
  /** Discharge range and its grid values. */
  readonly exportMin: Float64Array;
  readonly exportMax: Float64Array;
  readonly exportLo: Float64Array;
  readonly exportHi: Float64Array;
}

const factsCache = new WeakMap<Topology, ConnectorFacts>();

function connectorFacts(topology: Topology): ConnectorFacts {
  const cached = factsCache.get(topology);
  if (cached !== undefined) return cached;
  const list = topology.connectorList;
  const count = list.length;
  const facts: ConnectorFacts = {
    loading: new Array(count * 4).fill(undefined),
    scale: new Float64Array(count * 4),
    phaseCoef: new Float64Array(count * 4),
    powerCoef: new Float64Array(count * 4),
    bits: new Uint8Array(count * 4),
    ac: new Uint8Array(count),
    importMin: new Float64Array(count),
    importMax: new Float64Array(count),
    importLo: new Float64Array(count),
    importHi: new Float64Array(count),
    exportMin: new Float64Array(count),
    exportMax: new Float64Array(count),
    exportLo: new Float64Array(count),
    exportHi: new Float64Array(count),
  };
  for (let c = 0; c < count; c++) {
    const info = list[c] as ConnectorInfo;
    const spec = info.spec;
    for (let k = 0; k < 4; k++) {
      const loading =
        info.loadings[k] ?? (spec.kind === "AC" && spec.wiring !== "line-to-line" ? undefined : info.loadings[0]);
      if (loading === undefined) continue;
      facts.loading[c * 4 + k] = loading;
      facts.scale[c * 4 + k] = loading.scale;
      facts.phaseCoef[c * 4 + k] = loading.phaseCoef;
      facts.powerCoef[c * 4 + k] = loading.powerCoef;
      facts.bits[c * 4 + k] = loading.bits;
    }
    const ac = spec.kind === "AC";
    facts.ac[c] = ac ? 1 : 0;
    const min = spec.kind === "AC" ? (spec.minCurrent ?? DEFAULT_MIN_CURRENT) : (spec.minPower ?? 0);
    const max = spec.kind === "AC" ? spec.maxCurrent : spec.maxPower;
    facts.importMin[c] = min;
    facts.importMax[c] = max;
    facts.importLo[c] = ceilOnGrid(info.importGrid, Math.max(min, 0));
    facts.importHi[c] = floorOnGrid(info.importGrid, max);
    const dischargeMin = spec.discharge?.min ?? 0;
    const dischargeMax = spec.discharge?.max ?? 0;
    facts.exportMin[c] = dischargeMin;
    facts.exportMax[c] = dischargeMax;
    facts.exportLo[c] = ceilOnGrid(info.exportGrid, dischargeMin);
    facts.exportHi[c] = floorOnGrid(info.exportGrid, dischargeMax);
  }
  factsCache.set(topology, facts);
  return facts;
}

/**
 * The connector index of the session at each position of the list, remembered from the last round: most rounds see
 * the same list, or one with a session more or less (positions shifted by one). Every remembered pair is a true
 * (connector id, index) pair of this topology, so a stale one can only miss, never mislead.
 */
interface ConnectorLookup {
  /** Last round's pairs by position, read this round. */
  ids: (string | undefined)[];
  index: Int32Array;
  /** This round's pairs, written as they are found. */
  nextIds: (string | undefined)[];
  nextIndex: Int32Array;
  /** The shift (−1, 0, 1) between last round's positions and this round's that matched last. */
  delta: number;
}

/**
 * The index of the session's connector: a remembered pair at its position (or one off), else the id index (only
 * that without a lookup, for a single solve).
 */
function connectorOf(topology: Topology, lookup: ConnectorLookup | undefined, k: number, session: Session): number {
  const id = session.connector;
  if (lookup === undefined) return indexOf(topology, session);
  const { ids, index } = lookup;
  let c = -1;
  for (let attempt = 0; attempt < 4 && c < 0; attempt++) {
    const d = attempt === 0 ? lookup.delta : attempt - 2;
    if (attempt > 0 && d === lookup.delta) continue;
    const at = k + d;
    if (at >= 0 && at < ids.length && ids[at] === id && (index[at] as number) >= 0) {
      c = index[at] as number;
      lookup.delta = d;
    }
  }
  if (c < 0) c = indexOf(topology, session);
  lookup.nextIds[k] = id;
  lookup.nextIndex[k] = c;
  return c;
}

/** The index of the session's connector by its id. */
function indexOf(topology: Topology, session: Session): number {
  const info = topology.connectors.get(session.connector);
  if (info === undefined) {
    throw new ChargekitError("INVALID_ARGUMENT", `session "${session.id}" names an unknown connector`, {
      details: { session: session.id, connector: session.connector },
    });
  }
  return info.index;
}

function lookupFor(workspace: Workspace, sessions: number): ConnectorLookup {
  let lookup = workspace.memo.get("present.lookup") as ConnectorLookup | undefined;
  if (lookup === undefined || lookup.nextIndex.length < sessions) {
    const size = sessions + (sessions >> 2);
    const keep = lookup;
    lookup = {
      ids: keep?.ids ?? [],
      index: keep?.index ?? new Int32Array(0),
      nextIds: new Array(size).fill(undefined),
      nextIndex: new Int32Array(size).fill(-1),
      delta: 0,
    };
    workspace.memo.set("present.lookup", lookup);
  }
  return lookup;
}

/** After a round: this round's pairs become the ones to read next round. */
function turnLookup(lookup: ConnectorLookup): void {
  const { ids, index } = lookup;
  lookup.ids = lookup.nextIds;
  lookup.index = lookup.nextIndex;
  if (index.length === lookup.nextIndex.length) {
    lookup.nextIds = ids;
    lookup.nextIndex = index;
  } else {
    lookup.nextIds = new Array(lookup.index.length).fill(undefined);
    lookup.nextIndex = new Int32Array(lookup.index.length).fill(-1);
  }
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
    loadingSlot: w.i32("table.loadingSlot", count),
    nextArrivalOrDeparture: Number.POSITIVE_INFINITY,
  };
  const facts = connectorFacts(topology);
  const list = topology.connectorList;
  const settings = problem.settings ?? {};
  const ramping = problem.previous !== undefined;
  const elapsed = problem.previous === undefined ? 0 : Math.max(0, t - problem.previous.at) / 1000;
  const acHysteresis = settings.hysteresisCurrent ?? DEFAULT_HYSTERESIS_CURRENT;
  const dcHysteresis = settings.hysteresisPower ?? DEFAULT_HYSTERESIS_POWER;
  let before: Map<string, { value: number; admitted: boolean }> | undefined;
  if (problem.previous !== undefined) {
    before = new Map();
    for (const p of problem.previous.setpoints) before.set(p.session, p);
  }
  const { energyCap: energyCaps, orderKey: orderKeys } = slot;
  const minimumOnly = minimumOnlyByNode(topology, limits);
  const anyMinimumOnly = minimumOnly.length > 0;
  const sessions = problem.sessions;
  const lookup = workspace.lasting ? lookupFor(workspace, sessions.length) : undefined;
  let next = Number.POSITIVE_INFINITY;
  for (let k = 0; k < sessions.length; k++) {
    const session = sessions[k] as Session;
    const arrival = session.arrival;
    const departure = session.departure;
    if (arrival > t && arrival < next) next = arrival;
    if (departure !== undefined && departure > t && departure < next) next = departure;
    if (!(arrival <= t && t < (departure ?? Number.POSITIVE_INFINITY))) continue;
    const c = connectorOf(topology, lookup, k, session);
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
    const phases = session.phases ?? 0;
    let at = phases === 0 || phases === 1 || phases === 2 || phases === 3 ? c * 4 + phases : -1;
    let loading = at < 0 ? undefined : facts.loading[at];
    if (loading === undefined) {
      // throws for more phases than the connector has; any other odd value gets its loading worked out
      loading = loadingOf(list[c] as ConnectorInfo, session.phases);
      at = -1;
    }
    const exporting = session.mode === "discharge";
    table.session[c] = session;
    table.loading[c] = loading;
    table.loadingSlot[c] = at;
    const powerCoef = at < 0 ? loading.powerCoef : (facts.powerCoef[at] as number);
    table.scale[c] = at < 0 ? loading.scale : (facts.scale[at] as number);
    table.phaseCoef[c] = at < 0 ? loading.phaseCoef : (facts.phaseCoef[at] as number);
    table.powerCoef[c] = powerCoef;
    table.phaseBits[c] = at < 0 ? loading.bits : (facts.bits[at] as number);
    const left = exporting ? session.energyAvailable : session.energyNeeded;
    if (left !== undefined && !(left > 0)) continue;
    const energyCap = energyCaps?.get(session.id);
    if (energyCap === 0) continue;
    const info = list[c] as ConnectorInfo;
    const ac = facts.ac[c] === 1;
    const grid = exporting ? info.exportGrid : info.importGrid;
    let lo: number;
    let max: number;
    let reason = CONNECTOR_MAXIMUM;
    if (exporting) {
      lo = facts.exportLo[c] as number;
      max = facts.exportMax[c] as number;
    } else {
      const own = ac ? session.minCurrent : session.minPower;
      lo =
        own === undefined
          ? (facts.importLo[c] as number)
          : ceilOnGrid(grid, Math.max(facts.importMin[c] as number, own));
      max = facts.importMax[c] as number;
    }
    let lowered = false;
    let evMax = ac && session.maxCurrent !== undefined ? session.maxCurrent : Number.POSITIVE_INFINITY;
    if (session.maxPower !== undefined) evMax = Math.min(evMax, session.maxPower / powerCoef);
    if (evMax < max) {
      max = evMax;
      reason = EV_MAXIMUM;
      lowered = true;
    }
    if (!exporting && anyMinimumOnly) {
      const event = minimumOnly[topology.connectorNode[c] as number];
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
    table.weight[c] = weight;
    table.priority[c] = session.priority ?? 0;
    table.orderKey[c] = orderKeys?.get(session.id) ?? 0;
    table.arrival[c] = session.arrival;
    table.sticky[c] = previous === undefined ? 0 : 1;
    table.previous[c] =
      previous !== undefined && previous >= lo && previous <= hi && floorOnGrid(grid, previous) === previous
        ? previous
        : Number.NaN;
    table.hysteresis[c] = ac ? acHysteresis : dcHysteresis;
  }
  if (lookup !== undefined) turnLookup(lookup);
  table.nextArrivalOrDeparture = next;
  return table;
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

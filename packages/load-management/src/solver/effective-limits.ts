import { ChargekitError, type Instant } from "@chargekit/core";
import {
  DEFAULT_SIMPLE_LEVELS,
  type DemandResponseAction,
  type DemandResponseEvent,
  type SimpleLevelTable,
} from "../model/demand-response.js";
import type { AllocationProblem } from "../model/problem.js";
import type { NodeLimits, PhaseValues, SiteNode } from "../model/site.js";
import type { Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/** Where an effective limit comes from. */
export const SOURCE_OWN = 0;
/** An external limit. */
export const SOURCE_EXTERNAL = 1;
/** A demand-response event. */
export const SOURCE_EVENT = 2;

/**
 * Effective limits of every node at one instant, as flat arrays: index `node * 4 + k` with k = 0..2 for the phase
 * currents L1..L3 and k = 3 for the total power. `Infinity` means unlimited.
 */
export interface EffectiveLimits {
  readonly importCap: Float64Array;
  readonly exportCap: Float64Array;
  readonly importSource: Uint8Array;
  readonly exportSource: Uint8Array;
  /** Id of the external limit or event behind a limit (undefined for the node's own). */
  readonly importSourceId: (string | undefined)[];
  readonly exportSourceId: (string | undefined)[];
  /** Base load per node and phase (index node * 3 + phase), in A. */
  readonly base: Float64Array;
  /** Per node: the event holding sessions below it at their minimum (the first by id), if any. */
  readonly minimumOnly: (string | undefined)[];
  /** Demand-response events active at the instant, by id, with their action and resolved cap in W (if a cap). */
  readonly activeEvents: readonly ActiveEvent[];
}

/** A demand-response event in force, resolved. */
export interface ActiveEvent {
  readonly event: DemandResponseEvent;
  readonly node: number;
  readonly action: DemandResponseAction;
  /** The cap in W it imposes, for caps and reductions. */
  readonly cap?: number;
}

interface OwnLimits {
  readonly importCap: Float64Array;
  readonly exportCap: Float64Array;
  readonly base: Float64Array;
  /** Nodes whose limits or base load change over time (worked out per instant). */
  readonly changing: readonly number[];
}

const ownCache = new WeakMap<Topology, OwnLimits>();

/** The nodes' own limits and base loads that never change, worked out once per topology. */
function ownLimits(topology: Topology): OwnLimits {
  const cached = ownCache.get(topology);
  if (cached !== undefined) return cached;
  const n = topology.nodes.length;
  const importCap = new Float64Array(n * 4).fill(Number.POSITIVE_INFINITY);
  const exportCap = new Float64Array(n * 4).fill(Number.POSITIVE_INFINITY);
  const scratch = { sources: new Uint8Array(n * 4), ids: [] as (string | undefined)[] };
  const base = new Float64Array(n * 3);
  const changing: number[] = [];
  topology.nodes.forEach((node, index) => {
    if (node.changes !== undefined && node.changes.length > 0) changing.push(index);
    else
      applyOwn(
        { caps: importCap, ...scratch },
        { caps: exportCap, ...scratch },
        base,
        index,
        node.limits,
        node.baseLoad,
      );
  });
  const own = { importCap, exportCap, base, changing };
  ownCache.set(topology, own);
  return own;
}

type Target = { caps: Float64Array; sources: Uint8Array; ids: (string | undefined)[] };

function applyOwn(
  imports: Target,
  exports: Target,
  base: Float64Array,
  index: number,
  limits: NodeLimits | undefined,
  baseLoad: PhaseValues | undefined,
): void {
  if (limits !== undefined) {
    if (limits.importCurrent !== undefined || limits.importPower !== undefined) {
      applyLimits(imports, index, limits.importCurrent, limits.importPower, SOURCE_OWN, undefined);
    }
    if (limits.exportCurrent !== undefined || limits.exportPower !== undefined) {
      applyLimits(exports, index, limits.exportCurrent, limits.exportPower, SOURCE_OWN, undefined);
    }
  }
  for (let p = 0; p < 3; p++) base[index * 3 + p] = baseLoad === undefined ? 0 : phaseValue(baseLoad, p, 0);
}

/** The node's limits and base load at `t`, after its piecewise-constant changes. */
export function nodeStateAt(node: SiteNode, t: Instant): { limits?: NodeLimits; baseLoad?: PhaseValues } {
  let limits = node.limits;
  let baseLoad = node.baseLoad;
  let limitsFrom = Number.NEGATIVE_INFINITY;
  let baseFrom = Number.NEGATIVE_INFINITY;
  for (const change of node.changes ?? []) {
    if (change.from > t) continue;
    if (change.limits !== undefined && change.from >= limitsFrom) {
      limits = change.limits;
      limitsFrom = change.from;
    }
    if (change.baseLoad !== undefined && change.from >= baseFrom) {
      baseLoad = change.baseLoad;
      baseFrom = change.from;
    }
  }
  return { ...(limits === undefined ? {} : { limits }), ...(baseLoad === undefined ? {} : { baseLoad }) };
}

/** The value of a {@link PhaseValues} on phase index `p`, or `fallback` when unset. */
export function phaseValue(values: PhaseValues | undefined, p: number, fallback: number): number {
  if (values === undefined) return fallback;
  if (typeof values === "number") return values;
  const v = p === 0 ? values.L1 : p === 1 ? values.L2 : values.L3;
  return v ?? fallback;
}

/** Resolves an event's signal through the level table. */
export function actionOf(event: DemandResponseEvent, table: SimpleLevelTable | undefined): DemandResponseAction {
  const signal = event.signal;
  if ("level" in signal) return (table ?? DEFAULT_SIMPLE_LEVELS)[signal.level];
  return signal;
}

function lower(
  caps: Float64Array,
  sources: Uint8Array,
  ids: (string | undefined)[],
  at: number,
  value: number | undefined,
  source: number,
  id: string | undefined,
): void {
  if (value === undefined || !(value < (caps[at] ?? Number.POSITIVE_INFINITY))) return;
  caps[at] = value;
  sources[at] = source;
  ids[at] = id;
}

function applyLimits(
  target: { caps: Float64Array; sources: Uint8Array; ids: (string | undefined)[] },
  node: number,
  current: PhaseValues | undefined,
  power: number | undefined,
  source: number,
  id: string | undefined,
): void {
  for (let p = 0; p < 3; p++) {
    const v = current === undefined ? undefined : phaseValue(current, p, Number.POSITIVE_INFINITY);
    lower(target.caps, target.sources, target.ids, node * 4 + p, v, source, id);
  }
  lower(target.caps, target.sources, target.ids, node * 4 + 3, power, source, id);
}

/**
 * Effective limits at `t`: each node's own (after its changes) ∩ every external limit in force ∩ every
 * demand-response cap in force. A relative reduction cuts the node's import power limit as it stands before
 * demand response (the power limit, or the three phase limits at the node voltage).
 *
 * @throws ChargekitError `INVALID_ARGUMENT` for a reduction on a node without a complete import limit.
 */
export function effectiveLimits(
  topology: Topology,
  problem: AllocationProblem,
  t: Instant,
  workspace: Workspace,
): EffectiveLimits {
  const own = ownLimits(topology);
  const importCap = workspace.f64("limits.importCap", own.importCap.length);
  importCap.set(own.importCap);
  const exportCap = workspace.f64("limits.exportCap", own.exportCap.length);
  exportCap.set(own.exportCap);
  const importSource = workspace.u8("limits.importSource", importCap.length, true);
  const exportSource = workspace.u8("limits.exportSource", exportCap.length, true);
  const importSourceId: (string | undefined)[] = [];
  const exportSourceId: (string | undefined)[] = [];
  const imports = { caps: importCap, sources: importSource, ids: importSourceId };
  const exports = { caps: exportCap, sources: exportSource, ids: exportSourceId };
  const base = workspace.f64("limits.base", own.base.length);
  base.set(own.base);
  const minimumOnly: (string | undefined)[] = [];
  for (const index of own.changing) {
    const state = nodeStateAt(topology.nodes[index] as SiteNode, t);
    for (let k = 0; k < 4; k++) {
      importCap[index * 4 + k] = Number.POSITIVE_INFINITY;
      exportCap[index * 4 + k] = Number.POSITIVE_INFINITY;
    }
    applyOwn(imports, exports, base, index, state.limits, state.baseLoad);
  }

  const externals = [...(problem.externalLimits ?? [])]
    .filter((x) => (x.from ?? Number.NEGATIVE_INFINITY) <= t && t < (x.until ?? Number.POSITIVE_INFINITY))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const external of externals) {
    const node = topology.nodeIndex.get(external.node);
    if (node === undefined) {
      throw new ChargekitError("INVALID_ARGUMENT", `external limit "${external.id}" names an unknown node`, {
        details: { externalLimit: external.id, node: external.node },
      });
    }
    const l = external.limits;
    applyLimits(imports, node, l.importCurrent, l.importPower, SOURCE_EXTERNAL, external.id);
    applyLimits(exports, node, l.exportCurrent, l.exportPower, SOURCE_EXTERNAL, external.id);
  }

  const events = [...(problem.demandResponse ?? [])]
    .filter((e) => e.start <= t && t < e.end)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // reductions are taken from the limits as they stand before any event
  const reference = events.map((event) => {
    const node = topology.nodeIndex.get(event.node);
    if (node === undefined) {
      throw new ChargekitError("INVALID_ARGUMENT", `demand-response event "${event.id}" names an unknown node`, {
        details: { event: event.id, node: event.node },
      });
    }
    return { node, power: importPowerCapacity(importCap, topology.nodeVoltage, node) };
  });
  const activeEvents: ActiveEvent[] = [];
  events.forEach((event, k) => {
    const { node, power } = reference[k] as { node: number; power: number | undefined };
    const action = actionOf(event, problem.settings?.simpleLevels);
    const exporting = event.direction === "export";
    if ("minimumOnly" in action) {
      if (!exporting) minimumOnly[node] ??= event.id;
      activeEvents.push({ event, node, action });
      return;
    }
    let cap: number;
    if ("capKw" in action) cap = action.capKw * 1000;
    else if (action.reduction === 0 && power === undefined) {
      activeEvents.push({ event, node, action });
      return;
    } else {
      if (exporting || power === undefined) {
        throw new ChargekitError(
          "INVALID_ARGUMENT",
          `demand-response event "${event.id}" asks for a relative reduction on node "${event.node}", which has no complete import limit to reduce`,
          { details: { event: event.id, node: event.node } },
        );
      }
      cap = Math.max(0, (1 - action.reduction) * power);
    }
    if (exporting) lower(exportCap, exportSource, exportSourceId, node * 4 + 3, cap, SOURCE_EVENT, event.id);
    else lower(importCap, importSource, importSourceId, node * 4 + 3, cap, SOURCE_EVENT, event.id);
    activeEvents.push({ event, node, action, cap });
  });

  return {
    importCap,
    exportCap,
    importSource,
    exportSource,
    importSourceId,
    exportSourceId,
    base,
    minimumOnly,
    activeEvents,
  };
}

/** A node's import power capacity from its limits: the power limit, or the three phase currents at its voltage. */
function importPowerCapacity(caps: Float64Array, voltage: Float64Array, node: number): number | undefined {
  const power = caps[node * 4 + 3] ?? Number.POSITIVE_INFINITY;
  let total = 0;
  for (let p = 0; p < 3; p++) total += (caps[node * 4 + p] ?? Number.POSITIVE_INFINITY) * (voltage[node] ?? 0);
  const capacity = Math.min(power, total);
  return Number.isFinite(capacity) ? capacity : undefined;
}

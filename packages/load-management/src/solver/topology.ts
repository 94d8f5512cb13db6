import {
  ChargekitError,
  DEFAULT_NOMINAL_VOLTAGE,
  gridPhaseOf,
  gridPhasesUsed,
  PHASES,
  type Phase,
  type PhaseCount,
  type PhaseRotation,
} from "@chargekit/core";
import type { Connector, Site, SiteNode } from "../model/site.js";
import { type Grid, setGrid, stepGrid } from "./quantizer.js";
import type { WorkspacePool } from "./workspace.js";

/** Default line-to-line voltage of a `wiring: "line-to-line"` AC connector. */
export const DEFAULT_LINE_TO_LINE_VOLTAGE = 400;

/** Electrical facts of one connector that do not depend on the session or the instant. */
export interface ConnectorInfo {
  readonly spec: Connector;
  /** Index of the connector in id order. */
  readonly index: number;
  /** Index of the connector's node. */
  readonly node: number;
  readonly unit: "A" | "W";
  readonly voltage: number;
  readonly rotation: PhaseRotation;
  /** Loading per number of EV phases (index 0: as wired; 1–3: that many phases). */
  readonly loadings: (Loading | undefined)[];
  /** Grid of charging setpoints. */
  readonly importGrid: Grid;
  /** Grid of discharging setpoints. */
  readonly exportGrid: Grid;
}

/** The site tree in index form: nodes sorted by id, parents, depths and connectors by id. */
export interface Topology {
  readonly nodeIds: readonly string[];
  readonly nodes: readonly SiteNode[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  /** Parent index per node, −1 for the root. */
  readonly parent: Int32Array;
  /** Node voltage (phase-to-neutral) per node. */
  readonly nodeVoltage: Float64Array;
  readonly connectors: ReadonlyMap<string, ConnectorInfo>;
  /** Node indexes with every parent before its children. */
  readonly topDown: Int32Array;
  /** Connectors in id order (the order of every output list). */
  readonly connectorList: readonly ConnectorInfo[];
  /** Node index per connector (id order). */
  readonly connectorNode: Int32Array;
  /** Scratch memory kept between rounds on this site. */
  readonly pool: WorkspacePool;
}

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function fail(message: string, details: Record<string, unknown> = {}): never {
  throw new ChargekitError("INVALID_ARGUMENT", message, { details });
}

/**
 * Indexes the site: nodes sorted by id (the canonical order every later sum follows), parent links checked for a
 * single root and no cycle, connectors attached to existing nodes.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` naming the first broken reference.
 */
export function prepareTopology(site: Site): Topology {
  const nodes = [...site.nodes].sort(byId);
  const nodeIndex = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (nodeIndex.has(node.id)) fail(`node id "${node.id}" is used twice`, { node: node.id });
    nodeIndex.set(node.id, index);
  });
  const parent = new Int32Array(nodes.length);
  const nodeVoltage = new Float64Array(nodes.length);
  let roots = 0;
  nodes.forEach((node, index) => {
    nodeVoltage[index] = node.voltage ?? DEFAULT_NOMINAL_VOLTAGE;
    if (node.parent === undefined) {
      parent[index] = -1;
      roots++;
      return;
    }
    const p = nodeIndex.get(node.parent);
    if (p === undefined) fail(`node "${node.id}" names an unknown parent "${node.parent}"`, { node: node.id });
    parent[index] = p;
  });
  if (nodes.length > 0 && roots !== 1) fail(`the site needs exactly one root node, found ${roots}`, { roots });
  checkAcyclic(nodes, parent);
  const connectors = new Map<string, ConnectorInfo>();
  for (const spec of [...site.connectors].sort(byId)) {
    if (connectors.has(spec.id)) fail(`connector id "${spec.id}" is used twice`, { connector: spec.id });
    const node = nodeIndex.get(spec.node);
    if (node === undefined) fail(`connector "${spec.id}" names an unknown node "${spec.node}"`, { connector: spec.id });
    const max = spec.kind === "AC" ? spec.maxCurrent : spec.maxPower;
    if (!(max >= 0 && max < Number.POSITIVE_INFINITY))
      fail(`connector "${spec.id}" needs a finite maximum ≥ 0`, { connector: spec.id });
    if (spec.step !== undefined && !(spec.step > 0 && spec.step < Number.POSITIVE_INFINITY)) {
      fail(`connector "${spec.id}" needs a positive finite step`, { connector: spec.id });
    }
    const lineToLine = spec.kind === "AC" && spec.wiring === "line-to-line";
    if (lineToLine && (spec.phases ?? 1) !== 1) {
      fail(`connector "${spec.id}" is wired line-to-line, which takes phases: 1`, { connector: spec.id });
    }
    const voltage = spec.voltage ?? (lineToLine ? DEFAULT_LINE_TO_LINE_VOLTAGE : DEFAULT_NOMINAL_VOLTAGE);
    const ac = spec.kind === "AC";
    const info: ConnectorInfo = {
      spec,
      index: connectors.size,
      node,
      unit: ac ? "A" : "W",
      voltage,
      rotation: spec.rotation ?? "RST",
      loadings: [],
      importGrid: ac && spec.allowed !== undefined ? setGrid(spec.allowed) : stepGrid(spec.step ?? (ac ? 0.1 : 1)),
      exportGrid: stepGrid(spec.step ?? (ac ? 0.1 : 1)),
    };
    info.loadings[0] = computeLoading(info, undefined);
    if (ac && !lineToLine) {
      for (let k = 1; k <= (spec.phases ?? 3); k++) info.loadings[k] = computeLoading(info, k as PhaseCount);
    }
    connectors.set(spec.id, info);
  }
  return {
    nodeIds: nodes.map((n) => n.id),
    nodes,
    nodeIndex,
    parent,
    nodeVoltage,
    connectors,
    topDown: topDownOrder(parent),
    connectorList: [...connectors.values()],
    connectorNode: Int32Array.from(connectors.values(), (c) => c.node),
    pool: { idle: [] },
  };
}

/** Node indexes ordered so that every parent comes before its children (breadth first from the root). */
function topDownOrder(parent: Int32Array): Int32Array {
  const n = parent.length;
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number;
    if (p >= 0) childCount[p + 1] = (childCount[p + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++) childCount[i + 1] = (childCount[i + 1] as number) + (childCount[i] as number);
  const children = new Int32Array(n);
  const fill = childCount.slice(0, n);
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number;
    if (p >= 0) {
      children[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  const order = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (parent[i] === -1) order[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const node = order[head] as number;
    for (let k = childCount[node] as number; k < (childCount[node + 1] as number); k++)
      order[tail++] = children[k] as number;
  }
  return order;
}

function checkAcyclic(nodes: readonly SiteNode[], parent: Int32Array): void {
  // 0 = unseen, 1 = on the current walk, 2 = reaches the root
  const state = new Uint8Array(nodes.length);
  const walk: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    let at = start;
    while (at !== -1 && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      at = parent[at] ?? -1;
    }
    if (at !== -1 && state[at] === 1) fail(`the site has a cycle through node "${nodes[at]?.id}"`);
    for (const visited of walk) state[visited] = 2;
    walk.length = 0;
  }
}

/**
 * How one session's current loads the grid: per grid phase a coefficient (A of grid current per unit of
 * setpoint), the power per unit of setpoint, and the fairness scale (setpoint units per A-equivalent).
 */
export interface Loading {
  /** Grid phases loaded (indexes into PHASES). */
  readonly phases: readonly number[];
  /** Grid current per setpoint unit on each of those phases. */
  readonly phaseCoef: number;
  /** Power (W) per setpoint unit. */
  readonly powerCoef: number;
  /** Setpoint units per ampere of per-phase grid current: 1 for AC, V × phases for DC. */
  readonly scale: number;
  /** AC phases the EV uses (for the schedule's `numberPhases`). */
  readonly evPhases?: PhaseCount;
  /** The loaded phases as bits (1: L1, 2: L2, 4: L3). */
  readonly bits: number;
}

const PHASE_INDEX: Readonly<Record<Phase, number>> = { L1: 0, L2: 1, L3: 2 };

/**
 * The loading of a session that uses `evPhases` phases (AC; ignored for DC) on a connector.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` when the EV uses more phases than the connector has.
 */
export function loadingOf(info: ConnectorInfo, evPhases: PhaseCount | undefined): Loading {
  const cached =
    info.loadings[evPhases ?? 0] ??
    (info.spec.kind === "AC" && info.spec.wiring !== "line-to-line" ? undefined : info.loadings[0]);
  return cached ?? computeLoading(info, evPhases);
}

function computeLoading(info: ConnectorInfo, evPhases: PhaseCount | undefined): Loading {
  const spec = info.spec;
  if (spec.kind === "DC") {
    const k = spec.gridPhases ?? 3;
    const phases = gridPhasesUsed(info.rotation, k).map((p) => PHASE_INDEX[p]);
    return { phases, phaseCoef: 1 / (info.voltage * k), powerCoef: 1, scale: info.voltage * k, bits: bitsOf(phases) };
  }
  if (spec.wiring === "line-to-line") {
    const phases = [gridPhaseOf(info.rotation, "L1"), gridPhaseOf(info.rotation, "L2")].map((p) => PHASE_INDEX[p]);
    return { phases, phaseCoef: 1, powerCoef: info.voltage, scale: 1, bits: bitsOf(phases), evPhases: 1 };
  }
  const wired = spec.phases ?? 3;
  const used = evPhases ?? wired;
  if (used > wired) fail(`a session uses ${used} phases on connector "${spec.id}", which has ${wired}`);
  const phases = gridPhasesUsed(info.rotation, used).map((p) => PHASE_INDEX[p]);
  return { phases, phaseCoef: 1, powerCoef: info.voltage * used, scale: 1, bits: bitsOf(phases), evPhases: used };
}

function bitsOf(phases: readonly number[]): number {
  let bits = 0;
  for (const p of phases) bits |= 1 << p;
  return bits;
}

/** The grid phase names, by index. */
export const PHASE_NAMES: readonly Phase[] = PHASES;

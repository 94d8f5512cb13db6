// The verifier's own reading of limits at an instant (no code shared with the solver).
import type { DemandResponseAction } from "../model/demand-response.js";
import type { AllocationProblem } from "../model/problem.js";
import type { NodeLimits, PhaseValues, SiteNode } from "../model/site.js";

/** A limit's origin, to check `limitedBy`. */
export type VSource =
  | { readonly kind: "own" }
  | { readonly kind: "external"; readonly id: string }
  | { readonly kind: "event"; readonly id: string };

/** One capped quantity of a node: a phase current or the total power, import or export. */
export interface VCap {
  readonly value: number;
  readonly source: VSource;
}

/** Caps of one node: keys "import:L1" … "import:total", "export:L1" … "export:total". */
export type NodeCaps = Map<string, VCap>;

/** Everything about limits at one instant. */
export interface LimitsAt {
  readonly caps: ReadonlyMap<string, NodeCaps>;
  /** Base load per node, [L1, L2, L3] in A. */
  readonly base: ReadonlyMap<string, readonly [number, number, number]>;
  /** Node id → the first (by id) minimum-only event in force on it. */
  readonly minimumOnly: ReadonlyMap<string, string>;
}

const PHASE_KEYS = ["L1", "L2", "L3"] as const;
const DEFAULT_LEVELS: Record<0 | 1 | 2 | 3, DemandResponseAction> = {
  0: { reduction: 0 },
  1: { reduction: 0.3 },
  2: { reduction: 0.6 },
  3: { minimumOnly: true },
};

function perPhase(values: PhaseValues | undefined): (number | undefined)[] {
  if (values === undefined) return [undefined, undefined, undefined];
  if (typeof values === "number") return [values, values, values];
  return [values.L1, values.L2, values.L3];
}

function latest(node: SiteNode, t: number) {
  let limits: NodeLimits | undefined = node.limits;
  let base: PhaseValues | undefined = node.baseLoad;
  const changes = [...(node.changes ?? [])].filter((c) => c.from <= t).sort((a, b) => a.from - b.from);
  for (const c of changes) {
    if (c.limits !== undefined) limits = c.limits;
    if (c.baseLoad !== undefined) base = c.baseLoad;
  }
  return { limits, base };
}

function tighten(caps: NodeCaps, key: string, value: number | undefined, source: VSource): void {
  if (value === undefined) return;
  const now = caps.get(key);
  if (now === undefined || value < now.value) caps.set(key, { value, source });
}

function applyLimits(caps: NodeCaps, limits: NodeLimits, source: VSource): void {
  const imp = perPhase(limits.importCurrent);
  const exp = perPhase(limits.exportCurrent);
  PHASE_KEYS.forEach((p, k) => {
    tighten(caps, `import:${p}`, imp[k], source);
    tighten(caps, `export:${p}`, exp[k], source);
  });
  tighten(caps, "import:total", limits.importPower, source);
  tighten(caps, "export:total", limits.exportPower, source);
}

/** The verifier's effective limits at `t`. */
export function limitsAt(problem: AllocationProblem, t: number): LimitsAt {
  const caps = new Map<string, NodeCaps>();
  const base = new Map<string, readonly [number, number, number]>();
  const voltage = new Map<string, number>();
  for (const node of problem.site.nodes) {
    const state = latest(node, t);
    const own: NodeCaps = new Map();
    if (state.limits !== undefined) applyLimits(own, state.limits, { kind: "own" });
    caps.set(node.id, own);
    const b = perPhase(state.base);
    base.set(node.id, [b[0] ?? 0, b[1] ?? 0, b[2] ?? 0]);
    voltage.set(node.id, node.voltage ?? 230);
  }
  const externals = (problem.externalLimits ?? []).filter(
    (x) => (x.from === undefined || x.from <= t) && (x.until === undefined || t < x.until),
  );
  externals.sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const x of externals) {
    const target = caps.get(x.node);
    if (target !== undefined) applyLimits(target, x.limits, { kind: "external", id: x.id });
  }
  const capacity = new Map<string, number | undefined>();
  for (const [id, nodeCaps] of caps) {
    const total = nodeCaps.get("import:total")?.value ?? Number.POSITIVE_INFINITY;
    const v = voltage.get(id) ?? 230;
    let phases = 0;
    for (const p of PHASE_KEYS) phases += (nodeCaps.get(`import:${p}`)?.value ?? Number.POSITIVE_INFINITY) * v;
    const c = Math.min(total, phases);
    capacity.set(id, Number.isFinite(c) ? c : undefined);
  }
  const minimumOnly = new Map<string, string>();
  const events = (problem.demandResponse ?? []).filter((e) => e.start <= t && t < e.end);
  events.sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const e of events) {
    const action = "level" in e.signal ? (problem.settings?.simpleLevels ?? DEFAULT_LEVELS)[e.signal.level] : e.signal;
    const target = caps.get(e.node);
    if (target === undefined) continue;
    const dir = e.direction ?? "import";
    if ("minimumOnly" in action) {
      if (dir === "import" && !minimumOnly.has(e.node)) minimumOnly.set(e.node, e.id);
      continue;
    }
    const cap =
      "capKw" in action
        ? action.capKw * 1000
        : Math.max(0, (1 - action.reduction) * (capacity.get(e.node) ?? Number.NaN));
    if (Number.isNaN(cap)) continue;
    tighten(target, `${dir}:total`, cap, { kind: "event", id: e.id });
  }
  return { caps, base, minimumOnly };
}

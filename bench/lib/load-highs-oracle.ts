// The weighted max-min allocation by iterated linear programs in HiGHS: the optimality oracle and speed peer of the
// load-management benchmark. It reads the problem itself (no chargekit solver code): admission of minimums in
// priority/arrival/id order, then per priority class "maximise t subject to x_i ≥ lo_i + w_i·t for the unfrozen",
// freezing the sessions of every constraint that is tight at the optimum (and those at their maximum), until none is
// left. Supports AC line-to-neutral connectors, node current limits and base load (what randomSite generates).

import type { AllocationProblem } from "@chargekit/load-management";
import * as highsModule from "highs";

type Highs = import("highs").Highs;
// highs ships CommonJS types for an ES module build: take the loader from the namespace either way
const loadHighs = ((highsModule as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;
const LETTER: Record<string, number> = { R: 0, S: 1, T: 2 };

/** The continuous allocation per connector id, and how many LPs it took. */
export interface OracleResult {
  readonly values: Map<string, number>;
  readonly lps: number;
  /** LPs HiGHS had to solve again from scratch after a warm start failed. */
  readonly retries: number;
}

export async function loadOracle(): Promise<Highs> {
  return loadHighs();
}

export function highsMaxMin(highs: Highs, problem: AllocationProblem, at: number): OracleResult {
  const nodes = problem.site.nodes;
  const parent = new Map(nodes.map((n) => [n.id, n.parent]));
  const chain = (id: string) => {
    const out: string[] = [];
    for (let at2: string | undefined = id; at2 !== undefined; at2 = parent.get(at2)) out.push(at2);
    return out;
  };
  // rows: node × phase with a finite current limit
  const rowIndex = new Map<string, number>();
  const cap: number[] = [];
  for (const n of nodes) {
    const c = n.limits?.importCurrent;
    if (c === undefined) continue;
    for (const [p, name] of (["L1", "L2", "L3"] as const).entries()) {
      const v = typeof c === "number" ? c : c[name];
      if (v === undefined) continue;
      rowIndex.set(`${n.id}/${p}`, cap.length);
      cap.push(v);
    }
  }
  const base = cap.map(() => 0);
  for (const n of nodes) {
    const b = n.baseLoad;
    if (b === undefined) continue;
    for (const [p, name] of (["L1", "L2", "L3"] as const).entries()) {
      const v = typeof b === "number" ? b : (b[name] ?? 0);
      for (const up of chain(n.id)) {
        const j = rowIndex.get(`${up}/${p}`);
        if (j !== undefined) base[j] = (base[j] ?? 0) + v;
      }
    }
  }
  const connectors = new Map(problem.site.connectors.map((c) => [c.id, c]));
  interface Item {
    id: string;
    connector: string;
    lo: number;
    hi: number;
    w: number;
    priority: number;
    arrival: number;
    rows: number[];
  }
  const items: Item[] = [];
  for (const s of problem.sessions) {
    if (!(s.arrival <= at && (s.departure === undefined || at < s.departure))) continue;
    const c = connectors.get(s.connector);
    if (c === undefined || c.kind !== "AC") throw new Error("the oracle handles AC connectors only");
    const used = s.phases ?? c.phases ?? 3;
    const rotation = c.rotation ?? "RST";
    const phases = [0, 1, 2].slice(0, used).map((k) => LETTER[rotation.charAt(k)] ?? 0);
    const rows: number[] = [];
    for (const up of chain(c.node)) {
      for (const p of phases) {
        const j = rowIndex.get(`${up}/${p}`);
        if (j !== undefined) rows.push(j);
      }
    }
    const lo = Math.max(c.minCurrent ?? 6, s.minCurrent ?? 0);
    const hi = Math.min(c.maxCurrent, s.maxCurrent ?? Number.POSITIVE_INFINITY);
    items.push({
      id: s.id,
      connector: c.id,
      lo,
      hi,
      w: s.weight ?? 1,
      priority: s.priority ?? 0,
      arrival: s.arrival,
      rows,
    });
  }
  items.sort((a, b) => b.priority - a.priority || a.arrival - b.arrival || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // admission: minimums in order, while they fit
  const used = base.slice();
  const admitted = items.filter((it) => {
    if (!(it.lo <= it.hi)) return false;
    if (it.rows.some((j) => (used[j] ?? 0) + it.lo > (cap[j] ?? 0) + 1e-9)) return false;
    for (const j of it.rows) used[j] = (used[j] ?? 0) + it.lo;
    return true;
  });
  const values = new Map<string, number>(items.map((it) => [it.connector, 0]));
  const n = admitted.length;
  // columns: x_0..x_{n-1}, t; rows: limits (only those with an admitted member), then one link row per item
  const liveRows = [...new Set(admitted.flatMap((it) => it.rows))].sort((a, b) => a - b);
  const liveIndex = new Map(liveRows.map((j, k) => [j, k]));
  const m = liveRows.length;
  const starts = [0];
  const indices: number[] = [];
  const coefs: number[] = [];
  admitted.forEach((it, i) => {
    for (const j of it.rows) {
      indices.push(liveIndex.get(j) ?? 0);
      coefs.push(1);
    }
    indices.push(m + i); // link row: x_i − w_i t ≥ lo_i
    coefs.push(1);
    starts.push(indices.length);
  });
  admitted.forEach((it, i) => {
    indices.push(m + i);
    coefs.push(-it.w);
  });
  starts.push(indices.length);
  const inf = highs.infinity;
  const x = new Float64Array(n);
  admitted.forEach((it, i) => {
    x[i] = it.lo;
  });
  const frozen = new Uint8Array(n);
  let lps = 0;
  let retries = 0;
  const model = highs.createModel({
    numCols: n + 1,
    numRows: m + n,
    sense: highs.constants.objectiveSense.maximize,
    colCost: [...new Array(n).fill(0), 1],
    colLower: [...admitted.map((it) => it.lo), 0],
    colUpper: [...admitted.map((it) => it.lo), inf],
    rowLower: [...new Array(m).fill(-inf), ...new Array(n).fill(-inf)],
    rowUpper: [...liveRows.map((j) => (cap[j] ?? 0) - (base[j] ?? 0)), ...new Array(n).fill(inf)],
    matrix: { format: "csc", numRows: m + n, numCols: n + 1, starts, indices, values: coefs },
  });
  try {
    model.options.set({ output_flag: false, presolve: "off" });
    let start = 0;
    while (start < n) {
      const priority = admitted[start]?.priority;
      let end = start;
      while (end < n && admitted[end]?.priority === priority) end++;
      const active: number[] = [];
      for (let i = start; i < end; i++) {
        const it = admitted[i] as Item;
        if (it.hi > it.lo) {
          active.push(i);
          model.changeColBounds(i, it.lo, it.hi);
          model.changeRowBounds(m + i, it.lo, inf);
        } else frozen[i] = 1;
      }
      while (active.length > 0) {
        try {
          model.run();
        } catch {
          // a warm start gone numerically bad: solve this LP again from scratch
          retries++;
          model.clearSolver();
          model.run();
        }
        lps++;
        const solution = model.getSolution();
        const t = solution.colValue[n] ?? 0;
        // the least solution at level t, then the constraints it makes tight
        const load = liveRows.map((j) => base[j] ?? 0);
        for (let i = 0; i < n; i++) {
          const it = admitted[i] as Item;
          const v = frozen[i] === 1 || i < start || i >= end ? (x[i] ?? 0) : Math.min(it.hi, it.lo + it.w * t);
          for (const j of it.rows) {
            const k = liveIndex.get(j) ?? 0;
            load[k] = (load[k] ?? 0) + v;
          }
        }
        const tight = liveRows.map((j, k) => (cap[j] ?? 0) - (load[k] ?? 0) <= 1e-7 * Math.max(1, cap[j] ?? 0));
        const still: number[] = [];
        for (const i of active) {
          const it = admitted[i] as Item;
          const v = Math.min(it.hi, it.lo + it.w * t);
          const stuck = v >= it.hi - 1e-9 || it.rows.some((j) => tight[liveIndex.get(j) ?? 0]);
          if (stuck) {
            frozen[i] = 1;
            x[i] = v;
            model.changeColBounds(i, v, v);
            model.changeRowBounds(m + i, -inf, inf);
          } else still.push(i);
        }
        if (still.length === active.length) throw new Error("the oracle made no progress");
        active.length = 0;
        active.push(...still);
      }
      start = end;
    }
  } finally {
    model.dispose();
  }
  admitted.forEach((it, i) => {
    values.set(it.connector, x[i] ?? 0);
  });
  return { values, lps, retries };
}

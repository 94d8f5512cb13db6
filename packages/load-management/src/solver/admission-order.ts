import type { Session } from "../model/session.js";
import type { SessionTable } from "./present.js";
import { createPairs, growPairs, type Pairs, sortPairs } from "./radix-sort.js";
import type { Workspace } from "./workspace.js";

/**
 * What a workspace keeps of the admission order of one direction between rounds: the order, the keys it was worked
 * out from (per connector), and which connectors were placed anew in the last round.
 */
export interface OrderState {
  /** The order (connector indexes), valid until the next round of the workspace. */
  order: Int32Array;
  /** Counts the rounds: the changes below are those since round `generation − 1`. */
  generation: number;
  /**
   * Per connector, 1 when it joined or left the order in the last round or any key of it changed (it was placed
   * anew); every other member kept its key and its place relative to the other kept members.
   */
  readonly moved: Uint8Array;
  /** The connectors with `moved` set. */
  readonly movedList: number[];
  /** Per connector, 1 when it is in the order, and the keys it was placed by. */
  readonly member: Uint8Array;
  readonly priority: Float64Array;
  readonly orderKey: Float64Array;
  readonly sticky: Uint8Array;
  readonly arrival: Float64Array;
  /** The session objects and their ids (an object seen again is compared by identity, else by id). */
  readonly session: (Session | undefined)[];
  readonly id: (string | undefined)[];
  /** The two buffers the order lives in by turns (a new order is written in the one the last is not in). */
  readonly buffers: [Int32Array, Int32Array];
  /** Which buffer holds `order`. */
  current: number;
}

/** The workspace's order state of a direction (`tag`), undefined when the workspace does not last. */
export function orderStateOf(workspace: Workspace, tag: string): OrderState | undefined {
  return workspace.memo.get(`${tag}.orderState`) as OrderState | undefined;
}

function createState(count: number): OrderState {
  return {
    order: new Int32Array(0),
    generation: 0,
    moved: new Uint8Array(count),
    movedList: [],
    member: new Uint8Array(count),
    priority: new Float64Array(count),
    orderKey: new Float64Array(count),
    sticky: new Uint8Array(count),
    arrival: new Float64Array(count),
    session: new Array<Session | undefined>(count).fill(undefined),
    id: new Array<string | undefined>(count).fill(undefined),
    buffers: [new Int32Array(0), new Int32Array(0)],
    current: 0,
  };
}

/**
 * Connector indexes of the table's active sessions of one direction, in admission order: priority (high first),
 * policy key, previously admitted first, arrival, session id, connector. A workspace that lasts keeps the order and
 * its keys: a round where few sessions came, went or changed a key only takes those out and puts them back in by
 * binary search (the other sessions keep their places relative to each other: their keys did not change); other
 * rounds sort ({@link sortedOrder}). The result is the same either way.
 */
export function admissionOrder(table: SessionTable, exporting: number, workspace: Workspace, tag: string): Int32Array {
  const count = table.active.length;
  const picked = workspace.i32(`${tag}.picked`, count);
  const { arrival, active, priority, orderKey, sticky, session } = table;
  const direction = table.exporting;
  let state = workspace.lasting ? orderStateOf(workspace, tag) : undefined;
  if (workspace.lasting && (state === undefined || state.member.length !== count)) {
    state = createState(count);
    workspace.memo.set(`${tag}.orderState`, state);
  }
  if (state !== undefined) {
    for (const c of state.movedList) state.moved[c] = 0;
    state.movedList.length = 0;
    state.generation++;
  }
  let np = 0;
  let minArrival = Number.POSITIVE_INFINITY;
  let maxArrival = Number.NEGATIVE_INFINITY;
  // whether the sort's keys are exact (safe integer arrivals) and its comparisons consistent (no NaN key)
  let exact = true;
  for (let c = 0; c < count; c++) {
    const now = active[c] === 1 && direction[c] === exporting;
    if (now) {
      picked[np++] = c;
      const t = arrival[c] as number;
      if (t < minArrival) minArrival = t;
      if (t > maxArrival) maxArrival = t;
      if (!Number.isSafeInteger(t) || Number.isNaN(priority[c]) || Number.isNaN(orderKey[c])) exact = false;
    }
    if (state === undefined) continue;
    const was = state.member[c] === 1;
    if (!now && !was) continue;
    if (
      now !== was ||
      priority[c] !== state.priority[c] ||
      orderKey[c] !== state.orderKey[c] ||
      sticky[c] !== state.sticky[c] ||
      arrival[c] !== state.arrival[c] ||
      (session[c] !== state.session[c] && session[c]?.id !== state.id[c])
    ) {
      state.moved[c] = 1;
      state.movedList.push(c);
    }
  }
  if (state === undefined) return sortedOrder(table, picked.subarray(0, np), minArrival, maxArrival, workspace, tag);
  const moved = state.movedList;
  if (moved.length === 0) return state.order;
  // a comparator sort (wide arrivals) compares exactly; the radix sort does when arrivals are safe integers
  const patchable = exact || !(maxArrival - minArrival < 2 ** 52);
  if (patchable && moved.length <= 8 + (np >> 3)) patch(state, table, exporting, np, workspace.i32(`${tag}.kept`, np));
  else nextOrder(state, np).set(sortedOrder(table, picked.subarray(0, np), minArrival, maxArrival, workspace, tag));
  for (const c of moved) {
    const now = active[c] === 1 && direction[c] === exporting;
    state.member[c] = now ? 1 : 0;
    state.priority[c] = priority[c] as number;
    state.orderKey[c] = orderKey[c] as number;
    state.sticky[c] = sticky[c] as number;
    state.arrival[c] = arrival[c] as number;
    state.session[c] = now ? session[c] : undefined;
    state.id[c] = now ? session[c]?.id : undefined;
  }
  return state.order;
}

/**
 * The admission order comparison of connectors a and b by the table's keys: priority (high first), policy key,
 * stickiness, arrival, session id, connector index.
 */
function compare(table: SessionTable, a: number, b: number): number {
  const pa = table.priority[a] as number;
  const pb = table.priority[b] as number;
  if (pa !== pb) return pa > pb ? -1 : 1;
  const ka = table.orderKey[a] as number;
  const kb = table.orderKey[b] as number;
  if (ka !== kb) return ka < kb ? -1 : 1;
  const sa = table.sticky[a] as number;
  const sb = table.sticky[b] as number;
  if (sa !== sb) return sb - sa;
  const ta = table.arrival[a] as number;
  const tb = table.arrival[b] as number;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = table.session[a]?.id ?? "";
  const ib = table.session[b]?.id ?? "";
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a - b;
}

/** Makes the buffer `order` is not in hold the next order (`np` long) and returns it. */
function nextOrder(state: OrderState, np: number): Int32Array {
  const next = 1 - state.current;
  if ((state.buffers[next] as Int32Array).length < np) state.buffers[next] = new Int32Array(np + (np >> 2));
  state.current = next;
  state.order = (state.buffers[next] as Int32Array).subarray(0, np);
  return state.order;
}

/** The new order from the old one: the moved connectors taken out, the present ones put back in by binary search. */
function patch(state: OrderState, table: SessionTable, exporting: number, np: number, kept: Int32Array): void {
  const old = state.order;
  let keptCount = 0;
  for (let k = 0; k < old.length; k++) {
    const c = old[k] as number;
    if (state.moved[c] === 0) kept[keptCount++] = c;
  }
  const incoming: number[] = [];
  for (const c of state.movedList) if (table.active[c] === 1 && table.exporting[c] === exporting) incoming.push(c);
  incoming.sort((a, b) => compare(table, a, b));
  const out = nextOrder(state, np);
  let from = 0;
  let at = 0;
  for (const c of incoming) {
    let lo = from;
    let hi = keptCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(table, kept[mid] as number, c) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.set(kept.subarray(from, lo), at);
    at += lo - from;
    from = lo;
    out[at++] = c;
  }
  out.set(kept.subarray(from, keptCount), at);
}

/**
 * The admission order of the picked connectors, sorted. Sessions are grouped by (priority, policy key, stickiness) —
 * few groups — and radix-sorted by (arrival, index); ties of arrival are then put in session id order. Arrivals
 * spread over more than 2^52 ms fall back to a comparator sort.
 */
function sortedOrder(
  table: SessionTable,
  picked: Int32Array,
  minArrival: number,
  maxArrival: number,
  workspace: Workspace,
  tag: string,
): Int32Array {
  const count = table.active.length;
  const np = picked.length;
  const { priority, orderKey, sticky, arrival, session } = table;
  const byId = (a: number, b: number) => {
    const ia = session[a]?.id ?? "";
    const ib = session[b]?.id ?? "";
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  const groupOrder = (a: number, b: number) => {
    const p = (priority[b] as number) - (priority[a] as number);
    if (p !== 0) return p;
    const ka = orderKey[a] as number;
    const kb = orderKey[b] as number;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return (sticky[b] as number) - (sticky[a] as number);
  };
  // arrivals as exact keys above the earliest (a wider range than 2^52 ms falls back to comparisons)
  if (np > 0 && !(maxArrival - minArrival < 2 ** 52)) {
    const list = Array.from(picked);
    list.sort((a, b) => groupOrder(a, b) || (arrival[a] as number) - (arrival[b] as number) || byId(a, b));
    return Int32Array.from(list);
  }
  // group by (priority, policy key, stickiness), groups in order
  const groupOf = workspace.i32(`${tag}.groupOf`, count);
  const heads: number[] = [];
  const sizes: number[] = [];
  const byPriority = new Map<number, Map<number, [number, number]>>();
  for (let k = 0; k < np; k++) {
    const c = picked[k] as number;
    const p = priority[c] as number;
    let byKey = byPriority.get(p);
    if (byKey === undefined) {
      byKey = new Map();
      byPriority.set(p, byKey);
    }
    const policyKey = orderKey[c] as number;
    let pair = byKey.get(policyKey);
    if (pair === undefined) {
      pair = [-1, -1];
      byKey.set(policyKey, pair);
    }
    const s = sticky[c] as number;
    let group = pair[s] as number;
    if (group === -1) {
      group = heads.length;
      pair[s] = group;
      heads.push(c);
      sizes.push(0);
    }
    groupOf[c] = group;
    sizes[group] = (sizes[group] as number) + 1;
  }
  const rank = heads.map((_, g) => g).sort((a, b) => groupOrder(heads[a] as number, heads[b] as number));
  const groups = rank.length;
  const rankOf = new Int32Array(groups);
  for (let r = 0; r < groups; r++) rankOf[rank[r] as number] = r;
  // all of them by (arrival, connector) — picked in connector order, the sort keeps it for equal arrivals — then
  // stably into their group's place
  let pairs = workspace.memo.get(`${tag}.pairs`) as Pairs | undefined;
  if (pairs === undefined) {
    pairs = createPairs(np);
    workspace.memo.set(`${tag}.pairs`, pairs);
  } else growPairs(pairs, np, 0);
  for (let k = 0; k < np; k++) {
    const c = picked[k] as number;
    pairs.keys[k] = (arrival[c] as number) - minArrival;
    pairs.ids[k] = c;
  }
  sortPairs(pairs, np);
  const fill = new Int32Array(groups);
  for (let r = 1; r < groups; r++) fill[r] = (fill[r - 1] as number) + (sizes[rank[r - 1] as number] as number);
  const out = workspace.i32(`${tag}.order`, np);
  const sortedIds = pairs.ids;
  for (let k = 0; k < np; k++) {
    const c = sortedIds[k] as number;
    const r = rankOf[groupOf[c] as number] as number;
    const at = fill[r] as number;
    out[at] = c;
    fill[r] = at + 1;
  }
  // equal arrivals: session id order
  for (let k = 1; k < np; k++) {
    const before = out[k - 1] as number;
    if (arrival[out[k] as number] !== arrival[before] || groupOf[out[k] as number] !== groupOf[before]) continue;
    let end = k + 1;
    while (
      end < np &&
      arrival[out[end] as number] === arrival[before] &&
      groupOf[out[end] as number] === groupOf[before]
    )
      end++;
    const run = Array.from(out.subarray(k - 1, end)).sort(byId);
    out.set(run, k - 1);
    k = end - 1;
  }
  return out;
}

import type { Instant } from "@chargekit/core";
import type { LimitReason } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import { type Built, buildInstance, type Rows } from "./build.js";
import { type EffectiveLimits, effectiveLimits, SOURCE_EVENT, SOURCE_EXTERNAL } from "./effective-limits.js";
import { runEngine } from "./engine.js";
import { AT_HI, HELD, NO_ROOM_FOR_MIN, type Outcome } from "./instance.js";
import { presentSessions, type SessionTable, type SlotBounds } from "./present.js";
import { type Loading, PHASE_NAMES, type Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/** Everything one instant's solve produced, by connector index (id order). */
export interface RoundOutcome {
  readonly at: Instant;
  readonly limits: EffectiveLimits;
  /** The sessions present, with their bounds. */
  readonly table: SessionTable;
  /** Signed value per connector in its unit (negative: discharge). */
  readonly value: Float64Array;
  /** 1 when the connector's session is admitted. */
  readonly admitted: Uint8Array;
  /** Why each value is not higher (undefined for idle connectors). */
  readonly limitedBy: (LimitReason | undefined)[];
}

/** Options of one instant's solve. */
export interface RoundOptions {
  readonly slot?: SlotBounds;
  readonly continuous?: boolean;
}

const HYSTERESIS: LimitReason = Object.freeze({ kind: "hysteresis" });
const ENERGY: LimitReason = Object.freeze({ kind: "energy" });

/**
 * Solves one instant: effective limits, present sessions, the export (V2G) instance first, then the import instance
 * (with the discharge as headroom only when netting is allowed).
 */
export function solveRound(
  topology: Topology,
  problem: AllocationProblem,
  at: Instant,
  options: RoundOptions,
  workspace: Workspace,
): RoundOutcome {
  const limits = effectiveLimits(topology, problem, at, workspace);
  const table = presentSessions(topology, limits, problem, at, options.slot ?? {}, workspace);
  const count = topology.connectorList.length;
  const round: RoundOutcome = {
    at,
    limits,
    table,
    value: workspace.f64("round.value", count, true),
    admitted: workspace.u8("round.admitted", count, true),
    limitedBy: workspace.list<LimitReason>("round.limitedBy", count, true),
  };
  for (let c = 0; c < count; c++)
    if (table.session[c] !== undefined && table.active[c] === 0) round.limitedBy[c] = ENERGY;
  const engine = options.continuous === true ? { continuous: true } : {};
  let credit: Float64Array | undefined;
  if (table.exporting.includes(1)) {
    const built = buildInstance(topology, limits, table, "export", workspace);
    const outcome = runEngine(built.inst, workspace, engine);
    record(round, built, outcome, topology, "export", workspace);
    if (problem.settings?.allowNetting === true) credit = dischargeCredit(topology, round, built, outcome);
  }
  const built = buildInstance(topology, limits, table, "import", workspace, credit);
  record(round, built, runEngine(built.inst, workspace, engine), topology, "import", workspace);
  return round;
}

function record(
  round: RoundOutcome,
  built: Built,
  outcome: Outcome,
  topology: Topology,
  direction: "import" | "export",
  workspace: Workspace,
): void {
  const reasons = workspace.list<LimitReason>("record.reasons", built.inst.m, true);
  const made = reasonMemo(workspace, built.rows, direction);
  const { items } = built;
  const sign = direction === "export" ? -1 : 1;
  for (let i = 0; i < items.length; i++) {
    const c = items[i] as number;
    const value = outcome.x[i] as number;
    round.value[c] = value === 0 ? 0 : sign * value;
    round.admitted[c] = outcome.admitted[i] as number;
    const blocker = outcome.blocker[i] as number;
    let reason: LimitReason | undefined;
    if (blocker === HELD) reason = HYSTERESIS;
    else if (blocker === AT_HI || blocker === NO_ROOM_FOR_MIN || blocker < 0) reason = round.table.hiReason[c];
    else {
      reason = reasons[blocker] ?? madeReason(made, built, blocker, direction, round.limits, topology);
      reasons[blocker] = reason;
    }
    round.limitedBy[c] = reason;
  }
}

/** The row reasons a workspace made in earlier rounds, for one row layout and direction, with their limits' source. */
interface ReasonMemo {
  readonly rows: Rows;
  readonly reason: (LimitReason | undefined)[];
  /** Per row, the source and the source's id of the limit the reason was made for. */
  readonly source: Int8Array;
  readonly id: (string | undefined)[];
}

/** The workspace's memo of row reasons for `rows` and `direction` (a new one when the layout changed). */
function reasonMemo(workspace: Workspace, rows: Rows, direction: "import" | "export"): ReasonMemo | undefined {
  if (!workspace.lasting) return undefined;
  const key = `record.made.${direction}`;
  const memo = workspace.memo.get(key) as ReasonMemo | undefined;
  if (memo !== undefined && memo.rows === rows) return memo;
  const m = rows.rowNode.length;
  const fresh: ReasonMemo = { rows, reason: new Array(m).fill(undefined), source: new Int8Array(m), id: new Array(m) };
  workspace.memo.set(key, fresh);
  return fresh;
}

/**
 * The reason of row `row`: the one made in an earlier round when its limit still has the same source (the reasons
 * are frozen, so rounds can share them), else a new one (remembered when there is a memo).
 */
function madeReason(
  memo: ReasonMemo | undefined,
  built: Built,
  row: number,
  direction: "import" | "export",
  limits: EffectiveLimits,
  topology: Topology,
): LimitReason {
  const at = (built.rows.rowNode[row] as number) * 4 + (built.rows.rowKind[row] as number);
  const source = (direction === "import" ? limits.importSource : limits.exportSource)[at] as number;
  const id = (direction === "import" ? limits.importSourceId : limits.exportSourceId)[at];
  const had = memo?.reason[row];
  if (had !== undefined && memo?.source[row] === source && memo.id[row] === id) return had;
  const reason = rowReason(built, row, direction, source, id, topology);
  if (memo !== undefined) {
    memo.reason[row] = reason;
    memo.source[row] = source;
    memo.id[row] = id;
  }
  return reason;
}

/** A new reason for row `row`, whose limit has `source` (and the source's `id`). */
function rowReason(
  built: Built,
  row: number,
  direction: "import" | "export",
  source: number,
  id: string | undefined,
  topology: Topology,
): LimitReason {
  const node = built.rows.rowNode[row] as number;
  const kind = built.rows.rowKind[row] as number;
  const phasor = built.rows.phasor;
  if (phasor !== undefined && row >= phasor.first) {
    const line = phasor.layout.lines[phasor.line[row - phasor.first] as number];
    if (line?.primary === true) {
      const phase = PHASE_NAMES[kind] ?? "L1";
      return Object.freeze({ kind: "node", node: topology.nodeIds[node] ?? "", phase, direction, primary: true });
    }
  }
  const nodeId = topology.nodeIds[node] ?? "";
  if (source === SOURCE_EVENT && id !== undefined) {
    return Object.freeze({ kind: "demandResponse", event: id, node: nodeId, direction });
  }
  const phase = kind === 3 ? "total" : (PHASE_NAMES[kind] ?? "L1");
  return Object.freeze(
    source === SOURCE_EXTERNAL && id !== undefined
      ? { kind: "node", node: nodeId, phase, direction, externalLimit: id }
      : { kind: "node", node: nodeId, phase, direction },
  );
}

/** Discharge attached at each node (A per phase, then W), for netting. */
function dischargeCredit(topology: Topology, round: RoundOutcome, built: Built, outcome: Outcome): Float64Array {
  const credit = new Float64Array(topology.nodes.length * 4);
  built.items.forEach((c, i) => {
    const y = outcome.x[i] as number;
    const loading = round.table.loading[c] as Loading;
    const info = topology.connectorList[c];
    if (!(y > 0) || info === undefined) return;
    const node = info.node;
    for (const p of loading.phases) credit[node * 4 + p] = (credit[node * 4 + p] as number) + loading.phaseCoef * y;
    credit[node * 4 + 3] = (credit[node * 4 + 3] as number) + loading.powerCoef * y;
  });
  return credit;
}

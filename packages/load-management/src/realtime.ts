import { ChargekitError, type Instant } from "@chargekit/core";
import type { Allocation, ConnectorSchedule, NodeLoad, Setpoint, SheddingReport } from "./model/allocation.js";
import type { AllocationProblem, PreviousRound, PreviousSetpoint } from "./model/problem.js";
import { type PreparedSite, topologyFor } from "./prepare.js";
import { nodeLoadsOf, nodeTotals } from "./solver/node-loads.js";
import { type RoundOutcome, solveRound } from "./solver/round.js";
import { periodOf, setpointsOf } from "./solver/setpoints.js";
import { sheddingSample } from "./solver/shedding.js";
import { nextChange, nodeChangeInstants } from "./solver/timeline.js";
import type { Topology } from "./solver/topology.js";
import { acquireWorkspace, releaseWorkspace, type Workspace } from "./solver/workspace.js";

/**
 * Options of a real-time round.
 *
 * @category Solver
 */
export interface AllocateOptions {
  /** The instant to allocate for (epoch ms). */
  readonly at: Instant;
  /** The site indexed once by {@link prepareSite} (must be made from `problem.site`); saves the indexing per round. */
  readonly prepared?: PreparedSite;
  /**
   * Diagnostics: return the continuous water-filling values, before quantization, redistribution and hysteresis
   * (they are not valid setpoints). Used to compare with an LP oracle.
   */
  readonly continuous?: boolean;
}

/**
 * One real-time round: who charges how much right now. Run it on every session change (arrival, departure, new
 * energy need), on every limit or demand-response change, and by `validUntil` at the latest. Pass
 * {@link toPreviousRound} of the result as `problem.previous` next time for sticky admission, hysteresis and ramps.
 *
 * The pipeline: effective limits (own ∩ external ∩ demand response) → admission of minimums by priority, then
 * stickiness, arrival and id → weighted max-min water-filling between minimum and maximum → flooring to the
 * setpoint grid → redistribution of what rounding freed → one-step transfers that restore fairness and priority →
 * hysteresis. V2G sessions are allocated first against export limits; their discharge is import headroom only with
 * `allowNetting`. The output does not depend on the order of any input list.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` for a broken model (unknown references, two roots, a cycle, two
 * sessions on one connector); validate untrusted input with {@link parseAllocationProblem} first.
 * @example
 * ```ts
 * const allocation = allocate(problem, { at: Date.now() });
 * for (const s of allocation.setpoints) console.log(s.connector, s.value, s.unit, s.limitedBy.kind);
 * ```
 * @category Solver
 */
export function allocate(problem: AllocationProblem, options: AllocateOptions): Allocation {
  const at = options.at;
  if (!Number.isSafeInteger(at)) {
    throw new ChargekitError("INVALID_ARGUMENT", `at must be an integer instant, got ${at}`);
  }
  const topology = topologyFor(problem.site, options.prepared);
  // scratch memory of the solve, kept by the site between rounds (not given back if the round throws: the site then
  // simply makes a new one)
  const workspace = acquireWorkspace(topology.pool, options.prepared !== undefined);
  const round = solveRound(topology, problem, at, options.continuous === true ? { continuous: true } : {}, workspace);
  const setpoints = setpointsOf(topology, round, problem.previous);
  const validUntil = nextChange(problem, at, round.table.nextArrivalOrDeparture, nodeChangeInstants(topology));
  const netting = problem.settings?.allowNetting === true;
  const totals = nodeTotals(topology, round, netting, workspace);
  const demandResponse = shedding(topology, problem, round, totals, netting, workspace);
  // the node loads as numbers, out of the workspace (the objects are made when first read)
  const loads = {
    imp: totals.imp.slice(),
    exp: totals.exp.slice(),
    ...(totals.primary === undefined ? {} : { primary: totals.primary }),
  };
  releaseWorkspace(topology.pool, workspace);
  // schedules and node loads are built on first read (a round often only needs the setpoints), then kept; they are
  // still own enumerable properties (JSON, spreads and deep equality see plain data), and assigning replaces them
  let schedules: ConnectorSchedule[] | undefined;
  let nodes: NodeLoad[] | undefined;
  const allocation: { -readonly [K in keyof Allocation]: Allocation[K] } = {
    at,
    setpoints,
    get schedules(): readonly ConnectorSchedule[] {
      schedules ??= schedulesOf(setpoints, at, validUntil);
      return schedules;
    },
    set schedules(value: readonly ConnectorSchedule[]) {
      schedules = value as ConnectorSchedule[];
    },
    get nodes(): readonly NodeLoad[] {
      nodes ??= nodeLoadsOf(topology, loads);
      return nodes;
    },
    set nodes(value: readonly NodeLoad[]) {
      nodes = value as NodeLoad[];
    },
    demandResponse,
  };
  if (validUntil !== undefined) allocation.validUntil = validUntil;
  return allocation;
}

/** One single-period schedule per connector with a session. */
function schedulesOf(
  setpoints: readonly Setpoint[],
  at: Instant,
  validUntil: Instant | undefined,
): ConnectorSchedule[] {
  const schedules: ConnectorSchedule[] = [];
  for (const setpoint of setpoints) {
    if (setpoint.session === undefined) continue;
    const periods = [periodOf(setpoint, 0)];
    schedules.push({
      connector: setpoint.connector,
      session: setpoint.session,
      schedule:
        validUntil === undefined
          ? { start: at, unit: setpoint.unit, periods }
          : { start: at, unit: setpoint.unit, periods, end: validUntil },
    });
  }
  return schedules;
}

function shedding(
  topology: Topology,
  problem: AllocationProblem,
  round: RoundOutcome,
  actual: ReturnType<typeof nodeTotals>,
  netting: boolean,
  workspace: Workspace,
): SheddingReport[] {
  const events = round.limits.activeEvents;
  if (events.length === 0) return [];
  const other = acquireWorkspace(topology.pool, workspace.lasting);
  const baselineRound = solveRound(topology, { ...problem, demandResponse: [] }, round.at, {}, other);
  const baseline = nodeTotals(topology, baselineRound, netting, other);
  const reports = events.map((active) => {
    const { sample, compliant } = sheddingSample(active, actual, baseline, round, topology, round.at);
    return {
      event: active.event.id,
      node: active.event.node,
      direction: active.event.direction ?? "import",
      samples: [sample],
      energyShed: 0,
      compliant,
    };
  });
  releaseWorkspace(topology.pool, other);
  return reports;
}

/**
 * The {@link PreviousRound} to pass as `problem.previous` in the next round.
 *
 * @category Solver
 */
export function toPreviousRound(allocation: Allocation): PreviousRound {
  const setpoints: PreviousSetpoint[] = [];
  for (const s of allocation.setpoints) {
    if (s.session !== undefined) {
      setpoints.push({ connector: s.connector, session: s.session, value: s.value, admitted: s.admitted });
    }
  }
  return { at: allocation.at, setpoints };
}

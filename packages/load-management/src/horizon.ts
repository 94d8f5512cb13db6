import { ChargekitError, type Duration, type Instant, MINUTE } from "@chargekit/core";
import type {
  ConnectorSchedule,
  Plan,
  PlanPolicy,
  PlanSlot,
  Setpoint,
  SheddingReport,
  SheddingSample,
} from "./model/allocation.js";
import type { AllocationProblem } from "./model/problem.js";
import { type PreparedSite, topologyFor } from "./prepare.js";
import { nodeTotals } from "./solver/node-loads.js";
import { solveRound } from "./solver/round.js";
import { periodOf, setpointsOf } from "./solver/setpoints.js";
import { sheddingSample } from "./solver/shedding.js";
import { changePoints } from "./solver/timeline.js";
import { loadingOf, type Topology } from "./solver/topology.js";
import { acquireWorkspace, releaseWorkspace } from "./solver/workspace.js";

/**
 * Options of {@link planHorizon}.
 *
 * @category Solver
 */
export interface PlanOptions {
  /** Start of the horizon (epoch ms). */
  readonly start: Instant;
  /** End of the horizon (default: start + 24 h). */
  readonly end?: Instant;
  /** Slot length (default 15 minutes). Slots are also split wherever an input changes. */
  readonly slot?: Duration;
  /** How sessions of one priority class are ordered (default `"fair"`). */
  readonly policy?: PlanPolicy;
  /** The site indexed once by {@link prepareSite} (must be made from `problem.site`). */
  readonly prepared?: PreparedSite;
}

const HOUR_MS = 3_600_000;
/** Energy left below which a session counts as done (float noise of the carried balance). */
export const DONE_WH = 1e-3;
/** Most slots a plan may have (bounds work on untrusted horizons). */
export const MAX_PLAN_SLOTS = 20_000;

/**
 * Horizon planning: the allocation slot by slot over `[start, end)` (24 h of 15-minute slots by default), aware of
 * departures and energy: a session never gets more in a slot than it still needs, and under `"earliestDeadline"`
 * or `"leastLaxity"` the sessions that must finish first are served first within their priority class (laxity =
 * time to departure − time still needed at the session's full rate). Slots are split where a limit, an external
 * limit, a demand-response event or a session starts or ends, so every stretch has constant inputs. Energy left is
 * carried from slot to slot assuming each EV draws its setpoint.
 *
 * The result holds each slot's setpoints, one {@link ConnectorSchedule} per connector (periods merged where the
 * setpoint does not change) and a shedding report per demand-response event. `problem.previous` is ignored (ramps,
 * hysteresis and stickiness belong to real-time rounds).
 *
 * @throws ChargekitError `INVALID_ARGUMENT` for a broken model or horizon.
 * @example
 * ```ts
 * const plan = planHorizon(problem, { start: Date.UTC(2026, 10, 21), policy: "leastLaxity" });
 * const schedule = plan.schedules.find((s) => s.connector === "cp1-1")?.schedule;
 * ```
 * @category Solver
 */
export function planHorizon(problem: AllocationProblem, options: PlanOptions): Plan {
  const start = options.start;
  const end = options.end ?? start + 24 * HOUR_MS;
  const slotLength = options.slot ?? 15 * MINUTE;
  const policy = options.policy ?? "fair";
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      `the horizon must be integer instants with start < end, got [${start}, ${end})`,
    );
  }
  if (!Number.isSafeInteger(slotLength) || slotLength <= 0) {
    throw new ChargekitError("INVALID_ARGUMENT", `slot must be a positive integer duration, got ${slotLength}`);
  }
  const boundaries = slotBoundaries(problem, start, end, slotLength);
  const { previous: _ignored, ...rest } = problem;
  const base: AllocationProblem = rest;
  const topology = topologyFor(problem.site, options.prepared);
  const left = new Map<string, number>();
  for (const s of problem.sessions) {
    const amount = s.mode === "discharge" ? s.energyAvailable : s.energyNeeded;
    if (amount !== undefined) left.set(s.id, amount);
  }
  const planned = new Map<string, number>();
  const slots: PlanSlot[] = [];
  const shedding = new Map<
    string,
    {
      samples: SheddingSample[];
      energy: number;
      compliant: boolean;
      report: Omit<SheddingReport, "samples" | "energyShed" | "compliant">;
    }
  >();
  // scratch memory of the slots' solves (not given back if a slot throws: the site then simply makes new ones)
  const workspace = acquireWorkspace(topology.pool);
  const other = acquireWorkspace(topology.pool);
  for (let k = 0; k + 1 < boundaries.length; k++) {
    const slotStart = boundaries[k] as number;
    const slotEnd = boundaries[k + 1] as number;
    const hours = (slotEnd - slotStart) / HOUR_MS;
    const slotBounds = boundsFor(topology, base, slotStart, hours, left, policy);
    const round = solveRound(topology, base, slotStart, { slot: slotBounds }, workspace);
    const setpoints = setpointsOf(topology, round);
    slots.push({ start: slotStart, end: slotEnd, setpoints });
    round.table.session.forEach((present, c) => {
      const loading = round.table.loading[c];
      if (present === undefined || loading === undefined) return;
      const id = present.id;
      // an EV stops when it has what it needs: a slot at its minimum may offer more than that
      const before = left.get(id);
      const offered = Math.abs(round.value[c] as number) * loading.powerCoef * hours;
      const energy = before === undefined ? offered : Math.min(offered, Math.max(0, before));
      planned.set(id, (planned.get(id) ?? 0) + energy);
      if (before !== undefined) left.set(id, before - energy);
    });
    if (round.limits.activeEvents.length > 0) {
      const netting = base.settings?.allowNetting === true;
      const actual = nodeTotals(topology, round, netting, workspace);
      const baselineRound = solveRound(
        topology,
        { ...base, demandResponse: [] },
        slotStart,
        { slot: slotBounds },
        other,
      );
      const baseline = nodeTotals(topology, baselineRound, netting, other);
      for (const active of round.limits.activeEvents) {
        const { sample, compliant } = sheddingSample(active, actual, baseline, round, topology, slotStart, slotEnd);
        const entry = shedding.get(active.event.id) ?? {
          samples: [],
          energy: 0,
          compliant: true,
          report: { event: active.event.id, node: active.event.node, direction: active.event.direction ?? "import" },
        };
        entry.samples.push(sample);
        entry.energy += sample.shed * hours;
        entry.compliant &&= compliant;
        shedding.set(active.event.id, entry);
      }
    }
  }
  releaseWorkspace(topology.pool, other);
  releaseWorkspace(topology.pool, workspace);
  const demandResponse = [...shedding.values()]
    .map((e) => ({ ...e.report, samples: e.samples, energyShed: e.energy, compliant: e.compliant }))
    .sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
  const energy = [...planned.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([session, amount]) => {
      const spec = problem.sessions.find((s) => s.id === session);
      const needed = spec?.mode === "discharge" ? spec.energyAvailable : spec?.energyNeeded;
      return { session, planned: amount, ...(needed === undefined ? {} : { needed }) };
    });
  const connectorIds = topology.connectorList.map((c) => c.spec.id);
  return { start, end, policy, slots, schedules: schedulesOf(connectorIds, slots, start, end), demandResponse, energy };
}

/** The slot grid from `start`, split at every change point, capped at {@link MAX_PLAN_SLOTS}. */
function slotBoundaries(problem: AllocationProblem, start: Instant, end: Instant, slot: Duration): Instant[] {
  if ((end - start) / slot > MAX_PLAN_SLOTS) {
    throw new ChargekitError("LIMIT_EXCEEDED", `a plan may have at most ${MAX_PLAN_SLOTS} slots`, {
      details: { start, end, slot },
    });
  }
  const points = new Set<Instant>([start, end]);
  for (let t = start + slot; t < end; t += slot) points.add(t);
  for (const t of changePoints(problem, start, end)) points.add(t);
  if (points.size > MAX_PLAN_SLOTS + 1) {
    throw new ChargekitError("LIMIT_EXCEEDED", `a plan may have at most ${MAX_PLAN_SLOTS} slots`);
  }
  return [...points].sort((a, b) => a - b);
}

/** Energy caps and policy keys of the sessions present in a slot. */
function boundsFor(
  topology: Topology,
  problem: AllocationProblem,
  t: Instant,
  hours: number,
  left: ReadonlyMap<string, number>,
  policy: PlanPolicy,
) {
  const energyCap = new Map<string, number>();
  const orderKey = new Map<string, number>();
  for (const session of problem.sessions) {
    if (!(session.arrival <= t && t < (session.departure ?? Number.POSITIVE_INFINITY))) continue;
    const connector = topology.connectors.get(session.connector);
    if (connector === undefined) continue;
    const loading = loadingOf(connector, session.phases);
    const remaining = left.get(session.id);
    if (remaining !== undefined) {
      energyCap.set(session.id, remaining > DONE_WH ? remaining / (loading.powerCoef * hours) : 0);
    }
    if (policy === "earliestDeadline") orderKey.set(session.id, session.departure ?? Number.POSITIVE_INFINITY);
    if (policy === "leastLaxity")
      orderKey.set(session.id, laxity(session, connector.spec, loading.powerCoef, t, remaining));
  }
  return { energyCap, orderKey };
}

/** Laxity in ms: time to departure minus the time still needed at the session's full power. */
function laxity(
  session: AllocationProblem["sessions"][number],
  spec: AllocationProblem["site"]["connectors"][number],
  powerCoef: number,
  t: Instant,
  remaining: number | undefined,
): number {
  if (session.departure === undefined) return Number.POSITIVE_INFINITY;
  const connectorMax =
    session.mode === "discharge" ? (spec.discharge?.max ?? 0) : spec.kind === "AC" ? spec.maxCurrent : spec.maxPower;
  const evMax = spec.kind === "AC" ? (session.maxCurrent ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  const powerMax = Math.min(connectorMax, evMax) * powerCoef;
  const fullPower = Math.min(powerMax, session.maxPower ?? Number.POSITIVE_INFINITY);
  const needed = remaining === undefined || !(fullPower > 0) ? 0 : (Math.max(0, remaining) * HOUR_MS) / fullPower;
  return session.departure - t - needed;
}

/** Per connector with any session in the plan: one schedule over the horizon, equal consecutive periods merged. */
function schedulesOf(
  connectorIds: readonly string[],
  slots: readonly PlanSlot[],
  start: Instant,
  end: Instant,
): ConnectorSchedule[] {
  const out: ConnectorSchedule[] = [];
  connectorIds.forEach((connector, index) => {
    const sessions = new Set<string>();
    const periods: ReturnType<typeof periodOf>[] = [];
    let last: Setpoint | undefined;
    for (const slot of slots) {
      const setpoint = slot.setpoints[index];
      if (setpoint === undefined) continue;
      if (setpoint.session !== undefined) sessions.add(setpoint.session);
      if (last !== undefined && last.value === setpoint.value && last.phases === setpoint.phases) continue;
      periods.push(periodOf(setpoint, slot.start - start));
      last = setpoint;
    }
    if (sessions.size === 0) return;
    const only = sessions.size === 1 ? [...sessions][0] : undefined;
    out.push({
      connector,
      ...(only === undefined ? {} : { session: only }),
      schedule: { start, unit: slots[0]?.setpoints[index]?.unit ?? "A", periods, end },
    });
  });
  return out;
}

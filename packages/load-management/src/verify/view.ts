// The verifier's own model of one instant: constraints with their members and loads, sessions with their bounds.
import type { PlanPolicy, Setpoint } from "../model/allocation.js";
import type { AllocationProblem } from "../model/problem.js";
import type { Session } from "../model/session.js";
import type { Connector } from "../model/site.js";
import { gridCeil, gridFloor, type VGrid } from "./grid.js";
import { type LimitsAt, limitsAt, type VSource } from "./limits.js";
import { addBase, exactLoad, linePhasors, onLine, type Vec, type VPhasorLine } from "./phasor.js";

type PhaseName = "L1" | "L2" | "L3";
const PHASES: readonly PhaseName[] = ["L1", "L2", "L3"];
const LETTER: Readonly<Record<string, PhaseName>> = { R: "L1", S: "L2", T: "L3" };

/** One constraint: a node's phase current or total power, import or export. */
export interface VConstraint {
  readonly node: string;
  readonly quantity: PhaseName | "total";
  readonly direction: "import" | "export";
  readonly cap: number;
  readonly source: VSource;
  /** Non-EV load (import only; with netting, minus discharge below). */
  base: number;
  /** Sessions of this direction on the constraint, with their coefficient (and phasor, on a phasor line). */
  readonly members: { readonly s: VSession; readonly coef: number; readonly vec?: Vec }[];
  /** base + Σ coef × magnitude; on a phasor line, the exact magnitude of its current. */
  load: number;
  /** Set when the limit is on a phasor magnitude (a phasor node's phase, or a transformer primary line). */
  readonly phasor?: VPhasorLine;
  /** True for a transformer primary line. */
  readonly primary?: boolean;
}

/** One present session as the verifier sees it. */
export interface VSession {
  readonly session: Session;
  readonly connector: Connector;
  readonly setpoint: Setpoint;
  readonly direction: "import" | "export";
  /** Magnitude of the setpoint. */
  readonly magnitude: number;
  readonly admitted: boolean;
  readonly held: boolean;
  /** True when the session needs (or may give) no energy. */
  readonly satisfied: boolean;
  readonly grid: VGrid;
  readonly lo: number;
  readonly hi: number;
  readonly hiCause: string;
  /** Weight × A-equivalent scale. */
  readonly rate: number;
  readonly priority: number;
  readonly policyKey: number;
  readonly sticky: boolean;
  readonly previous: number | undefined;
  readonly powerCoef: number;
  readonly evPhases: number | undefined;
  /** Grid phases loaded and the A per setpoint unit on each. */
  readonly phases: readonly PhaseName[];
  readonly phaseCoef: number;
  readonly on: { readonly c: VConstraint; readonly coef: number; readonly vec?: Vec }[];
}

/** Per-instant context a plan adds: energy caps and policy keys. */
export interface VContext {
  readonly energyCap?: ReadonlyMap<string, number>;
  readonly policy?: PlanPolicy;
  readonly policyKey?: ReadonlyMap<string, number>;
  /** Whether `problem.previous` applies (real-time rounds only). */
  readonly usePrevious: boolean;
}

/** Everything the property checks need at one instant. */
export interface Snapshot {
  readonly at: number;
  readonly limits: LimitsAt;
  readonly constraints: readonly VConstraint[];
  readonly sessions: readonly VSession[];
  readonly netting: boolean;
  readonly problems: string[];
}

function wiringOf(connector: Connector, session: Session) {
  const rotation = connector.rotation ?? "RST";
  const phase = (k: number): PhaseName => LETTER[rotation.charAt(k)] ?? "L1";
  if (connector.kind === "DC") {
    const k = connector.gridPhases ?? 3;
    const v = connector.voltage ?? 230;
    const phases = [0, 1, 2].slice(0, k).map(phase);
    return { phases, phaseCoef: 1 / (v * k), powerCoef: 1, scale: v * k, evPhases: undefined };
  }
  if (connector.wiring === "line-to-line") {
    return {
      phases: [phase(0), phase(1)],
      phaseCoef: 1,
      powerCoef: connector.voltage ?? 400,
      scale: 1,
      evPhases: 1,
      lineToLine: true,
    };
  }
  const used = session.phases ?? connector.phases ?? 3;
  const phases = [0, 1, 2].slice(0, used).map(phase);
  return { phases, phaseCoef: 1, powerCoef: (connector.voltage ?? 230) * used, scale: 1, evPhases: used };
}

/** Builds the verifier's snapshot at `at` for the given setpoints (one per connector). */
export function snapshot(
  problem: AllocationProblem,
  at: number,
  setpoints: readonly Setpoint[],
  context: VContext,
): Snapshot {
  const problems: string[] = [];
  const limits = limitsAt(problem, at);
  const parentOf = new Map<string, string | undefined>(problem.site.nodes.map((n) => [n.id, n.parent]));
  const voltageOf = new Map<string, number>(problem.site.nodes.map((n) => [n.id, n.voltage ?? 230]));
  const chain = (node: string): string[] => {
    const out: string[] = [];
    for (let at: string | undefined = node; at !== undefined && out.length <= parentOf.size; at = parentOf.get(at)) {
      out.push(at);
    }
    return out;
  };
  const constraints: VConstraint[] = [];
  const byKey = new Map<string, VConstraint>();
  const nodeById = new Map(problem.site.nodes.map((n) => [n.id, n]));
  // phasor lines per node: its own phases (currentModel "phasor") and its transformer's primary lines
  const phasorLines = new Map<string, VConstraint[]>();
  for (const [node, caps] of limits.caps) {
    const spec = nodeById.get(node);
    const lines: VConstraint[] = [];
    for (const [key, cap] of caps) {
      const [direction, quantity] = key.split(":") as ["import" | "export", PhaseName | "total"];
      const phasor =
        spec?.currentModel === "phasor" && direction === "import" && quantity !== "total"
          ? { weights: new Map([[quantity, 1]]), base: [0, 0] as [number, number] }
          : undefined;
      const c: VConstraint = {
        node,
        quantity,
        direction,
        cap: cap.value,
        source: cap.source,
        base: 0,
        members: [],
        load: 0,
        ...(phasor === undefined ? {} : { phasor }),
      };
      constraints.push(c);
      if (phasor === undefined) byKey.set(`${node}/${key}`, c);
      else lines.push(c);
    }
    const t = spec?.transformer;
    if (t !== undefined) {
      const limit = t.primaryCurrent;
      PHASES.forEach((p, k) => {
        const value = typeof limit === "number" ? limit : limit[p];
        if (value === undefined) return;
        // Dyn11: I_A = (I_a − I_c)/n …; Dyn1: I_A = (I_a − I_b)/n …
        const other = PHASES[t.vectorGroup === "Dyn11" ? (k + 2) % 3 : (k + 1) % 3] as PhaseName;
        const weights = new Map<PhaseName, number>([
          [p, 1 / t.turnsRatio],
          [other, -1 / t.turnsRatio],
        ]);
        const c: VConstraint = {
          node,
          quantity: p,
          direction: "import",
          cap: value,
          source: { kind: "own" },
          base: 0,
          members: [],
          load: 0,
          phasor: { weights, base: [0, 0] },
          primary: true,
        };
        constraints.push(c);
        lines.push(c);
      });
    }
    if (lines.length > 0) phasorLines.set(node, lines);
  }
  for (const [node, amps] of limits.base) {
    const v = voltageOf.get(node) ?? 230;
    for (const up of chain(node)) {
      for (const line of phasorLines.get(up) ?? []) addBase(line.phasor as VPhasorLine, amps);
      PHASES.forEach((p, k) => {
        const c = byKey.get(`${up}/import:${p}`);
        if (c !== undefined) c.base += amps[k] ?? 0;
      });
      const total = byKey.get(`${up}/import:total`);
      if (total !== undefined) total.base += ((amps[0] ?? 0) + (amps[1] ?? 0) + (amps[2] ?? 0)) * v;
    }
  }

  const connectors = new Map(problem.site.connectors.map((c) => [c.id, c]));
  const settings = problem.settings ?? {};
  const previous = context.usePrevious ? problem.previous : undefined;
  const before = new Map((previous?.setpoints ?? []).map((p) => [p.session, p]));
  const elapsed = previous === undefined ? 0 : Math.max(0, at - previous.at) / 1000;
  const sessions: VSession[] = [];
  for (const setpoint of setpoints) {
    if (setpoint.session === undefined) continue;
    const session = problem.sessions.find((s) => s.id === setpoint.session);
    const connector = connectors.get(setpoint.connector);
    if (session === undefined || connector === undefined) {
      problems.push(`setpoint on ${setpoint.connector} names unknown session ${setpoint.session}`);
      continue;
    }
    const direction = session.mode === "discharge" ? "export" : "import";
    const wiring = wiringOf(connector, session);
    const ac = connector.kind === "AC";
    const grid: VGrid =
      direction === "import" && connector.allowed !== undefined
        ? { allowed: connector.allowed }
        : { step: connector.step ?? (ac ? 0.1 : 1) };
    let min: number;
    let max: number;
    let hiCause = "connector";
    if (direction === "export") {
      min = connector.discharge?.min ?? 0;
      max = connector.discharge?.max ?? 0;
    } else if (connector.kind === "AC") {
      min = Math.max(connector.minCurrent ?? 6, session.minCurrent ?? 0);
      max = connector.maxCurrent;
    } else {
      min = Math.max(connector.minPower ?? 0, session.minPower ?? 0);
      max = connector.maxPower;
    }
    const lo = gridCeil(grid, min);
    const evMax = Math.min(
      ac && session.maxCurrent !== undefined ? session.maxCurrent : Number.POSITIVE_INFINITY,
      session.maxPower !== undefined ? session.maxPower / wiring.powerCoef : Number.POSITIVE_INFINITY,
    );
    const lower = (value: number, cause: string) => {
      if (value < max) {
        max = value;
        hiCause = cause;
      }
    };
    lower(evMax, "ev");
    if (direction === "import" && chain(connector.node).some((n) => limits.minimumOnly.has(n)))
      lower(lo, "demandResponse");
    const energyCap = context.energyCap?.get(session.id);
    if (energyCap !== undefined) lower(Math.max(lo, gridCeil(grid, energyCap)), "energy");
    const old = before.get(session.id);
    const oldMagnitude =
      old?.admitted === true && (direction === "export" ? old.value <= 0 : old.value >= 0)
        ? Math.abs(old.value)
        : undefined;
    const ramp = ac ? settings.rampCurrentPerSecond : settings.rampPowerPerSecond;
    if (previous !== undefined && ramp !== undefined) lower(Math.max(lo, oldMagnitude ?? lo) + ramp * elapsed, "ramp");
    const hi = gridFloor(grid, max);
    const left = direction === "export" ? session.energyAvailable : session.energyNeeded;
    const magnitude = Math.abs(setpoint.value);
    const v: VSession = {
      session,
      connector,
      setpoint,
      direction,
      magnitude,
      admitted: setpoint.admitted,
      held: setpoint.limitedBy.kind === "hysteresis",
      satisfied: (left !== undefined && !(left > 0)) || energyCap === 0,
      grid,
      lo,
      hi,
      hiCause,
      rate: (session.weight ?? 1) * wiring.scale,
      priority: session.priority ?? 0,
      policyKey: context.policyKey?.get(session.id) ?? 0,
      sticky: oldMagnitude !== undefined,
      previous: oldMagnitude,
      powerCoef: wiring.powerCoef,
      evPhases: wiring.evPhases,
      phases: wiring.phases,
      phaseCoef: wiring.phaseCoef,
      on: [],
    };
    sessions.push(v);
    const perLine = linePhasors(wiring.phases, wiring.phaseCoef, wiring.lineToLine === true);
    for (const up of chain(connector.node)) {
      for (const p of wiring.phases) {
        const c = byKey.get(`${up}/${direction}:${p}`);
        if (c !== undefined) v.on.push({ c, coef: wiring.phaseCoef });
      }
      if (direction === "import") {
        for (const c of phasorLines.get(up) ?? []) {
          const vec = onLine(c.phasor as VPhasorLine, perLine);
          const coef = Math.hypot(vec[0], vec[1]);
          if (coef > 1e-12) v.on.push({ c, coef, vec });
        }
      }
      const total = byKey.get(`${up}/${direction}:total`);
      if (total !== undefined) v.on.push({ c: total, coef: wiring.powerCoef });
    }
    for (const entry of v.on)
      entry.c.members.push(
        entry.vec === undefined ? { s: v, coef: entry.coef } : { s: v, coef: entry.coef, vec: entry.vec },
      );
  }
  const netting = settings.allowNetting === true;
  if (netting) {
    for (const s of sessions) {
      if (s.direction !== "export" || s.magnitude === 0) continue;
      for (const up of chain(s.connector.node)) {
        for (const p of s.phases) {
          const c = byKey.get(`${up}/import:${p}`);
          if (c !== undefined) c.base -= s.phaseCoef * s.magnitude;
        }
        const total = byKey.get(`${up}/import:total`);
        if (total !== undefined) total.base -= s.powerCoef * s.magnitude;
      }
    }
  }
  for (const c of constraints) {
    if (c.phasor !== undefined) {
      c.base = Math.hypot(c.phasor.base[0], c.phasor.base[1]);
      c.load = exactLoad(c);
      continue;
    }
    let load = c.base;
    for (const m of c.members) load += m.coef * m.s.magnitude;
    c.load = load;
  }
  return { at, limits, constraints, sessions, netting, problems };
}

/** The verifier's tolerance on a constraint: float noise only. */
export function tolerance(cap: number): number {
  return 1e-9 * Math.max(1, Math.abs(cap));
}

/** The level of a session: its increment above its minimum per unit of rate (A-equivalent per weight). */
export function levelOf(s: VSession, magnitude = s.magnitude): number {
  return (magnitude - s.lo) / s.rate;
}

/** The declared admission order: priority (high first), policy key, previously admitted, arrival, id. */
export function admissionOrder(a: VSession, b: VSession): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.policyKey !== b.policyKey) return a.policyKey < b.policyKey ? -1 : 1;
  if (a.sticky !== b.sticky) return a.sticky ? -1 : 1;
  if (a.session.arrival !== b.session.arrival) return a.session.arrival - b.session.arrival;
  return a.session.id < b.session.id ? -1 : a.session.id > b.session.id ? 1 : 0;
}

/** Whether two sessions share a class (fairness applies within a class). */
export function sameClass(a: VSession, b: VSession): boolean {
  return a.priority === b.priority && a.policyKey === b.policyKey;
}

/** Whether `b` is in a lower class than `a` (served after it). */
export function lowerClass(a: VSession, b: VSession): boolean {
  return b.priority < a.priority || (b.priority === a.priority && b.policyKey > a.policyKey);
}

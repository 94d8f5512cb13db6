// Load management on real data: the ACN-Data Caltech sessions (May–Aug and Sep–Dec 2019) replayed on the Caltech
// ACN topology (54 EVSEs, two 80 A pods, line-to-line 208 V, transformer at its 150 kVA rating and derated as in ACN
// studies) in 5-minute periods with ideal batteries. Compares uncontrolled charging, ACN's round robin and chargekit
// (fair sharing and least laxity first, both energy-aware), on energy delivered, peak power and violations of ACN's own
// exact (phasor) constraint set. chargekit runs on the site with ACN's exact phasor limits (currentModel "phasor" and
// a Dyn11 transformer) and, for comparison, on the linearised one (every EVSE counted in full on both its lines).
// Run: npm run bench -- load-acn
import {
  type AllocationProblem,
  type PlanPolicy,
  planHorizon,
  prepareSite,
  type Session,
} from "@chargekit/load-management";
import { caltechAcnSite } from "@chargekit/load-management/testing";
import { saveResults } from "./lib/compare.js";
import { acnOverload } from "./lib/load-acn-constraints.js";
import { type AcnSession, readAcnSessions } from "./lib/load-acn-data.js";
import { roundRobin } from "./lib/load-round-robin.js";

const FILES = ["2019-05-01_2019-08-31", "2019-09-01_2019-12-31"];
const STEP = 5 * 60_000;
const HOURS = STEP / 3_600_000;
const VOLTS = 208;
const MAX_PILOT = 32;

interface Replayed {
  readonly policy: string;
  readonly kva: number;
  readonly deliveredPercent: number;
  readonly sessionsMetPercent: number;
  readonly peakKw: number;
  readonly violatingPeriods: number;
  readonly transformerViolatingPeriods: number;
  readonly worstTransformerOverloadPercent: number;
  readonly worstOverloadPercent: number;
  readonly worstConstraint: string;
  readonly msPerPeriod: number;
}

type Decide = (t: number, present: readonly Live[], kva: number) => Map<string, number>;
interface Live {
  readonly s: AcnSession;
  readonly arrival: number;
  readonly departure: number;
  left: number;
}

const floorToStep = (t: number) => Math.floor(t / STEP) * STEP;

function replay(sessions: readonly AcnSession[], kva: number, policy: string, decide: Decide): Replayed {
  const live: Live[] = sessions
    .map((s) => ({
      s,
      arrival: floorToStep(s.arrival),
      departure: floorToStep(s.departure),
      left: s.deliveredKwh * 1000,
    }))
    .filter((x) => x.departure > x.arrival && x.left > 0)
    .sort((a, b) => a.arrival - b.arrival);
  const demand = live.reduce((sum, x) => sum + x.left, 0);
  const start = live[0]?.arrival ?? 0;
  const end = Math.max(...live.map((x) => x.departure));
  let next = 0;
  let active: Live[] = [];
  let peak = 0;
  let violating = 0;
  let transformerViolating = 0;
  let worstTransformer = 0;
  let worst = { ratio: 0, constraint: "none" };
  let periods = 0;
  let decideMs = 0;
  for (let t = start; t < end; t += STEP) {
    while (next < live.length && (live[next] as Live).arrival <= t) active.push(live[next++] as Live);
    active = active.filter((x) => x.departure > t);
    const charging = active.filter((x) => x.left > 1e-6);
    if (charging.length === 0) continue;
    const t0 = performance.now();
    const pilots = decide(t, charging, kva);
    decideMs += performance.now() - t0;
    periods++;
    const drawn = new Map<string, number>();
    let power = 0;
    for (const x of charging) {
      const pilot = pilots.get(x.s.station) ?? 0;
      const energy = Math.min(x.left, pilot * VOLTS * HOURS);
      x.left -= energy;
      power += energy / HOURS;
      // an EV that fills up mid-period draws its pilot until then: the constraint check uses the pilot
      if (pilot > 0) drawn.set(x.s.station, pilot);
    }
    peak = Math.max(peak, power);
    const overload = acnOverload(drawn, kva);
    if (overload.ratio > 1 + 1e-9) violating++;
    if (overload.transformer > 1 + 1e-9) transformerViolating++;
    if (overload.transformer > worstTransformer) worstTransformer = overload.transformer;
    if (overload.ratio > worst.ratio) worst = overload;
  }
  const left = live.reduce((sum, x) => sum + Math.max(0, x.left), 0);
  return {
    policy,
    kva,
    deliveredPercent: (100 * (demand - left)) / demand,
    sessionsMetPercent: (100 * live.filter((x) => x.left < 100).length) / live.length,
    peakKw: peak / 1000,
    violatingPeriods: violating,
    transformerViolatingPeriods: transformerViolating,
    worstTransformerOverloadPercent: Math.max(0, (worstTransformer - 1) * 100),
    worstOverloadPercent: Math.max(0, (worst.ratio - 1) * 100),
    worstConstraint: worst.ratio > 1 ? worst.constraint : "none",
    msPerPeriod: decideMs / Math.max(1, periods),
  };
}

/** The rate (A) that delivers what is left in one period, rounded up to a whole amp, at least the pilot floor. */
const upperOf = (x: Live) => Math.min(MAX_PILOT, Math.max(8, Math.ceil(x.left / (VOLTS * HOURS))));

const uncontrolled: Decide = (_t, present) => new Map(present.map((x) => [x.s.station, MAX_PILOT]));

type Model = "phasor" | "linearised";
const sites = new Map<string, ReturnType<typeof caltechAcnSite>>();
const siteFor = (kva: number, model: Model = "phasor") => {
  let site = sites.get(`${kva}/${model}`);
  if (site === undefined) {
    site = caltechAcnSite({ transformerKva: kva, currentModel: model });
    sites.set(`${kva}/${model}`, site);
  }
  return site;
};

// round robin on the linearised site (arithmetic limits), and as ACN-Sim runs it: each step checked on ACN's exact
// constraints (the site's limits dropped, the exact check holds the pods too)
const robin: Decide = (_t, present, kva) =>
  roundRobin(siteFor(kva, "linearised"), new Map(present.map((x) => [x.s.station, upperOf(x)])));
const robinExact: Decide = (_t, present, kva) => {
  const site = siteFor(kva, "linearised");
  const unlimited = {
    ...site,
    nodes: site.nodes.map(({ id, parent }) => (parent === undefined ? { id } : { id, parent })),
  };
  const upper = new Map(present.map((x) => [x.s.station, upperOf(x)]));
  return roundRobin(unlimited, upper, (pilots) => acnOverload(pilots, kva).ratio <= 1 + 1e-9);
};

function chargekit(policy: PlanPolicy, model: Model = "phasor"): Decide {
  const prepared = new Map<number, ReturnType<typeof prepareSite>>();
  return (t, present, kva) => {
    const site = siteFor(kva, model);
    let p = prepared.get(kva);
    if (p === undefined) {
      p = prepareSite(site);
      prepared.set(kva, p);
    }
    const sessions: Session[] = present.map((x) => ({
      id: x.s.id,
      connector: x.s.station,
      arrival: x.arrival,
      departure: x.departure,
      energyNeeded: x.left,
    }));
    const problem: AllocationProblem = { site, sessions };
    const plan = planHorizon(problem, { start: t, end: t + STEP, slot: STEP, policy, prepared: p });
    const pilots = new Map<string, number>();
    for (const s of plan.slots[0]?.setpoints ?? []) if (s.value > 0) pilots.set(s.connector, s.value);
    return pilots;
  };
}

const results: (Replayed & { file: string })[] = [];
for (const file of FILES) {
  const sessions = readAcnSessions(file).filter((s) => siteFor(150).connectors.some((c) => c.id === s.station));
  console.log(`\n${file}: ${sessions.length} sessions on the 54 modelled EVSEs`);
  for (const kva of [150, 100, 75, 50]) {
    for (const [name, decide] of [
      ["uncontrolled", uncontrolled],
      ["round robin (ACN, exact constraints)", robinExact],
      ["round robin (linearised)", robin],
      ["chargekit fair", chargekit("fair")],
      ["chargekit least laxity", chargekit("leastLaxity")],
      ["chargekit fair (linearised)", chargekit("fair", "linearised")],
      ["chargekit least laxity (linearised)", chargekit("leastLaxity", "linearised")],
    ] as const) {
      results.push({ file, ...replay(sessions, kva, name, decide) });
    }
    console.log(`\n${file}, transformer ${kva} kVA`);
    console.table(
      results
        .filter((r) => r.kva === kva && r.file === file)
        .map((r) => ({
          policy: r.policy,
          "energy %": r.deliveredPercent.toFixed(2),
          "sessions met %": r.sessionsMetPercent.toFixed(1),
          "peak kW": r.peakKw.toFixed(1),
          "violating periods": r.violatingPeriods,
          "transformer overloaded":
            r.transformerViolatingPeriods > 0
              ? `${r.transformerViolatingPeriods} (${r.worstTransformerOverloadPercent.toFixed(0)} %)`
              : "no",
          "worst overload":
            r.worstOverloadPercent > 0 ? `${r.worstOverloadPercent.toFixed(0)} % (${r.worstConstraint})` : "none",
          "ms / period": r.msPerPeriod.toFixed(3),
        })),
    );
  }
}
saveResults("load-acn-replay", { files: FILES, periodMinutes: 5, results });

// Replays real sessions through @chargekit/reservations: admission (every real session booked ahead as a
// reservation, then used by its session) and the queue estimator (release and wait predictions at every 15 minutes,
// scored against what really happened, next to the median-dwell and M/M/c baselines).
import { DAY, DriverId, HOUR, IdToken, MINUTE, SiteId } from "@chargekit/core";
import { createManualClock } from "@chargekit/core/testing";
import {
  createMemoryReservationStore,
  createReservationEngine,
  type DwellModel,
  type DwellModelOptions,
  EvseRef,
  type EvseSpec,
  estimateWait,
  fitDwellModel,
  type ReservationEngine,
  type ReservationPolicy,
  type SessionRecord,
  type SiteConfig,
} from "@chargekit/reservations";
import { portsPerStation, type ReplaySession } from "./reservations-datasets.js";

/** Common connector type of every port in the replays; each port also carries its station as a type. */
export const PLUG = "T2";

/** Sites and ports inferred from sessions: a station has as many ports as it ever had sessions at once. */
export function inferSites(sessions: readonly ReplaySession[]): {
  readonly sites: SiteConfig[];
  readonly ports: Map<string, EvseRef[]>;
} {
  const counts = portsPerStation(sessions);
  const bySite = new Map<string, EvseSpec[]>();
  const ports = new Map<string, EvseRef[]>();
  for (const s of sessions) {
    if (ports.has(s.station)) continue;
    const refs = Array.from({ length: counts.get(s.station) ?? 1 }, (_, k) => EvseRef.of(`${s.station}#${k + 1}`));
    ports.set(s.station, refs);
    const list = bySite.get(s.site) ?? [];
    for (const ref of refs) list.push({ ref, connectorTypes: [PLUG, s.station], maxPower: 7_200 });
    bySite.set(s.site, list);
  }
  return { sites: [...bySite].map(([site, evses]) => ({ site: SiteId.of(site), evses })), ports };
}

/** Booking terms that make a reservation occupy exactly the real session (no allowances). */
export const EXACT: Partial<ReservationPolicy> = {
  earlyStart: 0,
  grace: 0,
  lateStop: 0,
  noShowTimeout: null,
  minWindow: 1,
  maxWindow: 60 * DAY,
  maxAdvance: 60 * DAY,
  maxActivePerDriver: 1000,
};

/** What the admission replay saw. */
export interface AdmissionReport {
  readonly sessions: number;
  readonly booked: number;
  readonly used: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly siteLevelHolds: number;
  /** Reservations still live at the end (should be 0: every one was used or expired). */
  readonly leftLive: number;
}

/**
 * Books every real session `lead` ahead as a reservation on its station (an EVSE-specific booking on a one-port
 * station, a site-level hold restricted to the station's ports otherwise), then starts and ends the real sessions
 * at their real times, through the engine with a manual clock.
 */
export async function replayAdmissions(
  sessions: readonly ReplaySession[],
  policy: Partial<ReservationPolicy>,
  lead = DAY,
): Promise<AdmissionReport> {
  const { sites, ports } = inferSites(sessions);
  const first = sessions[0]?.start ?? 0;
  const clock = createManualClock(first - 2 * lead);
  const engine = createReservationEngine({
    store: createMemoryReservationStore({ validate: false }),
    clock,
    sites,
    policy,
  });
  await engine.start();
  type Step = { at: number; order: number; run: () => Promise<void> };
  const steps: Step[] = [];
  const booked = new Map<string, number>();
  const refused: Record<string, number> = {};
  let used = 0;
  let siteLevel = 0;
  const sessionPort = new Map<string, EvseRef>();
  for (const s of sessions) {
    const token = IdToken.of(`T-${s.id}`.slice(0, 255));
    const refs = ports.get(s.station) as EvseRef[];
    steps.push({
      at: s.start - lead,
      order: 1,
      run: async () => {
        const single = refs.length === 1;
        if (!single) siteLevel++;
        const result = await engine.book({
          site: SiteId.of(s.site),
          ...(single ? { evse: refs[0] as EvseRef } : {}),
          driver: DriverId.of(`D-${s.id}`.slice(0, 128)),
          idToken: token,
          connectorType: s.station,
          window: { start: s.start, end: s.end },
        });
        if (result.ok) booked.set(s.id, result.value.id);
        else refused[result.error.reason] = (refused[result.error.reason] ?? 0) + 1;
      },
    });
    steps.push({
      at: s.start,
      order: 2,
      run: async () => {
        const id = booked.get(s.id);
        const planned = id === undefined ? undefined : (await engine.get(id as never))?.assignedEvse;
        const port = planned ?? refs.find((ref) => engine.view(SiteId.of(s.site))?.evse(ref)?.session === undefined);
        if (port === undefined) return;
        sessionPort.set(s.id, port);
        const outcome = await engine.sessionStarted({ evse: port, sessionId: s.id, idToken: token, at: s.start });
        if (outcome.used !== undefined) used++;
      },
    });
    steps.push({
      at: s.end,
      order: 0,
      run: async () => {
        const port = sessionPort.get(s.id);
        if (port !== undefined) await engine.sessionEnded({ evse: port, sessionId: s.id, at: s.end });
      },
    });
  }
  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  // Timers fire synchronously and queue their work on the engine's per-site lock, so the next awaited call on a
  // site runs after them: no need to wait on real time between steps.
  for (const step of steps) {
    if (step.at > clock.now()) clock.advanceTo(step.at);
    await step.run();
  }
  clock.advance(60 * DAY);
  await settle(engine);
  let leftLive = 0;
  for (const site of engine.sites()) leftLive += engine.liveAt(site).length;
  engine.stop();
  return {
    sessions: sessions.length,
    booked: booked.size,
    used,
    refused,
    siteLevelHolds: siteLevel,
    leftLive,
  };
}

/** Waits until every site's queued engine work (timer callbacks) has run. */
async function settle(engine: ReservationEngine): Promise<void> {
  for (const site of engine.sites()) {
    const ref = engine.view(site)?.evses()[0]?.spec.ref;
    if (ref !== undefined) await engine.setEvseStatus(ref, "available");
  }
}

/** Absolute-error summary. */
export interface ErrorStats {
  readonly n: number;
  /** Mean absolute error, minutes. */
  readonly mae: number;
  /** 90th percentile of the absolute error, minutes. */
  readonly p90: number;
}

function stats(errors: number[]): ErrorStats {
  const abs = errors.map((e) => Math.abs(e) / MINUTE).sort((a, b) => a - b);
  const n = abs.length;
  const mae = n === 0 ? Number.NaN : abs.reduce((s, x) => s + x, 0) / n;
  return { n, mae, p90: n === 0 ? Number.NaN : (abs[Math.min(n - 1, Math.floor(0.9 * n))] as number) };
}

/** Scores of one estimator run. */
export interface EstimatorReport {
  /** Remaining time of every active session, every 15 min. */
  readonly release: Readonly<Record<"ours" | "medianDwell" | "mmc", ErrorStats>>;
  /** The same, only for sessions that lasted at most 24 h in the end (cars left for days dominate the mean). */
  readonly releaseWithinDay: Readonly<Record<"ours" | "medianDwell" | "mmc", ErrorStats>>;
  /** Wait of a driver at positions 1–3 when every port of the site is busy, every 15 min. */
  readonly wait: Readonly<Record<"ours" | "medianDwell" | "mmc" | "erlangC", ErrorStats>>;
  /** Share of real remaining times inside our p10–p90 band (0.8 when calibrated). */
  readonly bandCoverage: number;
  /** Wait at position 1 only. */
  readonly waitFirst: Readonly<Record<"ours" | "medianDwell" | "mmc", ErrorStats>>;
  /** Where the wait error comes from (see {@link WaitDiagnostics}). */
  readonly waitDiagnostics: WaitDiagnostics;
  /** The dependence between concurrent departures the model learned at each (re)fit, first fit first. */
  readonly dependence: readonly number[];
}

/** Breakdown of the wait errors at full sites, to see where they come from. */
export interface WaitDiagnostics {
  /** Mean signed error (prediction − truth), minutes: negative means the estimate is too early. */
  readonly bias: Readonly<Record<string, number>>;
  /**
   * Other predictions of the same waits: `kthOfOurMedians` is the k-th smallest of our per-session median releases
   * (the comonotone answer from our marginals), `independentMc` our Monte Carlo with releases drawn independently,
   * `kthOfHindsightMedians` the oracle: the k-th smallest of the median releases of our model fitted in hindsight
   * on the test sessions too (near-perfect marginals; optimistic, each session's own end is in its fit).
   */
  readonly alternatives: Readonly<Record<string, ErrorStats>>;
  /** Release error of that hindsight model (every active session, every step). */
  readonly hindsightRelease: ErrorStats;
  /** MAE (minutes) of ours and of the median-dwell baseline by number of ports at the site, position, hour. */
  readonly buckets: Readonly<Record<string, { n: number; ours: number; medianDwell: number; bias: number }>>;
}

const toRecord = (s: ReplaySession): SessionRecord => ({
  start: s.start,
  end: s.end,
  site: s.site,
  ...(s.driver === undefined ? {} : { driver: s.driver }),
  ...(s.declaredEnd === undefined ? {} : { declaredEnd: s.declaredEnd }),
});

/** Median of the Gamma(k, rate) distribution (the k-th departure among busy exponential servers), by bisection. */
function gammaMedian(k: number, rate: number): number {
  const cdf = (x: number) => {
    let term = 1;
    let sum = 1;
    for (let i = 1; i < k; i++) {
      term *= (rate * x) / i;
      sum += term;
    }
    return 1 - Math.exp(-rate * x) * sum;
  };
  let lo = 0;
  let hi = (10 * k) / rate;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < 0.5) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Fits the dwell model on `train`, replays `test` through an engine (sessions only, as in the data) and scores the
 * predictions at every `step` against the real departures. Baselines use the same training data.
 */
export async function evaluateEstimator(
  train: readonly ReplaySession[],
  test: readonly ReplaySession[],
  options: {
    readonly model: DwellModelOptions;
    readonly step?: number;
    readonly waits?: boolean;
    /** Refit ours and the baselines on every session ended so far this often (0: never); default 7 days. */
    readonly refitEvery?: number;
  },
): Promise<EstimatorReport> {
  const step = options.step ?? 15 * MINUTE;
  // Everything learned from history (ours and the baselines alike) is refitted every `refitEvery` on the sessions
  // that had ended by then, as a deployed estimator would be; the first fit uses the training part only.
  const refitEvery = options.refitEvery ?? 7 * DAY;
  let model!: DwellModel;
  const dependence: number[] = [];
  let median = 0;
  let mean = 0;
  let mu = 0;
  let spanTrain = 1;
  const arrivals = new Map<string, number>();
  const refit = (history: readonly ReplaySession[]) => {
    model = fitDwellModel(history.map(toRecord), options.model);
    dependence.push(model.dependence);
    const durations = history.map((s) => s.end - s.start).sort((a, b) => a - b);
    median = durations[Math.floor(durations.length / 2)] as number;
    mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    mu = 1 / mean;
    // arrivals per ms by site and hour of day, for the steady-state Erlang C prior
    spanTrain = Math.max(1, (history.at(-1)?.start ?? 0) - (history[0]?.start ?? 0));
    arrivals.clear();
    for (const s of history) {
      const key = `${s.site}|${new Date(s.start).getUTCHours()}`;
      arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
    }
  };
  refit(train);
  // the oracle: our model fitted in hindsight on the test sessions too (their own ends included, so optimistic)
  const hindsightModel = fitDwellModel([...train, ...test].map(toRecord), options.model);
  let refitAt = (test[0]?.start ?? 0) + refitEvery;
  const lambdaAt = (site: string, t: number) =>
    (arrivals.get(`${site}|${new Date(t).getUTCHours()}`) ?? 0) / (spanTrain / 24);

  const { sites, ports } = inferSites([...train, ...test]);
  const clock = createManualClock((test[0]?.start ?? 0) - HOUR);
  const engine: ReservationEngine = createReservationEngine({
    store: createMemoryReservationStore(),
    clock,
    sites,
    policy: EXACT,
  });
  await engine.start();
  const portOf = new Map<string, EvseRef>();
  const byId = new Map(test.map((s) => [s.id, s]));
  type Ev = { at: number; order: number; s: ReplaySession };
  const events: Ev[] = [];
  for (const s of test) events.push({ at: s.start, order: 1, s }, { at: s.end, order: 0, s });
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  const errors = {
    release: { ours: [] as number[], medianDwell: [] as number[], mmc: [] as number[] },
    releaseWithinDay: { ours: [] as number[], medianDwell: [] as number[], mmc: [] as number[] },
    wait: { ours: [] as number[], medianDwell: [] as number[], mmc: [] as number[], erlangC: [] as number[] },
    waitFirst: { ours: [] as number[], medianDwell: [] as number[], mmc: [] as number[] },
    hindsightRelease: [] as number[],
  };
  const points: WaitPoint[] = [];
  const localHour = hourOfDay(options.model.timeZone ?? "UTC");
  const first = (test[0]?.start ?? 0) + DAY;
  const last = test.at(-1)?.start ?? 0;
  let next = Math.ceil(first / step) * step;
  let covered = 0;
  let observed = 0;
  let e = 0;
  const need = { connectorType: PLUG, minPower: 0 };
  while (next < last) {
    while (e < events.length && (events[e] as Ev).at <= next) {
      const { s, order, at } = events[e] as Ev;
      e++;
      if (at > clock.now()) clock.advanceTo(at);
      const refs = ports.get(s.station) as EvseRef[];
      if (order === 1) {
        const port = refs.find((ref) => engine.view(SiteId.of(s.site))?.evse(ref)?.session === undefined);
        if (port === undefined) continue;
        portOf.set(s.id, port);
        await engine.sessionStarted({
          evse: port,
          sessionId: s.id,
          at: s.start,
          ...(s.driver === undefined ? {} : { driver: DriverId.of(s.driver) }),
          ...(s.declaredEnd === undefined ? {} : { declaredEnd: s.declaredEnd }),
        });
      } else {
        const port = portOf.get(s.id);
        if (port !== undefined) await engine.sessionEnded({ evse: port, sessionId: s.id, at: s.end });
      }
    }
    clock.advanceTo(next);
    const t = next;
    next += step;
    if (refitEvery > 0 && t >= refitAt) {
      refit([...train, ...test.filter((x) => x.end <= t)].sort((a, b) => a.start - b.start));
      refitAt += refitEvery;
    }
    for (const config of sites) {
      const view = engine.view(config.site);
      if (view === undefined) continue;
      const active = view.evses().filter((x) => x.session !== undefined);
      const truths: number[] = [];
      const medians: number[] = [];
      const ourMedians: number[] = [];
      const hindsightMedians: number[] = [];
      for (const evse of active) {
        const session = evse.session as NonNullable<typeof evse.session>;
        const real = byId.get(session.sessionId) as ReplaySession;
        const truth = real.end - t;
        const [low, ours, high] = model.remaining(
          {
            start: session.start,
            now: t,
            site: config.site,
            ...(session.driver === undefined ? {} : { driver: session.driver }),
            ...(session.declaredEnd === undefined ? {} : { declaredEnd: session.declaredEnd }),
          },
          [0.1, 0.5, 0.9],
        ) as [number, number, number];
        covered += truth >= low && truth <= high ? 1 : 0;
        observed++;
        const byMedian = Math.max(0, session.start + median - t);
        errors.release.ours.push(ours - truth);
        errors.release.medianDwell.push(byMedian - truth);
        errors.release.mmc.push(Math.LN2 * mean - truth);
        if (real.end - real.start <= DAY) {
          errors.releaseWithinDay.ours.push(ours - truth);
          errors.releaseWithinDay.medianDwell.push(byMedian - truth);
          errors.releaseWithinDay.mmc.push(Math.LN2 * mean - truth);
        }
        truths.push(truth);
        medians.push(byMedian);
        ourMedians.push(ours);
        const [hindsight] = hindsightModel.remaining(
          {
            start: session.start,
            now: t,
            site: config.site,
            ...(session.driver === undefined ? {} : { driver: session.driver }),
            ...(session.declaredEnd === undefined ? {} : { declaredEnd: session.declaredEnd }),
          },
          [0.5],
        ) as [number];
        errors.hindsightRelease.push(hindsight - truth);
        hindsightMedians.push(hindsight);
      }
      if (options.waits === false || active.length === 0 || active.length < config.evses.length) continue;
      truths.sort((a, b) => a - b);
      medians.sort((a, b) => a - b);
      ourMedians.sort((a, b) => a - b);
      hindsightMedians.sort((a, b) => a - b);
      const c = config.evses.length;
      const lambda = lambdaAt(config.site, t);
      for (let k = 1; k <= Math.min(3, truths.length); k++) {
        const truth = truths[k - 1] as number;
        const ours = estimateWait(view, model, {
          need,
          ahead: Array.from({ length: k - 1 }, () => need),
          now: t,
          samples: 200,
        }).p50;
        const mmc = gammaMedian(k, c * mu);
        errors.wait.ours.push(ours - truth);
        errors.wait.medianDwell.push((medians[k - 1] as number) - truth);
        errors.wait.mmc.push(mmc - truth);
        const erlang = c * mu > lambda ? 1 / (c * mu - lambda) : 10 * DAY;
        errors.wait.erlangC.push(erlang - truth);
        const independent = estimateWait(view, model, {
          need,
          ahead: Array.from({ length: k - 1 }, () => need),
          now: t,
          samples: 200,
          dependence: 0,
        }).p50;
        points.push({
          c,
          k,
          hour: Math.floor(localHour(t)),
          truth,
          ours,
          medianDwell: medians[k - 1] as number,
          kthOfOurMedians: ourMedians[k - 1] as number,
          kthOfHindsightMedians: hindsightMedians[k - 1] as number,
          independentMc: independent,
        });
        if (k === 1) {
          errors.waitFirst.ours.push(ours - truth);
          errors.waitFirst.medianDwell.push((medians[0] as number) - truth);
          errors.waitFirst.mmc.push(mmc - truth);
        }
      }
    }
  }
  engine.stop();
  const map = <K extends string>(o: Record<K, number[]>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, stats(v as number[])])) as Record<K, ErrorStats>;
  return {
    release: map(errors.release),
    bandCoverage: covered / Math.max(1, observed),
    releaseWithinDay: map(errors.releaseWithinDay),
    wait: map(errors.wait),
    waitFirst: map(errors.waitFirst),
    waitDiagnostics: diagnose(points, stats(errors.hindsightRelease)),
    dependence,
  };
}

/** One wait prediction at a full site, with the truth and the predictions of the alternatives. */
interface WaitPoint {
  readonly c: number;
  readonly k: number;
  readonly hour: number;
  readonly truth: number;
  readonly ours: number;
  readonly medianDwell: number;
  readonly kthOfOurMedians: number;
  readonly kthOfHindsightMedians: number;
  readonly independentMc: number;
}

function diagnose(points: readonly WaitPoint[], hindsightRelease: ErrorStats): WaitDiagnostics {
  const methods = ["ours", "medianDwell", "kthOfOurMedians", "kthOfHindsightMedians", "independentMc"] as const;
  const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  const bias = Object.fromEntries(methods.map((m) => [m, mean(points.map((p) => (p[m] - p.truth) / MINUTE))]));
  const alternatives = {
    kthOfOurMedians: stats(points.map((p) => p.kthOfOurMedians - p.truth)),
    kthOfHindsightMedians: stats(points.map((p) => p.kthOfHindsightMedians - p.truth)),
    independentMc: stats(points.map((p) => p.independentMc - p.truth)),
  };
  const groups = new Map<string, WaitPoint[]>();
  const add = (key: string, p: WaitPoint) => groups.set(key, [...(groups.get(key) ?? []), p]);
  for (const p of points) {
    add(`ports ${p.c <= 1 ? "1" : p.c <= 3 ? "2-3" : p.c <= 8 ? "4-8" : "9+"}`, p);
    add(`position ${p.k}`, p);
    add(`hour ${p.hour < 12 ? "<12" : p.hour < 15 ? "12-14" : p.hour < 18 ? "15-17" : "18+"}`, p);
  }
  const buckets = Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, ps]) => [
        key,
        {
          n: ps.length,
          ours: mean(ps.map((p) => Math.abs(p.ours - p.truth) / MINUTE)),
          medianDwell: mean(ps.map((p) => Math.abs(p.medianDwell - p.truth) / MINUTE)),
          bias: mean(ps.map((p) => (p.ours - p.truth) / MINUTE)),
        },
      ]),
  );
  return { bias, alternatives, buckets, hindsightRelease };
}

/** Local hour of day (fractional) of an instant in a time zone. */
function hourOfDay(timeZone: string): (t: number) => number {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (t) => {
    const [h = "0", m = "0"] = format.format(t).split(":");
    return Number(h) + Number(m) / 60;
  };
}

/** Splits sessions chronologically: the first `share` of the time span trains, the rest tests. */
export function splitByTime(sessions: readonly ReplaySession[], share: number): [ReplaySession[], ReplaySession[]] {
  const first = sessions[0]?.start ?? 0;
  const last = sessions.at(-1)?.start ?? 0;
  const cut = first + share * (last - first);
  return [sessions.filter((s) => s.start < cut), sessions.filter((s) => s.start >= cut)];
}

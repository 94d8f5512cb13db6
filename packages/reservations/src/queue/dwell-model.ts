import { ChargekitError, DAY, type Duration, HOUR, type Instant, MINUTE, seededRandom } from "@chargekit/core";
import { learnDependence } from "./dependence.js";
import {
  type DwellGroupJson,
  type DwellModelJson,
  type DwellModelOptions,
  type DwellQuery,
  dwellModelJsonSchema,
  type ReleaseQuantiles,
  type ResolvedDwellOptions,
  type SessionRecord,
} from "./dwell-types.js";
import { localHours } from "./local-time.js";
import { drawInto } from "./random.js";

const DEFAULTS: Omit<ResolvedDwellOptions, "timeZone"> = {
  bandwidth: 1.5,
  otherDayWeight: 0.5,
  declaredBandwidth: 0.3,
  undeclaredWeight: 0.1,
  shrinkage: { driver: 4, site: 30, everyone: 20 },
  maxSamples: 1500,
  minDuration: MINUTE,
  maxDuration: 7 * DAY,
  dependence: "learn",
};

interface Group {
  readonly duration: Float64Array;
  readonly arrival: Float64Array;
  readonly weekend: Uint8Array;
  readonly declared: Float64Array;
  readonly arrivalSlope: number;
  readonly declaredSlope: number;
}

interface Level {
  readonly values: number[];
  readonly weights: number[];
  readonly total: number;
  share: number;
}

/**
 * A learned distribution of how long sessions stay plugged in, conditioned on how long they have been there
 * already (residual life: dwell is heavy-tailed, so a session that stayed long tends to stay longer), who, where,
 * when they arrived and what they declared. It is a kernel estimator: past sessions are weighted by how close their
 * arrival time of day (and declared stay) is to the query's, shifted by slopes learned per group (at a workplace
 * people leave at a fixed time, so arriving an hour earlier means staying an hour longer; at a shop the stay is
 * fixed), and the driver's, the site's and everyone's sessions are mixed by hierarchical shrinkage.
 *
 * @category Queue
 */
export class DwellModel {
  private readonly groups: Map<string, Group>;
  private readonly options: ResolvedDwellOptions;
  private readonly local: ReturnType<typeof localHours>;
  /** Number of sessions the model was fitted on. */
  readonly fitted: number;
  /**
   * How strongly the departures of sessions plugged in at the same site at the same time move together, in [0, 1]
   * (the correlation of a one-factor Gaussian copula, learned from history unless fixed by the options); the
   * default `dependence` of {@link estimateWait}.
   */
  readonly dependence: number;
  private readonly tailMean: Duration;

  private constructor(groups: Map<string, Group>, options: ResolvedDwellOptions, fitted: number, dependence: number) {
    this.groups = groups;
    this.options = options;
    this.fitted = fitted;
    this.dependence = dependence;
    this.local = localHours(options.timeZone);
    const all = [...(groups.get("g")?.duration ?? [])].sort((a, b) => a - b);
    const top = all.slice(Math.floor(all.length * 0.9));
    const floor = top[0] ?? 0;
    const sum = top.reduce((s, v) => s + (v - floor), 0);
    this.tailMean = Math.max(MINUTE, top.length > 0 ? sum / top.length : HOUR);
  }

  /** @internal */
  static create(sessions: readonly SessionRecord[], options: DwellModelOptions): DwellModel {
    const resolved = resolveOptions(options);
    const local = localHours(resolved.timeZone);
    const raw = new Map<string, { d: number[]; a: number[]; w: number[]; x: number[] }>();
    const used: SessionRecord[] = [];
    for (const s of sessions) {
      const d = s.end - s.start;
      if (!Number.isFinite(d) || d < resolved.minDuration || d > resolved.maxDuration) continue;
      used.push(s);
      const { hour, weekend } = local(s.start);
      const declared = s.declaredEnd !== undefined && s.declaredEnd > s.start ? s.declaredEnd - s.start : -1;
      const keys = ["g"];
      if (s.site !== undefined) keys.push(`s:${s.site}`);
      if (s.driver !== undefined) keys.push(`d:${s.driver}`);
      for (const key of keys) {
        let g = raw.get(key);
        if (g === undefined) {
          g = { d: [], a: [], w: [], x: [] };
          raw.set(key, g);
        }
        g.d.push(d);
        g.a.push(hour);
        g.w.push(weekend ? 1 : 0);
        g.x.push(declared);
      }
    }
    const groups = new Map<string, Group>();
    const global = raw.get("g");
    const globalSlopes = global === undefined ? { arrival: 0, declared: 0 } : slopes(global, undefined);
    for (const [key, g] of raw) {
      const s = key === "g" ? globalSlopes : slopes(g, globalSlopes);
      const keep = sampleIndices(g.d.length, resolved.maxSamples);
      groups.set(key, {
        duration: Float64Array.from(keep, (i) => g.d[i] as number),
        arrival: Float64Array.from(keep, (i) => g.a[i] as number),
        weekend: Uint8Array.from(keep, (i) => g.w[i] as number),
        declared: Float64Array.from(keep, (i) => g.x[i] as number),
        arrivalSlope: s.arrival,
        declaredSlope: s.declared,
      });
    }
    if (typeof resolved.dependence === "number") {
      return new DwellModel(groups, resolved, used.length, resolved.dependence);
    }
    const marginal = new DwellModel(groups, resolved, used.length, 0);
    const dependence = learnDependence(used, (s, at) => marginal.doneBy({ ...s, now: at }, s.end));
    return new DwellModel(groups, resolved, used.length, dependence);
  }

  /**
   * Reads a serialised model.
   *
   * @throws ChargekitError `INVALID_INPUT` naming what is wrong.
   */
  static fromJSON(json: unknown): DwellModel {
    const parsed = dwellModelJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ChargekitError(
        "INVALID_INPUT",
        `invalid dwell model: ${issue === undefined ? "bad shape" : `${issue.path.join(".")}: ${issue.message}`}`,
      );
    }
    const groups = new Map<string, Group>();
    for (const [key, g] of Object.entries(parsed.data.groups)) {
      const n = g.duration.length;
      if (g.arrival.length !== n || g.weekend.length !== n || g.declared.length !== n) {
        throw new ChargekitError("INVALID_INPUT", `invalid dwell model: group ${key} has arrays of different lengths`);
      }
      groups.set(key, {
        duration: Float64Array.from(g.duration),
        arrival: Float64Array.from(g.arrival),
        weekend: Uint8Array.from(g.weekend),
        declared: Float64Array.from(g.declared),
        arrivalSlope: g.arrivalSlope,
        declaredSlope: g.declaredSlope,
      });
    }
    const data = parsed.data;
    // format 2 predates the learned dependence: such a model keeps drawing releases independently
    const dependence = data.format === "chargekit-dwell/3" ? data.dependence : 0;
    const options =
      data.format === "chargekit-dwell/3" ? data.options : { ...data.options, dependence: "learn" as const };
    return new DwellModel(groups, resolveOptions(options), data.fitted, dependence);
  }

  /** The serialisable form. */
  toJSON(): DwellModelJson {
    const groups: Record<string, DwellGroupJson> = {};
    for (const [key, g] of this.groups) {
      groups[key] = {
        duration: [...g.duration],
        arrival: [...g.arrival],
        weekend: [...g.weekend],
        declared: [...g.declared],
        arrivalSlope: g.arrivalSlope,
        declaredSlope: g.declaredSlope,
      };
    }
    return {
      format: "chargekit-dwell/3",
      options: this.options,
      groups,
      fitted: this.fitted,
      dependence: this.dependence,
    };
  }

  /** Quantiles (probabilities in `(0, 1)`, ascending) of the remaining time, in ms from `query.now`. */
  remaining(query: DwellQuery, probabilities: readonly number[]): Duration[] {
    const elapsed = Math.max(0, (query.now ?? query.start) - query.start);
    const levels = this.levels(query, elapsed);
    if (levels.length === 0) return probabilities.map((p) => -this.tailMean * Math.log(1 - p));
    const items: { value: number; weight: number }[] = [];
    for (const level of levels) {
      const scale = level.share / level.total;
      for (let i = 0; i < level.values.length; i++) {
        items.push({ value: level.values[i] as number, weight: (level.weights[i] as number) * scale });
      }
    }
    items.sort((a, b) => a.value - b.value);
    const out: number[] = [];
    let cumulative = 0;
    let q = 0;
    for (const item of items) {
      cumulative += item.weight;
      while (q < probabilities.length && cumulative >= (probabilities[q] as number) - 1e-12) {
        out.push(item.value);
        q++;
      }
      if (q === probabilities.length) break;
    }
    const last = items.at(-1)?.value ?? 0;
    while (out.length < probabilities.length) out.push(last);
    return out;
  }

  /** p10, p50 and p90 of the remaining time. */
  residual(query: DwellQuery): ReleaseQuantiles {
    const [p10, p50, p90] = this.remaining(query, [0.1, 0.5, 0.9]) as [number, number, number];
    return { p10, p50, p90 };
  }

  /** Probability that the session has ended by instant `t`. */
  doneBy(query: DwellQuery, t: Instant): number {
    const now = query.now ?? query.start;
    const elapsed = Math.max(0, now - query.start);
    const ahead = t - Math.max(now, query.start);
    if (ahead <= 0) return 0;
    const levels = this.levels(query, elapsed);
    if (levels.length === 0) return 1 - Math.exp(-ahead / this.tailMean);
    let p = 0;
    for (const level of levels) {
      let mass = 0;
      for (let i = 0; i < level.values.length; i++)
        if ((level.values[i] as number) <= ahead) mass += level.weights[i] as number;
      p += (level.share * mass) / level.total;
    }
    return Math.min(1, p);
  }

  /**
   * The levels a query draws from (driver, site, everyone), each as kernel-weighted remaining times of the sessions
   * still running after `elapsed`, with its share from the shrinkage.
   */
  private levels(query: DwellQuery, elapsed: Duration): Level[] {
    const { hour, weekend } = this.local(query.start);
    const declared =
      query.declaredEnd !== undefined && query.declaredEnd > query.start ? query.declaredEnd - query.start : -1;
    const keys: [string, number][] = [];
    if (query.driver !== undefined) keys.push([`d:${query.driver}`, this.options.shrinkage.driver]);
    if (query.site !== undefined) keys.push([`s:${query.site}`, this.options.shrinkage.site]);
    keys.push(["g", this.options.shrinkage.everyone], ["*", 0]);
    const levels: Level[] = [];
    let rest = 1;
    for (const [key, kappa] of keys) {
      const group = this.groups.get(key === "*" ? "g" : key);
      if (group === undefined) continue;
      const level = this.weigh(group, hour, weekend, declared, elapsed, key === "*");
      if (level === undefined) continue;
      const share = key === "*" ? rest : (rest * level.effective) / (level.effective + kappa);
      rest -= share;
      levels.push({ values: level.values, weights: level.weights, total: level.total, share });
    }
    const total = levels.reduce((sum, l) => sum + l.share, 0);
    for (const l of levels) l.share /= total;
    return levels;
  }

  private weigh(
    group: Group,
    hour: number,
    weekend: boolean,
    declared: Duration,
    elapsed: Duration,
    unweighted: boolean,
  ): { values: number[]; weights: number[]; total: number; effective: number } | undefined {
    const o = this.options;
    const values: number[] = [];
    const weights: number[] = [];
    let total = 0;
    let squares = 0;
    const logDeclared = declared > 0 ? Math.log(declared) : 0;
    for (let i = 0; i < group.duration.length; i++) {
      let dt = (group.arrival[i] as number) - hour;
      if (dt > 12) dt -= 24;
      else if (dt <= -12) dt += 24;
      let w = unweighted ? 1 : Math.exp(-0.5 * (dt / o.bandwidth) ** 2);
      if (!unweighted && (group.weekend[i] === 1) !== weekend) w *= o.otherDayWeight;
      let shifted = (group.duration[i] as number) + group.arrivalSlope * dt * HOUR;
      const theirs = group.declared[i] as number;
      if (declared > 0) {
        if (theirs > 0) {
          if (!unweighted) w *= Math.exp(-0.5 * ((Math.log(theirs) - logDeclared) / o.declaredBandwidth) ** 2);
          shifted += group.declaredSlope * (declared - theirs);
        } else if (!unweighted) w *= o.undeclaredWeight;
      }
      shifted = Math.round(shifted); // whole ms: instants stay exact integers
      if (shifted <= elapsed || w < 1e-6) continue;
      values.push(shifted - elapsed);
      weights.push(w);
      total += w;
      squares += w * w;
    }
    if (total <= 0) return undefined;
    return { values, weights, total, effective: (total * total) / squares };
  }
}

/**
 * Fits a {@link DwellModel} to historical sessions.
 *
 * @example
 * ```ts
 * const model = fitDwellModel(history, { timeZone: "America/Los_Angeles" });
 * model.residual({ start: plugIn, now: Date.now(), driver: "u-17" }); // { p10, p50, p90 } in ms
 * ```
 * @category Queue
 */
export function fitDwellModel(sessions: readonly SessionRecord[], options: DwellModelOptions = {}): DwellModel {
  return DwellModel.create(sessions, options);
}

function resolveOptions(options: DwellModelOptions): ResolvedDwellOptions {
  const timeZone = options.timeZone ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch (cause) {
    throw new ChargekitError("INVALID_ARGUMENT", `unknown time zone ${JSON.stringify(timeZone)}`, { cause });
  }
  const resolved: ResolvedDwellOptions = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    timeZone,
    shrinkage: { ...DEFAULTS.shrinkage, ...options.shrinkage },
  };
  for (const key of ["bandwidth", "declaredBandwidth", "maxSamples"] as const) {
    if (!(resolved[key] > 0))
      throw new ChargekitError("INVALID_ARGUMENT", `${key} must be positive, got ${resolved[key]}`);
  }
  const dependence = resolved.dependence;
  if (dependence !== "learn" && !(typeof dependence === "number" && dependence >= 0 && dependence <= 1)) {
    throw new ChargekitError("INVALID_ARGUMENT", `dependence must be "learn" or in [0, 1], got ${String(dependence)}`);
  }
  for (const key of ["otherDayWeight", "undeclaredWeight"] as const) {
    if (!(resolved[key] >= 0 && resolved[key] <= 1)) {
      throw new ChargekitError("INVALID_ARGUMENT", `${key} must be between 0 and 1, got ${resolved[key]}`);
    }
  }
  return resolved;
}

/**
 * Least-squares slopes of a group: how the stay changes per hour of later arrival (negated: 1 means a fixed
 * departure time) and per ms of longer declared stay, each clamped to [0, 1] and shrunk toward `prior` for small
 * groups.
 */
function slopes(
  g: { d: number[]; a: number[]; x: number[] },
  prior: { arrival: number; declared: number } | undefined,
): { arrival: number; declared: number } {
  const leastSquares = (xs: number[], ys: number[]): [number, number] => {
    const n = xs.length;
    if (n < 3) return [0, n];
    const mx = xs.reduce((s, v) => s + v, 0) / n;
    const my = ys.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
      sxx += ((xs[i] as number) - mx) ** 2;
    }
    return [sxx > 0 ? sxy / sxx : 0, n];
  };
  // arrival slope on daytime arrivals only (the clock wraps at midnight), in hours of stay per hour of arrival
  const day = g.a.map((a, i) => [a, (g.d[i] as number) / HOUR] as const).filter(([a]) => a >= 5 && a < 21);
  const [arrivalRaw, nA] = leastSquares(
    day.map(([a]) => a),
    day.map(([, d]) => d),
  );
  const withDeclared = g.x.map((x, i) => [x, g.d[i] as number] as const).filter(([x]) => x > 0);
  const [declaredRaw, nX] = leastSquares(
    withDeclared.map(([x]) => x),
    withDeclared.map(([, d]) => d),
  );
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const arrival = clamp(-arrivalRaw);
  const declared = clamp(declaredRaw);
  if (prior === undefined) return { arrival, declared };
  const k = 30;
  return {
    arrival: (nA * arrival + k * prior.arrival) / (nA + k),
    declared: (nX * declared + k * prior.declared) / (nX + k),
  };
}

/** A seeded uniform sample of `max` of `n` indices (all of them when `n <= max`), in order. */
function sampleIndices(n: number, max: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  const random = seededRandom(0x9e3779b9);
  for (let i = 0; i < max; i++) drawInto(all, i, random);
  return all.slice(0, max).sort((a, b) => a - b);
}

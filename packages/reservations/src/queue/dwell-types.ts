import type { Duration, Instant } from "@chargekit/core";
import { z } from "zod";

/**
 * One historical charging session: a row like the datasets' records (plug-in to plug-out), with what was known at
 * plug-in time. Energy actually delivered is deliberately absent: it is only known afterwards.
 *
 * @category Queue
 */
export interface SessionRecord {
  /** Plug-in instant. */
  readonly start: Instant;
  /** Plug-out instant. */
  readonly end: Instant;
  /** The site, if the model should learn per-site habits. */
  readonly site?: string;
  /** The driver (account or token), if known: habits are personal. */
  readonly driver?: string;
  /** The departure the driver stated at plug-in, if any (biased, but informative once calibrated). */
  readonly declaredEnd?: Instant;
}

/**
 * A session in progress whose release is to be predicted.
 *
 * @category Queue
 */
export interface DwellQuery {
  /** Plug-in instant. */
  readonly start: Instant;
  /** The current instant (time already spent = `now − start`); default `start`. */
  readonly now?: Instant;
  /** The site. */
  readonly site?: string;
  /** The driver. */
  readonly driver?: string;
  /** The departure the driver stated, if any. */
  readonly declaredEnd?: Instant;
}

/**
 * Options of {@link fitDwellModel}. The defaults were chosen on the development datasets (workplace and the first
 * ACN Caltech file, see `docs/benchmarks.md`), never on the held-out one.
 *
 * @category Queue
 */
export interface DwellModelOptions {
  /** IANA time zone of the time-of-day and weekday features; default `"UTC"` (use it for naive local timestamps). */
  readonly timeZone?: string;
  /** Width (standard deviation, hours) of the time-of-day kernel that weighs sessions by arrival time; default 1.5. */
  readonly bandwidth?: number;
  /** Weight of a session on the other day type (weekday vs weekend); default 0.5. */
  readonly otherDayWeight?: number;
  /** Width (natural log of the ratio) of the kernel on declared stays; default 0.3. */
  readonly declaredBandwidth?: number;
  /** Weight of a session without a declared stay when the query has one; default 0.1. */
  readonly undeclaredWeight?: number;
  /**
   * How many (kernel-weighted) sessions a level needs before it outweighs the broader ones (pseudo-counts of the
   * shrinkage); defaults `{ driver: 4, site: 30, everyone: 20 }`.
   */
  readonly shrinkage?: Partial<Shrinkage>;
  /** Sessions kept per group (a seeded uniform sample beyond it); default 1500. */
  readonly maxSamples?: number;
  /** Sessions shorter than this are ignored as noise; default 1 min. */
  readonly minDuration?: Duration;
  /** Sessions longer than this are ignored as abandoned; default 7 days. */
  readonly maxDuration?: Duration;
  /**
   * How strongly concurrent sessions' departures at a site move together (see {@link DwellModel.dependence}): a
   * fixed value in [0, 1], or `"learn"` (the default) to learn it from the history's overlapping sessions.
   */
  readonly dependence?: number | "learn";
}

/**
 * Pseudo-counts of the hierarchical shrinkage, per level (driver → site → everyone → everyone unweighted).
 *
 * @category Queue
 */
export interface Shrinkage {
  /** For the driver's own history. */
  readonly driver: number;
  /** For the site's history. */
  readonly site: number;
  /**
   * For everyone's history weighted by the kernels; what is left goes to everyone's history unweighted, so sparse
   * corners (a rare arrival hour, an unusual declaration) fall back to the plain distribution.
   */
  readonly everyone: number;
}

/**
 * Remaining-time quantiles of a session, in ms from the query's `now`.
 *
 * @category Queue
 */
export interface ReleaseQuantiles {
  /** 10 % of sessions like this one end sooner. */
  readonly p10: Duration;
  /** The median: the best single guess under absolute error. */
  readonly p50: Duration;
  /** 90 % of sessions like this one end sooner. */
  readonly p90: Duration;
}

/**
 * One group of the serialised model: its sessions as parallel arrays and its learned slopes.
 *
 * @category Queue
 */
export interface DwellGroupJson {
  /** Durations, ms. */
  readonly duration: readonly number[];
  /** Local arrival time of day, hours in [0, 24). */
  readonly arrival: readonly number[];
  /** 1 for weekend arrivals. */
  readonly weekend: readonly number[];
  /** Declared stays, ms; -1 when none. */
  readonly declared: readonly number[];
  /** Learned shift of the stay per hour of earlier arrival (0: fixed duration, 1: fixed departure time). */
  readonly arrivalSlope: number;
  /** Learned share of a longer declared stay that shows up in the real stay. */
  readonly declaredSlope: number;
}

/**
 * The serialised form of a {@link DwellModel} (for shipping a fitted model to a browser or storing it).
 *
 * @category Queue
 */
export interface DwellModelJson {
  /** Format tag (format 2, without `dependence`, is still read, as independent releases). */
  readonly format: "chargekit-dwell/3";
  /** The options it was fitted with. */
  readonly options: ResolvedDwellOptions;
  /** The groups: `"g"` (everyone), `"s:<site>"`, `"d:<driver>"`. */
  readonly groups: Readonly<Record<string, DwellGroupJson>>;
  /** Sessions used. */
  readonly fitted: number;
  /** The learned (or fixed) dependence between concurrent sessions' departures, in [0, 1]. */
  readonly dependence: number;
}

/**
 * {@link DwellModelOptions} with every default filled in.
 *
 * @category Queue
 */
export interface ResolvedDwellOptions extends Required<Omit<DwellModelOptions, "shrinkage">> {
  /** The shrinkage pseudo-counts. */
  readonly shrinkage: Shrinkage;
}

const array = z.array(z.number().finite()).max(1_000_000);

const optionsV2 = z.object({
  timeZone: z.string(),
  bandwidth: z.number(),
  otherDayWeight: z.number(),
  declaredBandwidth: z.number(),
  undeclaredWeight: z.number(),
  shrinkage: z.object({ driver: z.number(), site: z.number(), everyone: z.number() }),
  maxSamples: z.number().int(),
  minDuration: z.number(),
  maxDuration: z.number(),
});

const groups = z.record(
  z.string().max(300),
  z.object({
    duration: array,
    arrival: array,
    weekend: array,
    declared: array,
    arrivalSlope: z.number().min(0).max(1),
    declaredSlope: z.number().min(0).max(1),
  }),
);

/**
 * Schema of a serialised model (checked by `DwellModel.fromJSON`): format 3, or format 2 from before the learned
 * dependence.
 *
 * @internal
 */
export const dwellModelJsonSchema = z.discriminatedUnion("format", [
  z.object({
    format: z.literal("chargekit-dwell/3"),
    options: optionsV2.extend({ dependence: z.union([z.literal("learn"), z.number().min(0).max(1)]) }),
    groups,
    fitted: z.number().int().nonnegative(),
    dependence: z.number().min(0).max(1),
  }),
  z.object({
    format: z.literal("chargekit-dwell/2"),
    options: optionsV2,
    groups,
    fitted: z.number().int().nonnegative(),
  }),
]);

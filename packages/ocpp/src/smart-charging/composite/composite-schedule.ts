import { ChargekitError, type Duration, type Instant, type PowerUnit } from "@chargekit/core";
import type { ElectricalContext } from "../convert-unit.js";
import { sameValues, withValues } from "../quantize.js";
import type { ActiveTransaction, InstalledProfile, ProfilePeriod } from "../types.js";
import { combine, type Level, sumLevels, type Term } from "./combine.js";
import { byPrecedence, type Contribution, prevailing, type StackGroup } from "./prevailing.js";
import { addBreakpoints } from "./profile-timeline.js";

/**
 * The most instants at which a composite schedule may change within one window: bounds the work a request with a
 * huge window over recurring profiles can cause (a year of a daily 1024-period profile would be 370,000).
 *
 * @category Smart charging
 */
export const MAX_COMPOSITE_CHANGES = 100_000;

/**
 * What {@link compositeSchedule} is asked: the EVSE, the window and unit (GetCompositeSchedule's `evseId` /
 * `connectorId`, `duration`, `chargingRateUnit`), and the station state the profiles depend on.
 *
 * @category Smart charging
 */
export interface CompositeRequest {
  /** The EVSE (1.6: connector); 0 asks for the whole station (the grid connection). */
  readonly evseId: number;
  /** Start of the window (the moment the request arrived). */
  readonly start: Instant;
  /** Length of the window in ms. */
  readonly duration: Duration;
  /** Unit of the result; when omitted, the unit all relevant profiles share, else W for DC and A for AC. */
  readonly unit?: PowerUnit;
  /** Running transactions: they select the `TxProfile`s that apply and anchor `Relative` profiles. */
  readonly transactions?: readonly ActiveTransaction[];
  /** EVSEs whose composites add up to the station's (evseId 0); default: every EVSE > 0 a profile or transaction names. */
  readonly evses?: readonly number[];
  /** The most one EVSE can take, in the result's unit (hardware, cable): caps every EVSE and bounds gaps without a profile. */
  readonly evseLimit?: number;
  /** Voltage and AC/DC for A ↔ W conversions (230 V AC by default). */
  readonly electrical?: ElectricalContext;
}

/**
 * The composite schedule of one EVSE (or of the station) over a window, in the conventions of core's
 * `PowerSchedule` (offsets in ms, discharge limits as magnitudes). A period without a `limit` is one no profile
 * limits; OCPP 1.6 and 2.0.1 cannot report such a period (pass `evseLimit`).
 *
 * @category Smart charging
 */
export interface CompositeSchedule {
  /** The EVSE, 0 for the station. */
  readonly evseId: number;
  /** Start of the window. */
  readonly start: Instant;
  /** Length of the window in ms. */
  readonly duration: Duration;
  /** Unit of every value. */
  readonly unit: PowerUnit;
  /** The periods, the first at offset 0; consecutive periods differ. */
  readonly periods: readonly ProfilePeriod[];
}

/**
 * Computes the composite schedule a station reports and obeys, from the profiles it has installed — a pure function,
 * the same one the station simulator runs.
 *
 * For an EVSE, at every instant: the prevailing `TxProfile` of its running transaction (one for another transaction
 * is ignored), else the prevailing `TxDefaultProfile` (set on the EVSE or on EVSE 0); capped by the prevailing
 * `ChargingStationMaxProfile`, the `ChargingStationExternalConstraints` on EVSE 0 and on the EVSE, and
 * `evseLimit`. "Prevailing" is the stack rule: the highest stack level with a period in force wins within a purpose;
 * one that is not valid yet, has expired or has run past its `duration` lets the next level speak. Absolute profiles
 * run from `startSchedule`, recurring ones repeat it daily or weekly (periods beyond one repetition never run),
 * relative ones run from the transaction start (from the window start when none runs). Limits in another unit are
 * converted with OCPP's `P = U × I × numberPhases`, per phase on the fewest phases any profile declares.
 *
 * For the station (evseId 0): the sum of every EVSE's composite (without the station-wide caps), capped by the
 * station-wide caps.
 *
 * @throws ChargekitError `INVALID_ARGUMENT` for a window that is not integer ms with a non-negative duration;
 * `LIMIT_EXCEEDED` when the window holds more than {@link MAX_COMPOSITE_CHANGES} changes (a station answers
 * `Rejected`).
 * @example
 * ```ts
 * const composite = compositeSchedule(installed, {
 *   evseId: 1,
 *   start: Date.UTC(2026, 10, 21, 17),
 *   duration: 3_600_000,
 *   unit: "A",
 *   transactions: [{ evseId: 1, transactionId: "t-1", start: Date.UTC(2026, 10, 21, 16, 40) }],
 * });
 * ```
 * @category Smart charging
 */
export function compositeSchedule(profiles: readonly InstalledProfile[], request: CompositeRequest): CompositeSchedule {
  const { start, duration, evseId } = request;
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(duration) ||
    duration < 0 ||
    !Number.isSafeInteger(evseId) ||
    evseId < 0
  ) {
    throw new ChargekitError(
      "INVALID_ARGUMENT",
      "a composite request needs integer start, duration ≥ 0 and evseId ≥ 0",
      {
        details: { start, duration, evseId },
      },
    );
  }
  const end = start + duration;
  const unit = request.unit ?? defaultUnit(profiles, request.electrical?.dc === true);
  const electrical = request.electrical ?? {};
  const station = stationGroups(profiles, start);
  const evses = evseId === 0 ? (request.evses ?? evsesOf(profiles, request.transactions ?? [])) : [evseId];
  const perEvse = evses.map((e) => evseGroups(profiles, e, request.transactions ?? [], start));
  const points = new Set<Instant>([start]);
  for (const group of [...station, ...perEvse.flatMap((g) => [g.tx, g.txDefault, g.external])]) {
    for (const p of group.profiles) addBreakpoints(p, start, end, group.context, points, MAX_COMPOSITE_CHANGES);
  }
  const evseCap = request.evseLimit === undefined ? [] : [{ unit, limit: request.evseLimit }];
  const periods: ProfilePeriod[] = [];
  for (const t of [...points].sort((a, b) => a - b)) {
    const stationCaps = station.map((g) => termOf(prevailing(g, t))).filter(isTerm);
    const levels = perEvse.map((g) => {
      const primary = termOf(prevailing(g.tx, t) ?? prevailing(g.txDefault, t));
      const caps = [termOf(prevailing(g.external, t)), ...evseCap].filter(isTerm);
      return evseId === 0
        ? combine(primary, caps, unit, electrical)
        : combine(primary, [...caps, ...stationCaps], unit, electrical);
    });
    const level: Level =
      evseId === 0 ? combine(sumLevels(levels, unit), stationCaps, unit, electrical) : (levels[0] ?? {});
    const period = withValues(t - start, level);
    const last = periods[periods.length - 1];
    if (last === undefined || !sameValues(last, period)) periods.push(period);
  }
  return { evseId, start, duration, unit, periods };
}

/**
 * What an EVSE (or the station) may draw at one instant: the composite period in force at `at` — what a station
 * applies to its pilot signal or power electronics right now.
 *
 * @example
 * ```ts
 * const now = compositePeriodAt(installed, { evseId: 1, at: clock.now(), unit: "A", transactions, evseLimit: 32 });
 * const amps = now.limit ?? 32;
 * ```
 * @category Smart charging
 */
export function compositePeriodAt(
  profiles: readonly InstalledProfile[],
  request: Omit<CompositeRequest, "start" | "duration"> & {
    /** The instant. */
    readonly at: Instant;
  },
): ProfilePeriod {
  const { at, ...rest } = request;
  const composite = compositeSchedule(profiles, { ...rest, start: at, duration: 1 });
  return composite.periods[0] ?? { startOffset: 0 };
}

interface EvseGroups {
  readonly tx: StackGroup;
  readonly txDefault: StackGroup;
  readonly external: StackGroup;
}

function stationGroups(profiles: readonly InstalledProfile[], start: Instant): StackGroup[] {
  const context = { windowStart: start };
  const on0 = (purpose: InstalledProfile["purpose"]) =>
    byPrecedence(profiles.filter((p) => p.evseId === 0 && p.purpose === purpose));
  return [
    { profiles: on0("ChargingStationMaxProfile"), context },
    { profiles: on0("ChargingStationExternalConstraints"), context },
  ];
}

function evseGroups(
  profiles: readonly InstalledProfile[],
  evseId: number,
  transactions: readonly ActiveTransaction[],
  start: Instant,
): EvseGroups {
  const tx = transactions.find((t) => t.evseId === evseId);
  const context = tx === undefined ? { windowStart: start } : { windowStart: start, transactionStart: tx.start };
  const txProfiles =
    tx === undefined
      ? []
      : profiles.filter(
          (p) =>
            p.purpose === "TxProfile" &&
            p.evseId === evseId &&
            (p.transactionId === undefined || p.transactionId === tx.transactionId),
        );
  return {
    tx: { profiles: byPrecedence(txProfiles), context },
    txDefault: {
      profiles: byPrecedence(
        profiles.filter((p) => p.purpose === "TxDefaultProfile" && (p.evseId === 0 || p.evseId === evseId)),
      ),
      context,
    },
    external: {
      profiles: byPrecedence(
        profiles.filter((p) => p.purpose === "ChargingStationExternalConstraints" && p.evseId === evseId),
      ),
      context,
    },
  };
}

function evsesOf(profiles: readonly InstalledProfile[], transactions: readonly ActiveTransaction[]): number[] {
  const ids = new Set<number>();
  for (const p of profiles) if (p.evseId > 0) ids.add(p.evseId);
  for (const t of transactions) if (t.evseId > 0) ids.add(t.evseId);
  return [...ids].sort((a, b) => a - b);
}

function defaultUnit(profiles: readonly InstalledProfile[], dc: boolean): PowerUnit {
  const units = new Set(profiles.map((p) => p.schedule.unit));
  const [only] = units;
  return units.size === 1 && only !== undefined ? only : dc ? "W" : "A";
}

function termOf(c: Contribution | undefined): Term | undefined {
  return c === undefined ? undefined : { ...c.period, unit: c.unit };
}

function isTerm(t: Term | undefined): t is Term {
  return t !== undefined;
}

import { DEFAULT_NOMINAL_VOLTAGE, type Instant, type PhaseCount } from "@chargekit/core";
import { type CompositeSchedule, compositeSchedule } from "../smart-charging/composite/composite-schedule.js";
import type { ActiveTransaction, InstalledProfile } from "../smart-charging/types.js";
import { evAcceptance } from "./ev-model.js";
import type { EvsePhysics } from "./physics.js";

const HORIZON_MS = 24 * 3_600_000;

/**
 * What the simulated station may draw on an EVSE now: the power (W) the composite schedule, the hardware and the EV
 * allow together, the phases in use, and when the composite next changes.
 *
 * @internal
 */
export interface PowerDecision {
  /** The composite schedule's limit now, in W for the phases in use (Infinity when no profile limits). */
  readonly scheduleW: number;
  /** What the EV takes now (W). */
  readonly evW: number;
  /** What flows: the least of schedule, hardware and EV. */
  readonly powerW: number;
  /** Phases in use. */
  readonly phasesUsed: PhaseCount;
  /** When the composite schedule next changes. */
  readonly nextChangeAt: Instant | undefined;
}

/**
 * The composite schedule of one EVSE over the next 24 h, computed by the smart-charging module from the installed
 * profiles — the station obeys exactly what it would report in GetCompositeSchedule. AC EVSEs compute in A (per
 * phase, the unit a current limit is meant in), DC ones in W.
 *
 * @internal
 */
export function evseComposite(
  profiles: readonly InstalledProfile[],
  physics: EvsePhysics,
  evseId: number,
  now: Instant,
  transactions: readonly ActiveTransaction[],
): CompositeSchedule {
  const dc = physics.current === "DC";
  return compositeSchedule(profiles, {
    evseId,
    start: now,
    duration: HORIZON_MS,
    unit: dc ? "W" : "A",
    transactions,
    evseLimit: dc ? physics.maxPowerW : physics.maxPowerW / (DEFAULT_NOMINAL_VOLTAGE * physics.phases),
    electrical: { dc },
  });
}

/**
 * Decides the power of an EVSE now (see {@link PowerDecision}). An AC limit in A allows `A × 230 V × phases in
 * use`, so a single-phase EV never draws more current per phase than the profile allows.
 *
 * @internal
 */
export function decidePower(
  profiles: readonly InstalledProfile[],
  physics: EvsePhysics,
  evseId: number,
  now: Instant,
  transactions: readonly ActiveTransaction[],
): PowerDecision {
  const composite = evseComposite(profiles, physics, evseId, now, transactions);
  const period = composite.periods[0];
  const next = composite.periods[1];
  const ev = physics.ev;
  const evW = ev === undefined ? 0 : evAcceptance(ev, physics.current);
  const phasesUsed: PhaseCount =
    physics.current === "DC"
      ? 1
      : (Math.min(physics.phases, ev?.model.acPhases ?? physics.phases, period?.phases ?? 3) as PhaseCount);
  const limit = period?.limit ?? Number.POSITIVE_INFINITY;
  const scheduleW = physics.current === "DC" ? limit : limit * DEFAULT_NOMINAL_VOLTAGE * phasesUsed;
  const hardwareW = physics.current === "DC" ? physics.maxPowerW : (physics.maxPowerW / physics.phases) * phasesUsed;
  const powerW = Math.max(0, Math.min(scheduleW, hardwareW, evW));
  return {
    scheduleW,
    evW,
    powerW,
    phasesUsed,
    nextChangeAt: next === undefined ? undefined : now + next.startOffset,
  };
}

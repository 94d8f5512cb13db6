import type { Clock, Logger, PowerSchedule, StationId, TimerHandle } from "@chargekit/core";
import type { CommandResult, CsmsCommands } from "@chargekit/ocpp";
import type { EvseEntry } from "../sites/evse-directory.js";

/** Profile id of the per-session TxProfile of EVSE `n`: one id per EVSE, so each new profile replaces the last. */
export const TX_PROFILE_BASE = 100;
/** Profile id of the station-wide TxDefaultProfile that caps a new session until its own profile arrives. */
export const SAFE_START_PROFILE_ID = 99;
/** Rejections of one session's profile after which its EVSE is treated as uncontrolled. */
export const MAX_REJECTIONS = 2;

/** A setpoint to install on an EVSE for a session. */
export interface ProfileRequest {
  /** The EVSE. */
  readonly evse: EvseEntry;
  /** The session (`<station>|<transaction>`). */
  readonly session: string;
  /** The transaction the TxProfile is for. */
  readonly transactionId: string;
  /** The limit in the connector's unit (A per phase for AC, W for DC). */
  readonly value: number;
  /** AC: phases the EV may use. */
  readonly phases?: 1 | 2 | 3;
}

/** What the station runs for a session, as far as the server knows. */
export interface RunningProfile {
  /** The session. */
  readonly session: string;
  /** The limit it accepted. */
  readonly value: number;
  /** The phases. */
  readonly phases?: 1 | 2 | 3 | undefined;
}

/** Something that happened to a profile, for logs and the live feed. */
export interface ProfileOutcome {
  /** The EVSE. */
  readonly evse: EvseEntry;
  /** The session. */
  readonly session: string;
  /** The limit sent. */
  readonly value: number;
  /** `accepted`, `rejected` (by the station), `unsupported` (the station does no smart charging), or `failed`. */
  readonly outcome: "accepted" | "rejected" | "unsupported" | "failed";
  /** For failures: the command failure code or the station's status. */
  readonly reason?: string;
}

/** Options of {@link ProfileSender}. */
export interface ProfileSenderOptions {
  /** The command API. */
  readonly commands: Pick<CsmsCommands, "setChargingProfile">;
  /** Retry timers. */
  readonly clock: Clock;
  /** Where failures are logged. */
  readonly logger: Logger;
  /** Stack level of the TxProfiles. */
  readonly stackLevel: number;
  /** Wait before a failed send is tried again, ms. */
  readonly retryMs: number;
  /** Runs station work serialized per key (the server's background work, awaited at shutdown). */
  readonly run: (key: string, what: string, task: () => Promise<void>) => Promise<void>;
  /** A site needs a new round: an EVSE became uncontrolled, or a retry is due. */
  readonly onNeedsRound: (evse: EvseEntry, reason: "uncontrolled" | "retry") => void;
  /** Every outcome. */
  readonly onOutcome?: (outcome: ProfileOutcome) => void;
}

interface EvseState {
  session: string;
  acked?: RunningProfile;
  inFlight?: ProfileRequest;
  queued?: ProfileRequest;
  rejections: number;
  uncontrolled: boolean;
}

/**
 * Sends load-management setpoints to stations as TxProfiles and remembers what each station accepted: a setpoint
 * equal to what the station runs (or is being sent) is not sent again, one send per EVSE is in flight at a time
 * (a newer setpoint waits and replaces any older waiting one), failures are retried after `retryMs`, and an EVSE
 * whose station refuses profiles is reported as uncontrolled (for that session after {@link MAX_REJECTIONS}
 * rejections; for the whole station until it boots again when it does no smart charging).
 */
export class ProfileSender {
  private readonly evses = new Map<string, EvseState>();
  private readonly unsupported = new Set<StationId>();
  private readonly retries = new Map<string, TimerHandle>();

  private readonly options: ProfileSenderOptions;

  constructor(options: ProfileSenderOptions) {
    this.options = options;
  }

  /** What the station runs for the session on `evse`, if it accepted a profile for it. */
  running(evse: EvseEntry, session: string): RunningProfile | undefined {
    const state = this.evses.get(evse.ref);
    return state?.session === session ? state.acked : undefined;
  }

  /** Whether the server cannot control the session on `evse` (its station refuses profiles). */
  uncontrolled(evse: EvseEntry, session: string): boolean {
    if (this.unsupported.has(evse.stationId)) return true;
    const state = this.evses.get(evse.ref);
    return state?.session === session && state.uncontrolled;
  }

  /** Installs `request` unless the station runs it already or it is on its way. */
  send(request: ProfileRequest): void {
    if (this.unsupported.has(request.evse.stationId)) return;
    const state = this.stateFor(request.evse, request.session);
    if (state.uncontrolled) return;
    const same = (p: { value: number; phases?: number | undefined } | undefined) =>
      p !== undefined && p.value === request.value && p.phases === request.phases;
    if (state.inFlight !== undefined) {
      if (same(state.inFlight) && state.queued === undefined) return;
      state.queued = request;
      return;
    }
    if (same(state.acked)) return;
    this.start(state, request);
  }

  /** A session ended: its profile went with it. */
  sessionEnded(evse: EvseEntry, session: string): void {
    const state = this.evses.get(evse.ref);
    if (state?.session === session) this.evses.delete(evse.ref);
    this.clearRetry(evse.ref);
  }

  /** A station (re)booted or reconnected: what it ran is unknown, and it may do smart charging now. */
  stationReset(stationId: StationId): void {
    this.unsupported.delete(stationId);
    for (const [ref, state] of this.evses) {
      if (!ref.startsWith(`${stationId}/`)) continue;
      if (state.inFlight === undefined) this.evses.delete(ref);
      else delete state.acked;
    }
  }

  /**
   * Installs the station-wide TxDefaultProfile that holds every new session at `limit` (A per phase on AC, W on DC)
   * until the session's own profile arrives, so a start never overloads the site in between.
   */
  safeStart(station: EvseEntry["station"], limit: number): void {
    const o = this.options;
    const dc = station.current === "DC";
    void o.run(`profiles:${station.id}`, "safe-start TxDefaultProfile", async () => {
      const result = await o.commands.setChargingProfile(station.id, {
        schedule: {
          start: o.clock.now(),
          unit: dc ? "W" : "A",
          periods: [{ startOffset: 0, limit, ...(dc ? {} : { phases: station.phases }) }],
        },
        target: {
          profileId: SAFE_START_PROFILE_ID,
          evseId: 0,
          purpose: "TxDefaultProfile",
          stackLevel: 0,
          kind: "Relative",
        },
      });
      const remote = result.ok ? undefined : result.error.remote?.code;
      if (
        (result.ok && result.value.status === "NotSupported") ||
        remote === "NotSupported" ||
        remote === "NotImplemented"
      ) {
        this.unsupported.add(station.id);
        o.logger.warn({ stationId: station.id }, "station does no smart charging: its sessions count at their maximum");
      } else if (!result.ok || result.value.status !== "Accepted") {
        o.logger.warn(
          { stationId: station.id, outcome: result.ok ? result.value.status : result.error.code },
          "safe-start profile not installed",
        );
      }
    });
  }

  /** Cancels the retry timers. */
  close(): void {
    for (const timer of this.retries.values()) this.options.clock.clearTimeout(timer);
    this.retries.clear();
  }

  private stateFor(evse: EvseEntry, session: string): EvseState {
    const existing = this.evses.get(evse.ref);
    if (existing?.session === session) return existing;
    const fresh: EvseState = { session, rejections: 0, uncontrolled: false };
    this.evses.set(evse.ref, fresh);
    return fresh;
  }

  private start(state: EvseState, request: ProfileRequest): void {
    state.inFlight = request;
    const { evse } = request;
    const o = this.options;
    void o.run(`profiles:${evse.stationId}`, "SetChargingProfile", async () => {
      let result: CommandResult<{ readonly status: "Accepted" | "Rejected" | "NotSupported" }>;
      try {
        result = await o.commands.setChargingProfile(evse.stationId, {
          schedule: scheduleOf(request, o.clock.now()),
          target: {
            profileId: TX_PROFILE_BASE + evse.evseId,
            evseId: evse.evseId,
            purpose: "TxProfile",
            stackLevel: o.stackLevel,
            transactionId: request.transactionId,
            kind: "Relative",
          },
        });
      } finally {
        if (state.inFlight === request) delete state.inFlight;
      }
      this.settle(state, request, result);
      const next = state.queued;
      if (next !== undefined && this.evses.get(evse.ref) === state) {
        delete state.queued;
        this.send(next);
      }
    });
  }

  private settle(
    state: EvseState,
    request: ProfileRequest,
    result: CommandResult<{ readonly status: "Accepted" | "Rejected" | "NotSupported" }>,
  ): void {
    const { evse } = request;
    const current = this.evses.get(evse.ref) === state;
    const report = (outcome: ProfileOutcome["outcome"], reason?: string) =>
      this.options.onOutcome?.({
        evse,
        session: request.session,
        value: request.value,
        outcome,
        ...(reason === undefined ? {} : { reason }),
      });
    if (result.ok && result.value.status === "Accepted") {
      if (current) state.acked = { session: request.session, value: request.value, phases: request.phases };
      report("accepted");
      return;
    }
    const remote = result.ok ? undefined : result.error.remote?.code;
    const noSmartCharging =
      (result.ok && result.value.status === "NotSupported") || remote === "NotSupported" || remote === "NotImplemented";
    if (noSmartCharging) {
      this.unsupported.add(evse.stationId);
      this.options.logger.warn(
        { stationId: evse.stationId },
        "station does no smart charging: its sessions count at their maximum",
      );
      report("unsupported", result.ok ? result.value.status : (remote ?? result.error.code));
      this.options.onNeedsRound(evse, "uncontrolled");
      return;
    }
    if (result.ok || result.error.code === "INVALID_ARGUMENT" || result.error.code === "UNSUPPORTED") {
      // the station said Rejected, or the profile cannot be written for it: after a second time, stop trying
      state.rejections += result.ok ? 1 : MAX_REJECTIONS;
      report("rejected", result.ok ? result.value.status : result.error.code);
      if (state.rejections >= MAX_REJECTIONS) {
        if (current) state.uncontrolled = true;
        this.options.logger.warn(
          { stationId: evse.stationId, evseId: evse.evseId, session: request.session },
          "charging profile refused: the session counts at the EVSE's maximum",
        );
        this.options.onNeedsRound(evse, "uncontrolled");
        return;
      }
    } else report("failed", result.error.code);
    this.retryLater(evse);
  }

  private retryLater(evse: EvseEntry): void {
    if (this.retries.has(evse.ref)) return;
    const timer = this.options.clock.setTimeout(() => {
      this.retries.delete(evse.ref);
      this.options.onNeedsRound(evse, "retry");
    }, this.options.retryMs);
    this.retries.set(evse.ref, timer);
  }

  private clearRetry(ref: string): void {
    const timer = this.retries.get(ref);
    if (timer === undefined) return;
    this.options.clock.clearTimeout(timer);
    this.retries.delete(ref);
  }
}

/** The open-ended single-period schedule of a setpoint: it stays in force until the next one replaces it. */
export function scheduleOf(request: Pick<ProfileRequest, "evse" | "value" | "phases">, at: number): PowerSchedule {
  const dc = request.evse.station.current === "DC";
  return {
    start: at,
    unit: dc ? "W" : "A",
    periods: [
      {
        startOffset: 0,
        limit: request.value,
        ...(dc || request.phases === undefined ? {} : { phases: request.phases }),
      },
    ],
  };
}

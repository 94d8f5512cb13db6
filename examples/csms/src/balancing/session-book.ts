import type { Instant, SiteId, StationId, TransactionId } from "@chargekit/core";
import type { ChargingState, MeterSample } from "@chargekit/ocpp";
import type { EvseDirectory, EvseEntry } from "../sites/evse-directory.js";
import { type EvDemand, followMeter } from "./ev-demand.js";

/** A session load management balances: where it charges, since when, and what the meters say it takes. */
export interface BalancedSession {
  /** `<station>|<transaction>`: the solver's session id. */
  readonly key: string;
  /** The station. */
  readonly stationId: StationId;
  /** The transaction. */
  readonly transactionId: TransactionId;
  /** The EVSE. */
  readonly evse: EvseEntry;
  /** When it started (orders admission: earlier first). */
  readonly arrival: Instant;
  /** What the meters say the EV takes. */
  readonly demand: EvDemand;
  /** The latest meter sample, if any. */
  readonly sample?: MeterSample;
}

/** The solver's id of a session. */
export function sessionKey(stationId: StationId, transactionId: TransactionId): string {
  return `${stationId}|${transactionId}`;
}

/**
 * The running sessions of every site, kept from the server's session and meter events. Each change says whether
 * it matters to the solver (a start, an end, a changed demand), so a meter value that changes nothing makes no
 * round.
 */
export class SessionBook {
  private readonly sessions = new Map<string, BalancedSession>();
  private readonly states = new Map<string, ChargingState>();

  private readonly directory: EvseDirectory;

  constructor(directory: EvseDirectory) {
    this.directory = directory;
  }

  /** The running sessions of a site, by key. */
  of(siteId: SiteId): BalancedSession[] {
    return [...this.sessions.values()].filter((s) => s.evse.siteId === siteId).sort((a, b) => cmp(a.key, b.key));
  }

  /** One session. */
  get(key: string): BalancedSession | undefined {
    return this.sessions.get(key);
  }

  /**
   * A session started (or its EVSE became known). Returns its site when this is news to the solver, `undefined`
   * when the session is known already or its EVSE is not a configured one.
   */
  started(session: {
    readonly stationId: StationId;
    readonly transactionId: TransactionId;
    readonly evseId: number | undefined;
    readonly startedAt: Instant;
  }): SiteId | undefined {
    const key = sessionKey(session.stationId, session.transactionId);
    if (this.sessions.has(key) || session.evseId === undefined) return undefined;
    const evse = this.directory.at(session.stationId, session.evseId);
    if (evse === undefined) return undefined;
    this.sessions.set(key, {
      key,
      stationId: session.stationId,
      transactionId: session.transactionId,
      evse,
      arrival: session.startedAt,
      demand: {},
    });
    return evse.siteId;
  }

  /** A session ended; returns its site when it was running here. */
  ended(stationId: StationId, transactionId: TransactionId): SiteId | undefined {
    const key = sessionKey(stationId, transactionId);
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    this.sessions.delete(key);
    return session.evse.siteId;
  }

  /** The energy-transfer state of an EVSE changed (from its status notification). */
  chargingState(stationId: StationId, evseId: number, state: ChargingState | undefined): void {
    const ref = `${stationId}/${evseId}`;
    if (state === undefined) this.states.delete(ref);
    else this.states.set(ref, state);
  }

  /**
   * A meter sample of a session, with the setpoint it runs (`offered`, undefined when none is known yet). Returns
   * the site when the EV's demand changed (a round is due), `undefined` otherwise.
   */
  metered(
    stationId: StationId,
    transactionId: TransactionId,
    sample: MeterSample,
    offered: number | undefined,
    follow: boolean,
  ): SiteId | undefined {
    const key = sessionKey(stationId, transactionId);
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    if (session.sample !== undefined && sample.at < session.sample.at) return undefined; // a late, older sample
    const station = session.evse.station;
    const site = this.directory.site(session.evse.siteId);
    const demand = follow
      ? followMeter(session.demand, { sample, chargingState: this.states.get(session.evse.ref) }, offered, {
          current: station.current,
          phases: station.phases,
          minCurrent: station.minCurrent,
          voltage: site?.voltage ?? 230,
        })
      : session.demand;
    const changed = !sameDemand(demand, session.demand);
    this.sessions.set(key, { ...session, demand, sample });
    return changed ? session.evse.siteId : undefined;
  }

  /** Every running session (for restarts and snapshots). */
  all(): BalancedSession[] {
    return [...this.sessions.values()];
  }
}

function sameDemand(a: EvDemand, b: EvDemand): boolean {
  return a.phases === b.phases && a.maxCurrent === b.maxCurrent && a.maxPower === b.maxPower;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import {
  type Clock,
  createEmitter,
  every,
  type Instant,
  type Logger,
  type SiteId,
  type StationId,
  type TransactionId,
  type TypedEmitter,
} from "@chargekit/core";
import type { ConnectorView, CsmsCommands, MeterSample } from "@chargekit/ocpp";
import type { LoadManagementConfig } from "../config/load-management.js";
import type { EvseDirectory } from "../sites/evse-directory.js";
import type { SiteLimitsBook } from "../sites/site-limits.js";
import { gridLimitW } from "../sites/site-tree.js";
import type { DrBook } from "./dr-book.js";
import { PowerHistory } from "./power-history.js";
import { type ProfileOutcome, ProfileSender } from "./profile-sender.js";
import { type BalancedSession, SessionBook, sessionKey } from "./session-book.js";
import { SiteBalancer, type SiteRound } from "./site-balancer.js";

/** Events of the {@link LoadManager}. */
export interface LoadManagerEvents {
  /** A site was rebalanced. */
  "round:done": SiteRound;
  /** A station accepted, refused or did not get a profile. */
  "profile:outcome": ProfileOutcome;
}

/** Options of {@link createLoadManager}. */
export interface LoadManagerOptions {
  /** The configured EVSEs. */
  readonly directory: EvseDirectory;
  /** The limits in force. */
  readonly limits: SiteLimitsBook;
  /** Demand-response events. */
  readonly demandResponse: DrBook;
  /** Sends the profiles. */
  readonly commands: Pick<CsmsCommands, "setChargingProfile">;
  /** Settings. */
  readonly settings: LoadManagementConfig;
  /** Timers. */
  readonly clock: Clock;
  /** Logs. */
  readonly logger: Logger;
  /** Runs station work serialized per key (the server's background work). */
  readonly run: (key: string, what: string, task: () => Promise<void>) => Promise<void>;
}

/**
 * Load management of every configured site: one {@link SiteBalancer} per site fed from the session, meter and
 * station events, the {@link ProfileSender} that installs the setpoints, each site's power against its limit
 * sampled over time, and the demand-response reports credited by every round.
 */
export interface LoadManager {
  /** Round, profile and report notifications. */
  readonly events: TypedEmitter<LoadManagerEvents>;
  /** Each site's power against its limit over time. */
  readonly history: PowerHistory;
  /** The running sessions of a site as the solver sees them. */
  sessions(siteId: SiteId): BalancedSession[];
  /** The latest round of a site. */
  lastRound(siteId: SiteId): SiteRound | undefined;
  /** What the station runs for a session, when it accepted a profile. */
  running(session: BalancedSession): { readonly value: number; readonly phases?: number | undefined } | undefined;
  /** Whether the server cannot control a session (its station refuses profiles). */
  uncontrolled(session: BalancedSession): boolean;
  /** A session started (or its EVSE became known). */
  sessionStarted(s: {
    readonly stationId: StationId;
    readonly transactionId: TransactionId;
    readonly evseId: number | undefined;
    readonly startedAt: Instant;
  }): void;
  /** A session ended. */
  sessionEnded(stationId: StationId, transactionId: TransactionId): void;
  /** A meter sample of a session. */
  metered(stationId: StationId, transactionId: TransactionId, sample: MeterSample): void;
  /** A connector reported a status. */
  connector(stationId: StationId, connector: ConnectorView): void;
  /** A station booted or reconnected: what it ran is unknown; install the safe-start profile and rebalance. */
  stationReset(stationId: StationId, booted: boolean): void;
  /** Asks a site for a round. */
  request(siteId: SiteId, reason: string): void;
  /** Runs a round of every site now (start-up). */
  runAll(reason: string): void;
  /** Samples every site's power now. */
  sample(): void;
  /** Stops every timer. */
  close(): void;
}

/** Creates the load manager (no round runs until a request or {@link LoadManager.runAll}). */
export function createLoadManager(options: LoadManagerOptions): LoadManager {
  const { directory, limits, clock, settings } = options;
  const events = createEmitter<LoadManagerEvents>();
  const book = new SessionBook(directory);
  const history = new PowerHistory(settings.historyLength);
  const balancers = new Map<SiteId, SiteBalancer>();
  const sender = new ProfileSender({
    commands: options.commands,
    clock,
    logger: options.logger,
    stackLevel: settings.stackLevel,
    retryMs: settings.retryMs,
    run: options.run,
    onNeedsRound: (evse, reason) => balancers.get(evse.siteId)?.request(reason),
    onOutcome: (outcome) => events.emit("profile:outcome", outcome),
  });
  for (const site of directory.sites) {
    balancers.set(
      site.id,
      new SiteBalancer({
        site,
        evses: directory.evsesOf(site.id),
        clock,
        logger: options.logger,
        settings,
        limits: () => limits.get(site.id) ?? { gridLimit: site.gridLimit, nodes: [] },
        sessions: () => book.of(site.id),
        demandResponse: (at) => options.demandResponse.solverEvents(site.id, at),
        sender,
        onRound: (round) => {
          options.demandResponse.recordRound(site.id, round.at, round.allocation.demandResponse);
          events.emit("round:done", round);
        },
      }),
    );
  }
  const request = (siteId: SiteId | undefined, reason: string): void => {
    if (siteId !== undefined && settings.enabled) balancers.get(siteId)?.request(reason);
  };
  const onLimits = (e: { siteId: SiteId }) => request(e.siteId, "limits changed");
  limits.events.on("limits:changed", onLimits);
  const onDr = (e: { event: { siteId: SiteId } }) => request(e.event.siteId, "demand response changed");
  options.demandResponse.events.on("dr:changed", onDr);
  const sample = (): void => {
    const at = clock.now();
    for (const site of directory.sites) {
      const round = balancers.get(site.id)?.last();
      const measuredW = book.of(site.id).reduce((sum, s) => sum + measuredPower(s, site.voltage), 0);
      const siteLimits = limits.get(site.id);
      history.record(site.id, {
        at,
        measuredW,
        allocatedW: round?.allocatedW ?? 0,
        limitW: round?.limitW ?? (siteLimits === undefined ? 0 : gridLimitW(siteLimits, site.voltage)),
      });
    }
  };
  const stopSampling = every(clock, settings.sampleIntervalMs, sample);

  return {
    events,
    history,
    sessions: (siteId) => book.of(siteId),
    lastRound: (siteId) => balancers.get(siteId)?.last(),
    running: (s) => sender.running(s.evse, s.key),
    uncontrolled: (s) => sender.uncontrolled(s.evse, s.key),
    sessionStarted: (s) => request(book.started(s), "session started"),
    sessionEnded(stationId, transactionId) {
      const session = book.get(sessionKey(stationId, transactionId));
      const siteId = book.ended(stationId, transactionId);
      if (session !== undefined) sender.sessionEnded(session.evse, session.key);
      request(siteId, "session ended");
    },
    metered(stationId, transactionId, meter) {
      const session = book.get(sessionKey(stationId, transactionId));
      const offered = session === undefined ? undefined : sender.running(session.evse, session.key)?.value;
      request(book.metered(stationId, transactionId, meter, offered, settings.followMeters), "meter change");
    },
    connector(stationId, connector) {
      book.chargingState(stationId, connector.evseId, connector.chargingState);
    },
    stationReset(stationId, booted) {
      sender.stationReset(stationId);
      const siteId = directory.siteOf(stationId);
      const station = directory.stationsOf(siteId ?? ("" as SiteId)).find((s) => s.id === stationId);
      if (booted && settings.enabled && station !== undefined && settings.safeStartCurrentA > 0) {
        const voltage = directory.site(siteId ?? ("" as SiteId))?.voltage ?? 230;
        const limit =
          station.current === "DC" ? Math.round(settings.safeStartCurrentA * voltage * 3) : settings.safeStartCurrentA;
        sender.safeStart(station, limit);
      }
      request(siteId, booted ? "station booted" : "station reconnected");
    },
    request,
    runAll(reason) {
      if (!settings.enabled) return;
      for (const balancer of balancers.values()) balancer.run(reason);
    },
    sample,
    close() {
      stopSampling();
      limits.events.off("limits:changed", onLimits);
      options.demandResponse.events.off("dr:changed", onDr);
      for (const balancer of balancers.values()) balancer.close();
      sender.close();
    },
  };
}

/** What a session draws by its latest meter sample, W (0 without one). */
function measuredPower(session: BalancedSession, voltage: number): number {
  const sample = session.sample;
  if (sample === undefined) return 0;
  if (sample.powerW !== undefined) return sample.powerW;
  const current = sample.currentA;
  if (current === undefined) return 0;
  return ((current.L1 ?? 0) + (current.L2 ?? 0) + (current.L3 ?? 0)) * voltage;
}

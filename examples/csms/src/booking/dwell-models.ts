import { type Clock, DAY, every, type Logger } from "@chargekit/core";
import { type DwellModel, fitDwellModel, type SessionRecord } from "@chargekit/reservations";
import type { SessionStore } from "../store/session-store.js";

/** Most past sessions a fit reads. */
const MAX_HISTORY = 20_000;

/**
 * The dwell model the queue's wait estimates and the availability search use: how long cars stay, learned from the
 * CSMS's own ended sessions of the last `days` days (per site and per driver), refitted every day. Until there is
 * history the model answers with its heavy-tailed fallback.
 */
export class DwellModels {
  private model: DwellModel = fitDwellModel([]);
  private stopRefits: (() => void) | undefined;
  private readonly o: {
    readonly sessions: Pick<SessionStore, "list">;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly days: number;
    readonly timeZone: string;
  };

  constructor(options: DwellModels["o"]) {
    this.o = options;
  }

  /** The model now. */
  current(): DwellModel {
    return this.model;
  }

  /** Fits the model from the history, then refits it daily. */
  async start(): Promise<void> {
    await this.refit();
    this.stopRefits = every(this.o.clock, DAY, () => void this.refit());
  }

  /** Stops the daily refits. */
  stop(): void {
    this.stopRefits?.();
  }

  /** Fits the model from the sessions that ended in the last `days` days. */
  async refit(): Promise<void> {
    try {
      const now = this.o.clock.now();
      const rows = await this.o.sessions.list({ active: false, from: now - this.o.days * DAY, limit: MAX_HISTORY });
      const history: SessionRecord[] = [];
      for (const row of rows) {
        if (row.endedAt === undefined) continue;
        history.push({
          start: row.startedAt,
          end: row.endedAt,
          ...(row.siteId === undefined ? {} : { site: row.siteId }),
          ...(row.driverId === undefined ? {} : { driver: row.driverId }),
        });
      }
      this.model = fitDwellModel(history, { timeZone: this.o.timeZone });
      this.o.logger.debug({ sessions: history.length }, "dwell model fitted");
    } catch (error) {
      this.o.logger.warn({ err: error }, "dwell model not refitted; the previous one stays");
    }
  }
}

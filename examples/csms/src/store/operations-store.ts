import type { DriverId, Instant, SiteId } from "@chargekit/core";
import type { DrReport } from "../balancing/dr-book.js";
import type { SiteLimits } from "../sites/site-limits.js";

/** How a driver's time in a site's virtual queue ended. */
export type QueueOutcome = "accepted" | "left" | "max_snoozes";

/** One driver's time in a queue, from joining to leaving it. */
export interface QueueWait {
  /** The site. */
  readonly siteId: SiteId;
  /** The driver. */
  readonly driverId: DriverId;
  /** When they joined. */
  readonly joinedAt: Instant;
  /** When they left the line. */
  readonly endedAt: Instant;
  /** Why. */
  readonly outcome: QueueOutcome;
}

/** Queue waits of one site over a period, summed up. */
export interface QueueWaitSummary {
  /** The site. */
  readonly siteId: SiteId;
  /** Drivers who left the line in the period. */
  readonly count: number;
  /** Of them, those who got a charger. */
  readonly served: number;
  /** Average time from joining to getting a charger, ms (0 when nobody got one). */
  readonly averageWaitMs: number;
  /** Longest such wait, ms. */
  readonly maxWaitMs: number;
}

/**
 * The operational data of reservations, queues and load management that must survive a restart: site limits an
 * operator changed, demand-response events with their reports, and the queue waits reports average.
 */
export interface OperationsStore {
  /** Every stored change of site limits. */
  siteLimits(): Promise<Map<SiteId, SiteLimits>>;
  /** Stores a site's limits (replacing earlier ones). */
  saveSiteLimits(siteId: SiteId, limits: SiteLimits, at: Instant): Promise<void>;
  /** Demand-response events whose end is at or after `since`, with their reports. */
  demandResponse(since: Instant): Promise<DrReport[]>;
  /** Stores an event's report (its event included), replacing the earlier one. */
  saveDemandResponse(report: DrReport): Promise<void>;
  /** Records a driver's time in a queue. */
  recordQueueWait(wait: QueueWait): Promise<void>;
  /** Queue waits that ended in `[from, to)`, per site (only sites with waits). */
  queueWaits(from: Instant, to: Instant): Promise<QueueWaitSummary[]>;
}

/** Sums queue waits up per site (shared by the memory and SQL stores' tests). */
export function summarizeWaits(waits: readonly QueueWait[]): QueueWaitSummary[] {
  const bySite = new Map<SiteId, QueueWait[]>();
  for (const w of waits) bySite.set(w.siteId, [...(bySite.get(w.siteId) ?? []), w]);
  return [...bySite.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([siteId, list]) => {
      const served = list.filter((w) => w.outcome === "accepted").map((w) => w.endedAt - w.joinedAt);
      return {
        siteId,
        count: list.length,
        served: served.length,
        averageWaitMs: served.length === 0 ? 0 : Math.round(served.reduce((a, b) => a + b, 0) / served.length),
        maxWaitMs: served.length === 0 ? 0 : Math.max(...served),
      };
    });
}

/** An {@link OperationsStore} in memory (tests; a server without a database). */
export function createMemoryOperationsStore(): OperationsStore {
  const limits = new Map<SiteId, SiteLimits>();
  const dr = new Map<string, DrReport>();
  const waits: QueueWait[] = [];
  return {
    siteLimits: async () => new Map(limits),
    async saveSiteLimits(siteId, value) {
      limits.set(siteId, value);
    },
    demandResponse: async (since) =>
      [...dr.values()].filter((r) => Math.min(r.event.end, r.event.cancelledAt ?? r.event.end) >= since),
    async saveDemandResponse(report) {
      dr.set(report.event.id, report);
    },
    async recordQueueWait(wait) {
      waits.push(wait);
    },
    queueWaits: async (from, to) => summarizeWaits(waits.filter((w) => w.endedAt >= from && w.endedAt < to)),
  };
}

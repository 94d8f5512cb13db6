import { createEmitter, type Instant, type SiteId, type TypedEmitter } from "@chargekit/core";

/** One sample of a site's power against its limit. */
export interface SitePowerSample {
  /** When. */
  readonly at: Instant;
  /** Power the site's sessions draw by their meters, W (sessions without a reading count as 0). */
  readonly measuredW: number;
  /** Power the last round allocated (setpoints plus what uncontrolled sessions may draw), W. */
  readonly allocatedW: number;
  /** The site's limit in force: the grid connection's, lowered by a demand-response cap on it, W. */
  readonly limitW: number;
}

/** Events of {@link PowerHistory}. */
export interface PowerHistoryEvents {
  /** A site's power was sampled. */
  "site:power": {
    /** The site. */
    readonly siteId: SiteId;
    /** The sample. */
    readonly sample: SitePowerSample;
  };
}

/**
 * Each site's power against its limit over time, for the dashboard and reports: a bounded ring of samples per site
 * (the oldest go first) and an event per sample.
 */
export class PowerHistory {
  /** Sample notifications. */
  readonly events: TypedEmitter<PowerHistoryEvents> = createEmitter<PowerHistoryEvents>();
  private readonly samples = new Map<SiteId, SitePowerSample[]>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Adds a sample (samples at or before the site's latest replace nothing and are dropped). */
  record(siteId: SiteId, sample: SitePowerSample): void {
    const list = this.samples.get(siteId) ?? [];
    const last = list[list.length - 1];
    if (last !== undefined && sample.at <= last.at) return;
    list.push(sample);
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
    this.samples.set(siteId, list);
    this.events.emit("site:power", { siteId, sample });
  }

  /** A site's samples from `since` on (all when omitted), oldest first. */
  of(siteId: SiteId, since?: Instant): SitePowerSample[] {
    const list = this.samples.get(siteId) ?? [];
    return since === undefined ? [...list] : list.filter((s) => s.at >= since);
  }

  /** The latest sample of a site. */
  latest(siteId: SiteId): SitePowerSample | undefined {
    const list = this.samples.get(siteId);
    return list?.[list.length - 1];
  }
}

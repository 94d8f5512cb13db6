import { ChargekitError, createEmitter, type Instant, type SiteId, type TypedEmitter } from "@chargekit/core";
import type {
  DemandResponseEvent,
  DemandResponseSignal,
  SheddingReport,
  SheddingSample,
} from "@chargekit/load-management";

/** A demand-response event as the server keeps it: what was asked, by whom, and whether it was cancelled. */
export interface DrEventRecord {
  /** Unique id (named in setpoints' `limitedBy` and in the report). */
  readonly id: string;
  /** The site. */
  readonly siteId: SiteId;
  /** The grid node it caps (the site id: the grid connection). */
  readonly nodeId: string;
  /** First instant. */
  readonly start: Instant;
  /** First instant after it, as requested. */
  readonly end: Instant;
  /** What it asks for. */
  readonly signal: DemandResponseSignal;
  /** Import (drawn power, default) or export. */
  readonly direction: "import" | "export";
  /** Who asked (an API key id, a program name). */
  readonly source: string;
  /** When it was created. */
  readonly createdAt: Instant;
  /** When it was cancelled, if it was. */
  readonly cancelledAt?: Instant;
}

/** What an event did so far: the VEN report. */
export interface DrReport {
  /** The event. */
  readonly event: DrEventRecord;
  /** Whether every round during the event kept the node within the cap. */
  readonly compliant: boolean;
  /** Energy shed so far (baseline − actual, integrated between rounds), Wh. */
  readonly energyShedWh: number;
  /** The latest round's sample while it is in force. */
  readonly latest?: SheddingSample;
  /** Rounds during the event (newest last, at most {@link MAX_DR_SAMPLES}). */
  readonly samples: readonly SheddingSample[];
}

/** Samples kept per event. */
export const MAX_DR_SAMPLES = 500;
/** Events kept per site (ended and cancelled ones are dropped oldest first beyond this). */
export const MAX_DR_EVENTS_PER_SITE = 200;

/** The end of an event in force: its end, or its cancellation if earlier. */
export function effectiveEnd(event: DrEventRecord): Instant {
  return event.cancelledAt === undefined ? event.end : Math.min(event.end, event.cancelledAt);
}

/** The energy a report's event has shed by `at`: what rounds credited, plus the latest round's power until `at`. */
export function energyShedBy(report: DrReport, at: Instant): number {
  const latest = report.latest;
  if (latest === undefined) return report.energyShedWh;
  const until = Math.min(at, effectiveEnd(report.event));
  return report.energyShedWh + (Math.max(0, latest.shed) * Math.max(0, until - latest.start)) / 3_600_000;
}

/** Where an event stands at `at`. */
export function drStatus(event: DrEventRecord, at: Instant): "scheduled" | "active" | "ended" | "cancelled" {
  if (event.cancelledAt !== undefined && event.cancelledAt <= Math.max(event.start, at)) return "cancelled";
  if (at < event.start) return "scheduled";
  return at < effectiveEnd(event) ? "active" : "ended";
}

/** Events of {@link DrBook}. */
export interface DrBookEvents {
  /** An event was created or cancelled. */
  "dr:changed": {
    /** The event now. */
    readonly event: DrEventRecord;
  };
  /** A round credited an event: its report now. */
  "dr:report": DrReport;
}

interface Entry {
  event: DrEventRecord;
  compliant: boolean;
  energyShedWh: number;
  latest?: SheddingSample;
  samples: SheddingSample[];
}

/**
 * The demand-response events of every site with their running reports: created and cancelled by operators (or a
 * VEN), handed to the solver as its events, and credited with each round's shedding (the shed power of a round
 * counts until the next round or the event's end).
 */
export class DrBook {
  /** Created and cancelled events. */
  readonly events: TypedEmitter<DrBookEvents> = createEmitter<DrBookEvents>();
  private readonly entries = new Map<string, Entry>();

  /** Loads stored events (with their reports) at start-up. */
  load(stored: readonly DrReport[]): void {
    for (const r of stored) {
      this.entries.set(r.event.id, {
        event: r.event,
        compliant: r.compliant,
        energyShedWh: r.energyShedWh,
        ...(r.latest === undefined ? {} : { latest: r.latest }),
        samples: [...r.samples],
      });
    }
  }

  /**
   * Adds an event; `CONFLICT` when its id exists, `LIMIT_EXCEEDED` when the site has
   * {@link MAX_DR_EVENTS_PER_SITE} events that are not over.
   */
  add(event: DrEventRecord): DrReport {
    if (this.entries.has(event.id)) throw new ChargekitError("CONFLICT", `demand-response event ${event.id} exists`);
    const live = [...this.entries.values()].filter(
      (e) => e.event.siteId === event.siteId && effectiveEnd(e.event) > event.createdAt,
    ).length;
    if (live >= MAX_DR_EVENTS_PER_SITE) {
      throw new ChargekitError(
        "LIMIT_EXCEEDED",
        `site ${event.siteId} has ${live} demand-response events not over yet`,
      );
    }
    const entry: Entry = { event, compliant: true, energyShedWh: 0, samples: [] };
    this.entries.set(event.id, entry);
    this.prune(event.siteId, event.createdAt);
    this.events.emit("dr:changed", { event });
    return reportOf(entry);
  }

  /** Cancels an event at `at` (it ends then if it was running); cancelling twice changes nothing. */
  cancel(id: string, at: Instant): DrReport | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.event.cancelledAt === undefined && at < effectiveEnd(entry.event)) {
      entry.event = { ...entry.event, cancelledAt: at };
      this.events.emit("dr:changed", { event: entry.event });
    }
    return reportOf(entry);
  }

  /** One event's report. */
  get(id: string): DrReport | undefined {
    const entry = this.entries.get(id);
    return entry === undefined ? undefined : reportOf(entry);
  }

  /** The reports of a site's events, by start. */
  list(siteId: SiteId): DrReport[] {
    return [...this.entries.values()]
      .filter((e) => e.event.siteId === siteId)
      .sort((a, b) => a.event.start - b.event.start || (a.event.id < b.event.id ? -1 : 1))
      .map(reportOf);
  }

  /** The solver's events of a site that are not over at `at`. */
  solverEvents(siteId: SiteId, at: Instant): DemandResponseEvent[] {
    const out: DemandResponseEvent[] = [];
    for (const { event } of this.entries.values()) {
      const end = effectiveEnd(event);
      if (event.siteId !== siteId || end <= at || end <= event.start) continue;
      out.push({
        id: event.id,
        node: event.nodeId,
        start: event.start,
        end,
        signal: event.signal,
        direction: event.direction,
      });
    }
    return out;
  }

  /**
   * Credits a round of a site at `at`: the shed power of each event's previous sample counts from that sample to
   * now (or to the event's end), then the round's sample becomes the latest. Returns the events whose report
   * changed.
   */
  recordRound(siteId: SiteId, at: Instant, reports: readonly SheddingReport[]): DrReport[] {
    const byEvent = new Map(reports.map((r) => [r.event, r]));
    const changed: DrReport[] = [];
    for (const entry of this.entries.values()) {
      if (entry.event.siteId !== siteId) continue;
      const report = byEvent.get(entry.event.id);
      let touched = false;
      if (entry.latest !== undefined) {
        const until = Math.min(at, effectiveEnd(entry.event));
        if (until > entry.latest.start) {
          entry.energyShedWh += (Math.max(0, entry.latest.shed) * (until - entry.latest.start)) / 3_600_000;
          touched = true;
        }
        delete entry.latest;
      }
      const sample = report?.samples[report.samples.length - 1];
      if (report !== undefined && sample !== undefined) {
        entry.latest = sample;
        entry.samples.push(sample);
        if (entry.samples.length > MAX_DR_SAMPLES) entry.samples.shift();
        if (!report.compliant) entry.compliant = false;
        touched = true;
      }
      if (touched) changed.push(reportOf(entry));
    }
    for (const report of changed) this.events.emit("dr:report", report);
    return changed;
  }

  private prune(siteId: SiteId, at: Instant): void {
    const own = [...this.entries.values()].filter((e) => e.event.siteId === siteId);
    if (own.length <= MAX_DR_EVENTS_PER_SITE) return;
    const over = own
      .filter((e) => effectiveEnd(e.event) <= at)
      .sort((a, b) => effectiveEnd(a.event) - effectiveEnd(b.event))
      .slice(0, own.length - MAX_DR_EVENTS_PER_SITE);
    for (const e of over) this.entries.delete(e.event.id);
  }
}

function reportOf(entry: Entry): DrReport {
  return {
    event: entry.event,
    compliant: entry.compliant,
    energyShedWh: entry.energyShedWh,
    ...(entry.latest === undefined ? {} : { latest: entry.latest }),
    samples: [...entry.samples],
  };
}

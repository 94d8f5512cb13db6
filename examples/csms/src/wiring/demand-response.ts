import { ChargekitError, DAY, type Instant, randomId, type SiteId } from "@chargekit/core";
import type { DemandResponseSignal } from "@chargekit/load-management";
import { drRoutes } from "../api/operator/dr.js";
import { drView } from "../api/operator/dr-view.js";
import { DrBook, type DrReport } from "../balancing/dr-book.js";
import { operatorsOf } from "../live/audience.js";
import type { CsmsModule } from "../server/module.js";
import { operationsStoreOf } from "./operations.js";
import type { CsmsServices } from "./services.js";

declare module "./services.js" {
  interface ServiceSlots {
    /** Demand-response events and their reports (demand-response module). */
    demandResponse: DemandResponseService;
  }
}

/** What an operator (or a VEN) asks for. */
export interface DrRequest {
  /** Unique id; generated when omitted. */
  readonly id?: string | undefined;
  /** The grid node to cap; the grid connection when omitted. */
  readonly nodeId?: string | undefined;
  /** First instant. */
  readonly start: Instant;
  /** First instant after it. */
  readonly end: Instant;
  /** What it asks for. */
  readonly signal: DemandResponseSignal;
  /** Import (default) or export. */
  readonly direction?: "import" | "export" | undefined;
}

/** Demand response as the server runs it: events per site, kept with their reports across restarts. */
export interface DemandResponseService {
  /** The events and their reports. */
  readonly book: DrBook;
  /** Creates an event on a site (checked against the site's nodes and the clock); `source` names who asked. */
  create(siteId: SiteId, request: DrRequest, source: string): DrReport;
  /** Cancels an event of a site (it ends now if it runs); `NOT_FOUND` when the site has no such event. */
  cancel(siteId: SiteId, eventId: string): DrReport;
}

/** Longest event accepted. */
export const MAX_DR_DURATION = 7 * DAY;
/** How long ended events are kept loaded (reports of older ones stay in the database). */
const KEEP_LOADED = 30 * DAY;

function invalid(path: string, message: string): ChargekitError {
  return new ChargekitError("INVALID_INPUT", `${path}: ${message}`, { details: { issues: [{ path, message }] } });
}

/**
 * The demand-response module: the events (loaded from the database at start, stored on every change and every
 * credited round), the operator routes to create, cancel and read them with their shed-power reports, and a live
 * `dr:updated` event for operators. Load management reads the events from here; assemble it before load
 * management.
 */
export function demandResponseModule(services: CsmsServices): CsmsModule {
  const book = new DrBook();
  const unsubscribe: (() => void)[] = [];
  return {
    name: "demand-response",
    routes: () => drRoutes(services),
    errorStatuses: {},
    async start(ctx) {
      services.bind(ctx);
      const store = operationsStoreOf(services);
      book.load(await store.demandResponse(ctx.clock.now() - KEEP_LOADED));
      const save = (id: string) =>
        void services.work.run(`dr:${id}`, "store a demand-response report", async () => {
          const report = book.get(id);
          if (report !== undefined) await store.saveDemandResponse(report);
        });
      const publish = (report: DrReport) =>
        ctx.hub.publish({
          topic: "sites",
          type: "dr:updated",
          data: drView(report, ctx.clock.now(), false),
          audience: operatorsOf(services.tenant),
        });
      const onChanged = ({ event }: { event: { id: string } }) => {
        save(event.id);
        const report = book.get(event.id);
        if (report !== undefined) publish(report);
      };
      const onReport = (report: DrReport) => {
        save(report.event.id);
        publish(report);
      };
      book.events.on("dr:changed", onChanged);
      book.events.on("dr:report", onReport);
      unsubscribe.push(
        () => book.events.off("dr:changed", onChanged),
        () => book.events.off("dr:report", onReport),
      );
      services.provide("demandResponse", {
        book,
        create(siteId, request, source) {
          const site = services.sites.site(siteId);
          if (site === undefined) throw new ChargekitError("NOT_FOUND", `site ${siteId} not found`);
          const now = ctx.clock.now();
          const nodeId = request.nodeId ?? site.id;
          if (nodeId !== site.id && !nodeIds(site).has(nodeId)) {
            throw invalid("body.nodeId", `site ${siteId} has no grid node "${nodeId}"`);
          }
          if (request.end <= request.start) throw invalid("body.end", "must be after start");
          if (request.end <= now) throw invalid("body.end", "is in the past");
          if (request.end - request.start > MAX_DR_DURATION) throw invalid("body.end", "an event lasts at most 7 days");
          const direction = request.direction ?? "import";
          if (direction === "export" && !("capKw" in request.signal)) {
            throw invalid("body.signal", "an export event needs a cap (kind: cap)");
          }
          return book.add({
            id: request.id ?? `dr-${randomId().replaceAll("-", "").slice(0, 16)}`,
            siteId,
            nodeId,
            start: request.start,
            end: request.end,
            signal: request.signal,
            direction,
            source,
            createdAt: now,
          });
        },
        cancel(siteId, eventId) {
          const existing = book.get(eventId);
          if (existing === undefined || existing.event.siteId !== siteId) {
            throw new ChargekitError("NOT_FOUND", `demand-response event ${eventId} not found`);
          }
          return book.cancel(eventId, ctx.clock.now()) ?? existing;
        },
      });
    },
    stop() {
      services.withdraw("demandResponse");
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}

function nodeIds(site: { readonly children: readonly { id: string; children: readonly unknown[] }[] }): Set<string> {
  const ids = new Set<string>();
  const visit = (nodes: readonly { id: string; children: readonly unknown[] }[]): void => {
    for (const node of nodes) {
      ids.add(node.id);
      visit(node.children as readonly { id: string; children: readonly unknown[] }[]);
    }
  };
  visit(site.children);
  return ids;
}

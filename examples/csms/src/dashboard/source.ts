import type { DashboardEvent, DashboardSnapshot } from "./model.js";

/**
 * Where the dashboard's data comes from: a snapshot for the first paint and a stream of changes. This is the seam
 * the wiring step fills with the real station registry, load manager, queue and reservation engine; until then
 * the server uses {@link createMemoryDashboardSource}, which shows the configured sites and stations and nothing
 * else (no invented data).
 */
export interface DashboardSource {
  /** The current state. */
  snapshot(): DashboardSnapshot | Promise<DashboardSnapshot>;
  /** Calls `listener` with every change from now on; returns the unsubscribe function. */
  subscribe(listener: (event: DashboardEvent) => void): () => void;
}

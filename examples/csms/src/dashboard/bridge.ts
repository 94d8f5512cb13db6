import { operatorsOf } from "../live/audience.js";
import type { SseHub } from "../live/sse-hub.js";
import type { DashboardSource } from "./source.js";

/** The live-update topic of the dashboard. */
export const DASHBOARD_TOPIC = "dashboard";

/**
 * Forwards every change of `source` to the hub as an operator-only event of `tenant` on {@link DASHBOARD_TOPIC}
 * (event name = the change's `type`). Returns the function that stops forwarding.
 */
export function bridgeDashboard(source: DashboardSource, hub: SseHub, tenant: string): () => void {
  const audience = operatorsOf(tenant);
  return source.subscribe((event) => {
    hub.publish({ topic: DASHBOARD_TOPIC, type: event.type, data: event, audience });
  });
}

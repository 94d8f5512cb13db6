import { createLiveDashboardSource } from "../dashboard/live-source.js";
import type { CsmsModule } from "../server/module.js";
import type { CsmsServices } from "./services.js";

/**
 * The operator dashboard's data from the assembled services: stations from the station registry, each site's
 * power against its limit from load management, the queues and the reservations timeline (see
 * `createLiveDashboardSource`). The server serves it in place of the configuration-only view. Assemble it after
 * the modules it reads (ocpp, reservations, queue, load management) and before the OCPP listener, so it follows
 * the bus before a station connects.
 */
export function dashboardModule(services: CsmsServices): CsmsModule {
  const source = createLiveDashboardSource(services);
  return {
    name: "dashboard",
    dashboard: source,
    start(ctx) {
      services.bind(ctx);
      source.start();
    },
    stop() {
      source.stop();
    },
  };
}

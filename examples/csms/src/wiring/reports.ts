import { reportRoutes } from "../api/operator/reports.js";
import type { CsmsModule } from "../server/module.js";
import type { CsmsServices } from "./services.js";

/**
 * Reports: energy per site per local day, utilization and revenue, from the session records (`/api/v1/reports/*`).
 * Other modules add sibling reports (reservation no-shows, queue waits) with the same window query
 * (`reportWindowQuery` in `api/operator/report-window.ts`).
 */
export function reportsModule(services: CsmsServices): CsmsModule {
  return {
    name: "reports",
    routes: (ctx) => {
      services.bind(ctx);
      return reportRoutes(services);
    },
  };
}

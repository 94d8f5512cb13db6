import { queueRoutes } from "../api/driver/queue.js";
import { dashboardQueue, queueEventView } from "../api/driver/queue-view.js";
import { BOOKING_ERROR_STATUSES } from "../api/driver/refusals.js";
import { QueueDesk } from "../booking/queue-desk.js";
import { toQueuePolicy } from "../config/reservations.js";
import { driverAndOperators, operatorsOf } from "../live/audience.js";
import type { CsmsModule } from "../server/module.js";
import { operationsStoreOf } from "./operations.js";
import type { CsmsServices } from "./services.js";

declare module "./services.js" {
  interface ServiceSlots {
    /** Every site's virtual queue (queue module). */
    queue: QueueDesk;
  }
}

/**
 * The queue module: a virtual queue per configured site on the reservation engine (freed chargers are offered to
 * the first driver in line they fit, an accepted one is held with a short reservation), its events live on the
 * `queue` topic (each driver's to that driver and the operators; the whole masked line to operators as
 * `queue:updated`) and as `queue:changed` on the bus, every driver's time in line stored for the average-wait
 * report, and the queue routes. Assemble it after the reservations module.
 */
export function queueModule(services: CsmsServices): CsmsModule {
  let desk: QueueDesk | undefined;
  return {
    name: "queue",
    routes: () => queueRoutes(services),
    errorStatuses: BOOKING_ERROR_STATUSES,
    start(ctx) {
      services.bind(ctx);
      const { config, clock, hub } = ctx;
      const reservations = services.need("reservations");
      const store = operationsStoreOf(services);
      const d: QueueDesk = new QueueDesk({
        sites: config.sites.map((s) => s.id),
        engine: reservations.engine,
        clock,
        policy: toQueuePolicy(config.reservations.queue),
        dwell: () => reservations.dwell.current(),
        onEvent: (event) => {
          hub.publish({
            topic: "queue",
            type: event.type,
            data: queueEventView(event, reservations.directory),
            audience: driverAndOperators(services.tenant, event.payload.driver),
          });
          if (event.type === "queue:position") return; // the line changes with the join or leave that caused it
          services.events.emit("queue:changed", { siteId: event.payload.site, at: event.payload.at });
          hub.publish({
            topic: "queue",
            type: "queue:updated",
            data: dashboardQueue(d, event.payload.site),
            audience: operatorsOf(services.tenant),
          });
        },
        onWait: (wait) =>
          void services.work.run("queue-waits", "record a queue wait", () => store.recordQueueWait(wait)),
      });
      desk = d;
      services.provide("queue", d);
    },
    stop() {
      services.withdraw("queue");
      desk?.close();
      desk = undefined;
    },
  };
}

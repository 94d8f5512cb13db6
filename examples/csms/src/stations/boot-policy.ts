import type { Logger } from "@chargekit/core";
import type { BootPolicy } from "@chargekit/ocpp";
import type { SiteDirectory } from "../wiring/sites.js";

/**
 * Accepts the stations the configuration declares (every station when it declares none: a lab set-up) and
 * rejects the others; a rejected station retries after the heartbeat interval and is refused every other message
 * until then (the registry's boot gate).
 */
export function createBootPolicy(sites: SiteDirectory, logger: Logger): BootPolicy {
  return ({ stationId, boot, version }) => {
    if (sites.isAccepted(stationId)) return { status: "Accepted" };
    logger.warn({ stationId, vendor: boot.vendor, model: boot.model, version }, "boot rejected: station not declared");
    return { status: "Rejected" };
  };
}

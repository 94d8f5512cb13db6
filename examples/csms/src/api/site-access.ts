import { ChargekitError, type SiteId } from "@chargekit/core";
import type { Principal } from "../auth/principal.js";
import type { SiteConfig } from "../config/sites.js";
import type { CsmsServices } from "../wiring/services.js";

/**
 * The site a caller names, when it exists and belongs to the caller's tenant; `NOT_FOUND` otherwise, with the
 * same message for both, so another tenant cannot probe which sites exist.
 */
export function siteOrNotFound(services: CsmsServices, principal: Principal, siteId: SiteId): SiteConfig {
  const site = principal.tenant === services.tenant ? services.sites.site(siteId) : undefined;
  if (site === undefined) throw new ChargekitError("NOT_FOUND", `site ${siteId} not found`);
  return site;
}

/** The sites a caller may see: all of them for the server's tenant, none for another. */
export function visibleSites(services: CsmsServices, principal: Principal): readonly SiteConfig[] {
  return principal.tenant === services.tenant ? services.sites.sites : [];
}

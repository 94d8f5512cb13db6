import type { z } from "zod";
import type { ApiKeyConfig } from "./api-keys.js";
import type { OcppConfig, StationConfig } from "./ocpp.js";
import { checkReservationPolicies, type ReservationsConfig } from "./reservations.js";
import type { GridNodeConfig, SiteConfig } from "./sites.js";
import { checkStationElectrical } from "./station-electrical.js";

/** The parts of the configuration that the cross-field rules read. */
export interface ConsistencyInput {
  /** OCPP endpoint settings. */
  readonly ocpp: OcppConfig;
  /** Declared stations. */
  readonly stations: readonly StationConfig[];
  /** Sites with their grid trees. */
  readonly sites: readonly SiteConfig[];
  /** API keys. */
  readonly apiKeys: readonly ApiKeyConfig[];
  /** Booking terms and queue rules. */
  readonly reservations: ReservationsConfig;
}

type Path = (string | number)[];

/**
 * The rules that span fields, reported at the field that breaks them: unique ids, every station declared and on
 * exactly one site, TLS files present for security profiles 2 and 3.
 */
export function checkConsistency(config: ConsistencyInput, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string): void => {
    ctx.addIssue({ code: "custom", path, message, input: undefined });
  };

  const declared = new Map<string, number>();
  config.stations.forEach((station, i) => {
    const first = declared.get(station.id);
    if (first !== undefined)
      issue(["stations", i, "id"], `duplicate station id "${station.id}" (see stations[${first}])`);
    else declared.set(station.id, i);
  });

  const assigned = new Map<string, string>();
  const siteIds = new Map<string, number>();
  config.sites.forEach((site, s) => {
    const firstSite = siteIds.get(site.id);
    if (firstSite !== undefined) issue(["sites", s, "id"], `duplicate site id "${site.id}" (see sites[${firstSite}])`);
    else siteIds.set(site.id, s);
    const nodeIds = new Set<string>([site.id]);
    const visit = (node: { stations: readonly string[]; children: readonly GridNodeConfig[] }, at: Path): void => {
      node.stations.forEach((stationId, k) => {
        const where = [...at, "stations", k];
        if (!declared.has(stationId)) issue(where, `station "${stationId}" is not declared in stations`);
        const other = assigned.get(stationId);
        if (other !== undefined) issue(where, `station "${stationId}" is already assigned at ${other}`);
        else assigned.set(stationId, pathText(where));
      });
      node.children.forEach((child, c) => {
        const childAt = [...at, "children", c];
        if (nodeIds.has(child.id)) issue([...childAt, "id"], `duplicate node id "${child.id}" in site "${site.id}"`);
        nodeIds.add(child.id);
        visit(child, childAt);
      });
    };
    visit(site, ["sites", s]);
  });
  config.stations.forEach((station, i) => {
    if (config.sites.length > 0 && !assigned.has(station.id)) {
      issue(["stations", i, "id"], `station "${station.id}" is not assigned to any site`);
    }
  });

  checkStationElectrical(config.stations, issue);
  checkReservationPolicies(config.reservations.policy, config.sites, issue);

  const profile = config.ocpp.securityProfile;
  if (profile >= 2 && config.ocpp.tls === undefined) {
    issue(["ocpp", "tls"], `required for security profile ${profile} (certFile and keyFile)`);
  }
  if (profile === 3 && config.ocpp.tls !== undefined && config.ocpp.tls.caFile === undefined) {
    issue(["ocpp", "tls", "caFile"], "required for security profile 3 (the CA that signs station certificates)");
  }

  const keyIds = new Map<string, number>();
  config.apiKeys.forEach((key, i) => {
    const first = keyIds.get(key.id);
    if (first !== undefined) issue(["apiKeys", i, "id"], `duplicate API key id "${key.id}" (see apiKeys[${first}])`);
    else keyIds.set(key.id, i);
  });
}

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

import { gridPhasesUsed, PHASES, type Phase, type PhaseCount } from "@chargekit/core";
import type { Connector, NodeLimits, Site, SiteNode } from "@chargekit/load-management";
import type { GridNodeConfig, PhaseLimits, SiteConfig } from "../config/sites.js";
import type { EvseEntry } from "./evse-directory.js";
import type { SiteLimits } from "./site-limits.js";

/** A session on an EVSE the server cannot control (its station refuses charging profiles). */
export interface UncontrolledLoad {
  /** The EVSE. */
  readonly evse: EvseEntry;
  /** Phases the EV draws on (default: all the station has). */
  readonly phases?: PhaseCount;
}

function nodeLimits(limit: PhaseLimits | undefined, maxPowerKw: number | undefined): NodeLimits | undefined {
  if (limit === undefined && maxPowerKw === undefined) return undefined;
  return {
    ...(limit === undefined ? {} : { importCurrent: { L1: limit.L1, L2: limit.L2, L3: limit.L3 } }),
    ...(maxPowerKw === undefined ? {} : { importPower: maxPowerKw * 1000 }),
  };
}

/** The connector of the load-management tree for one EVSE: AC in A per phase with its wiring, DC in W. */
export function connectorOf(evse: EvseEntry, voltage: number): Connector {
  const station = evse.station;
  if (station.current === "DC") {
    return { id: evse.ref, node: evse.nodeId, kind: "DC", maxPower: (station.maxPowerKw ?? 0) * 1000, voltage };
  }
  return {
    id: evse.ref,
    node: evse.nodeId,
    kind: "AC",
    phases: station.phases,
    rotation: station.phaseRotation,
    voltage,
    minCurrent: station.minCurrent,
    maxCurrent: station.maxCurrent,
  };
}

/**
 * The grid current an uncontrolled session may draw, per grid phase: its station's maximum on the phases its
 * wiring uses (a DC station's power spread over three phases). Counted as base load, so the others stay within the
 * limits whatever it draws.
 */
export function uncontrolledCurrent(load: UncontrolledLoad, voltage: number): Record<Phase, number> {
  const out: Record<Phase, number> = { L1: 0, L2: 0, L3: 0 };
  const station = load.evse.station;
  if (station.current === "DC") {
    const perPhase = ((station.maxPowerKw ?? 0) * 1000) / (3 * voltage);
    for (const phase of PHASES) out[phase] = perPhase;
    return out;
  }
  const phases = Math.min(load.phases ?? station.phases, station.phases) as PhaseCount;
  for (const phase of gridPhasesUsed(station.phaseRotation, phases)) out[phase] += station.maxCurrent;
  return out;
}

/**
 * The load-management site of a configured site: the grid connection at the root with the limits in force, its
 * nodes below, every EVSE as a connector of the node its station is wired to, and the sessions the server cannot
 * control as base load of their node.
 */
export function siteTreeOf(
  site: SiteConfig,
  evses: readonly EvseEntry[],
  limits: SiteLimits,
  uncontrolled: readonly UncontrolledLoad[] = [],
): Site {
  const byNode = new Map(limits.nodes.map((n) => [n.id, n]));
  const baseLoad = new Map<string, Record<Phase, number>>();
  for (const load of uncontrolled) {
    const current = uncontrolledCurrent(load, site.voltage);
    const sum = baseLoad.get(load.evse.nodeId) ?? { L1: 0, L2: 0, L3: 0 };
    for (const phase of PHASES) sum[phase] += current[phase];
    baseLoad.set(load.evse.nodeId, sum);
  }
  const nodes: SiteNode[] = [];
  const add = (id: string, parent: string | undefined, own: NodeLimits | undefined): void => {
    const load = baseLoad.get(id);
    nodes.push({
      id,
      voltage: site.voltage,
      ...(parent === undefined ? {} : { parent }),
      ...(own === undefined ? {} : { limits: own }),
      ...(load === undefined ? {} : { baseLoad: load }),
    });
  };
  add(site.id, undefined, nodeLimits(limits.gridLimit, limits.maxPowerKw));
  const visit = (parent: string, children: readonly GridNodeConfig[]): void => {
    for (const child of children) {
      const setting = byNode.get(child.id);
      add(child.id, parent, nodeLimits(setting?.limit, setting?.maxPowerKw));
      visit(child.id, child.children);
    }
  };
  visit(site.id, site.children);
  return { nodes, connectors: evses.map((e) => connectorOf(e, site.voltage)) };
}

/**
 * The most power the grid connection allows, W: its power limit, or the current limits at the voltage, whichever
 * is lower.
 */
export function gridLimitW(limits: SiteLimits, voltage: number): number {
  const byCurrent = (limits.gridLimit.L1 + limits.gridLimit.L2 + limits.gridLimit.L3) * voltage;
  return limits.maxPowerKw === undefined ? byCurrent : Math.min(byCurrent, limits.maxPowerKw * 1000);
}

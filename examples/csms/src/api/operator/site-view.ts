import type { LimitReason } from "@chargekit/load-management";
import { z } from "zod";
import type { LoadManager } from "../../balancing/load-manager.js";
import type { SitePowerSample } from "../../balancing/power-history.js";
import type { SiteConfig } from "../../config/sites.js";
import type { SiteLimits } from "../../sites/site-limits.js";
import { limitsView, siteLimitsSchema } from "../../sites/site-limits-schema.js";
import { gridLimitW } from "../../sites/site-tree.js";
import { instantOutput, iso } from "../instants.js";

const perPhase = z.object({ L1: z.number(), L2: z.number(), L3: z.number() });

/** A power sample in API form. */
export const powerSampleViewSchema = z
  .object({
    /** When. */
    at: instantOutput,
    /** Power drawn by the site's sessions (meters), W. */
    measuredW: z.number(),
    /** Power allocated by the last round, W. */
    allocatedW: z.number(),
    /** The limit in force (demand response included), W. */
    limitW: z.number(),
  })
  .meta({ id: "SitePowerSample" });

/** A site in a list. */
export const siteSummarySchema = z
  .object({
    /** Site id. */
    id: z.string(),
    /** Display name. */
    name: z.string(),
    /** IANA time zone. */
    timezone: z.string(),
    /** The limits in force. */
    limits: siteLimitsSchema,
    /** The grid connection's limit in W (current limits at the voltage, or the power limit if lower). */
    gridLimitW: z.number(),
    /** The latest power sample. */
    power: powerSampleViewSchema.optional(),
    /** EVSEs on the site. */
    evses: z.number().int(),
    /** Running sessions. */
    sessions: z.number().int(),
  })
  .meta({ id: "SiteSummary" });

const limitedBySchema = z
  .object({
    /** `node`, `demandResponse`, `maximum`, `ramp`, `hysteresis`, `energy` or `idle`. */
    kind: z.string(),
    /** The binding node (node, demandResponse). */
    node: z.string().optional(),
    /** The binding phase or `total` (node). */
    phase: z.string().optional(),
    /** The demand-response event (demandResponse). */
    event: z.string().optional(),
    /** Whose maximum (maximum): `connector` or `ev`. */
    of: z.string().optional(),
  })
  .describe("why the setpoint is not higher");

/** A site with its load: the limits, the nodes' loads of the last round, and every session's setpoint. */
export const siteDetailSchema = siteSummarySchema
  .extend({
    /** The limits the configuration gives it (what a reset would restore). */
    configuredLimits: siteLimitsSchema,
    /** The last round. */
    lastRound: z
      .object({
        /** When it ran. */
        at: instantOutput,
        /** Why. */
        reason: z.string(),
        /** Allocated power at the grid connection, W. */
        allocatedW: z.number(),
        /** The limit in force, W. */
        limitW: z.number(),
        /** Every node's load. */
        nodes: z.array(
          z.object({ node: z.string(), importCurrent: perPhase.describe("A per phase"), importPowerW: z.number() }),
        ),
      })
      .optional(),
    /** The running sessions. */
    sessionList: z.array(
      z.object({
        /** Station. */
        stationId: z.string(),
        /** EVSE. */
        evseId: z.number().int(),
        /** Transaction. */
        transactionId: z.string(),
        /** Since when. */
        since: instantOutput,
        /** False when its station refuses profiles (counted at its maximum). */
        controlled: z.boolean(),
        /** The last round's setpoint. */
        setpoint: z
          .object({
            value: z.number(),
            unit: z.enum(["A", "W"]),
            phases: z.number().int().optional(),
            admitted: z.boolean(),
            limitedBy: limitedBySchema,
          })
          .optional(),
        /** The limit the station accepted, in the setpoint's unit. */
        running: z.number().optional(),
        /** Power by the latest meter value, W. */
        measuredW: z.number().optional(),
      }),
    ),
  })
  .meta({ id: "SiteDetail" });

/** The API form of a power sample. */
export function powerView(sample: SitePowerSample) {
  return { at: iso(sample.at), measuredW: sample.measuredW, allocatedW: sample.allocatedW, limitW: sample.limitW };
}

/** A site in a list. */
export function siteSummary(site: SiteConfig, limits: SiteLimits, manager: LoadManager, evses: number) {
  const latest = manager.history.latest(site.id);
  return {
    id: site.id,
    name: site.name,
    timezone: site.timezone,
    limits: limitsView(limits),
    gridLimitW: gridLimitW(limits, site.voltage),
    ...(latest === undefined ? {} : { power: powerView(latest) }),
    evses,
    sessions: manager.sessions(site.id).length,
  };
}

function limitedByView(reason: LimitReason): z.input<typeof limitedBySchema> {
  switch (reason.kind) {
    case "node":
      return { kind: reason.kind, node: reason.node, phase: reason.phase };
    case "demandResponse":
      return { kind: reason.kind, node: reason.node, event: reason.event };
    case "maximum":
      return { kind: reason.kind, of: reason.of };
    default:
      return { kind: reason.kind };
  }
}

/** A site with its load. */
export function siteDetail(
  site: SiteConfig,
  limits: SiteLimits,
  configured: SiteLimits,
  manager: LoadManager,
  evses: number,
): z.input<typeof siteDetailSchema> {
  const round = manager.lastRound(site.id);
  const setpoints = new Map((round?.allocation.setpoints ?? []).map((s) => [s.session, s]));
  return {
    ...siteSummary(site, limits, manager, evses),
    configuredLimits: limitsView(configured),
    ...(round === undefined
      ? {}
      : {
          lastRound: {
            at: iso(round.at),
            reason: round.reason,
            allocatedW: round.allocatedW,
            limitW: round.limitW,
            nodes: round.allocation.nodes.map((n) => ({
              node: n.node,
              importCurrent: n.importCurrent,
              importPowerW: n.importPower,
            })),
          },
        }),
    sessionList: manager.sessions(site.id).map((s) => {
      const setpoint = setpoints.get(s.key);
      const running = manager.running(s);
      const measured = s.sample?.powerW;
      return {
        stationId: s.stationId,
        evseId: s.evse.evseId,
        transactionId: s.transactionId,
        since: iso(s.arrival),
        controlled: !manager.uncontrolled(s),
        ...(setpoint === undefined
          ? {}
          : {
              setpoint: {
                value: setpoint.value,
                unit: setpoint.unit,
                ...(setpoint.phases === undefined ? {} : { phases: setpoint.phases }),
                admitted: setpoint.admitted,
                limitedBy: limitedByView(setpoint.limitedBy),
              },
            }),
        ...(running === undefined ? {} : { running: running.value }),
        ...(measured === undefined ? {} : { measuredW: measured }),
      };
    }),
  };
}

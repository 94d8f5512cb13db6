import { ConnectorId, EvseId, IdToken, TransactionId } from "@chargekit/core";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { CsmsServices } from "../../wiring/services.js";
import { answered, requireTenant, stationParams } from "../common.js";
import { requireStation } from "./stations.js";

const DESCRIPTION =
  "Sent through the neutral command API in the station's OCPP version and awaited. A station that answers is a " +
  "200 with its answer (Rejected included); offline is 409 STATION_OFFLINE, a request its version cannot express " +
  "422 UNSUPPORTED_BY_STATION, no answer 504 STATION_TIMEOUT, a CALLERROR 502 STATION_ERROR.";

const statusSchema = z.object({ status: z.string().describe("the station's answer") });

/** Operator routes that command a station: remote start and stop, reset, availability. */
export function commandRoutes(services: CsmsServices): Route[] {
  const commands = () => services.need("registry").commands;
  const guard = (principal: Parameters<typeof requireTenant>[1], stationId: Parameters<typeof requireStation>[1]) => {
    requireTenant(services, principal, `station ${stationId}`);
    requireStation(services, stationId);
  };
  return [
    defineRoute({
      method: "POST",
      path: "/api/v1/stations/:stationId/remote-start",
      roles: [ROLES.OPERATOR],
      summary: "Start a transaction remotely (1.6 RemoteStartTransaction, 2.x RequestStartTransaction)",
      description: DESCRIPTION,
      tags: ["commands"],
      params: stationParams,
      body: z.strictObject({
        idToken: IdToken.schema.describe("the credential to start with (1.6: ≤ 20 characters)"),
        tokenType: z
          .string()
          .min(1)
          .max(20)
          .default("Central")
          .describe("2.x IdTokenType (Central, ISO14443, eMAID …); ignored by 1.6"),
        evseId: EvseId.schema.optional().describe("the EVSE (1.6: connector); the station chooses when absent"),
      }),
      responses: {
        200: z.object({
          status: z.enum(["Accepted", "Rejected"]),
          remoteStartId: z.number().int().optional().describe("2.x: find it in the transaction's remoteStartId"),
          transactionId: z.string().optional().describe("2.x: the transaction, when one already ran"),
        }),
      },
      handler: async ({ principal, params, body, signal }) => {
        guard(principal, params.stationId);
        const result = answered(
          await commands().remoteStart(
            params.stationId,
            {
              token: { value: body.idToken, kind: body.tokenType },
              ...(body.evseId === undefined ? {} : { evseId: body.evseId }),
            },
            { signal },
          ),
        );
        return reply(200, {
          status: result.status,
          ...(result.remoteStartId === undefined ? {} : { remoteStartId: result.remoteStartId }),
          ...(result.transactionId === undefined ? {} : { transactionId: result.transactionId as string }),
        });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/stations/:stationId/remote-stop",
      roles: [ROLES.OPERATOR],
      summary: "Stop a transaction remotely (1.6 RemoteStopTransaction, 2.x RequestStopTransaction)",
      description: DESCRIPTION,
      tags: ["commands"],
      params: stationParams,
      body: z.strictObject({ transactionId: TransactionId.schema }),
      responses: { 200: statusSchema },
      handler: async ({ principal, params, body, signal }) => {
        guard(principal, params.stationId);
        const result = answered(
          await commands().remoteStop(params.stationId, { transactionId: body.transactionId }, { signal }),
        );
        return reply(200, { status: result.status });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/stations/:stationId/reset",
      roles: [ROLES.OPERATOR],
      summary: "Reset the station (1.6 Soft/Hard; 2.x Immediate or OnIdle, of the station or one EVSE)",
      description: DESCRIPTION,
      tags: ["commands"],
      params: stationParams,
      body: z.strictObject({
        hard: z.boolean().default(false).describe("1.6: a Hard reset (reboot); ignored by 2.x"),
        whenIdle: z.boolean().default(false).describe("2.x: wait until no transaction runs (1.6 cannot: 422)"),
        evseId: EvseId.schema.optional().describe("2.x: only this EVSE (1.6 cannot: 422)"),
      }),
      responses: { 200: statusSchema },
      handler: async ({ principal, params, body, signal }) => {
        guard(principal, params.stationId);
        const result = answered(
          await commands().reset(
            params.stationId,
            {
              hard: body.hard,
              ...(body.whenIdle ? { whenIdle: true } : {}),
              ...(body.evseId === undefined ? {} : { evseId: body.evseId }),
            },
            { signal },
          ),
        );
        return reply(200, { status: result.status });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/stations/:stationId/availability",
      roles: [ROLES.OPERATOR],
      summary: "Make the station, an EVSE or (2.x) a connector operative or inoperative",
      description: DESCRIPTION,
      tags: ["commands"],
      params: stationParams,
      body: z.strictObject({
        operative: z.boolean(),
        evseId: EvseId.schema.optional().describe("the EVSE (1.6: connector); the whole station when absent"),
        connectorId: ConnectorId.schema.optional().describe("2.x: one connector of the EVSE"),
      }),
      responses: { 200: z.object({ status: z.enum(["Accepted", "Rejected", "Scheduled"]) }) },
      handler: async ({ principal, params, body, signal }) => {
        guard(principal, params.stationId);
        const result = answered(
          await commands().changeAvailability(
            params.stationId,
            {
              operative: body.operative,
              ...(body.evseId === undefined ? {} : { evseId: body.evseId }),
              ...(body.connectorId === undefined ? {} : { connectorId: body.connectorId }),
            },
            { signal },
          ),
        );
        return reply(200, { status: result.status });
      },
    }),
  ];
}

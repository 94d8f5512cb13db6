import { ChargekitError, DriverId } from "@chargekit/core";
import { AUTHORIZATION_STATUSES, type Credential } from "@chargekit/payments";
import { z } from "zod";
import { ROLES } from "../../auth/roles.js";
import { slugSchema } from "../../config/fields.js";
import { defineRoute, type Route, reply } from "../../http/route.js";
import type { TokenRecord } from "../../store/token-store.js";
import type { CsmsServices } from "../../wiring/services.js";
import { instantOut, instantSchema, iso, ownTenant, requireTenant } from "../common.js";

const printable = /^[\x20-\x7e]*$/;

/** A driver credential as the API takes it (the `@chargekit/payments` credential union). */
export const credentialSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("idTag"),
      idTag: z.string().min(1).max(20).regex(printable, { error: "expected printable ASCII" }),
    }),
    z.strictObject({
      kind: z.literal("idToken"),
      idToken: z.string().min(1).max(255).regex(printable, { error: "expected printable ASCII" }),
      type: z.string().min(1).max(20),
    }),
    z.strictObject({ kind: z.literal("app"), driverId: DriverId.schema }),
    z.strictObject({ kind: z.literal("card"), pspRef: z.string().min(1).max(255) }),
  ])
  .meta({
    id: "Credential",
    description:
      "An OCPP 1.6 idTag, an OCPP 2.x id token (RFID, eMAID, key code …; 1.6 and 2.x forms are different " +
      "credentials: register both for mixed fleets), an app account, or a payment card reference.",
  });

const billingSchema = z.strictObject({
  paymentMethod: z.string().min(1).max(255).describe("the payment provider's reference of the payment method"),
  methodKind: z.enum(["card-present", "card-not-present", "wallet"]).default("card-not-present"),
  driverClass: slugSchema.optional().describe("hold policy class (payments.holdPolicy.classes); default: default"),
});

const tokenInputSchema = z
  .strictObject({
    credential: credentialSchema,
    status: z.enum(AUTHORIZATION_STATUSES).default("Accepted"),
    expiresAt: instantSchema.optional(),
    groupId: z.string().min(1).max(20).regex(printable).optional().describe("1.6 parentIdTag / 2.x groupIdToken"),
    driverId: DriverId.schema.optional().describe("the driver whose app sees the sessions this token starts"),
    billing: billingSchema.optional().describe("place a hold on this payment method when a session starts"),
    label: z.string().max(200).optional(),
  })
  .meta({ id: "TokenInput" });

/** A registered token as the API shows it. */
export const tokenSchema = z
  .object({
    key: z.string().describe("the matching key: use it in /api/v1/tokens/{key}"),
    credential: credentialSchema,
    status: z.enum(AUTHORIZATION_STATUSES),
    expiresAt: instantOut.optional(),
    groupId: z.string().optional(),
    driverId: z.string().optional(),
    billing: z
      .object({ paymentMethod: z.string(), methodKind: z.string(), driverClass: z.string().optional() })
      .optional(),
    label: z.string().optional(),
    updatedAt: instantOut,
  })
  .meta({ id: "Token" });

function view(token: TokenRecord): z.input<typeof tokenSchema> {
  return {
    key: token.key,
    credential: token.credential as z.input<typeof credentialSchema>,
    status: token.status,
    ...(token.expiresAt === undefined ? {} : { expiresAt: iso(token.expiresAt) }),
    ...(token.groupId === undefined ? {} : { groupId: token.groupId }),
    ...(token.driverId === undefined ? {} : { driverId: token.driverId }),
    ...(token.billing === undefined ? {} : { billing: token.billing }),
    ...(token.label === undefined ? {} : { label: token.label }),
    updatedAt: iso(token.updatedAt),
  };
}

const keyParams = z.object({ key: z.string().min(1).max(300).describe("the token's key, URL-encoded") });

/** Operator routes of registered tokens (they feed the authorizer and every station's local list). */
export function tokenRoutes(services: CsmsServices): Route[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/tokens",
      roles: [ROLES.OPERATOR],
      summary: "Registered driver tokens, by key",
      tags: ["tokens"],
      query: z.object({
        driverId: DriverId.schema.optional(),
        after: z.string().max(300).optional().describe("the last key of the previous page"),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      responses: { 200: z.object({ items: z.array(tokenSchema), next: z.string().optional() }) },
      handler: async ({ principal, query }) => {
        if (!ownTenant(services, principal)) return reply(200, { items: [] });
        const items = await services.need("storage").tokens.list({
          limit: query.limit,
          ...(query.driverId === undefined ? {} : { driverId: query.driverId }),
          ...(query.after === undefined ? {} : { after: query.after }),
        });
        const last = items.length === query.limit ? items[items.length - 1]?.key : undefined;
        return reply(200, { items: items.map(view), ...(last === undefined ? {} : { next: last }) });
      },
    }),
    defineRoute({
      method: "PUT",
      path: "/api/v1/tokens",
      roles: [ROLES.OPERATOR],
      summary: "Register or replace a token (its key is derived from the credential)",
      description:
        "The answer for the token takes effect at once for Authorize and transaction starts; stations get it " +
        "with the next local list synchronisation (POST /api/v1/local-list/sync).",
      tags: ["tokens"],
      body: tokenInputSchema,
      responses: { 200: tokenSchema },
      handler: async ({ principal, body }) => {
        requireTenant(services, principal, "tokens");
        const driverClass = body.billing?.driverClass;
        if (driverClass !== undefined && !(driverClass in services.config.payments.holdPolicy.classes)) {
          throw new ChargekitError("INVALID_INPUT", `no hold policy class "${driverClass}"`, {
            details: {
              issues: [{ path: "body.billing.driverClass", message: `no hold policy class "${driverClass}"` }],
            },
          });
        }
        const record = await services.need("authorization").putToken({
          credential: body.credential as Credential,
          status: body.status,
          ...(body.expiresAt === undefined ? {} : { expiresAt: body.expiresAt }),
          ...(body.groupId === undefined ? {} : { groupId: body.groupId }),
          ...(body.driverId === undefined ? {} : { driverId: body.driverId }),
          ...(body.billing === undefined
            ? {}
            : {
                billing: {
                  paymentMethod: body.billing.paymentMethod,
                  methodKind: body.billing.methodKind,
                  ...(driverClass === undefined ? {} : { driverClass }),
                },
              }),
          ...(body.label === undefined ? {} : { label: body.label }),
        });
        return reply(200, view(record));
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/tokens/:key",
      roles: [ROLES.OPERATOR],
      summary: "One registered token",
      tags: ["tokens"],
      params: keyParams,
      responses: { 200: tokenSchema },
      handler: async ({ principal, params }) => {
        requireTenant(services, principal, `token ${params.key}`);
        const token = await services.need("storage").tokens.get(params.key);
        if (token === undefined) throw new ChargekitError("NOT_FOUND", `token ${params.key} not found`);
        return reply(200, view(token));
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/api/v1/tokens/:key",
      roles: [ROLES.OPERATOR],
      summary: "Remove a token (stations drop it with the next local list synchronisation)",
      tags: ["tokens"],
      params: keyParams,
      responses: { 200: z.object({ key: z.string(), removed: z.literal(true) }) },
      handler: async ({ principal, params }) => {
        requireTenant(services, principal, `token ${params.key}`);
        if (!(await services.need("authorization").removeToken(params.key))) {
          throw new ChargekitError("NOT_FOUND", `token ${params.key} not found`);
        }
        return reply(200, { key: params.key, removed: true as const });
      },
    }),
  ];
}

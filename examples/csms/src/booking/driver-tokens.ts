import { type DriverId, IdToken } from "@chargekit/core";
import type { AuthToken } from "@chargekit/ocpp";
import type { Credential } from "@chargekit/payments";
import type { TokenStore } from "../store/token-store.js";

/** Most tokens of one driver read. */
const MAX_TOKENS = 100;

/** A station credential of a registered token: its value, its OCPP 2.x type, its group. */
function authTokenOf(credential: Credential, groupId: string | undefined): AuthToken | undefined {
  const group = groupId === undefined ? undefined : IdToken.parse(groupId);
  const withGroup = group?.ok === true ? { group: group.value } : {};
  switch (credential.kind) {
    case "idTag": {
      const value = IdToken.parse(credential.idTag);
      return value.ok ? { value: value.value, ...withGroup } : undefined;
    }
    case "idToken": {
      const value = IdToken.parse(credential.idToken);
      return value.ok ? { value: value.value, kind: credential.type, ...withGroup } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The station credentials registered to a driver that may charge (status `Accepted`), in key order: what a
 * reservation can be made for, and (with their 2.x type) what a ReserveNow must name for the station to match the
 * card the driver taps.
 */
export async function driverTokens(tokens: TokenStore, driver: DriverId): Promise<AuthToken[]> {
  const records = await tokens.list({ driverId: driver, limit: MAX_TOKENS });
  const out: AuthToken[] = [];
  for (const record of records) {
    if (record.status !== "Accepted") continue;
    const token = authTokenOf(record.credential, record.groupId);
    if (token !== undefined) out.push(token);
  }
  return out;
}

import { IdToken } from "@chargekit/core";
import type { AuthToken, AuthorizationDecision as OcppDecision } from "@chargekit/ocpp";
import {
  type AuthorizationDecision,
  type Credential,
  credentialFromIdToken,
  type ListedDecision,
} from "@chargekit/payments";
import type { TokenRecord } from "../store/token-store.js";

/**
 * The payments credential of a station token: a 1.6 idTag carries no kind; a 2.x `DirectPayment` token is a card
 * (its value the provider's reference); any other 2.x token keeps its type.
 */
export function credentialOf(token: AuthToken): Credential {
  return token.kind === undefined
    ? { kind: "idTag", idTag: token.value }
    : credentialFromIdToken({ idToken: token.value, type: token.kind });
}

/** The station token of a credential, for SendLocalList; undefined for credentials stations cannot hold. */
export function stationTokenOf(credential: Credential): AuthToken | undefined {
  const value =
    credential.kind === "idTag" ? credential.idTag : credential.kind === "idToken" ? credential.idToken : undefined;
  if (value === undefined) return undefined;
  const parsed = IdToken.parse(value);
  if (!parsed.ok) return undefined;
  return credential.kind === "idToken" ? { value: parsed.value, kind: credential.type } : { value: parsed.value };
}

/** The decision the local list holds for a registered token. */
export function listedDecisionOf(token: TokenRecord): ListedDecision {
  return {
    status: token.status,
    ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
    ...(token.groupId === undefined ? {} : { groupId: token.groupId }),
    ...(token.driverId === undefined ? {} : { driverId: token.driverId }),
  };
}

/** A payments decision in the registry's terms (status, cache expiry, group). */
export function toOcppDecision(
  decision: Pick<AuthorizationDecision, "status" | "expiresAt" | "groupId">,
): OcppDecision {
  const group = decision.groupId === undefined ? undefined : IdToken.parse(decision.groupId);
  return {
    status: decision.status,
    ...(decision.expiresAt === undefined ? {} : { expiresAt: decision.expiresAt }),
    ...(group?.ok === true ? { group: group.value } : {}),
  };
}

import { ConnectorId, EvseId } from "@chargekit/core";

const INT32_MAX = 2_147_483_647;

/** What `EvseId` and `ConnectorId` accept: an integer from 0 to 2^31 − 1. */
function isIndex(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= INT32_MAX;
}

/**
 * `EvseId.of(n)` for the message path: the same check written out, without a zod parse per message (a failing
 * value still goes through `EvseId.of`, which throws its usual error).
 *
 * @internal
 */
export function evseIdOf(n: number): EvseId {
  return isIndex(n) ? (n as EvseId) : EvseId.of(n);
}

/** `ConnectorId.of(n)`, as {@link evseIdOf}. @internal */
export function connectorIdOf(n: number): ConnectorId {
  return isIndex(n) ? (n as ConnectorId) : ConnectorId.of(n);
}

/** `n` as an EVSE id when `EvseId.parse` accepts it, otherwise undefined. @internal */
export function evseIdOrUndefined(n: number): EvseId | undefined {
  return isIndex(n) ? (n as EvseId) : undefined;
}

/** `n` as a connector id when `ConnectorId.parse` accepts it, otherwise undefined. @internal */
export function connectorIdOrUndefined(n: number): ConnectorId | undefined {
  return isIndex(n) ? (n as ConnectorId) : undefined;
}

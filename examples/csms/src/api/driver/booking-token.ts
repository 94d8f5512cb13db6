import { ChargekitError, type DriverId, type IdToken } from "@chargekit/core";
import type { AuthToken } from "@chargekit/ocpp";
import type { Principal } from "../../auth/principal.js";

function invalidToken(message: string): ChargekitError {
  return new ChargekitError("INVALID_INPUT", `body.idToken: ${message}`, {
    details: { issues: [{ path: "body.idToken", message }] },
  });
}

/**
 * The credential a reservation or a queue entry is for: the one named, which a driver app may only pick among the
 * driver's registered tokens that may charge (an operator may name any); the driver's first such token when none
 * is named. Its group comes from the registration.
 */
export async function resolveToken(
  reservations: { tokensOf(driver: DriverId): Promise<AuthToken[]> },
  principal: Principal,
  driver: DriverId,
  requested: IdToken | undefined,
): Promise<AuthToken> {
  const registered = await reservations.tokensOf(driver);
  if (requested === undefined) {
    const first = registered[0];
    if (first === undefined) throw invalidToken(`required: driver ${driver} has no registered token that may charge`);
    return first;
  }
  const match = registered.find((t) => t.value === requested);
  if (match !== undefined) return match;
  if (principal.role === "driver-app") throw invalidToken("is not a token registered to you that may charge");
  return { value: requested };
}

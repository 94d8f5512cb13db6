import { DriverId, IdToken } from "@chargekit/core";
import type { AuthToken, OcppVersion } from "@chargekit/ocpp";
import type { Credential } from "@chargekit/payments";
import type { AuthorizationService } from "../authorization/authorization-service.js";

/** How many drivers the demo registers. */
export const DEMO_DRIVER_COUNT = 80;

/** One driver of the demo: an account and the RFID card it charges with. */
export interface DemoDriver {
  /** The driver account (`demo-driver-007`). */
  readonly id: DriverId;
  /** The card's value (`DEMO-007`), registered as a 1.6 idTag and as a 2.x ISO 14443 token. */
  readonly token: IdToken;
}

/** The demo's driver population: `demo-driver-001` … with cards `DEMO-001` …. */
export function demoDrivers(count: number = DEMO_DRIVER_COUNT): DemoDriver[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, "0");
    return { id: DriverId.of(`demo-driver-${n}`), token: IdToken.of(`DEMO-${n}`) };
  });
}

/** The card as a station of `version` reads it: a 1.6 idTag, or a 2.x ISO 14443 token. */
export function cardOf(driver: DemoDriver, version: OcppVersion): AuthToken {
  return version === "ocpp1.6" ? { value: driver.token } : { value: driver.token, kind: "ISO14443" };
}

/** The two credentials of a driver's card (1.6 and 2.x forms are different credentials). */
function credentialsOf(driver: DemoDriver): Credential[] {
  return [
    { kind: "idTag", idTag: driver.token },
    { kind: "idToken", idToken: driver.token, type: "ISO14443" },
  ];
}

/**
 * Registers every demo driver's card (both forms) as an accepted token of its driver, paid with a card-not-present
 * payment method of the in-memory provider, so their sessions are authorized, priced and captured like anyone's.
 * Tokens already registered that way are left alone; returns how many were written.
 */
export async function registerDemoDrivers(
  authorization: AuthorizationService,
  drivers: readonly DemoDriver[],
): Promise<number> {
  let written = 0;
  for (const driver of drivers) {
    const billing = { paymentMethod: `pm_demo_${driver.id}`, methodKind: "card-not-present" as const };
    for (const credential of credentialsOf(driver)) {
      const existing = await authorization.tokenOf(
        credential.kind === "idTag" ? { value: driver.token } : { value: driver.token, kind: "ISO14443" },
      );
      if (
        existing?.status === "Accepted" &&
        existing.driverId === driver.id &&
        existing.billing?.paymentMethod === billing.paymentMethod
      ) {
        continue;
      }
      await authorization.putToken({
        credential,
        status: "Accepted",
        driverId: driver.id,
        billing,
        label: "demo fleet driver",
      });
      written++;
    }
  }
  return written;
}

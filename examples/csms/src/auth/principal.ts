import type { DriverId } from "@chargekit/core";
import type { ROLES } from "./roles.js";

interface PrincipalBase {
  /** The API key's id (safe to log; the secret never is). */
  readonly keyId: string;
  /** The operator (tenant) whose data the caller may see. */
  readonly tenant: string;
}

/** An operator's back office or the dashboard: everything within its tenant. */
export interface OperatorPrincipal extends PrincipalBase {
  /** Always `"operator"`. */
  readonly role: typeof ROLES.OPERATOR;
}

/** A navigation app: availability and public status, no driver data. */
export interface NavigationAppPrincipal extends PrincipalBase {
  /** Always `"navigation-app"`. */
  readonly role: typeof ROLES.NAVIGATION_APP;
}

/** A driver's app, bound to the one driver it acts for. */
export interface DriverAppPrincipal extends PrincipalBase {
  /** Always `"driver-app"`. */
  readonly role: typeof ROLES.DRIVER_APP;
  /** The only driver whose reservations, queue entries and sessions this caller may see or change. */
  readonly driverId: DriverId;
}

/** Who is calling, as established from their API key. */
export type Principal = OperatorPrincipal | NavigationAppPrincipal | DriverAppPrincipal;

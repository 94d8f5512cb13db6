import type { DriverId } from "@chargekit/core";
import type { Principal } from "../auth/principal.js";
import type { Role } from "../auth/roles.js";

/**
 * Who may receive a live event: callers of `tenant` with one of `roles`; a driver app additionally only when the
 * event is about its own driver (`driverId`). An event without `driverId` never reaches a driver app.
 */
export interface Audience {
  /** The tenant whose callers may receive it. */
  readonly tenant: string;
  /** The roles that may receive it. */
  readonly roles: readonly Role[];
  /** The driver the event is about (queue position, reservation, session). */
  readonly driverId?: DriverId | undefined;
}

/** Whether `principal` may receive an event for `audience` (see {@link Audience}). */
export function canReceive(principal: Principal, audience: Audience): boolean {
  if (principal.tenant !== audience.tenant || !audience.roles.includes(principal.role)) return false;
  if (principal.role === "driver-app")
    return audience.driverId !== undefined && audience.driverId === principal.driverId;
  return true;
}

/** The audience of operator-only data of `tenant` (the dashboard feed). */
export function operatorsOf(tenant: string): Audience {
  return { tenant, roles: ["operator"] };
}

/** The audience of one driver's data: that driver's app and the tenant's operators. */
export function driverAndOperators(tenant: string, driverId: DriverId): Audience {
  return { tenant, roles: ["operator", "driver-app"], driverId };
}

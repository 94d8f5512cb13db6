import { ChargekitError, type DriverId } from "@chargekit/core";
import type { Principal } from "./principal.js";

/** Whose a piece of driver data is: the tenant it belongs to and, for driver data, the driver. */
export interface Owner {
  /** The operator (tenant) the resource belongs to. */
  readonly tenant: string;
  /** The driver it belongs to; absent for operator-only data. */
  readonly driverId?: DriverId | undefined;
}

/**
 * Whether `principal` may see a resource owned by `owner`: operators see all of their tenant; a driver app sees
 * only its own driver's resources; navigation apps see no driver data; nobody sees another tenant's.
 */
export function canSee(principal: Principal, owner: Owner): boolean {
  if (principal.tenant !== owner.tenant) return false;
  switch (principal.role) {
    case "operator":
      return true;
    case "driver-app":
      return owner.driverId !== undefined && owner.driverId === principal.driverId;
    case "navigation-app":
      return false;
  }
}

/**
 * Returns the resource when `principal` may see it, and throws `NOT_FOUND` (HTTP 404) both when it does not exist
 * and when it belongs to someone else, with the same message: a driver cannot probe which ids exist.
 *
 * @example
 * ```ts
 * const reservation = ownedOrNotFound(ctx.principal, store.get(id), `reservation ${id}`);
 * ```
 */
export function ownedOrNotFound<T extends Owner>(principal: Principal, resource: T | undefined, what: string): T {
  if (resource === undefined || !canSee(principal, resource)) {
    throw new ChargekitError("NOT_FOUND", `${what} not found`);
  }
  return resource;
}

/** The resources of `list` that `principal` may see (for list endpoints and live feeds). */
export function visibleTo<T extends Owner>(principal: Principal, list: Iterable<T>): T[] {
  const out: T[] = [];
  for (const item of list) if (canSee(principal, item)) out.push(item);
  return out;
}

/**
 * The driver a request acts for: a driver app always acts for its own driver (naming another one is `FORBIDDEN`);
 * an operator must name one; navigation apps may not act for drivers.
 */
export function actingDriver(principal: Principal, requested: DriverId | undefined): DriverId {
  switch (principal.role) {
    case "driver-app":
      if (requested !== undefined && requested !== principal.driverId) {
        throw new ChargekitError<"FORBIDDEN">("FORBIDDEN", "a driver app acts only for its own driver");
      }
      return principal.driverId;
    case "operator":
      if (requested === undefined) {
        throw new ChargekitError("INVALID_INPUT", "driverId is required when an operator acts for a driver", {
          details: { issues: [{ path: "body.driverId", message: "is required for operator keys" }] },
        });
      }
      return requested;
    case "navigation-app":
      throw new ChargekitError<"FORBIDDEN">("FORBIDDEN", "navigation apps cannot act for a driver");
  }
}

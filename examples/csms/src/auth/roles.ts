/**
 * The roles an API key can have. An operator manages its own network; a driver app acts for exactly one driver;
 * a navigation app searches availability and follows public status.
 */
export const ROLES = {
  /** Operator back office and dashboard: everything within its tenant. */
  OPERATOR: "operator",
  /** A driver's app: only the reservations, queue entries and sessions of the driver the key is bound to. */
  DRIVER_APP: "driver-app",
  /** A navigation app: availability search along a route and public station status; no driver data. */
  NAVIGATION_APP: "navigation-app",
} as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[keyof typeof ROLES];

/** Every role, in a stable order (for schemas and documentation). */
export const ALL_ROLES: readonly Role[] = [ROLES.OPERATOR, ROLES.DRIVER_APP, ROLES.NAVIGATION_APP];

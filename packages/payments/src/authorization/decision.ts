import type { DriverId, EvseId, Instant } from "@chargekit/core";
import type { Money } from "../money/money.js";

/**
 * Authorization statuses: the OCPP 2.x set, which contains the OCPP 1.6 set (`Accepted`, `Blocked`, `Expired`,
 * `Invalid`, `ConcurrentTx`). Every status but `Accepted` refuses.
 *
 * @category Authorization
 */
export const AUTHORIZATION_STATUSES = [
  "Accepted",
  "Blocked",
  "ConcurrentTx",
  "Expired",
  "Invalid",
  "NoCredit",
  "NotAllowedTypeEVSE",
  "NotAtThisLocation",
  "NotAtThisTime",
  "Unknown",
] as const;

/**
 * One of {@link AUTHORIZATION_STATUSES}.
 *
 * @category Authorization
 */
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

/**
 * Limits on what an authorization allows (OCPP 2.1 `TransactionLimitType`, prepaid credit, fleet budgets).
 *
 * @category Authorization
 */
export interface AuthorizationLimits {
  /** Highest cost of the session, including tax. */
  readonly maxCost?: Money;
  /** Highest energy, Wh. */
  readonly maxEnergyWh?: number;
  /** Longest duration, ms. */
  readonly maxDurationMs?: number;
  /** Highest state of charge, %. */
  readonly maxSoC?: number;
}

/**
 * Where a decision came from.
 *
 * @category Authorization
 */
export type DecisionSource = "local-list" | "cache" | "remote" | "offline";

/**
 * The one answer to "may this credential charge?", for every kind of credential: the neutral form of OCPP 1.6
 * `IdTagInfo` and OCPP 2.x `IdTokenInfo`, plus what a payment flow needs.
 *
 * @category Authorization
 */
export interface AuthorizationDecision {
  /** The verdict; only `Accepted` lets the driver charge. */
  readonly status: AuthorizationStatus;
  /** When the credential stops being valid (1.6 `expiryDate`, 2.x `cacheExpiryDateTime`). */
  readonly expiresAt?: Instant;
  /** Group identity (1.6 `parentIdTag`, 2.x `groupIdToken` value): members of a group may stop each other's sessions. */
  readonly groupId?: string;
  /** What the authorization allows at most. */
  readonly limits?: AuthorizationLimits;
  /** The driver account behind the credential, when known. */
  readonly driverId?: DriverId;
  /** OCPP 2.x charging priority, −9 … 9 (0 normal). */
  readonly chargingPriority?: number;
  /** EVSEs the credential may use (2.x `evseId`); all when absent. */
  readonly allowedEvses?: readonly EvseId[];
  /** Preferred language (RFC 5646). */
  readonly language?: string;
  /** A message for the driver. */
  readonly personalMessage?: string;
  /** Id of the driver's own tariff, when one applies (OCPP 2.1 `AuthorizeResponse.tariff`). */
  readonly tariffId?: string;
  /** Where the decision came from. */
  readonly source: DecisionSource;
  /**
   * True when the decision was made without an authoritative answer (offline start, unknown token allowed): the
   * session may start, and a later authoritative refusal asks it to stop (see {@link planDeauthorization}).
   */
  readonly provisional?: boolean;
}

/**
 * True when the decision lets the driver charge.
 *
 * @category Authorization
 */
export function isAccepted(decision: AuthorizationDecision): boolean {
  return decision.status === "Accepted";
}

/**
 * The decision as it holds at `now`: an `Accepted` decision whose `expiresAt` has passed becomes `Expired` (the
 * OCPP rule for cached and listed entries).
 *
 * @category Authorization
 */
export function decisionAt(decision: AuthorizationDecision, now: Instant): AuthorizationDecision {
  if (decision.status === "Accepted" && decision.expiresAt !== undefined && decision.expiresAt <= now) {
    return { ...decision, status: "Expired" };
  }
  return decision;
}

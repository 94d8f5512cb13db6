import type { DriverId, Instant } from "@chargekit/core";
import type { AuthorizationStatus, Credential, PaymentMethodKind } from "@chargekit/payments";

/** How a registered token pays: the payment method the hold is placed on, and the hold policy class. */
export interface TokenBilling {
  /** The payment provider's reference of the driver's payment method (e.g. `pm_…`). */
  readonly paymentMethod: string;
  /** The kind of method, which decides how long a hold lasts. */
  readonly methodKind: PaymentMethodKind;
  /** The hold policy class (`payments.holdPolicy.classes`); `default` when absent. */
  readonly driverClass?: string;
}

/**
 * A driver credential the operator registered: what the CSMS answers for it (and sends to stations in their
 * local authorization list), the driver it belongs to, and how its sessions are paid.
 */
export interface TokenRecord {
  /** The matching key (`credentialKey` of `@chargekit/payments`: `idTag:04A1B2C3`, `idToken:ISO14443:…`). */
  readonly key: string;
  /** The credential. */
  readonly credential: Credential;
  /** The answer for it (only `Accepted` lets it charge). */
  readonly status: AuthorizationStatus;
  /** When it stops being valid. */
  readonly expiresAt?: Instant;
  /** Its group (1.6 `parentIdTag`, 2.x `groupIdToken`). */
  readonly groupId?: string;
  /** The driver account it belongs to: that driver's app sees the sessions it starts. */
  readonly driverId?: DriverId;
  /** How its sessions are paid; absent: no hold is placed (fleet cards billed otherwise). */
  readonly billing?: TokenBilling;
  /** A note for operators (e.g. the card's printed number). */
  readonly label?: string;
  /** Last change. */
  readonly updatedAt: Instant;
}

/** A query of {@link TokenStore.list}. */
export interface TokenQuery {
  /** Only this driver's tokens. */
  readonly driverId?: DriverId;
  /** Only keys after this one (paging, keys ascending). */
  readonly after?: string;
  /** At most this many (default 100). */
  readonly limit?: number;
}

/** Where registered tokens live (they survive a restart and feed the local authorization list). */
export interface TokenStore {
  /** Tokens by key, ascending. */
  list(query?: TokenQuery): Promise<TokenRecord[]>;
  /** Every token (to build the local authorization list at start-up). */
  all(): Promise<TokenRecord[]>;
  /** One token. */
  get(key: string): Promise<TokenRecord | undefined>;
  /** Adds or replaces a token. */
  put(record: TokenRecord): Promise<void>;
  /** Removes a token; true when it existed. */
  remove(key: string): Promise<boolean>;
}

import type { EvseId, Instant, StationId, TransactionId } from "@chargekit/core";
import type { Credential } from "./credential.js";
import type { AuthorizationDecision } from "./decision.js";

/**
 * What an authorization is asked for.
 *
 * @category Authorization
 */
export interface AuthorizationRequest {
  /** The credential presented. */
  readonly credential: Credential;
  /** Why: to start a session, to stop one, or to check a token that already started one (late authorization). */
  readonly purpose: "start" | "stop" | "check";
  /** The station, when known. */
  readonly stationId?: StationId;
  /** The EVSE, when known. */
  readonly evseId?: EvseId;
  /** The transaction, for `stop` and `check`. */
  readonly transactionId?: TransactionId;
}

/**
 * The remote token service port: whoever can answer authoritatively for a credential, such as the operator's app
 * backend or a roaming partner (OCPI real-time authorization). Adapters translate to their API; chargekit never
 * knows which. Throw a `TIMEOUT` or `UNAVAILABLE` `ChargekitError` when the service cannot be reached, so the
 * offline policy applies; return `Unknown` for a credential the service does not know.
 *
 * @category Authorization
 */
export interface RemoteTokenService {
  /** Answers for one credential. */
  authorize(request: AuthorizationRequest): Promise<AuthorizationDecision>;
}

/**
 * A lookup hook the authorizer uses to answer `ConcurrentTx`: whether the credential already has an ongoing
 * session (elsewhere). Usually backed by the CSMS's transaction store.
 *
 * @category Authorization
 */
export type ActiveSessionLookup = (credential: Credential, at: Instant) => Promise<boolean>;

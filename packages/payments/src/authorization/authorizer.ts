import {
  ChargekitError,
  type Clock,
  type Duration,
  isChargekitError,
  type Logger,
  silentLogger,
} from "@chargekit/core";
import type { AuthorizationCache } from "./cache.js";
import { describeCredential } from "./credential.js";
import { type AuthorizationDecision, decisionAt, isAccepted } from "./decision.js";
import type { LocalAuthorizationList } from "./local-list.js";
import type { ActiveSessionLookup, AuthorizationRequest, RemoteTokenService } from "./token-service.js";

/**
 * What to do when no source can answer (the remote service is unreachable and neither the local list nor the cache
 * knows the credential).
 *
 * @category Authorization
 */
export interface OfflinePolicy {
  /**
   * Accept unknown credentials provisionally (OCPP `AllowOfflineTxForUnknownId` / `OfflineTxForUnknownIdEnabled`):
   * the session starts, and a later authoritative refusal asks it to stop. Default `false`: answer `Unknown`.
   */
  readonly allowUnknown?: boolean;
}

/**
 * Options of {@link createAuthorizer}.
 *
 * @category Authorization
 */
export interface AuthorizerOptions {
  /** The clock for expiries and the remote timeout. */
  readonly clock: Clock;
  /** The operator's local authorization list: authoritative for what it lists, never cached. */
  readonly localList?: LocalAuthorizationList;
  /** Cache of remote answers. */
  readonly cache?: AuthorizationCache;
  /** The authoritative remote service. */
  readonly remote?: RemoteTokenService;
  /**
   * `"remote-first"` (default): ask the remote service and fall back to the cache when it is unreachable (the cache
   * is an offline copy). `"cache-first"`: answer from a fresh cache entry without asking (fewer round trips to a
   * roaming partner, at the price of staleness up to the cache lifetime).
   */
  readonly order?: "remote-first" | "cache-first";
  /** How long to wait for the remote service (default 5 s). */
  readonly remoteTimeoutMs?: Duration;
  /** What to answer when nobody knows. */
  readonly offline?: OfflinePolicy;
  /** Answers `ConcurrentTx` for `start` requests of a credential with an ongoing session. */
  readonly activeSession?: ActiveSessionLookup;
  /** Logger (default silent). */
  readonly logger?: Logger;
}

/**
 * Authorizes every kind of credential through the configured sources, in order: the local list, then the remote
 * service (or the cache first, per `order`), then the cache as an offline fallback, then the offline policy. Remote
 * answers are cached. Expired entries answer `Expired`. A `start` of a credential with an ongoing session answers
 * `ConcurrentTx`.
 *
 * @category Authorization
 */
export interface Authorizer {
  /** Decides for one request. Never throws for an unreachable remote service (the offline policy answers). */
  authorize(request: AuthorizationRequest): Promise<AuthorizationDecision>;
}

/**
 * Creates an {@link Authorizer}.
 *
 * @example
 * ```ts
 * const authorizer = createAuthorizer({ clock: systemClock, localList, cache, remote, offline: { allowUnknown: true } });
 * const decision = await authorizer.authorize({ credential: { kind: "idTag", idTag: "04A1B2C3" }, purpose: "start" });
 * ```
 * @category Authorization
 */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const { clock, localList, cache, remote } = options;
  const logger = options.logger ?? silentLogger;
  const timeout = options.remoteTimeoutMs ?? 5000;

  const askRemote = async (request: AuthorizationRequest): Promise<AuthorizationDecision | undefined> => {
    if (remote === undefined) return undefined;
    let timer: object | undefined;
    try {
      const decision = await Promise.race([
        remote.authorize(request),
        new Promise<never>((_, reject) => {
          timer = clock.setTimeout(
            () => reject(new ChargekitError("TIMEOUT", `remote token service did not answer within ${timeout} ms`)),
            timeout,
          );
        }),
      ]);
      cache?.remember(request.credential, decision);
      return decisionAt({ ...decision, source: "remote" }, clock.now());
    } catch (error) {
      const reason = isChargekitError(error) ? error.code : "error";
      logger.warn({ credential: describeCredential(request.credential), reason }, "remote token service unavailable");
      return undefined;
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
    }
  };

  const decide = async (request: AuthorizationRequest): Promise<AuthorizationDecision> => {
    const now = clock.now();
    const listed = localList?.lookup(request.credential, now);
    if (listed !== undefined) return listed;
    if (options.order === "cache-first") {
      const cached = cache?.lookup(request.credential);
      if (cached !== undefined) return cached;
    }
    const remoteDecision = await askRemote(request);
    if (remoteDecision !== undefined) return remoteDecision;
    const cached = cache?.lookup(request.credential);
    if (cached !== undefined) return cached;
    if (options.offline?.allowUnknown === true && request.purpose !== "check") {
      return { status: "Accepted", source: "offline", provisional: true };
    }
    return { status: "Unknown", source: "offline" };
  };

  return {
    async authorize(request) {
      const decision = await decide(request);
      if (request.purpose === "start" && isAccepted(decision) && options.activeSession !== undefined) {
        if (await options.activeSession(request.credential, clock.now()))
          return { ...decision, status: "ConcurrentTx" };
      }
      return decision;
    },
  };
}

import { type Clock, type Duration, HOUR } from "@chargekit/core";
import { type Credential, credentialKey } from "./credential.js";
import { type AuthorizationDecision, decisionAt } from "./decision.js";

/**
 * Options of {@link createAuthorizationCache}.
 *
 * @category Authorization
 */
export interface AuthorizationCacheOptions {
  /** The clock entry ages and expiries are read from. */
  readonly clock: Clock;
  /** Most entries kept (default 10 000); the policy chooses which one to drop. */
  readonly maxEntries?: number;
  /** How long an entry is trusted after it was stored (OCPP 2.x `AuthCacheCtrlr.LifeTime`; default 24 h). */
  readonly lifetimeMs?: Duration;
  /** Which entry to drop when full: least recently used (default) or oldest stored. */
  readonly policy?: "LRU" | "FIFO";
}

/**
 * Remembered authorization answers, with OCPP's cache semantics: every answer for a cacheable credential is stored
 * (refusals too, so a blocked card stays blocked; provisional answers never); an entry past its `expiresAt` answers `Expired`; an entry older
 * than the lifetime is forgotten; `clear()` is ClearCache. `Central` and `NoAuthorization` tokens and ad-hoc payment
 * cards are never cached (the first are issued per session by the CSMS, a card is authorised per payment).
 *
 * @category Authorization
 */
export interface AuthorizationCache {
  /** Stores a decision (ignored for credentials that are never cached). */
  remember(credential: Credential, decision: AuthorizationDecision): void;
  /** The cached decision as it holds now, with `source: "cache"`. */
  lookup(credential: Credential): AuthorizationDecision | undefined;
  /** Drops one credential. */
  forget(credential: Credential): void;
  /** Drops everything (OCPP ClearCache). */
  clear(): void;
  /** Number of entries. */
  readonly size: number;
}

/**
 * True for credentials an authorization cache may store.
 *
 * @category Authorization
 */
export function isCacheable(credential: Credential): boolean {
  if (credential.kind === "card") return false;
  if (credential.kind === "idToken") {
    const type = credential.type.toLowerCase();
    return type !== "central" && type !== "noauthorization" && type !== "directpayment";
  }
  return true;
}

/**
 * Creates an in-memory {@link AuthorizationCache}.
 *
 * @category Authorization
 */
export function createAuthorizationCache(options: AuthorizationCacheOptions): AuthorizationCache {
  const max = options.maxEntries ?? 10_000;
  const lifetime = options.lifetimeMs ?? 24 * HOUR;
  const lru = (options.policy ?? "LRU") === "LRU";
  const entries = new Map<string, { decision: AuthorizationDecision; storedAt: number }>();
  return {
    remember(credential, decision) {
      if (!isCacheable(credential) || decision.provisional === true) return;
      const key = credentialKey(credential);
      entries.delete(key);
      entries.set(key, { decision, storedAt: options.clock.now() });
      while (entries.size > max) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    lookup(credential) {
      const key = credentialKey(credential);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      const now = options.clock.now();
      if (now - entry.storedAt >= lifetime) {
        entries.delete(key);
        return undefined;
      }
      if (lru) {
        entries.delete(key);
        entries.set(key, entry);
      }
      const { provisional: _provisional, ...decision } = entry.decision;
      return decisionAt({ ...decision, source: "cache" }, now);
    },
    forget(credential) {
      entries.delete(credentialKey(credential));
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

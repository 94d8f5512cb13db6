import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiKeyConfig } from "../config/api-keys.js";
import type { Authenticator } from "./credentials.js";
import type { Principal } from "./principal.js";

/** A new API key: give `key` to its holder once, keep only `hash` (in the configuration's `apiKeys`). */
export interface GeneratedApiKey {
  /** The key, `ck_<id>.<43 base64url characters>` (256 random bits). */
  readonly key: string;
  /** Its stored form, `sha256$<hex>`. */
  readonly hash: string;
}

const KEY_FORMAT = /^ck_([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/;

/**
 * Generates an API key for the entry `id`. The secret has 256 bits of entropy, so a plain SHA-256 is a safe
 * stored form (no salt or slow hash needed, unlike passwords) and checking a key costs microseconds.
 */
export function generateApiKey(id: string): GeneratedApiKey {
  const key = `ck_${id}.${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key) };
}

/** The stored form of a key: `sha256$` and the hex SHA-256 of the whole key. */
export function hashApiKey(key: string): string {
  return `sha256$${createHash("sha256").update(key, "utf8").digest("hex")}`;
}

/**
 * An {@link Authenticator} over the configured keys. The key id picks the entry, then the SHA-256 digests are
 * compared in constant time (`timingSafeEqual`); an unknown id is compared against a dummy digest, so timing says
 * nothing about which ids exist. Keys are never compared, logged or stored in plain text.
 */
export function createApiKeyAuthenticator(entries: readonly ApiKeyConfig[]): Authenticator {
  const byId = new Map<string, { digest: Buffer; principal: Principal }>();
  for (const entry of entries) {
    byId.set(entry.id, {
      digest: Buffer.from(entry.hash.slice("sha256$".length), "hex"),
      principal: principalOf(entry),
    });
  }
  const dummy = Buffer.alloc(32);
  return (presented) => {
    const match = KEY_FORMAT.exec(presented);
    const id = match?.[1];
    const entry = id === undefined ? undefined : byId.get(id);
    const actual = createHash("sha256").update(presented, "utf8").digest();
    const same = timingSafeEqual(actual, entry?.digest ?? dummy);
    return same && entry !== undefined ? entry.principal : undefined;
  };
}

function principalOf(entry: ApiKeyConfig): Principal {
  const base = { keyId: entry.id, tenant: entry.tenant };
  switch (entry.role) {
    case "driver-app":
      return { ...base, role: entry.role, driverId: entry.driverId };
    case "operator":
      return { ...base, role: entry.role };
    case "navigation-app":
      return { ...base, role: entry.role };
  }
}

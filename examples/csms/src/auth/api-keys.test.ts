import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testKeys } from "../testing/keys.js";
import { createApiKeyAuthenticator, generateApiKey, hashApiKey } from "./api-keys.js";

describe("API keys", () => {
  const keys = testKeys();
  const authenticate = createApiKeyAuthenticator(keys.entries);

  it("generates 256-bit keys of the documented form and stores only their SHA-256", () => {
    const { key, hash } = generateApiKey("ops");
    expect(key).toMatch(/^ck_ops\.[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(7));
    expect(hashApiKey(key)).toBe(hash);
    expect(generateApiKey("ops").key).not.toBe(key);
  });

  it("maps each key to its principal: role, tenant and (for driver apps) the driver", () => {
    expect(authenticate(keys.operator)).toEqual({ keyId: "ops", tenant: "default", role: "operator" });
    expect(authenticate(keys.otherTenant)).toEqual({ keyId: "ops-other", tenant: "other", role: "operator" });
    expect(authenticate(keys.navigation)).toEqual({ keyId: "nav", tenant: "default", role: "navigation-app" });
    expect(authenticate(keys.driverA)).toEqual({
      keyId: "app-a",
      tenant: "default",
      role: "driver-app",
      driverId: "driver-a",
    });
  });

  it("rejects a key presented under another entry's id", () => {
    const secret = keys.operator.split(".")[1];
    expect(authenticate(`ck_nav.${secret}`)).toBeUndefined();
  });

  it("accepts no string but the exact keys", () => {
    const valid = new Set([keys.operator, keys.otherTenant, keys.driverA, keys.driverB, keys.navigation]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .constantFrom(...valid)
            .chain((k) =>
              fc
                .tuple(fc.nat(k.length - 1), fc.string({ minLength: 1, maxLength: 1 }))
                .map(([i, c]) => k.slice(0, i) + c + k.slice(i + 1)),
            ),
        ),
        (candidate) => {
          expect(authenticate(candidate) !== undefined).toBe(valid.has(candidate));
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { describeStationCredentialsContract } from "../testing/station-credentials.contract.js";
import { createMemoryStationCredentials, hashPassword, type PasswordHash, verifyPassword } from "./credentials.js";

describeStationCredentialsContract("memory", () => {
  const credentials = createMemoryStationCredentials();
  const stored = new Map<string, PasswordHash>();
  return {
    credentials,
    async provision(identity, password) {
      const hash = await hashPassword(password);
      stored.set(identity, hash);
      credentials.setHash(identity, hash);
    },
    dump: async () => JSON.stringify([...stored]),
  };
});

describe("password hashes", () => {
  it("are salted: the same password hashes differently each time, and both verify", async () => {
    const a = await hashPassword("pw");
    const b = await hashPassword("pw");
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPassword("pw", a)).toBe(true);
    expect(await verifyPassword("pw", b)).toBe(true);
    expect(await verifyPassword("pW", a)).toBe(false);
  });

  it("setPassword keeps only a hash", async () => {
    const credentials = createMemoryStationCredentials();
    await credentials.setPassword("CP-1", "secret");
    expect(await credentials.verify("CP-1", new TextEncoder().encode("secret"))).toBe("valid");
    credentials.remove("CP-1");
    expect(await credentials.verify("CP-1", new TextEncoder().encode("secret"))).toBe("unknown");
  });
});

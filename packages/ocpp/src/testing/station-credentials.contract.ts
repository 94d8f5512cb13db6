import { defineContractSuite } from "@chargekit/core/testing";
import { expect } from "vitest";
import type { StationCredentials } from "../ws/credentials.js";

/**
 * What the {@link describeStationCredentialsContract} suite needs: the port, and a way to give a station a
 * password in whatever form the implementation stores it (a hash).
 *
 * @category Testing
 */
export interface StationCredentialsSubject {
  /** The implementation under test. */
  readonly credentials: StationCredentials;
  /** Gives `identity` the password `password`. */
  provision(identity: string, password: string | Uint8Array): Promise<void>;
  /** Everything the implementation keeps, serialized, to check no password is stored in the clear (optional). */
  dump?(): Promise<string>;
}

/**
 * The contract every {@link StationCredentials} implementation passes: right, wrong and unknown passwords,
 * binary passwords, no plaintext at rest.
 *
 * @example
 * ```ts no-run
 * describeStationCredentialsContract("memory", async () => {
 *   const credentials = createMemoryStationCredentials();
 *   return { credentials, provision: (id, pw) => credentials.setPassword(id, pw) };
 * });
 * ```
 * @category Testing
 */
export const describeStationCredentialsContract = defineContractSuite<StationCredentialsSubject>(
  "StationCredentials",
  (t) => {
    t.test("accepts the right password and refuses a wrong one", async () => {
      const { credentials, provision } = t.subject();
      await provision("CP-1", "0123456789abcdef0123456789abcdef01234567");
      const right = new TextEncoder().encode("0123456789abcdef0123456789abcdef01234567");
      expect(await credentials.verify("CP-1", right)).toBe("valid");
      expect(
        await credentials.verify("CP-1", new TextEncoder().encode("0123456789abcdef0123456789abcdef01234568")),
      ).toBe("invalid");
      expect(await credentials.verify("CP-1", new Uint8Array())).toBe("invalid");
    });

    t.test("says unknown for a station it does not know", async () => {
      expect(await t.subject().credentials.verify("nobody", new TextEncoder().encode("x"))).toBe("unknown");
    });

    t.test("compares passwords as bytes (binary-safe)", async () => {
      const { credentials, provision } = t.subject();
      const binary = new Uint8Array([0, 1, 2, 255, 58, 0]);
      await provision("CP-2", binary);
      expect(await credentials.verify("CP-2", binary)).toBe("valid");
      expect(await credentials.verify("CP-2", binary.slice(0, 5))).toBe("invalid");
    });

    t.test("keeps passwords of different stations apart", async () => {
      const { credentials, provision } = t.subject();
      await provision("A", "same-password");
      await provision("B", "other-password");
      expect(await credentials.verify("A", new TextEncoder().encode("other-password"))).toBe("invalid");
      expect(await credentials.verify("B", new TextEncoder().encode("other-password"))).toBe("valid");
    });

    t.test("stores no password in the clear", async () => {
      const subject = t.subject();
      if (subject.dump === undefined) return;
      await subject.provision("CP-3", "very-secret-password-42");
      const dump = await subject.dump();
      expect(dump).not.toContain("very-secret-password-42");
      expect(dump).not.toContain(Buffer.from("very-secret-password-42").toString("hex"));
    });
  },
);

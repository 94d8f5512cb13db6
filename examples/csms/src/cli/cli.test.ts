import { describe, expect, it } from "vitest";
import { createApiKeyAuthenticator } from "../auth/api-keys.js";
import { verifyPassword } from "../auth/passwords.js";
import { validateConfig } from "../config/load.js";
import { hashPasswordCommand } from "./hash-password.js";
import { newApiKeyCommand } from "./new-api-key.js";

describe("new-api-key", () => {
  it("prints the key once and an entry the configuration accepts and the authenticator resolves", () => {
    const outcome = newApiKeyCommand(["--id", "app-1", "--role", "driver-app", "--driver", "drv-9", "--label", "iOS"]);
    expect(outcome.code).toBe(0);
    const key = /(ck_app-1\.[\w-]{43})$/.exec(outcome.out[0] ?? "")?.[1] ?? "";
    const entry = JSON.parse(outcome.out[2] ?? "{}");
    expect(JSON.stringify(entry)).not.toContain(key.split(".")[1]);
    const loaded = validateConfig({ apiKeys: [entry] });
    if (!loaded.ok) throw loaded.error;
    expect(createApiKeyAuthenticator(loaded.value.config.apiKeys)(key)).toEqual({
      keyId: "app-1",
      role: "driver-app",
      tenant: "default",
      driverId: "drv-9",
    });
  });

  it("names what is missing or wrong", () => {
    expect(newApiKeyCommand(["--id", "x", "--role", "driver-app"]).err[0]).toBe(
      "--driver: is required (must be a string)",
    );
    expect(newApiKeyCommand(["--id", "x", "--role", "admin"]).err[0]).toBe(
      '--role: expected one of "operator", "navigation-app", "driver-app", got "admin"',
    );
    expect(newApiKeyCommand(["--nope"]).code).toBe(2);
  });
});

describe("hash-password", () => {
  it("hashes a 16–40 character password from standard input", async () => {
    const outcome = await hashPasswordCommand("0123456789abcdefXYZ\n");
    expect(outcome.code).toBe(0);
    expect(await verifyPassword("0123456789abcdefXYZ", outcome.out[0] ?? "")).toBe(true);
    expect((await hashPasswordCommand("short\n")).err).toEqual(["a station password must be 16–40 characters, got 5"]);
  });
});

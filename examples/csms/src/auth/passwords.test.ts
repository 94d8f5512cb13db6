import { describe, expect, it } from "vitest";
import { PASSWORD_HASH_PATTERN } from "../config/ocpp.js";
import { hashPassword, verifyPassword } from "./passwords.js";

describe("station passwords", () => {
  it("hashes with scrypt and a fresh salt, in the form the configuration accepts", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(PASSWORD_HASH_PATTERN);
    expect(a).not.toBe(b);
    expect(a).not.toContain("horse");
  });

  it("verifies the right password and refuses others, binary passwords included", async () => {
    const stored = await hashPassword("0123456789abcdef");
    expect(await verifyPassword("0123456789abcdef", stored)).toBe(true);
    expect(await verifyPassword("0123456789abcdeF", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    const binary = new Uint8Array([0, 255, 58, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const storedBinary = await hashPassword(binary);
    expect(await verifyPassword(binary, storedBinary)).toBe(true);
    expect(await verifyPassword(new Uint8Array(16), storedBinary)).toBe(false);
  });

  it("refuses malformed or hostile stored values instead of throwing", async () => {
    for (const stored of [
      "",
      "plain",
      "scrypt$1$2$3",
      "bcrypt$a$b$c$d$e",
      "scrypt$9999999999$8$1$c2FsdHNhbHRzYWx0$aGFzaA",
    ]) {
      expect(await verifyPassword("x", stored)).toBe(false);
    }
  });
});

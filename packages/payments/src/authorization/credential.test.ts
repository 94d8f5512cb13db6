import { DriverId } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import {
  credentialFromIdToken,
  credentialKey,
  describeCredential,
  parseCredential,
  sameCredential,
} from "./credential.js";

describe("credentials", () => {
  it("matches 1.6 idTags case-insensitively (CiString) and exactly otherwise", () => {
    expect(sameCredential({ kind: "idTag", idTag: "04a1b2c3" }, { kind: "idTag", idTag: "04A1B2C3" })).toBe(true);
    expect(sameCredential({ kind: "idTag", idTag: "04A1B2C3 " }, { kind: "idTag", idTag: "04A1B2C3" })).toBe(false);
  });

  it("matches 2.x tokens by type and case-insensitive value, with per-type normalisation", () => {
    const rfid = (v: string, type = "ISO14443") => ({ kind: "idToken", idToken: v, type }) as const;
    expect(sameCredential(rfid("deadbeef"), rfid("DEADBEEF", "iso14443"))).toBe(true);
    expect(sameCredential(rfid("DEADBEEF"), rfid("DEADBEEF", "ISO15693"))).toBe(false);
    expect(sameCredential(rfid("NL-TNM-C12345678-X", "eMAID"), rfid("nltnmc12345678x", "eMAID"))).toBe(true);
    expect(sameCredential(rfid("00:1A:2B:3C:4D:5E", "MacAddress"), rfid("001a2b3c4d5e", "MacAddress"))).toBe(true);
    expect(sameCredential(rfid("", "NoAuthorization"), rfid("anything", "NoAuthorization"))).toBe(true);
    // 1.6 and 2.x are separate key spaces
    expect(sameCredential({ kind: "idTag", idTag: "DEADBEEF" }, rfid("DEADBEEF"))).toBe(false);
  });

  it("matches app users and payment cards exactly", () => {
    const app = (id: string) => ({ kind: "app", driverId: DriverId.of(id) }) as const;
    expect(sameCredential(app("driver-1"), app("DRIVER-1"))).toBe(false);
    expect(credentialKey({ kind: "card", pspRef: "pi_3AbC" })).not.toBe(
      credentialKey({ kind: "card", pspRef: "pi_3abc" }),
    );
  });

  it("turns DirectPayment tokens into card credentials with brand and recognition", () => {
    expect(
      credentialFromIdToken({
        idToken: "psp-ref-123",
        type: "DirectPayment",
        additionalInfo: [
          { additionalIdToken: "VISA", type: "PaymentBrand" },
          { additionalIdToken: "CC", type: "PaymentRecognition" },
        ],
      }),
    ).toEqual({ kind: "card", pspRef: "psp-ref-123", brand: "VISA", recognition: "CC" });
    expect(credentialFromIdToken({ idToken: "x", type: "KeyCode" })).toEqual({
      kind: "idToken",
      idToken: "x",
      type: "KeyCode",
    });
  });

  it("validates outside input and never logs full values", () => {
    expect(parseCredential({ kind: "idTag", idTag: "x".repeat(21) }).ok).toBe(false);
    expect(parseCredential({ kind: "idTag", idTag: "bad\u0001" }).ok).toBe(false);
    expect(parseCredential({ kind: "idToken", idToken: "", type: "ISO14443" }).ok).toBe(false);
    expect(parseCredential({ kind: "idToken", idToken: "", type: "NoAuthorization" }).ok).toBe(true);
    expect(parseCredential({ kind: "wallet" }).ok).toBe(false);
    expect(describeCredential({ kind: "idTag", idTag: "04A1B2C3" })).toBe("idTag …B2C3");
  });
});

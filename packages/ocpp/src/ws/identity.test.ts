import { describe, expect, it } from "vitest";
import { basicAuthHeader, parseBasicAuth } from "./basic-auth.js";
import { identityFromPath, selectProtocol } from "./identity.js";

describe("station identity from the URL path", () => {
  it("percent-decodes the last segment after the base path", () => {
    expect(identityFromPath("/ocpp/CP%2D01", "/ocpp", "ocpp2.0.1")).toEqual({ ok: true, value: "CP-01" });
    expect(identityFromPath("/ocpp/CP%20A?x=1", "/ocpp/", "ocpp1.6")).toEqual({ ok: true, value: "CP A" });
    expect(identityFromPath("/CP1", "/", undefined)).toEqual({ ok: true, value: "CP1" });
  });

  it.each([
    ["/other/CP1", "/ocpp", "path must start"],
    ["/ocpp/", "/ocpp", "no station identity"],
    ["/ocpp/a/b", "/ocpp", "last path segment"],
    ["/ocpp/%E0%A4%A", "/ocpp", "percent-encoding"],
    ["/ocpp/a%3Ab", "/ocpp", "':'"],
    ["/ocpp/a%0Ab", "/ocpp", "control"],
    [`/ocpp/${"x".repeat(49)}`, "/ocpp", "longer than 48"],
  ])("refuses %s with 400", (path, base, reason) => {
    const r = identityFromPath(path, base, "ocpp2.0.1");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.status).toBe(400);
      expect(r.error.reason).toContain(reason);
    }
  });

  it("allows identities over 48 characters in 1.6 only", () => {
    expect(identityFromPath(`/${"x".repeat(49)}`, "/", "ocpp1.6").ok).toBe(true);
    expect(identityFromPath(`/${"x".repeat(49)}`, "/", "ocpp2.1").ok).toBe(false);
  });
});

describe("subprotocol selection", () => {
  it("takes the server's preference among what the client offers", () => {
    expect(selectProtocol(["ocpp1.6", "ocpp2.0.1"], ["ocpp2.0.1", "ocpp1.6"])).toBe("ocpp2.0.1");
    expect(selectProtocol(["ocpp1.6", "ocpp2.0.1"], ["ocpp1.6", "ocpp2.0.1"])).toBe("ocpp1.6");
    expect(selectProtocol(["ocpp1.5"], ["ocpp1.6"])).toBeUndefined();
  });
});

describe("HTTP Basic", () => {
  it("keeps binary passwords and colons in passwords intact", () => {
    const password = new Uint8Array([0, 255, 58, 10, 0x3a, 200]);
    expect(parseBasicAuth(basicAuthHeader("CP-1", password))).toEqual({ username: "CP-1", password });
    expect(parseBasicAuth(basicAuthHeader("CP-1", "a:b:c"))?.password).toEqual(new TextEncoder().encode("a:b:c"));
  });
  it("refuses malformed headers", () => {
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth("Bearer x")).toBeUndefined();
    expect(parseBasicAuth(`Basic ${Buffer.from("nocolon").toString("base64")}`)).toBeUndefined();
  });
});

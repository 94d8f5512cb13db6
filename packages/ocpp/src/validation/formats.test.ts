import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDateTime, isUri } from "./formats.js";

// ajv-formats is the independent oracle: our implementations are written from RFC 3339 / RFC 3986.
const ajv = new Ajv();
addFormats.default(ajv, ["date-time", "uri"]);
const ajvDateTime = ajv.compile({ type: "string", format: "date-time" });
const ajvUri = ajv.compile({ type: "string", format: "uri" });

/**
 * Where the oracle is wrong: ajv-formats' leap-second branch accepts a local hour 24 or minute 60 whenever the offset
 * brings it to 23:59 UTC, with any second ("0000-01-01T24:59:00+01:00"). RFC 3339 allows neither field value, so
 * there the right answer is a refusal.
 */
function rfcDateTime(s: string): boolean {
  const time = /[Tt ](\d\d):(\d\d):/.exec(s);
  if (time !== null && (Number(time[1]) > 23 || Number(time[2]) > 59)) return false;
  return ajvDateTime(s);
}

describe("isDateTime (RFC 3339)", () => {
  it.each([
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.123Z",
    "2024-02-29T23:59:59+01:00",
    "2026-06-30T23:59:60Z",
    "2026-01-01t00:00:00z",
    "2026-01-01 00:00:00Z",
    "2026-01-01T00:00:00+0100",
    "2026-01-01T00:00:00-05",
  ])("accepts %s", (s) => {
    expect(isDateTime(s)).toBe(true);
  });
  it.each([
    "2026-01-01T00:00:00",
    "2026-01-01",
    "2023-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "0000-01-01T24:59:00+01:00",
    "2026-06-30T23:60:00+00:01",
    "2026-01-01T00:60:00Z",
    "2026-01-01T00:00:00.Z",
    "2026-01-01T00:00:00+1:00",
    " 2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z ",
  ])("refuses %s", (s) => {
    expect(isDateTime(s)).toBe(false);
  });

  it("ajv-formats accepts out-of-range local times that the RFC refuses (why the property below corrects it)", () => {
    expect(ajvDateTime("0000-01-01T24:59:00+01:00")).toBe(true);
    expect(ajvDateTime("2026-06-30T23:60:00+00:01")).toBe(true);
  });

  it("agrees with ajv-formats on random near-date-times", () => {
    const digit = fc.constantFrom(..."0123456789");
    const chars = fc.constantFrom(..."0123456789-:T.Z+tz ");
    const candidate = fc.oneof(
      fc.string({ unit: chars, maxLength: 32 }),
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.integer({ min: 0, max: 61 }),
          fc.option(fc.string({ unit: digit, minLength: 0, maxLength: 4 })),
          fc.constantFrom("Z", "z", "+01:00", "-0130", "+05", "", "+1:00", "Q"),
          fc.constantFrom("T", "t", " ", "X"),
        )
        .map(([y, mo, d, h, mi, s, frac, off, sep]) => {
          const p = (n: number, w = 2) => String(n).padStart(w, "0");
          return `${p(y, 4)}-${p(mo)}-${p(d)}${sep}${p(h)}:${p(mi)}:${p(s)}${frac === null ? "" : `.${frac}`}${off}`;
        }),
    );
    fc.assert(
      fc.property(candidate, (s) => {
        expect(isDateTime(s)).toBe(rfcDateTime(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("isUri (RFC 3986 absolute URI)", () => {
  it.each([
    "ftp://user:pw@firmware.example.com:21/fw/1.2.bin",
    "https://example.com",
    "https://[2001:db8::1]:8443/path?q=1#frag",
    "http://192.168.0.1/",
    "urn:isbn:0451450523",
    "mailto:ops@example.com",
    "file:///var/log/x",
    "https://example.com/a%20b",
  ])("accepts %s", (s) => {
    expect(isUri(s)).toBe(true);
    expect(ajvUri(s)).toBe(true);
  });
  it.each([
    "",
    "example.com/x",
    "/relative/path",
    "1http://x",
    "http://exa mple.com",
    "https://[2001:db8::1::2]/",
    "https://example.com/%zz",
  ])("refuses %s", (s) => {
    expect(isUri(s)).toBe(false);
    expect(ajvUri(s)).toBe(false);
  });

  // Two places where ajv-formats' single regular expression departs from the RFC 3986 grammar; we follow the RFC.
  it("follows RFC 3986 where ajv-formats does not", () => {
    // hier-part may be path-empty
    expect(isUri("http:")).toBe(true);
    expect(ajvUri("http:")).toBe(false);
    // after "//" comes an authority, and "port" is not a port
    expect(isUri("http://host:port/")).toBe(false);
    expect(ajvUri("http://host:port/")).toBe(true);
  });

  it("agrees with ajv-formats on random URI-like strings", () => {
    const unit = fc.constantFrom(..."ahtp:/?#[]@!$&'()*+,;=%-._~019fAF ".split(""));
    const candidate = fc.oneof(
      fc.string({ unit, maxLength: 30 }),
      fc
        .tuple(
          fc.constantFrom("http", "ftp", "urn", "a+b", "1x", ""),
          fc.constantFrom("://", ":", ":/", "//"),
          fc.string({ unit, maxLength: 20 }),
        )
        .map(([s, sep, rest]) => `${s}${sep}${rest}`),
    );
    // outside the two documented departures above (an empty hier-part; an invalid authority after "//")
    const departure = /^[^:/?#]*:(?:$|[?#]|\/\/)/;
    fc.assert(
      fc.property(candidate, (s) => {
        fc.pre(!departure.test(s) || (isUri(s) && ajvUri(s)));
        expect(isUri(s)).toBe(ajvUri(s));
      }),
      { numRuns: 2000 },
    );
  });
});

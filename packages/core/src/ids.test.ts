import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isChargekitError } from "./errors.js";
import {
  ConnectorId,
  DriverId,
  EvseId,
  IdToken,
  ReservationId,
  randomId,
  SiteId,
  StationId,
  TransactionId,
} from "./ids.js";

describe("id constructors", () => {
  it("accept valid ids and return them unchanged", () => {
    expect(StationId.of("CP-001")).toBe("CP-001");
    expect(EvseId.of(1)).toBe(1);
    expect(ConnectorId.of(0)).toBe(0);
    expect(TransactionId.of("1234")).toBe("1234");
    expect(ReservationId.of(2_147_483_647)).toBe(2_147_483_647);
    expect(IdToken.of("04A2B3C4D5")).toBe("04A2B3C4D5");
    expect(SiteId.of("ams-1")).toBe("ams-1");
    expect(DriverId.of("driver-9")).toBe("driver-9");
  });

  it.each([
    [StationId, "", 'invalid station identity "": must not be empty'],
    [StationId, "a".repeat(256), "must be at most 255 characters"],
    [StationId, "cp:1", "must not contain ':'"],
    [StationId, "cp\n1", "must not contain control characters"],
    [StationId, 42, "invalid station identity 42: must be a string"],
    [EvseId, -1, "invalid EVSE id -1: must be 0 or more"],
    [EvseId, 1.5, "must be an integer"],
    [ConnectorId, "1", 'invalid connector id "1": must be a number'],
    [ReservationId, 2_147_483_648, "must be at most 2147483647"],
    [TransactionId, "x".repeat(37), "must be at most 36 characters"],
    [IdToken, "", "invalid id token"],
  ] as const)("rejects an invalid value (case %#) naming the problem", (kind, value, message) => {
    const result = kind.parse(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(isChargekitError(result.error, "INVALID_INPUT")).toBe(true);
    expect(result.error.message).toContain(message);
    expect(result.error.details["kind"]).toBe(kind.label);
    expect(() => kind.of(value)).toThrow(message);
    expect(kind.is(value)).toBe(false);
  });

  it("keeps error messages short for huge inputs", () => {
    const result = StationId.parse("z".repeat(10_000));
    expect(!result.ok && result.error.message.length).toBeLessThan(200);
  });

  it("accepts exactly the strings of 1..255 characters without ':' or control characters as station ids", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 270 }), (s) => {
        const expected =
          s.length >= 1 &&
          s.length <= 255 &&
          !s.includes(":") &&
          ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
        expect(StationId.is(s)).toBe(expected);
      }),
    );
  });

  it("exposes composable zod schemas", () => {
    expect(StationId.schema.safeParse("CP1").success).toBe(true);
    expect(EvseId.schema.safeParse(-3).success).toBe(false);
  });
});

describe("randomId", () => {
  it("returns distinct v4 UUIDs of 36 characters", () => {
    const ids = new Set(Array.from({ length: 1000 }, randomId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

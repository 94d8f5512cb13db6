import { DriverId, isChargekitError } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actingDriver, canSee, type Owner, ownedOrNotFound, visibleTo } from "./ownership.js";
import type { Principal } from "./principal.js";

const driver = (id: string) => DriverId.of(id);
const operator: Principal = { keyId: "ops", tenant: "t1", role: "operator" };
const otherOperator: Principal = { keyId: "ops2", tenant: "t2", role: "operator" };
const alice: Principal = { keyId: "a", tenant: "t1", role: "driver-app", driverId: driver("alice") };
const navigation: Principal = { keyId: "n", tenant: "t1", role: "navigation-app" };

const arbPrincipal: fc.Arbitrary<Principal> = fc.oneof(
  fc.record({ keyId: fc.constant("o"), tenant: fc.constantFrom("t1", "t2"), role: fc.constant("operator" as const) }),
  fc.record({
    keyId: fc.constant("n"),
    tenant: fc.constantFrom("t1", "t2"),
    role: fc.constant("navigation-app" as const),
  }),
  fc.record({
    keyId: fc.constant("d"),
    tenant: fc.constantFrom("t1", "t2"),
    role: fc.constant("driver-app" as const),
    driverId: fc.constantFrom("alice", "bob", "carol").map(driver),
  }),
);
const arbOwner: fc.Arbitrary<Owner> = fc.record(
  { tenant: fc.constantFrom("t1", "t2"), driverId: fc.constantFrom("alice", "bob", "carol").map(driver) },
  { requiredKeys: ["tenant"] },
);

describe("ownership", () => {
  it("a driver app sees only its own driver's resources; navigation apps none; nobody another tenant's", () => {
    fc.assert(
      fc.property(arbPrincipal, arbOwner, (principal, owner) => {
        const seen = canSee(principal, owner);
        if (principal.tenant !== owner.tenant) expect(seen).toBe(false);
        else if (principal.role === "operator") expect(seen).toBe(true);
        else if (principal.role === "navigation-app") expect(seen).toBe(false);
        else expect(seen).toBe(owner.driverId === principal.driverId);
      }),
      { numRuns: 300 },
    );
  });

  it("visibleTo keeps exactly what canSee allows", () => {
    fc.assert(
      fc.property(arbPrincipal, fc.array(arbOwner, { maxLength: 20 }), (principal, owners) => {
        expect(visibleTo(principal, owners)).toEqual(owners.filter((o) => canSee(principal, o)));
      }),
    );
  });

  it("answers another driver's resource exactly like a missing one (404, same message)", () => {
    const bobs = { tenant: "t1", driverId: driver("bob"), id: 7 };
    const message = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        if (isChargekitError(error, "NOT_FOUND")) return error.message;
      }
      throw new Error("expected NOT_FOUND");
    };
    expect(message(() => ownedOrNotFound(alice, bobs, "reservation 7"))).toBe(
      message(() => ownedOrNotFound(alice, undefined, "reservation 7")),
    );
    expect(message(() => ownedOrNotFound(otherOperator, bobs, "reservation 7"))).toBe("reservation 7 not found");
    expect(message(() => ownedOrNotFound(navigation, bobs, "reservation 7"))).toBe("reservation 7 not found");
    expect(ownedOrNotFound(operator, bobs, "reservation 7")).toBe(bobs);
    expect(ownedOrNotFound(alice, { ...bobs, driverId: driver("alice") }, "x").id).toBe(7);
  });

  it("actingDriver: driver apps act for themselves only, operators must name a driver, navigation apps never", () => {
    expect(actingDriver(alice, undefined)).toBe("alice");
    expect(actingDriver(alice, driver("alice"))).toBe("alice");
    expect(() => actingDriver(alice, driver("bob"))).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(actingDriver(operator, driver("bob"))).toBe("bob");
    expect(() => actingDriver(operator, undefined)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => actingDriver(navigation, driver("bob"))).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});

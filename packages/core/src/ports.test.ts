import { describe, expect, it } from "vitest";
import { isChargekitError } from "./errors.js";
import { silentLogger } from "./logger.js";
import { hasCapability, portFailure } from "./ports.js";

describe("port helpers", () => {
  it("reads capability flags", () => {
    const port = { capabilities: { transactions: true, listen: false } };
    expect(hasCapability(port, "transactions")).toBe(true);
    expect(hasCapability(port, "listen")).toBe(false);
    expect(hasCapability({}, "transactions")).toBe(false);
  });

  it("builds a PORT_FAILURE error naming port, operation, key and cause", () => {
    const cause = new Error("connection refused");
    const error = portFailure({ port: "ReservationStore", operation: "insert", key: "42", cause });
    expect(isChargekitError(error, "PORT_FAILURE")).toBe(true);
    expect(error.message).toBe("ReservationStore.insert failed (key 42): connection refused");
    expect(error.details).toEqual({ port: "ReservationStore", operation: "insert", key: "42" });
    expect(error.cause).toBe(cause);
    expect(portFailure({ port: "P", operation: "op" }).message).toBe("P.op failed");
  });

  it("has a silent logger whose children are silent too", () => {
    expect(() => silentLogger.child({ a: 1 }).error({ b: 2 }, "dropped")).not.toThrow();
  });
});

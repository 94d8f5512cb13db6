import { describe, expect, it } from "vitest";
import { allows, STRICT } from "./relaxation.js";
import { validatePayload } from "./validate.js";

describe("validatePayload", () => {
  it("accepts valid payloads and reports every violation of invalid ones with the version's code", () => {
    expect(validatePayload("ocpp1.6", "Heartbeat", "request", {})).toEqual({ ok: true, relaxed: [] });
    const check = validatePayload("ocpp2.0.1", "BootNotification", "request", {
      reason: "Sunrise",
      chargingStation: { model: "x".repeat(21) },
    });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.violations.map((v) => [v.kind, v.path])).toEqual([
        ["maxLength", "/chargingStation/model"],
        ["required", "/chargingStation/vendorName"],
        ["enum", "/reason"],
      ]);
      expect(check.code).toBe("PropertyConstraintViolation");
    }
  });

  it("accepts 8.1 A for multipleOf 0.1 but not 8.15 A (1.6 charging limits)", () => {
    const profile = (limit: number) => ({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: "TxDefaultProfile",
        chargingProfileKind: "Absolute",
        chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
      },
    });
    expect(validatePayload("ocpp1.6", "SetChargingProfile", "request", profile(8.1)).ok).toBe(true);
    expect(validatePayload("ocpp1.6", "SetChargingProfile", "request", profile(16)).ok).toBe(true);
    const bad = validatePayload("ocpp1.6", "SetChargingProfile", "request", profile(8.15));
    expect(bad.ok === false && bad.violations[0]?.kind).toBe("multipleOf");
  });

  it("relaxes per action and direction, and drops relaxed null properties", () => {
    const policy = {
      rules: [{ relax: ["nullValue" as const], actions: ["Authorize"], direction: "inbound" as const }],
    };
    const payload: Record<string, unknown> = { idToken: { idToken: "A", type: "ISO14443" }, certificate: null };
    const check = validatePayload("ocpp2.0.1", "Authorize", "request", payload, { policy });
    expect(check.ok && check.relaxed.map((r) => r.relaxation)).toEqual(["nullValue"]);
    expect("certificate" in payload).toBe(false);
    const outbound = validatePayload(
      "ocpp2.0.1",
      "Authorize",
      "request",
      { ...payload, certificate: null },
      {
        policy,
        direction: "outbound",
      },
    );
    expect(outbound.ok).toBe(false);
  });

  it("answers NotImplemented for an action the version does not have", () => {
    const check = validatePayload("ocpp1.6", "TransactionEvent", "request", {});
    expect(check.ok === false && check.code).toBe("NotImplemented");
  });
});

describe("relaxation rules", () => {
  it("match relaxation, action and direction; strict matches nothing", () => {
    const policy = { rules: [{ relax: ["stringTooLong" as const], actions: ["Authorize"] }] };
    expect(allows(policy, "stringTooLong", "Authorize", "inbound")).toBe(true);
    expect(allows(policy, "stringTooLong", "Authorize", "outbound")).toBe(false);
    expect(allows(policy, "stringTooLong", "BootNotification", "inbound")).toBe(false);
    expect(allows(policy, "stringTooLong", undefined, "inbound")).toBe(false);
    expect(allows(policy, "unknownEnumValue", "Authorize", "inbound")).toBe(false);
    expect(allows({ rules: [{ relax: ["emptyFrame"], direction: "both" }] }, "emptyFrame", undefined, "outbound")).toBe(
      true,
    );
    expect(allows(STRICT, "emptyFrame", undefined, "inbound")).toBe(false);
  });
});

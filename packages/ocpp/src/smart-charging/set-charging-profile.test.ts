import { HOUR, MINUTE, type PowerSchedule } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePayload } from "../codec/validate.js";
import { OCPP_VERSIONS } from "../schema/versions.js";
import { arbitrarySchedule } from "./arbitrary-schedule.test-util.js";
import { profileFromPowerSchedule } from "./from-power-schedule.js";
import {
  fromSetChargingProfileRequest,
  toSetChargingProfile,
  toSetChargingProfileRequest,
} from "./set-charging-profile.js";
import type { ProfileTarget } from "./target.js";

const T = Date.UTC(2026, 10, 21, 17);
const tx: ProfileTarget = { profileId: 12, evseId: 1, purpose: "TxProfile", stackLevel: 2, transactionId: 42 };
const evening: PowerSchedule = {
  start: T,
  unit: "A",
  periods: [
    { startOffset: 0, limit: 16.08, phases: 3 },
    { startOffset: 2 * HOUR, limit: 6, phases: 3 },
  ],
  end: T + 4 * HOUR,
};
const v2g: PowerSchedule = {
  start: T,
  unit: "W",
  periods: [
    { startOffset: 0, limit: 11_000 },
    { startOffset: 30 * MINUTE, limit: 0, setpoint: -7_400.04, dischargeLimit: 7_400.04 },
  ],
  end: T + HOUR,
};

function value<T>(r: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe("PowerSchedule → SetChargingProfile", () => {
  it("writes an OCPP 1.6 TxProfile in A per phase with numberPhases, limits rounded down to 0.1", () => {
    const request = value(toSetChargingProfile("ocpp1.6", evening, tx));
    expect(request).toEqual({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 12,
        transactionId: 42,
        stackLevel: 2,
        chargingProfilePurpose: "TxProfile",
        chargingProfileKind: "Absolute",
        chargingSchedule: {
          startSchedule: "2026-11-21T17:00:00Z",
          duration: 14_400,
          chargingRateUnit: "A",
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16, numberPhases: 3 },
            { startPeriod: 7200, limit: 6, numberPhases: 3 },
          ],
        },
      },
    });
    expect(validatePayload("ocpp1.6", "SetChargingProfile", "request", request).ok).toBe(true);
  });

  it("writes OCPP 2.0.1 with evseId, a schedule array, string transaction ids and phaseToUse", () => {
    const single: PowerSchedule = {
      start: T,
      unit: "A",
      periods: [{ startOffset: 0, limit: 32, phases: 1, phaseToUse: "L2" }],
    };
    const request = value(toSetChargingProfile("ocpp2.0.1", single, { ...tx, transactionId: "b7c1-42" }));
    expect(request).toEqual({
      evseId: 1,
      chargingProfile: {
        id: 12,
        stackLevel: 2,
        chargingProfilePurpose: "TxProfile",
        chargingProfileKind: "Absolute",
        transactionId: "b7c1-42",
        chargingSchedule: [
          {
            id: 12,
            startSchedule: "2026-11-21T17:00:00Z",
            chargingRateUnit: "A",
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 32, numberPhases: 1, phaseToUse: 2 }],
          },
        ],
      },
    });
    expect(validatePayload("ocpp2.0.1", "SetChargingProfile", "request", request).ok).toBe(true);
  });

  it("writes OCPP 2.1 V2G with a CentralSetpoint, a setpoint and a negative dischargeLimit", () => {
    const request = value(toSetChargingProfile("ocpp2.1", v2g, { ...tx, transactionId: "t-9" }));
    expect(request.chargingProfile.chargingSchedule[0]?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 11_000 },
      { startPeriod: 1800, limit: 0, setpoint: -7400, dischargeLimit: -7400, operationMode: "CentralSetpoint" },
    ]);
    expect(validatePayload("ocpp2.1", "SetChargingProfile", "request", request).ok).toBe(true);
  });

  it("gives discharge without a setpoint the operation mode the caller names, and refuses to guess one", () => {
    const free: PowerSchedule = {
      start: T,
      unit: "W",
      periods: [{ startOffset: 0, limit: 7000, dischargeLimit: 5000 }],
    };
    const refused = toSetChargingProfile("ocpp2.1", free, { ...tx, transactionId: "t" });
    expect(refused.ok || refused.error.code).toBe("NOT_EXPRESSIBLE");
    expect(refused.ok || refused.error.details["field"]).toBe("schedule.periods[0].operationMode");
    const request = value(
      toSetChargingProfile("ocpp2.1", free, { ...tx, transactionId: "t", dischargeMode: "LocalLoadBalancing" }),
    );
    expect(request.chargingProfile.chargingSchedule[0]?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 7000, dischargeLimit: -5000, operationMode: "LocalLoadBalancing" },
    ]);
  });

  it("returns NOT_EXPRESSIBLE for what a version cannot carry, naming the field", () => {
    for (const version of ["ocpp1.6", "ocpp2.0.1"] as const) {
      const r = toSetChargingProfile(version, v2g, tx);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe("NOT_EXPRESSIBLE");
      expect(r.error.details).toEqual({ field: "schedule.periods[1].setpoint", version });
    }
    const phase: PowerSchedule = {
      start: T,
      unit: "A",
      periods: [{ startOffset: 0, limit: 16, phases: 1, phaseToUse: "L3" }],
    };
    const r = toSetChargingProfile("ocpp1.6", phase, tx);
    expect(r.ok || [r.error.code, r.error.details["field"]]).toEqual([
      "NOT_EXPRESSIBLE",
      "schedule.periods[0].phaseToUse",
    ]);
    const stringTx = toSetChargingProfile("ocpp1.6", evening, { ...tx, transactionId: "b7c1" });
    expect(stringTx.ok || [stringTx.error.code, stringTx.error.details["field"]]).toEqual([
      "NOT_EXPRESSIBLE",
      "transactionId",
    ]);
  });

  it("checks the target: purposes on the right EVSE, a TxProfile names its transaction, station limits", () => {
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? "ok" : r.error?.code);
    const { transactionId: _tx, ...noTransaction } = tx;
    expect(code(toSetChargingProfile("ocpp2.0.1", evening, noTransaction))).toBe("INVALID_TARGET");
    const stationMax: ProfileTarget = { ...noTransaction, purpose: "ChargingStationMaxProfile" };
    expect(code(toSetChargingProfile("ocpp2.0.1", evening, stationMax))).toBe("INVALID_TARGET");
    expect(code(toSetChargingProfile("ocpp2.0.1", evening, { ...tx, evseId: 0 }))).toBe("INVALID_TARGET");
    expect(code(toSetChargingProfile("ocpp2.0.1", evening, { ...tx, purpose: "TxDefaultProfile" }))).toBe(
      "INVALID_TARGET",
    );
    expect(code(toSetChargingProfile("ocpp2.0.1", evening, { ...tx, kind: "Recurring" }))).toBe("INVALID_TARGET");
    expect(code(toSetChargingProfile("ocpp1.6", evening, tx, { maxPeriods: 1 }))).toBe("TOO_MANY_PERIODS");
    expect(code(toSetChargingProfile("ocpp1.6", { ...evening, periods: [] }, tx))).toBe("INVALID_SCHEDULE");
    const overshoot: PowerSchedule = { start: T, unit: "A", periods: [{ startOffset: 0, limit: 10, setpoint: 12 }] };
    expect(code(toSetChargingProfile("ocpp2.1", overshoot, tx))).toBe("INVALID_SCHEDULE");
  });

  it("converts to the unit a station accepts, then rounds down", () => {
    const inW = value(toSetChargingProfile("ocpp1.6", evening, { ...tx, unit: "W" }));
    expect(inW.csChargingProfiles.chargingSchedule.chargingSchedulePeriod.map((p) => p.limit)).toEqual([
      11_095.2, 4140,
    ]);
    const dc: PowerSchedule = { start: T, unit: "W", periods: [{ startOffset: 0, limit: 7400, phases: 1 }] };
    const inA = value(toSetChargingProfile("ocpp1.6", dc, { ...tx, unit: "A" }));
    expect(inA.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]?.limit).toBe(32.1);
  });

  it("writes recurring and relative defaults", () => {
    const night: PowerSchedule = {
      start: T,
      unit: "A",
      periods: [
        { startOffset: 0, limit: 32 },
        { startOffset: 8 * HOUR, limit: 10 },
      ],
    };
    const daily = value(
      toSetChargingProfile("ocpp2.0.1", night, {
        profileId: 1,
        evseId: 0,
        purpose: "TxDefaultProfile",
        stackLevel: 0,
        kind: "Recurring",
        recurrency: "Daily",
      }),
    );
    expect(daily.chargingProfile).toMatchObject({ chargingProfileKind: "Recurring", recurrencyKind: "Daily" });
    expect(daily.chargingProfile.chargingSchedule[0]?.startSchedule).toBe("2026-11-21T17:00:00Z");
    const relative = value(
      toSetChargingProfile("ocpp1.6", night, {
        profileId: 2,
        evseId: 0,
        purpose: "TxDefaultProfile",
        stackLevel: 0,
        kind: "Relative",
      }),
    );
    expect(relative.csChargingProfiles.chargingSchedule.startSchedule).toBeUndefined();
    const tooLong = toSetChargingProfile(
      "ocpp1.6",
      { ...night, end: T + 25 * HOUR },
      { profileId: 1, evseId: 0, purpose: "TxDefaultProfile", stackLevel: 0, kind: "Recurring", recurrency: "Daily" },
    );
    expect(tooLong.ok || tooLong.error.code).toBe("INVALID_TARGET");
  });

  it("emits payloads the official schemas accept, which read back to the same profile (every version)", () => {
    for (const version of OCPP_VERSIONS) {
      fc.assert(
        fc.property(
          arbitrarySchedule({ v2g: version === "ocpp2.1" }),
          fc.integer({ min: 1, max: 8 }),
          (schedule, evseId) => {
            const target: ProfileTarget = {
              profileId: 5,
              evseId,
              purpose: "TxProfile",
              stackLevel: 1,
              transactionId: 77,
            };
            const profile = value(profileFromPowerSchedule(schedule, target));
            const request = value(toSetChargingProfileRequest(version, profile));
            const check = validatePayload(version, "SetChargingProfile", "request", request);
            expect(check.ok, JSON.stringify(check)).toBe(true);
            expect(value(fromSetChargingProfileRequest(version, request))).toEqual(
              version === "ocpp1.6"
                ? (({ schedule: { id: _id, ...s }, ...p }) => ({ ...p, schedule: s }))(profile)
                : profile,
            );
          },
        ),
        { numRuns: 150 },
      );
    }
  });
});

describe("SetChargingProfile → installed profile (what a station checks)", () => {
  const base = {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: "TxDefaultProfile" as const,
    chargingProfileKind: "Absolute" as const,
    chargingSchedule: {
      startSchedule: "2026-11-21T17:00:00Z",
      chargingRateUnit: "A" as const,
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  };
  const read16 = (connectorId: number, profile: object) =>
    fromSetChargingProfileRequest("ocpp1.6", { connectorId, csChargingProfiles: { ...base, ...profile } });
  const problem = (r: ReturnType<typeof read16>) =>
    r.ok ? "ok" : `${r.error.code} ${String(r.error.details["field"])}`;
  const schedule = (periods: object[]) => ({
    chargingSchedule: { ...base.chargingSchedule, chargingSchedulePeriod: periods },
  });

  it("rejects what the specification forbids, naming the field", () => {
    expect(problem(read16(1, schedule([{ startPeriod: 5, limit: 16 }])))).toBe(
      "INVALID_PROFILE chargingSchedule.chargingSchedulePeriod[0].startPeriod",
    );
    expect(
      problem(
        read16(
          1,
          schedule([
            { startPeriod: 0, limit: 16 },
            { startPeriod: 0, limit: 8 },
          ]),
        ),
      ),
    ).toBe("INVALID_PROFILE chargingSchedule.chargingSchedulePeriod[1].startPeriod");
    expect(problem(read16(1, schedule([{ startPeriod: 0, limit: 16, numberPhases: 4 }])))).toBe(
      "INVALID_PROFILE chargingSchedule.chargingSchedulePeriod[0].numberPhases",
    );
    expect(problem(read16(1, schedule([{ startPeriod: 0, limit: -16 }])))).toBe(
      "INVALID_PROFILE chargingSchedule.chargingSchedulePeriod[0].limit",
    );
    expect(problem(read16(1, { chargingProfilePurpose: "ChargePointMaxProfile" }))).toBe("INVALID_PROFILE evseId");
    expect(problem(read16(0, { chargingProfilePurpose: "TxProfile" }))).toBe("INVALID_PROFILE evseId");
    expect(problem(read16(1, { chargingProfileKind: "Recurring" }))).toBe("INVALID_PROFILE recurrencyKind");
    expect(problem(read16(1, { transactionId: 3 }))).toBe("INVALID_PROFILE transactionId");
    expect(problem(read16(1, { validFrom: "2026-11-22T00:00:00Z", validTo: "2026-11-21T00:00:00Z" }))).toBe(
      "INVALID_PROFILE validTo",
    );
    expect(problem(read16(1, { chargingProfilePurpose: "TxProfile" }))).toBe("ok");
  });

  const v21 = (period: object, profile: object = {}) =>
    fromSetChargingProfileRequest("ocpp2.1", {
      evseId: 1,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: "TxDefaultProfile",
        chargingProfileKind: "Absolute",
        chargingSchedule: [{ id: 1, chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, ...period }] }],
        ...profile,
      },
    });

  it("reads OCPP 2.1's legacy negative limit as a discharge limit", () => {
    const r = v21({ limit: -5000 });
    expect(r.ok && r.value.schedule.periods).toEqual([{ startOffset: 0, limit: 0, dischargeLimit: 5000 }]);
  });

  it("refuses features it cannot model instead of dropping them", () => {
    const code = (r: ReturnType<typeof v21>) => (r.ok ? "ok" : `${r.error.code} ${String(r.error.details["field"])}`);
    expect(code(v21({ limit: 7000, limit_L2: 3000, limit_L3: 3000 }))).toBe(
      "UNSUPPORTED_FEATURE chargingSchedule[0].chargingSchedulePeriod[0].limit_L2",
    );
    expect(code(v21({ limit: 7000 }, { chargingProfilePurpose: "PriorityCharging" }))).toBe(
      "UNSUPPORTED_FEATURE chargingProfilePurpose",
    );
    expect(code(v21({ limit: 7000 }, { chargingProfilePurpose: "TxProfile" }))).toBe("INVALID_PROFILE transactionId");
  });
});

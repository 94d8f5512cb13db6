import { HOUR, MINUTE, SECOND } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import type { ChargingProfile as V16Profile } from "../../generated/v16/common.js";
import { compositePeriodAt, compositeSchedule } from "./composite-schedule.js";
import { install, limits } from "./test-helpers.test-util.js";

const T = Date.UTC(2024, 0, 17, 18);
const iso = (t: number) => new Date(t).toISOString();

function v16(connectorId: number, profile: V16Profile) {
  return install("ocpp1.6", { connectorId, csChargingProfiles: profile });
}

function absolute(
  id: number,
  purpose: V16Profile["chargingProfilePurpose"],
  stackLevel: number,
  periods: [number, number][],
  extra: { duration?: number; transactionId?: number } = {},
): V16Profile {
  return {
    chargingProfileId: id,
    stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: "Absolute",
    ...(extra.transactionId === undefined ? {} : { transactionId: extra.transactionId }),
    chargingSchedule: {
      startSchedule: iso(T),
      ...(extra.duration === undefined ? {} : { duration: extra.duration }),
      chargingRateUnit: "A",
      chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })),
    },
  };
}

describe("stacking within a purpose (OCPP 1.6 §3.13.2)", () => {
  const base = v16(
    1,
    absolute(
      1,
      "TxDefaultProfile",
      0,
      [
        [0, 6],
        [100, 8],
        [200, 10],
      ],
      { duration: 400 },
    ),
  );
  const exception = v16(
    1,
    absolute(
      2,
      "TxDefaultProfile",
      1,
      [
        [0, 10],
        [100, 6],
      ],
      { duration: 150 },
    ),
  );

  it("uses the higher level while it has a period in force, then falls back to the lower one", () => {
    const c = compositeSchedule([base, exception], { evseId: 1, start: T, duration: 400 * SECOND });
    expect(limits(c)).toEqual([
      [0, 10],
      [100, 6],
      [150, 8],
      [200, 10],
    ]);
  });

  it("reports nothing where no profile speaks, unless the EVSE's own limit fills the gap", () => {
    const open = compositeSchedule([base], { evseId: 1, start: T, duration: 500 * SECOND });
    expect(limits(open).at(-1)).toEqual([400, undefined]);
    const bounded = compositeSchedule([base], { evseId: 1, start: T, duration: 500 * SECOND, evseLimit: 32 });
    expect(limits(bounded)).toEqual([
      [0, 6],
      [100, 8],
      [200, 10],
      [400, 32],
    ]);
  });

  it("never falls back below a higher level without a duration", () => {
    const forever = v16(1, absolute(3, "TxDefaultProfile", 5, [[0, 13]]));
    const c = compositeSchedule([base, exception, forever], { evseId: 1, start: T, duration: 600 * SECOND });
    expect(limits(c)).toEqual([[0, 13]]);
  });
});

describe("combining purposes (OCPP 1.6 §3.13.3)", () => {
  const max = v16(0, absolute(1, "ChargePointMaxProfile", 0, [[0, 20]]));
  const txDefault = v16(0, absolute(2, "TxDefaultProfile", 0, [[0, 16]]));
  const tx = v16(
    1,
    absolute(
      3,
      "TxProfile",
      0,
      [
        [0, 25],
        [300, 10],
      ],
      { transactionId: 7 },
    ),
  );
  const running = [{ evseId: 1, transactionId: "7", start: T - MINUTE }];

  it("lets the TxProfile override the TxDefaultProfile, capped by the station maximum", () => {
    const c = compositeSchedule([max, txDefault, tx], {
      evseId: 1,
      start: T,
      duration: HOUR,
      transactions: running,
    });
    expect(limits(c)).toEqual([
      [0, 20],
      [300, 10],
    ]);
  });

  it("tells what applies at one instant", () => {
    const profiles = [max, txDefault, tx];
    expect(compositePeriodAt(profiles, { evseId: 1, at: T + 299_999, transactions: running })).toEqual({
      startOffset: 0,
      limit: 20,
    });
    expect(compositePeriodAt(profiles, { evseId: 1, at: T + 300_000, transactions: running }).limit).toBe(10);
  });

  it("ignores a TxProfile without its transaction, and one for another transaction", () => {
    const idle = compositeSchedule([max, txDefault, tx], { evseId: 1, start: T, duration: HOUR });
    expect(limits(idle)).toEqual([[0, 16]]);
    const other = compositeSchedule([max, txDefault, tx], {
      evseId: 1,
      start: T,
      duration: HOUR,
      transactions: [{ evseId: 1, transactionId: "8", start: T }],
    });
    expect(limits(other)).toEqual([[0, 16]]);
  });

  it("lets a TxDefaultProfile on the connector replace the connector-0 one at the same stack level only", () => {
    const own = v16(2, absolute(4, "TxDefaultProfile", 0, [[0, 12]]));
    expect(limits(compositeSchedule([txDefault, own], { evseId: 2, start: T, duration: HOUR }))).toEqual([[0, 12]]);
    expect(limits(compositeSchedule([txDefault, own], { evseId: 1, start: T, duration: HOUR }))).toEqual([[0, 16]]);
    const higher = v16(0, absolute(5, "TxDefaultProfile", 3, [[0, 9]]));
    expect(limits(compositeSchedule([txDefault, own, higher], { evseId: 2, start: T, duration: HOUR }))).toEqual([
      [0, 9],
    ]);
  });

  it("reports the grid connection for connector 0: the sum of the connectors, capped by the station maximum", () => {
    // a 32 A station maximum with a 10 A default on every connector: 2 connectors draw 20 A (libocpp#1062)
    const max32 = v16(0, absolute(1, "ChargePointMaxProfile", 0, [[0, 32]]));
    const ten = v16(0, absolute(2, "TxDefaultProfile", 0, [[0, 10]]));
    expect(limits(compositeSchedule([max32, ten], { evseId: 0, start: T, duration: HOUR, evses: [1, 2] }))).toEqual([
      [0, 20],
    ]);
    expect(
      limits(compositeSchedule([max32, ten], { evseId: 0, start: T, duration: HOUR, evses: [1, 2, 3, 4] })),
    ).toEqual([[0, 32]]);
  });
});

describe("schedule kinds and validity (libocpp's documented edge cases)", () => {
  const day = (d: number, h: number, m = 0) => Date.UTC(2024, 0, d, h, m);
  const relative: V16Profile = {
    chargingProfileId: 1,
    chargingProfileKind: "Relative",
    chargingProfilePurpose: "TxDefaultProfile",
    stackLevel: 1,
    validFrom: iso(day(1, 12)),
    validTo: iso(day(1, 20)),
    chargingSchedule: {
      chargingRateUnit: "A",
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 32 },
        { startPeriod: 3600, limit: 6 },
      ],
    },
  };

  it("anchors a relative profile at the transaction start and honours validFrom / validTo", () => {
    const profile = v16(1, relative);
    const early = compositeSchedule([profile], {
      evseId: 1,
      start: day(1, 10),
      duration: 11 * HOUR,
      evseLimit: 48,
      transactions: [{ evseId: 1, transactionId: "1", start: day(1, 10) }],
    });
    expect(limits(early)).toEqual([
      [0, 48],
      [2 * 3600, 6],
      [10 * 3600, 48],
    ]);
    const late = compositeSchedule([profile], {
      evseId: 1,
      start: day(1, 19, 50),
      duration: HOUR,
      evseLimit: 48,
      transactions: [{ evseId: 1, transactionId: "1", start: day(1, 19, 50) }],
    });
    expect(limits(late)).toEqual([
      [0, 32],
      [600, 48],
    ]);
  });

  it("anchors a relative profile at the window start when no transaction runs", () => {
    const { validFrom: _from, validTo: _to, ...always } = relative;
    const profile = v16(1, always);
    const c = compositeSchedule([profile], { evseId: 1, start: day(3, 9), duration: 2 * HOUR });
    expect(limits(c)).toEqual([
      [0, 32],
      [3600, 6],
    ]);
  });

  const daily: V16Profile = {
    chargingProfileId: 1,
    chargingProfileKind: "Recurring",
    chargingProfilePurpose: "TxDefaultProfile",
    recurrencyKind: "Daily",
    stackLevel: 1,
    chargingSchedule: {
      startSchedule: iso(day(1, 12)),
      chargingRateUnit: "A",
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 32 },
        { startPeriod: 3600, limit: 6 },
      ],
    },
  };

  it("repeats a daily profile: before noon the previous day's last period is in force", () => {
    const c = compositeSchedule([v16(1, daily)], { evseId: 1, start: day(10, 11, 50), duration: 30 * MINUTE });
    expect(limits(c)).toEqual([
      [0, 6],
      [600, 32],
    ]);
  });

  it("falls back after a recurring duration and outside the validity", () => {
    const limited = v16(1, {
      ...daily,
      validFrom: iso(Date.UTC(2024, 1, 1, 12)),
      validTo: iso(Date.UTC(2024, 2, 1, 9)),
      chargingSchedule: { ...daily.chargingSchedule, duration: 18_000 },
    });
    const feb10 = compositeSchedule([limited], {
      evseId: 1,
      start: Date.UTC(2024, 1, 10, 11, 50),
      duration: 30 * MINUTE,
      evseLimit: 48,
    });
    expect(limits(feb10)).toEqual([
      [0, 48],
      [600, 32],
    ]);
    const feb1 = compositeSchedule([limited], {
      evseId: 1,
      start: Date.UTC(2024, 1, 1, 11, 50),
      duration: 30 * MINUTE,
      evseLimit: 48,
    });
    expect(limits(feb1)).toEqual([
      [0, 48],
      [600, 32],
    ]);
    const afternoon = compositeSchedule([limited], {
      evseId: 1,
      start: Date.UTC(2024, 1, 10, 16, 30),
      duration: HOUR,
      evseLimit: 48,
    });
    expect(limits(afternoon)).toEqual([
      [0, 6],
      [1800, 48],
    ]);
  });

  it("repeats a weekly profile and never runs periods beyond one repetition", () => {
    const weekly = v16(1, {
      ...daily,
      recurrencyKind: "Weekly",
      chargingSchedule: {
        ...daily.chargingSchedule,
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 20 },
          { startPeriod: 86_400, limit: 10 },
          { startPeriod: 8 * 86_400, limit: 1 },
        ],
      },
    });
    const c = compositeSchedule([weekly], { evseId: 1, start: day(8, 12), duration: 2 * 86_400 * SECOND });
    expect(limits(c)).toEqual([
      [0, 20],
      [86_400, 10],
    ]);
    const beforeFirst = compositeSchedule([weekly], { evseId: 1, start: day(1, 11), duration: 2 * HOUR });
    expect(limits(beforeFirst)).toEqual([
      [0, undefined],
      [3600, 20],
    ]);
  });
});

describe("bounds", () => {
  it("refuses a window that would change more than MAX_COMPOSITE_CHANGES times", () => {
    const busy = v16(1, {
      chargingProfileId: 1,
      chargingProfileKind: "Recurring",
      recurrencyKind: "Daily",
      chargingProfilePurpose: "TxDefaultProfile",
      stackLevel: 0,
      chargingSchedule: {
        startSchedule: iso(T),
        chargingRateUnit: "A",
        chargingSchedulePeriod: Array.from({ length: 200 }, (_, i) => ({ startPeriod: i * 60, limit: 6 + (i % 2) })),
      },
    });
    expect(() => compositeSchedule([busy], { evseId: 1, start: T, duration: 2 * 365 * 24 * HOUR })).toThrow(
      expect.objectContaining({ code: "LIMIT_EXCEEDED" }),
    );
    expect(compositeSchedule([busy], { evseId: 1, start: T, duration: 24 * HOUR }).periods).toHaveLength(200);
  });
});

describe("units and phases", () => {
  const watts = v16(0, {
    ...absolute(1, "ChargePointMaxProfile", 0, [[0, 11_040]]),
    chargingSchedule: {
      startSchedule: iso(T),
      chargingRateUnit: "W",
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_040 }],
    },
  });
  const tx = (numberPhases: number) =>
    v16(1, {
      ...absolute(2, "TxProfile", 0, [[0, 20]], { transactionId: 3 }),
      chargingSchedule: {
        startSchedule: iso(T),
        chargingRateUnit: "A",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 20, numberPhases }],
      },
    });
  const running = [{ evseId: 1, transactionId: "3", start: T }];

  it("converts with P = U × I × phases (230 V) and reports in the requested unit", () => {
    const inA = compositeSchedule([watts, tx(3)], {
      evseId: 1,
      start: T,
      duration: HOUR,
      unit: "A",
      transactions: running,
    });
    expect(inA.periods).toEqual([{ startOffset: 0, limit: 16, phases: 3 }]);
    const inW = compositeSchedule([watts, tx(3)], {
      evseId: 1,
      start: T,
      duration: HOUR,
      unit: "W",
      transactions: running,
    });
    expect(inW.periods).toEqual([{ startOffset: 0, limit: 11_040, phases: 3 }]);
  });

  it("compares current per phase when a single-phase EV meets a three-phase cap", () => {
    const inA = compositeSchedule([watts, tx(1)], {
      evseId: 1,
      start: T,
      duration: HOUR,
      unit: "A",
      transactions: running,
    });
    expect(inA.periods).toEqual([{ startOffset: 0, limit: 16, phases: 1 }]);
    const inW = compositeSchedule([watts, tx(1)], {
      evseId: 1,
      start: T,
      duration: HOUR,
      unit: "W",
      transactions: running,
    });
    expect(inW.periods).toEqual([{ startOffset: 0, limit: 3680, phases: 1 }]);
  });

  it("converts DC power with the DC voltage", () => {
    const dc = compositeSchedule([watts], {
      evseId: 1,
      start: T,
      duration: HOUR,
      unit: "A",
      electrical: { dc: true, voltage: 400 },
    });
    expect(dc.periods).toEqual([{ startOffset: 0, limit: 27.6 }]);
  });
});

describe("OCPP 2.x purposes and V2G", () => {
  type Period = { limit: number; setpoint?: number; dischargeLimit?: number; operationMode?: "CentralSetpoint" };
  const v2Profile = (
    id: number,
    purpose: "ChargingStationMaxProfile" | "TxProfile" | "ChargingStationExternalConstraints",
    period: Period,
    transactionId?: string,
  ) => ({
    id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: "Absolute" as const,
    ...(transactionId === undefined ? {} : { transactionId }),
    chargingSchedule: [
      {
        id,
        startSchedule: iso(T),
        chargingRateUnit: "W" as const,
        chargingSchedulePeriod: [{ startPeriod: 0, ...period }],
      },
    ],
  });
  const running = [{ evseId: 1, transactionId: "tx-1", start: T }];

  it("caps an EVSE with the external constraints set on it and on the station", () => {
    const external = install("ocpp2.0.1", {
      evseId: 1,
      chargingProfile: v2Profile(-1, "ChargingStationExternalConstraints", { limit: 7000 }),
    });
    const tx = install("ocpp2.0.1", {
      evseId: 1,
      chargingProfile: v2Profile(1, "TxProfile", { limit: 11_000 }, "tx-1"),
    });
    const c = compositeSchedule([external, tx], { evseId: 1, start: T, duration: HOUR, transactions: running });
    expect(limits(c)).toEqual([[0, 7000]]);
  });

  it("takes the least discharge and keeps the setpoint inside it", () => {
    const max = install("ocpp2.1", {
      evseId: 0,
      chargingProfile: v2Profile(1, "ChargingStationMaxProfile", { limit: 22_000, dischargeLimit: -6000 }),
    });
    const tx = install("ocpp2.1", {
      evseId: 1,
      chargingProfile: v2Profile(
        2,
        "TxProfile",
        { limit: 0, setpoint: -10_000, dischargeLimit: -10_000, operationMode: "CentralSetpoint" },
        "tx-1",
      ),
    });
    const c = compositeSchedule([max, tx], { evseId: 1, start: T, duration: HOUR, transactions: running });
    expect(c.periods).toEqual([
      { startOffset: 0, limit: 0, setpoint: -6000, dischargeLimit: 6000, operationMode: "CentralSetpoint" },
    ]);
  });
});

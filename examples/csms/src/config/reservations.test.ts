import { DAY, MINUTE, SECOND } from "@chargekit/core";
import { DEFAULT_POLICY, resolvePolicy } from "@chargekit/reservations";
import { describe, expect, it } from "vitest";
import { validateConfig } from "./load.js";
import { toQueuePolicy, toReservationPolicy } from "./reservations.js";

const base = {
  stations: [{ id: "CP-1" }, { id: "CP-2", current: "DC", maxPowerKw: 150, connectorTypes: ["cCCS2"] }],
  sites: [{ id: "s", name: "S", gridLimit: { L1: 63, L2: 63, L3: 63 }, stations: ["CP-1", "CP-2"] }],
};

function issuesOf(raw: Record<string, unknown>): string[] {
  const result = validateConfig(raw);
  if (result.ok) return [];
  return result.error.message.split("\n");
}

describe("reservation, queue and station electrical configuration", () => {
  it("defaults: the engine's policy, AC type-2 stations wired RST with a 6 A minimum, load management on", () => {
    const result = validateConfig(base);
    if (!result.ok) throw result.error;
    const { config } = result.value;
    expect(resolvePolicy(toReservationPolicy(config.reservations.policy))).toEqual(DEFAULT_POLICY);
    expect(config.stations[0]).toMatchObject({
      connectorTypes: ["cType2"],
      current: "AC",
      phaseRotation: "RST",
      minCurrent: 6,
    });
    expect(config.loadManagement).toMatchObject({ enabled: true, debounceMs: 1000, hysteresisA: 0.5 });
  });

  it("turns minutes, days and seconds into the engine's milliseconds", () => {
    expect(
      toReservationPolicy({
        holdTtlMinutes: 3,
        graceMinutes: 20,
        noShowTimeoutMinutes: null,
        maxAdvanceDays: 7,
        noShowFee: { amount: "2.00", currency: "EUR" },
      }),
    ).toEqual({
      holdTtl: 3 * MINUTE,
      grace: 20 * MINUTE,
      noShowTimeout: null,
      maxAdvance: 7 * DAY,
      noShowFee: { amount: "2.00", currency: "EUR" },
    });
    expect(toQueuePolicy({ responseTimeoutSeconds: 90, claimMinutes: 10, maxSnoozes: 1 })).toEqual({
      responseTimeout: 90 * SECOND,
      claimTime: 10 * MINUTE,
      maxSnoozes: 1,
    });
  });

  it("names the field of every bad value, then the rules that span fields", () => {
    expect(
      issuesOf({
        ...base,
        stations: [{ id: "CP-1", phaseRotation: "XYZ" }, base.stations[1]],
        reservations: { queue: { responseTimeoutSeconds: 2 } },
      }),
    ).toEqual([
      'config: stations[0].phaseRotation: expected one of RST, RTS, SRT, STR, TRS, TSR, got "XYZ"',
      "config: reservations.queue.responseTimeoutSeconds: expected at least 10 seconds, got 2",
    ]);
    expect(
      issuesOf({
        ...base,
        stations: [
          { id: "CP-1", minCurrent: 40, maxCurrent: 32 },
          { id: "CP-2", current: "DC" },
        ],
        reservations: { policy: { lateStopMinutes: 30 } },
        sites: [{ ...base.sites[0], reservationPolicy: { graceMinutes: 40 } }],
      }),
    ).toEqual([
      "config: stations[0].minCurrent: must not exceed maxCurrent (32 A)",
      "config: stations[1].maxPowerKw: required for a DC station (the most power one EVSE delivers, kW)",
      "config: reservations.policy.lateStopMinutes: must not exceed the grace (15 min): it would run into the next booking",
    ]);
    expect(
      issuesOf({
        ...base,
        sites: [{ ...base.sites[0], reservationPolicy: { lateStopMinutes: 20, minWindowMinutes: 900 } }],
      }),
    ).toEqual([
      "config: sites[0].reservationPolicy.lateStopMinutes: must not exceed the grace (15 min): it would run into the next booking",
      "config: sites[0].reservationPolicy.minWindowMinutes: must not exceed maxWindowMinutes (720)",
    ]);
  });
});

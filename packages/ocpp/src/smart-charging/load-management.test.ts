import { floorToStep, HOUR, MINUTE, type PowerSchedule } from "@chargekit/core";
import { type AllocationProblem, allocate, type ConnectorSchedule, planHorizon } from "@chargekit/load-management";
import { randomSite } from "@chargekit/load-management/testing";
import { describe, expect, it } from "vitest";
import { validatePayload } from "../codec/validate.js";
import { OCPP_VERSIONS, type OcppVersion } from "../schema/versions.js";
import { compositeSchedule } from "./composite/composite-schedule.js";
import { compositeAt } from "./composite/test-helpers.test-util.js";
import { fromSetChargingProfileRequest, toSetChargingProfile } from "./set-charging-profile.js";
import type { ActiveTransaction, InstalledProfile } from "./types.js";

/** Installs each connector's schedule as a TxProfile on its own EVSE, through the wire of `version`. */
function install(version: OcppVersion, schedules: readonly ConnectorSchedule[]) {
  const profiles: InstalledProfile[] = [];
  const transactions: ActiveTransaction[] = [];
  schedules.forEach((s, index) => {
    const evseId = index + 1;
    const transactionId = version === "ocpp1.6" ? String(1000 + index) : (s.session ?? `tx-${index}`);
    transactions.push({ evseId, transactionId, start: s.schedule.start });
    const request = toSetChargingProfile(version, s.schedule, {
      profileId: evseId,
      evseId,
      purpose: "TxProfile",
      stackLevel: 1,
      transactionId,
    });
    if (!request.ok) throw request.error;
    expect(validatePayload(version, "SetChargingProfile", "request", request.value).ok).toBe(true);
    const profile = fromSetChargingProfileRequest(version, request.value);
    if (!profile.ok) throw profile.error;
    profiles.push(profile.value);
  });
  return { profiles, transactions };
}

/** What the allocation allows in one slot, rounded toward zero to 0.1 as documented. */
function allowed(schedule: PowerSchedule, t: number) {
  let current = schedule.periods[0];
  for (const p of schedule.periods) if (schedule.start + p.startOffset <= t) current = p;
  const down = (v: number) => floorToStep(v, 0.1) + 0;
  if (current === undefined) return undefined;
  return {
    limit: down(current.limit),
    ...(current.phases === undefined ? {} : { phases: current.phases }),
    ...(current.setpoint === undefined
      ? {}
      : { setpoint: -down(-current.setpoint) + 0, operationMode: "CentralSetpoint" }),
    ...(current.dischargeLimit === undefined ? {} : { dischargeLimit: down(current.dischargeLimit) }),
  };
}

/**
 * Every slot of every connector: from the first whole second inside the slot the composite is exactly what the
 * allocation allows (rounded toward zero to 0.1); in the fraction of a second before it, never more.
 */
function checkEverySlot(
  version: OcppVersion,
  schedules: readonly ConnectorSchedule[],
  slots: readonly { readonly start: number; readonly end: number }[],
) {
  const { profiles, transactions } = install(version, schedules);
  schedules.forEach((s, index) => {
    const end = s.schedule.end ?? s.schedule.start + HOUR;
    const composite = compositeSchedule(profiles, {
      evseId: index + 1,
      start: s.schedule.start,
      duration: end - s.schedule.start,
      unit: s.schedule.unit,
      transactions,
    });
    for (const slot of slots) {
      const expected = allowed(s.schedule, slot.start);
      const first = compositeAt(composite, slot.start);
      expect(first?.limit ?? 0, `${s.connector} at ${slot.start}`).toBeLessThanOrEqual(expected?.limit ?? 0);
      expect(first?.dischargeLimit ?? 0).toBeLessThanOrEqual(expected?.dischargeLimit ?? 0);
      const whole = Math.ceil(slot.start / 1000) * 1000;
      if (whole + 1000 > slot.end) continue;
      const { startOffset: _offset, ...values } = compositeAt(composite, whole) ?? { startOffset: 0 };
      expect(values, `${s.connector} in the slot from ${slot.start}`).toEqual(expected);
    }
  });
}

describe("round trip on load-management allocations", () => {
  const problem = randomSite({ seed: 7, connectors: 24, singlePhase: 0.4 });

  it("a 24 h horizon plan in 15-minute slots: every slot of every connector, every version", () => {
    const plan = planHorizon(problem, { start: 0, policy: "leastLaxity" });
    expect(plan.schedules.length).toBeGreaterThan(10);
    expect(plan.slots.some((s) => s.start % 1000 !== 0)).toBe(true); // arrivals split slots between seconds
    for (const version of OCPP_VERSIONS) checkEverySlot(version, plan.schedules, plan.slots);
  });

  it("a real-time round", () => {
    const allocation = allocate(problem, { at: 20 * HOUR });
    const round = [{ start: 20 * HOUR, end: 20 * HOUR + MINUTE }];
    for (const version of OCPP_VERSIONS) checkEverySlot(version, allocation.schedules, round);
  });

  it("V2G: discharge as 2.1 setpoint and negative dischargeLimit; refused by 1.6 and 2.0.1", () => {
    const v2g: AllocationProblem = {
      site: {
        nodes: [{ id: "grid", limits: { importCurrent: 16, exportCurrent: 10 } }],
        connectors: [
          { id: "v2g", node: "grid", kind: "AC", maxCurrent: 32, discharge: { min: 6, max: 32 } },
          { id: "ev", node: "grid", kind: "AC", maxCurrent: 32 },
        ],
      },
      sessions: [
        { id: "giving", connector: "v2g", arrival: 0, mode: "discharge" },
        { id: "taking", connector: "ev", arrival: 1 },
      ],
    };
    const plan = planHorizon(v2g, { start: 0, end: 2 * HOUR });
    expect(plan.schedules.some((s) => s.schedule.periods.some((p) => (p.setpoint ?? 0) < 0))).toBe(true);
    checkEverySlot("ocpp2.1", plan.schedules, plan.slots);
    for (const version of ["ocpp1.6", "ocpp2.0.1"] as const) {
      const giving = plan.schedules.find((s) => s.connector === "v2g");
      if (giving === undefined) throw new Error("no V2G schedule");
      const r = toSetChargingProfile(version, giving.schedule, {
        profileId: 1,
        evseId: 1,
        purpose: "TxProfile",
        stackLevel: 1,
        transactionId: 1,
      });
      expect(r.ok || r.error.code).toBe("NOT_EXPRESSIBLE");
    }
  });
});

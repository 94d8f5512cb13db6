import { HOUR } from "@chargekit/core";
import { describe, expect, it } from "vitest";
import { validatePayload } from "../codec/validate.js";
import type { CompositeSchedule } from "./composite/composite-schedule.js";
import {
  fromGetCompositeScheduleResponse,
  powerScheduleFromCompositeResponse,
  toGetCompositeScheduleResponse,
} from "./composite-response.js";

const T = Date.UTC(2026, 10, 21, 17);
const composite: CompositeSchedule = {
  evseId: 2,
  start: T,
  duration: HOUR,
  unit: "A",
  periods: [
    { startOffset: 0, limit: 16.04, phases: 3 },
    { startOffset: 1_800_000, limit: 6, phases: 1, phaseToUse: "L2" },
  ],
};

describe("composite schedule → GetCompositeSchedule response", () => {
  it("writes OCPP 1.6 with connectorId, scheduleStart and a chargingSchedule", () => {
    const r = toGetCompositeScheduleResponse("ocpp1.6", {
      ...composite,
      periods: [
        { startOffset: 0, limit: 16.04, phases: 3 },
        { startOffset: 1_800_000, limit: 6, phases: 1 },
      ],
    });
    expect(r.ok && r.value).toEqual({
      status: "Accepted",
      connectorId: 2,
      scheduleStart: "2026-11-21T17:00:00Z",
      chargingSchedule: {
        duration: 3600,
        startSchedule: "2026-11-21T17:00:00Z",
        chargingRateUnit: "A",
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16, numberPhases: 3 },
          { startPeriod: 1800, limit: 6, numberPhases: 1 },
        ],
      },
    });
    expect(r.ok && validatePayload("ocpp1.6", "GetCompositeSchedule", "response", r.value).ok).toBe(true);
  });

  it("writes OCPP 2.0.1 with a schedule object, and refuses phaseToUse on 1.6", () => {
    const r = toGetCompositeScheduleResponse("ocpp2.0.1", composite);
    expect(r.ok && r.value).toEqual({
      status: "Accepted",
      schedule: {
        evseId: 2,
        duration: 3600,
        scheduleStart: "2026-11-21T17:00:00Z",
        chargingRateUnit: "A",
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16, numberPhases: 3 },
          { startPeriod: 1800, limit: 6, numberPhases: 1, phaseToUse: 2 },
        ],
      },
    });
    expect(r.ok && validatePayload("ocpp2.0.1", "GetCompositeSchedule", "response", r.value).ok).toBe(true);
    const v16 = toGetCompositeScheduleResponse("ocpp1.6", composite);
    expect(v16.ok || v16.error.code).toBe("NOT_EXPRESSIBLE");
  });

  it("writes OCPP 2.1 V2G values with a negative dischargeLimit", () => {
    const v2g: CompositeSchedule = {
      evseId: 1,
      start: T,
      duration: HOUR,
      unit: "W",
      periods: [{ startOffset: 0, limit: 0, setpoint: -6000, dischargeLimit: 6000, operationMode: "CentralSetpoint" }],
    };
    const r = toGetCompositeScheduleResponse("ocpp2.1", v2g);
    expect(r.ok && r.value.schedule?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 0, setpoint: -6000, dischargeLimit: -6000, operationMode: "CentralSetpoint" },
    ]);
    expect(r.ok && validatePayload("ocpp2.1", "GetCompositeSchedule", "response", r.value).ok).toBe(true);
    for (const version of ["ocpp1.6", "ocpp2.0.1"] as const) {
      const refused = toGetCompositeScheduleResponse(version, v2g);
      expect(refused.ok || refused.error.code).toBe("NOT_EXPRESSIBLE");
    }
  });

  it("cannot report a period no profile limits before OCPP 2.1", () => {
    const open: CompositeSchedule = { ...composite, periods: [{ startOffset: 0, phases: 3 }] };
    const r = toGetCompositeScheduleResponse("ocpp2.0.1", open);
    expect(r.ok || [r.error.code, r.error.details["field"]]).toEqual(["NOT_EXPRESSIBLE", "schedule.periods[0].limit"]);
  });

  it("reports a window that starts between seconds from the second before, never more than allowed", () => {
    const shifted: CompositeSchedule = {
      evseId: 1,
      start: T + 400,
      duration: 10_000,
      unit: "A",
      periods: [
        { startOffset: 0, limit: 10 },
        { startOffset: 5_000, limit: 32 },
      ],
    };
    const r = toGetCompositeScheduleResponse("ocpp2.0.1", shifted);
    expect(r.ok && r.value.schedule).toMatchObject({
      scheduleStart: "2026-11-21T17:00:00Z",
      duration: 11,
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 10 },
        { startPeriod: 6, limit: 32 },
      ],
    });
  });
});

describe("GetCompositeSchedule response → PowerSchedule", () => {
  it("reads a 1.6 response into a power schedule", () => {
    const r = powerScheduleFromCompositeResponse("ocpp1.6", {
      status: "Accepted",
      connectorId: 1,
      scheduleStart: "2026-11-21T17:00:00Z",
      chargingSchedule: {
        duration: 600,
        chargingRateUnit: "W",
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 7400, numberPhases: 1 },
          { startPeriod: 300, limit: 3700, numberPhases: 1 },
        ],
      },
    });
    expect(r.ok && r.value).toEqual({
      evseId: 1,
      schedule: {
        start: T,
        unit: "W",
        periods: [
          { startOffset: 0, limit: 7400, phases: 1 },
          { startOffset: 300_000, limit: 3700, phases: 1 },
        ],
        end: T + 600_000,
      },
    });
  });

  it("takes the connector and duration from the request when a 1.6 response leaves them out", () => {
    const response = {
      status: "Accepted" as const,
      scheduleStart: "2026-11-21T17:00:00Z",
      chargingSchedule: { chargingRateUnit: "A" as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    };
    const missing = fromGetCompositeScheduleResponse("ocpp1.6", response);
    expect(missing.ok || missing.error.details["field"]).toBe("connectorId");
    const r = fromGetCompositeScheduleResponse("ocpp1.6", response, { evseId: 3, duration: 60_000 });
    expect(r.ok && r.value).toEqual({
      evseId: 3,
      start: T,
      duration: 60_000,
      unit: "A",
      periods: [{ startOffset: 0, limit: 16 }],
    });
  });

  it("reports a rejection with its reason", () => {
    const r = fromGetCompositeScheduleResponse("ocpp2.0.1", {
      status: "Rejected",
      statusInfo: { reasonCode: "UnknownEVSE" },
    });
    expect(r.ok || [r.error.code, r.error.message]).toEqual([
      "INVALID_RESPONSE",
      "GetCompositeSchedule response: status is Rejected (UnknownEVSE)",
    ]);
  });

  it("gives an OCPP 2.1 setpoint period without a limit its setpoint as the import limit", () => {
    const r = powerScheduleFromCompositeResponse("ocpp2.1", {
      status: "Accepted",
      schedule: {
        evseId: 1,
        duration: 60,
        scheduleStart: "2026-11-21T17:00:00Z",
        chargingRateUnit: "W",
        chargingSchedulePeriod: [
          { startPeriod: 0, setpoint: 3000, operationMode: "CentralSetpoint" },
          { startPeriod: 30, setpoint: -2000, dischargeLimit: -4000, operationMode: "CentralSetpoint" },
        ],
      },
    });
    expect(r.ok && r.value.schedule.periods).toEqual([
      { startOffset: 0, limit: 3000, setpoint: 3000 },
      { startOffset: 30_000, limit: 0, setpoint: -2000, dischargeLimit: 4000 },
    ]);
  });
});

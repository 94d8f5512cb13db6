import { floorToStep, type PowerSchedule, type PowerSchedulePeriod, periodAt } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePayload } from "../codec/validate.js";
import type { RequestOf } from "../schema/action-maps.js";
import { OCPP_VERSIONS, type OcppVersion } from "../schema/versions.js";
import { arbitrarySchedule } from "./arbitrary-schedule.test-util.js";
import { compositeSchedule } from "./composite/composite-schedule.js";
import { compositeAt } from "./composite/test-helpers.test-util.js";
import { powerScheduleFromCompositeResponse, toGetCompositeScheduleResponse } from "./composite-response.js";
import { fromSetChargingProfileRequest, toSetChargingProfile } from "./set-charging-profile.js";
import type { InstalledProfile } from "./types.js";

/**
 * The documented quantization, written independently of the implementation: the values in force in the whole
 * second around `t` (sampled every ms with core's `periodAt`), each rounded toward zero to 0.1 with core's
 * `floorToStep`, combined most restrictively.
 */
function expectedAt(schedule: PowerSchedule, t: number) {
  const cell = Math.floor(t / 1000) * 1000;
  const samples: PowerSchedulePeriod[] = [];
  for (
    let s = Math.max(cell, schedule.start);
    s < Math.min(cell + 1000, schedule.end ?? Number.POSITIVE_INFINITY);
    s++
  ) {
    const p = periodAt(schedule, s);
    if (p !== undefined && samples.at(-1) !== p) samples.push(p);
  }
  const down = (v: number) => floorToStep(v, 0.1) + 0;
  const towardZero = (v: number) => (v < 0 ? -down(-v) : down(v)) + 0;
  const limit = Math.min(...samples.map((p) => down(p.limit)));
  const declared = samples.flatMap((p) => (p.phases === undefined ? [] : [p.phases]));
  const phases = declared.length === 0 ? undefined : Math.min(...declared);
  const dischargeLimit = samples.every((p) => p.dischargeLimit !== undefined)
    ? Math.min(...samples.map((p) => down(p.dischargeLimit ?? 0)))
    : undefined;
  let setpoint: number | undefined;
  if (samples.every((p) => p.setpoint !== undefined)) {
    const sps = samples.map((p) => towardZero(p.setpoint ?? 0));
    setpoint = sps.every((v) => v >= 0) ? Math.min(...sps) : sps.every((v) => v <= 0) ? Math.max(...sps) : 0;
    setpoint = Math.max(Math.min(setpoint, limit), -(dischargeLimit ?? 0)) + 0;
  }
  const head = samples[0];
  return {
    limit,
    phases,
    phaseToUse: phases === 1 ? head?.phaseToUse : undefined,
    setpoint,
    dischargeLimit,
    operationMode: head?.setpoint === undefined ? undefined : "CentralSetpoint",
  };
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

/** Emits `request`, checks it against the official schema, and installs it as a station would. */
function viaWire<V extends OcppVersion>(version: V, request: RequestOf<V, "SetChargingProfile">): InstalledProfile {
  const check = validatePayload(version, "SetChargingProfile", "request", request);
  expect(check.ok, JSON.stringify(check)).toBe(true);
  return value(fromSetChargingProfileRequest(version, request));
}

function instantsToCheck(schedule: PowerSchedule, end: number): number[] {
  const out = new Set<number>([schedule.start, end - 1]);
  for (const p of schedule.periods) {
    const b = schedule.start + p.startOffset;
    for (const t of [b - 1001, b - 1, b, b + 1, Math.floor(b / 1000) * 1000, Math.ceil(b / 1000) * 1000]) {
      if (t >= schedule.start && t < end) out.add(t);
    }
  }
  return [...out];
}

describe("round trip: the composite of the emitted profiles equals the allocation", () => {
  for (const version of OCPP_VERSIONS) {
    it(`${version}: for every connector, at every instant, after the documented 0.1 / 1 s quantization`, () => {
      const options = { v2g: version === "ocpp2.1", phaseToUse: version !== "ocpp1.6" };
      const connectors = fc.array(arbitrarySchedule(options), { minLength: 1, maxLength: 4 });
      fc.assert(
        fc.property(connectors, fc.integer({ min: 0, max: 80 }), (schedules, defaultLimit) => {
          const numeric = version === "ocpp1.6";
          const installed: InstalledProfile[] = [];
          const transactions = schedules.map((s, c) => ({
            evseId: c + 1,
            transactionId: numeric ? String(100 + c) : `tx-${c}`,
            start: s.start,
          }));
          const station = {
            start: Math.min(...schedules.map((s) => s.start)),
            unit: "W" as const,
            periods: [{ startOffset: 0, limit: 1e9 }],
          };
          installed.push(
            viaWire(
              version,
              value(
                toSetChargingProfile(version, station, {
                  profileId: 1,
                  evseId: 0,
                  purpose: "ChargingStationMaxProfile",
                  stackLevel: 0,
                }),
              ),
            ),
          );
          const fallback = {
            start: station.start - 3_600_000,
            unit: "A" as const,
            periods: [{ startOffset: 0, limit: defaultLimit }],
          };
          installed.push(
            viaWire(
              version,
              value(
                toSetChargingProfile(version, fallback, {
                  profileId: 2,
                  evseId: 0,
                  purpose: "TxDefaultProfile",
                  stackLevel: 0,
                }),
              ),
            ),
          );
          schedules.forEach((schedule, c) => {
            const tx = transactions[c];
            if (tx === undefined) return;
            const own = { profileId: 10 + c, evseId: c + 1, purpose: "TxProfile" as const, stackLevel: 1 };
            installed.push(
              viaWire(
                version,
                value(toSetChargingProfile(version, schedule, { ...own, transactionId: tx.transactionId })),
              ),
            );
            // a lower stack level of the same transaction: shadowed wherever the allocation's profile speaks
            const lower = {
              start: schedule.start - 60_000,
              unit: schedule.unit,
              periods: [{ startOffset: 0, limit: defaultLimit / 2 }],
            };
            installed.push(
              viaWire(
                version,
                value(
                  toSetChargingProfile(version, lower, {
                    ...own,
                    profileId: 30 + c,
                    stackLevel: 0,
                    transactionId: tx.transactionId,
                  }),
                ),
              ),
            );
            // a TxProfile for another transaction at a higher level: the station must ignore it
            const other = { start: schedule.start, unit: schedule.unit, periods: [{ startOffset: 0, limit: 0 }] };
            const otherId = numeric ? String(900 + c) : `other-${c}`;
            installed.push(
              viaWire(
                version,
                value(
                  toSetChargingProfile(version, other, {
                    ...own,
                    profileId: 50 + c,
                    stackLevel: 9,
                    transactionId: otherId,
                  }),
                ),
              ),
            );
          });
          schedules.forEach((schedule, c) => {
            const last = schedule.start + (schedule.periods.at(-1)?.startOffset ?? 0);
            const end = schedule.end ?? last + 3_600_000;
            const windowStart = Math.floor(schedule.start / 1000) * 1000;
            const composite = compositeSchedule(installed, {
              evseId: c + 1,
              start: windowStart,
              duration: Math.ceil(end / 1000) * 1000 - windowStart,
              unit: schedule.unit,
              transactions,
            });
            for (const t of instantsToCheck(schedule, end)) {
              const got = compositeAt(composite, t);
              expect(got === undefined ? undefined : { ...got, startOffset: undefined }).toEqual({
                startOffset: undefined,
                ...expectedAt(schedule, t),
              });
            }
            const response = value(toGetCompositeScheduleResponse(version, composite));
            const check = validatePayload(version, "GetCompositeSchedule", "response", response);
            expect(check.ok, JSON.stringify(check)).toBe(true);
            const back = value(powerScheduleFromCompositeResponse(version, response));
            expect(back.evseId).toBe(c + 1);
            expect(back.schedule.periods).toEqual(composite.periods.map(({ operationMode: _mode, ...p }) => p));
          });
        }),
        { numRuns: version === "ocpp2.1" ? 120 : 80 },
      );
    });
  }
});

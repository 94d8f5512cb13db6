import type { PhaseCount, PowerSchedule, PowerSchedulePeriod } from "@chargekit/core";
import fc from "fast-check";

/** Options of {@link arbitrarySchedule}. */
export interface ArbitraryScheduleOptions {
  /** Allow V2G periods (setpoint and discharge limit). */
  readonly v2g?: boolean;
  /** Offsets and start on whole seconds only (as load management's slots are). */
  readonly wholeSeconds?: boolean;
  /** Always give an end. */
  readonly bounded?: boolean;
  /** Give single-phase periods a `phaseToUse` now and then (OCPP 2.x). */
  readonly phaseToUse?: boolean;
}

const T0 = Date.UTC(2026, 10, 21, 17);

function period(
  unit: "A" | "W",
  phases: PhaseCount | undefined,
  v2g: boolean,
  phaseToUse: boolean,
): fc.Arbitrary<Omit<PowerSchedulePeriod, "startOffset">> {
  const max = unit === "A" ? 80 : 150_000;
  const value = fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });
  const phase =
    phaseToUse && phases === 1
      ? fc.constantFrom(undefined, "L1" as const, "L2" as const, "L3" as const)
      : fc.constant(undefined);
  const charging = fc.tuple(value, phase).map(([limit, p]) => ({
    limit,
    ...(phases === undefined ? {} : { phases }),
    ...(p === undefined ? {} : { phaseToUse: p }),
  }));
  if (!v2g) return charging;
  const discharging = fc.tuple(value, fc.double({ min: 0, max: 1, noNaN: true })).map(([dischargeLimit, share]) => ({
    limit: 0,
    ...(phases === undefined ? {} : { phases }),
    setpoint: -dischargeLimit * share,
    dischargeLimit,
  }));
  return fc.oneof(charging, discharging);
}

/** A random valid `PowerSchedule`: A with phases (AC) or W (DC), optional V2G, ms or whole-second boundaries. */
export function arbitrarySchedule(options: ArbitraryScheduleOptions = {}): fc.Arbitrary<PowerSchedule> {
  const unit = fc.constantFrom("A" as const, "W" as const);
  return unit.chain((u) =>
    fc
      .record({
        phases: u === "A" ? fc.constantFrom<PhaseCount | undefined>(1, 2, 3, undefined) : fc.constant(undefined),
        shift: options.wholeSeconds === true ? fc.constant(0) : fc.integer({ min: 0, max: 999 }),
        gaps: fc.array(
          options.wholeSeconds === true
            ? fc.integer({ min: 1, max: 3_600 }).map((s) => s * 1000)
            : fc.integer({ min: 1, max: 3_600_000 }),
          { minLength: 1, maxLength: 10 },
        ),
        bounded: options.bounded === true ? fc.constant(true) : fc.boolean(),
      })
      .chain(({ phases, shift, gaps, bounded }) =>
        fc
          .array(period(u, phases, options.v2g === true, options.phaseToUse === true), {
            minLength: gaps.length,
            maxLength: gaps.length,
          })
          .map((values): PowerSchedule => {
            let offset = 0;
            const periods = values.map((v, i) => {
              if (i > 0) offset += gaps[i - 1] ?? 1000;
              return { startOffset: offset, ...v };
            });
            const start = T0 + shift;
            const tail = gaps[gaps.length - 1] ?? 1000;
            return bounded ? { start, unit: u, periods, end: start + offset + tail } : { start, unit: u, periods };
          }),
      ),
  );
}

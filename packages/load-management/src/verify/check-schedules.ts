import { periodAt, validatePowerSchedule } from "@chargekit/core";
import type { ConnectorSchedule, Setpoint } from "../model/allocation.js";
import { oneDecimal } from "./grid.js";
import type { Violation } from "./types.js";

/**
 * Property 10, the part that needs no OCPP codec: each connector's schedule is well formed and, at `t`, carries
 * exactly the setpoint — `limit` for charging (A per phase with the EV's phases for AC, W for DC), `setpoint` and
 * `dischargeLimit` for V2G — on OCPP's 0.1 resolution.
 */
export function checkSchedules(
  schedules: readonly ConnectorSchedule[],
  setpoints: readonly Setpoint[],
  t: number,
  out: Violation[],
  slot?: number,
): void {
  const byConnector = new Map(schedules.map((s) => [s.connector, s]));
  for (const setpoint of setpoints) {
    if (setpoint.session === undefined) continue;
    const at = { connector: setpoint.connector, session: setpoint.session, ...(slot === undefined ? {} : { slot }) };
    const entry = byConnector.get(setpoint.connector);
    if (entry === undefined) {
      out.push({ property: 10, message: "no schedule for a connector with a session", ...at });
      continue;
    }
    const valid = validatePowerSchedule(entry.schedule);
    if (!valid.ok) {
      out.push({ property: 10, message: valid.error.message, ...at });
      continue;
    }
    if (entry.schedule.unit !== setpoint.unit)
      out.push({ property: 10, message: `schedule unit ${entry.schedule.unit}`, ...at });
    const period = periodAt(entry.schedule, t);
    if (period === undefined) {
      out.push({ property: 10, message: `no period in force at ${t}`, ...at });
      continue;
    }
    const x = setpoint.value;
    const expected = x < 0 ? 0 : x;
    if (Math.abs(period.limit - expected) > 1e-9)
      out.push({ property: 10, message: `limit ${period.limit}, setpoint ${x}`, ...at });
    if (!oneDecimal(period.limit))
      out.push({ property: 10, message: `limit ${period.limit} has more than one decimal`, ...at });
    if (x < 0) {
      if (period.setpoint !== x)
        out.push({ property: 10, message: `V2G setpoint ${String(period.setpoint)}, expected ${x}`, ...at });
      if (period.dischargeLimit !== -x) {
        out.push({ property: 10, message: `dischargeLimit ${String(period.dischargeLimit)}, expected ${-x}`, ...at });
      }
    } else if (period.setpoint !== undefined && period.setpoint < 0) {
      out.push({ property: 10, message: "a charging period carries a discharge setpoint", ...at });
    }
    if (setpoint.unit === "A" && period.phases !== setpoint.phases) {
      out.push({
        property: 10,
        message: `phases ${String(period.phases)}, the EV uses ${String(setpoint.phases)}`,
        ...at,
      });
    }
  }
}

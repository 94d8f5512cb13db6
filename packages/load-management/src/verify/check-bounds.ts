import { oneDecimal, onGrid } from "./grid.js";
import type { Violation } from "./types.js";
import type { Snapshot } from "./view.js";

const TOL = 1e-9;

/** Properties 1 (bounds) and 2 (quantization). */
export function checkBounds(view: Snapshot, out: Violation[]): void {
  for (const s of view.sessions) {
    const at = { connector: s.connector.id, session: s.session.id };
    const x = s.setpoint.value;
    const unit = s.connector.kind === "AC" ? "A" : "W";
    if (s.setpoint.unit !== unit)
      out.push({ property: 1, message: `unit ${s.setpoint.unit}, expected ${unit}`, ...at });
    if (s.direction === "import" && x < 0)
      out.push({ property: 1, message: `charging session discharges (${x})`, ...at });
    if (s.direction === "export" && x > 0)
      out.push({ property: 1, message: `discharging session charges (${x})`, ...at });
    const m = s.magnitude;
    if (!s.admitted) {
      if (m !== 0) out.push({ property: 1, message: `not admitted but set to ${x}`, ...at });
    } else {
      if (s.satisfied) out.push({ property: 1, message: "admitted though it needs no energy", ...at });
      if (m < s.lo - TOL * Math.max(1, s.lo)) {
        out.push({ property: 1, message: `${m} is between 0 and the minimum ${s.lo}`, ...at });
      }
      if (m > s.hi + TOL * Math.max(1, s.hi)) {
        out.push({ property: 1, message: `${m} is above the maximum ${s.hi} (${s.hiCause})`, ...at });
      }
    }
    if (!onGrid(s.grid, m)) out.push({ property: 2, message: `${x} is not on the connector's grid`, ...at });
    if (!oneDecimal(m)) out.push({ property: 2, message: `${x} has more than one decimal`, ...at });
  }
}

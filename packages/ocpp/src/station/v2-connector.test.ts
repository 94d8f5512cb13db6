import { describe, expect, it } from "vitest";
import { statusFromV16 } from "./from-v16.js";
import { CONNECTOR_STATUSES, V2_CONNECTOR_TRANSITIONS, v2ReportedStatus, v2TransitionAllowed } from "./v2-connector.js";
import { V16_TRANSITIONS } from "./v16-status.js";

describe("2.x connector availability", () => {
  it("allows exactly the 1.6 table seen through the 1.6 → 2.x mapping", () => {
    const projected = new Set<string>();
    for (const t of Object.values(V16_TRANSITIONS)) {
      const from = statusFromV16(t.from).status;
      const to = statusFromV16(t.to).status;
      if (from !== to) projected.add(`${from}>${to}`);
    }
    const table = new Set(
      Object.entries(V2_CONNECTOR_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)),
    );
    expect(table).toEqual(projected);
  });

  it("a repeated status is always fine", () => {
    for (const s of CONNECTOR_STATUSES) expect(v2TransitionAllowed(s, s)).toBe(true);
    expect(v2TransitionAllowed("Occupied", "Reserved")).toBe(false);
  });

  it("reports Faulted over everything, and Occupied until a session ends even when made inoperative", () => {
    const base = { operative: true, faulted: false, reserved: false, occupied: false };
    expect(v2ReportedStatus(base)).toBe("Available");
    expect(v2ReportedStatus({ ...base, reserved: true })).toBe("Reserved");
    expect(v2ReportedStatus({ ...base, occupied: true, operative: false })).toBe("Occupied");
    expect(v2ReportedStatus({ ...base, operative: false })).toBe("Unavailable");
    expect(v2ReportedStatus({ ...base, occupied: true, faulted: true })).toBe("Faulted");
    expect(v2ReportedStatus({ ...base, occupied: true, reserved: true })).toBe("Reserved");
  });
});

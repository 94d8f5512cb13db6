import type { Instant } from "@chargekit/core";
import type { SheddingSample } from "../model/allocation.js";
import type { ActiveEvent } from "./effective-limits.js";
import type { RoundOutcome } from "./round.js";
import type { Topology } from "./topology.js";

/**
 * One shedding sample of an event: the node's power without any event (baseline) and with them (actual), both from
 * `nodeTotals` arrays (node × 4, power at index 3), and whether the event is honoured (power within the cap; for
 * minimum-only, every session below the node at its minimum).
 */
export function sheddingSample(
  active: ActiveEvent,
  actual: { imp: Float64Array; exp: Float64Array },
  baseline: { imp: Float64Array; exp: Float64Array },
  round: RoundOutcome,
  topology: Topology,
  start: Instant,
  end?: Instant,
): { sample: SheddingSample; compliant: boolean } {
  const exporting = active.event.direction === "export";
  const at = active.node * 4 + 3;
  const now = ((exporting ? actual.exp : actual.imp)[at] as number) ?? 0;
  const before = ((exporting ? baseline.exp : baseline.imp)[at] as number) ?? 0;
  let compliant = true;
  if (active.cap !== undefined) compliant = now <= active.cap + 1e-9 * Math.max(1, active.cap);
  else if ("minimumOnly" in active.action) {
    const { table } = round;
    for (let c = 0; c < table.active.length; c++) {
      if (table.active[c] !== 1 || table.exporting[c] === 1) continue;
      if (!((round.value[c] as number) > (table.lo[c] as number))) continue;
      for (let node = topology.connectorList[c]?.node ?? -1; node !== -1; node = topology.parent[node] as number) {
        if (node === active.node) compliant = false;
      }
    }
  }
  const sample: SheddingSample =
    active.cap === undefined
      ? { start, ...(end === undefined ? {} : { end }), baseline: before, actual: now, shed: before - now }
      : {
          start,
          ...(end === undefined ? {} : { end }),
          cap: active.cap,
          baseline: before,
          actual: now,
          shed: before - now,
        };
  return { sample, compliant };
}

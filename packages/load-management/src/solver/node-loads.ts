import type { NodeLoad } from "../model/allocation.js";
import { lineMagnitudes, phasorLayout } from "./phasor.js";
import type { RoundOutcome } from "./round.js";
import type { Topology } from "./topology.js";
import type { Workspace } from "./workspace.js";

/**
 * Load per node as flat arrays (node × 4: L1, L2, L3, power): base load plus charging as import, discharge as
 * export, and discharge subtracted from import only with netting.
 */
export function nodeTotals(topology: Topology, round: RoundOutcome, netting: boolean, workspace: Workspace) {
  const n = topology.nodes.length;
  // each node's own share first (base load and the sessions hanging from it), then summed up the tree
  const imp = workspace.f64("totals.import", n * 4, true);
  const exp = workspace.f64("totals.export", n * 4, true);
  const { base } = round.limits;
  const { parent, nodeVoltage, topDown, connectorNode } = topology;
  for (let node = 0; node < n; node++) {
    const v = nodeVoltage[node] as number;
    for (let p = 0; p < 3; p++) {
      const a = base[node * 3 + p] as number;
      imp[node * 4 + p] = a;
      imp[node * 4 + 3] = (imp[node * 4 + 3] as number) + a * v;
    }
  }
  const { value } = round;
  const { session, phaseBits, phaseCoef, powerCoef } = round.table;
  for (let c = 0; c < value.length; c++) {
    const x = value[c] as number;
    if (x === 0 || session[c] === undefined) continue;
    const at = (connectorNode[c] as number) * 4;
    const magnitude = x < 0 ? -x : x;
    const current = (phaseCoef[c] as number) * magnitude;
    const power = (powerCoef[c] as number) * magnitude;
    const bits = phaseBits[c] as number;
    const target = x > 0 ? imp : exp;
    if (bits & 1) target[at] = (target[at] as number) + current;
    if (bits & 2) target[at + 1] = (target[at + 1] as number) + current;
    if (bits & 4) target[at + 2] = (target[at + 2] as number) + current;
    target[at + 3] = (target[at + 3] as number) + power;
    if (x < 0 && netting) {
      if (bits & 1) imp[at] = (imp[at] as number) - current;
      if (bits & 2) imp[at + 1] = (imp[at + 1] as number) - current;
      if (bits & 4) imp[at + 2] = (imp[at + 2] as number) - current;
      imp[at + 3] = (imp[at + 3] as number) - power;
    }
  }
  for (let k = topDown.length - 1; k >= 0; k--) {
    const node = topDown[k] as number;
    const up = parent[node] as number;
    if (up === -1) continue;
    for (let q = 0; q < 4; q++) {
      imp[up * 4 + q] = (imp[up * 4 + q] as number) + (imp[node * 4 + q] as number);
      exp[up * 4 + q] = (exp[up * 4 + q] as number) + (exp[node * 4 + q] as number);
    }
  }
  const layout = phasorLayout(topology);
  if (layout === undefined) return { imp, exp };
  // phasor nodes report the magnitude of each line's current, transformers their primary line currents
  const primary = new Float64Array(n * 3).fill(Number.NaN);
  const magnitudes = lineMagnitudes(topology, layout, base, value, round.table.loading);
  layout.lines.forEach((line, l) => {
    if (line.primary) primary[line.node * 3 + line.phase] = magnitudes[l] as number;
    else imp[line.node * 4 + line.phase] = magnitudes[l] as number;
  });
  return { imp, exp, primary };
}

/** Load per node (id order), for the allocation's `nodes`, from {@link nodeTotals}. */
export function nodeLoadsOf(
  topology: Topology,
  totals: { imp: Float64Array; exp: Float64Array; primary?: Float64Array },
): NodeLoad[] {
  const { imp, exp, primary } = totals;
  const out: NodeLoad[] = new Array(topology.nodeIds.length);
  for (let i = 0; i < out.length; i++) {
    const load: NodeLoad = {
      node: topology.nodeIds[i] as string,
      importCurrent: { L1: imp[i * 4] as number, L2: imp[i * 4 + 1] as number, L3: imp[i * 4 + 2] as number },
      exportCurrent: { L1: exp[i * 4] as number, L2: exp[i * 4 + 1] as number, L3: exp[i * 4 + 2] as number },
      importPower: imp[i * 4 + 3] as number,
      exportPower: exp[i * 4 + 3] as number,
    };
    const p = primary?.subarray(i * 3, i * 3 + 3);
    out[i] =
      p === undefined || Number.isNaN(p[0])
        ? load
        : { ...load, primaryCurrent: { L1: p[0] as number, L2: p[1] as number, L3: p[2] as number } };
  }
  return out;
}

import { gridPhaseOf, gridPhasesUsed, type Phase } from "@chargekit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryProblem } from "./arbitrary-problem.test-util.js";
import type { AllocationProblem } from "./model/problem.js";
import { allocate } from "./realtime.js";

const PHASES = ["L1", "L2", "L3"] as const;

/** Whether the session on `connector` loads `phase` of `node` (it hangs below the node and uses that grid phase). */
function loads(problem: AllocationProblem, connector: string, node: string, phase: Phase): boolean {
  const c = problem.site.connectors.find((x) => x.id === connector);
  const session = problem.sessions.find((x) => x.connector === connector);
  if (c === undefined || session === undefined) return false;
  const parents = new Map(problem.site.nodes.map((n) => [n.id, n.parent]));
  let below = false;
  for (let at: string | undefined = c.node; at !== undefined; at = parents.get(at)) if (at === node) below = true;
  if (!below) return false;
  const rotation = c.rotation ?? "RST";
  if (c.kind === "DC") return gridPhasesUsed(rotation, c.gridPhases ?? 3).includes(phase);
  if (c.wiring === "line-to-line") return [gridPhaseOf(rotation, "L1"), gridPhaseOf(rotation, "L2")].includes(phase);
  return gridPhasesUsed(rotation, session.phases ?? c.phases ?? 3).includes(phase);
}

describe("tightening a limit (research §8, property 9)", () => {
  it("never raises the continuous allocation of a session on that limit, and the tighter limit holds at once", () => {
    fc.assert(
      fc.property(
        arbitraryProblem({ discharge: false }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (problem, pick, tenths) => {
          const at = 1000;
          const before = allocate(problem, { at });
          const loaded = before.nodes.filter((n) => n.importCurrent.L1 + n.importCurrent.L2 + n.importCurrent.L3 > 0);
          const node = loaded[pick % Math.max(1, loaded.length)];
          if (node === undefined) return;
          const phase = PHASES[pick % 3] ?? "L1";
          const lowered = (node.importCurrent[phase] * tenths) / 10;
          const tighter: AllocationProblem = {
            ...problem,
            externalLimits: [
              ...(problem.externalLimits ?? []),
              { id: "tighter", node: node.node, limits: { importCurrent: { [phase]: lowered } } },
            ],
          };
          const after = allocate(tighter, { at });
          const now = after.nodes.find((n) => n.node === node.node);
          const baseLoad = allocate({ ...tighter, sessions: [] }, { at }).nodes.find((n) => n.node === node.node);
          if ((baseLoad?.importCurrent[phase] ?? 0) <= lowered)
            expect(now?.importCurrent[phase]).toBeLessThanOrEqual(lowered + 1e-9);
          const admitted = (a: typeof before) => a.setpoints.filter((s) => s.admitted).map((s) => s.session);
          if (admitted(before).join() !== admitted(after).join()) return;
          const c0 = allocate(problem, { at, continuous: true });
          const c1 = allocate(tighter, { at, continuous: true });
          c1.setpoints.forEach((s, k) => {
            if (!loads(problem, s.connector, node.node, phase)) return;
            expect(Math.abs(s.value)).toBeLessThanOrEqual(Math.abs(c0.setpoints[k]?.value ?? 0) + 1e-6);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

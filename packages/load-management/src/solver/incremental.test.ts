import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AllocationProblem } from "../model/problem.js";
import type { Session } from "../model/session.js";
import { randomSite } from "../testing/random-site.js";
import { orderStateOf } from "./admission-order.js";
import { type Built, buildInstance } from "./build.js";
import { effectiveLimits } from "./effective-limits.js";
import { presentSessions } from "./present.js";
import { prepareTopology, type Topology } from "./topology.js";
import { Workspace } from "./workspace.js";

/** The admission order and the constraint matrix of a direction, as plain arrays. */
function snapshot(built: Built) {
  const { inst, items } = built;
  return {
    items: Array.from(items),
    cls: Array.from(inst.cls),
    itemStart: Array.from(inst.itemStart),
    itemRow: Array.from(inst.itemRow),
    itemCoef: Array.from(inst.itemCoef),
    rowStart: Array.from(inst.rowStart),
    rowItem: Array.from(inst.rowItem),
    rowCoef: Array.from(inst.rowCoef),
  };
}

function instance(topology: Topology, problem: AllocationProblem, at: number, workspace: Workspace) {
  const limits = effectiveLimits(topology, problem, at, workspace);
  const table = presentSessions(topology, limits, problem, at, {}, workspace);
  return snapshot(buildInstance(topology, limits, table, "import", workspace));
}

/** One change between rounds: sessions leave or arrive, or change a key of the order or their phases. */
const change = fc.record({
  toggle: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  kind: fc.constantFrom("none", "promote", "earlier", "phases", "new objects", "new id", "reverse", "many"),
  pick: fc.nat(),
});

describe("a lasting workspace patches the admission order and the matrix", () => {
  it("to exactly what a fresh build gives, round after round of sessions coming, going and changing", () => {
    const base = randomSite({ seed: 11, connectors: 240, tightness: [0.2, 0.6] });
    const topology = prepareTopology(base.site);
    const all = base.sessions;
    const at = 86_400_000;
    fc.assert(
      fc.property(fc.array(change, { minLength: 3, maxLength: 12 }), (changes) => {
        const lasting = new Workspace(true);
        let present = all.map((_, k) => k % 5 !== 0);
        for (const [round, step] of changes.entries()) {
          present = present.slice();
          for (const t of step.toggle) present[t % all.length] = !present[t % all.length];
          if (step.kind === "many") for (let k = step.pick % 7; k < all.length; k += 7) present[k] = !present[k];
          let sessions: Session[] = all.filter((_, k) => present[k]);
          const target = step.pick % Math.max(1, sessions.length);
          sessions = sessions.map((s, k) => {
            if (k !== target && step.kind !== "new objects") return s;
            if (step.kind === "promote") return { ...s, priority: (s.priority ?? 0) + 1 };
            if (step.kind === "earlier") return { ...s, arrival: Math.max(0, s.arrival - 3_600_000) };
            if (step.kind === "phases") return { ...s, phases: s.phases === 1 ? 3 : 1 };
            if (step.kind === "new objects") return { ...s };
            if (step.kind === "new id") return { ...s, id: `${s.id}-again` };
            return s;
          });
          if (step.kind === "reverse") sessions.reverse();
          const problem = { ...base, sessions };
          const before = orderStateOf(lasting, "import")?.generation ?? 0;
          const reused = instance(topology, problem, at, lasting);
          expect(orderStateOf(lasting, "import")?.generation).toBe(before + 1);
          const fresh = instance(topology, problem, at, new Workspace(false));
          expect(reused).toEqual(fresh);
          // after the first round, a few sessions moved (this round's changes and last round's undone): the order and the
          // matrix were patched, not built anew
          if (round > 0 && step.kind !== "many")
            expect(orderStateOf(lasting, "import")?.movedList.length).toBeLessThanOrEqual(8);
        }
      }),
      { numRuns: 60 },
    );
  });
});

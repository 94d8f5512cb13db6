import { PHASE_ROTATIONS, seededRandom } from "@chargekit/core";
import type { AllocationProblem } from "../model/problem.js";
import type { Session } from "../model/session.js";
import type { Connector, SiteNode } from "../model/site.js";

/**
 * Options of {@link randomSite}.
 *
 * @category Testing
 */
export interface RandomSiteOptions {
  /** Seed of the generator: the same seed gives the same site. */
  readonly seed: number;
  /** Number of connectors. */
  readonly connectors: number;
  /** Least depth: nodes on the path from the root to a charger, both included (default 3). */
  readonly minDepth?: number;
  /** Most depth (default 6). */
  readonly maxDepth?: number;
  /** Share of connectors with a session (default 0.8). */
  readonly occupancy?: number;
  /** Share of single-phase sessions (default 0.3). */
  readonly singlePhase?: number;
  /** Node limits as a share of what the subtree could draw, drawn from this range (default [0.4, 0.9]). */
  readonly tightness?: readonly [number, number];
}

/**
 * A random site for load tests and benchmarks: a tree whose branches are `minDepth`–`maxDepth` levels deep down to
 * chargers of one to four AC connectors (16 or 32 A, three-phase, some sessions single-phase on a random phase
 * rotation), node limits set to a random share of what their subtree could draw, and sessions of two priority
 * classes with weights 1 or 2.
 *
 * @example
 * ```ts
 * const problem = randomSite({ seed: 1, connectors: 10_000 });
 * const allocation = allocate(problem, { at: 0 });
 * ```
 * @category Testing
 */
export function randomSite(options: RandomSiteOptions): AllocationProblem {
  const random = seededRandom(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const minDepth = options.minDepth ?? 3;
  const maxDepth = options.maxDepth ?? 6;
  const [low, high] = options.tightness ?? [0.4, 0.9];
  const nodes: SiteNode[] = [];
  const connectors: Connector[] = [];
  const sessions: Session[] = [];
  let nextNode = 0;

  // returns the per-phase current the subtree could draw at most
  const build = (id: string, parent: string | undefined, count: number, level: number, depth: number): number => {
    const node: { id: string; parent?: string } = parent === undefined ? { id } : { id, parent };
    let demand = 0;
    if (level >= depth || count <= 4) {
      for (let k = 0; k < count; k++) {
        const cid = `${id}-${k + 1}`;
        const maxCurrent = random() < 0.5 ? 16 : 32;
        connectors.push({ id: cid, node: id, kind: "AC", maxCurrent, rotation: PHASE_ROTATIONS[int(0, 5)] ?? "RST" });
        demand += maxCurrent;
        if (random() < (options.occupancy ?? 0.8)) {
          sessions.push({
            id: `s-${cid}`,
            connector: cid,
            arrival: int(0, 86_400_000),
            priority: random() < 0.1 ? 1 : 0,
            weight: random() < 0.2 ? 2 : 1,
            ...(random() < (options.singlePhase ?? 0.3) ? { phases: 1 as const } : {}),
          });
        }
      }
    } else {
      const last = level + 1 >= depth;
      const parts = last ? Math.ceil(count / int(2, 4)) : int(2, Math.min(8, count));
      let left = count;
      for (let k = 0; k < parts && left > 0; k++) {
        const share = k === parts - 1 ? left : Math.max(1, Math.round((left / (parts - k)) * (0.5 + random())));
        const part = Math.min(left, share);
        left -= part;
        demand += build(`n${nextNode++}`, id, part, level + 1, depth);
      }
    }
    const limited = parent === undefined || random() < 0.8;
    nodes.push(
      limited
        ? { ...node, limits: { importCurrent: Math.max(16, Math.round(demand * (low + random() * (high - low)))) } }
        : node,
    );
    return demand;
  };

  const root = "grid";
  let left = options.connectors;
  const branches = Math.max(1, Math.min(8, Math.ceil(options.connectors / 64)));
  const rootNode: SiteNode[] = [];
  let demand = 0;
  for (let b = 0; b < branches && left > 0; b++) {
    const part = b === branches - 1 ? left : Math.ceil(options.connectors / branches);
    left -= part;
    demand += build(`n${nextNode++}`, root, part, 1, int(minDepth - 1, maxDepth - 1));
  }
  rootNode.push({ id: root, limits: { importCurrent: Math.max(16, Math.round(demand * low)) }, baseLoad: 10 });
  return { site: { nodes: [...rootNode, ...nodes], connectors }, sessions };
}

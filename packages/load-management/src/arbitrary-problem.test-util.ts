// fast-check arbitraries of random sites, sessions and events, for the property tests (not shipped).
import type { PhaseRotation } from "@chargekit/core";
import fc from "fast-check";
import type { DemandResponseEvent } from "./model/demand-response.js";
import type { AllocationProblem, ExternalLimit } from "./model/problem.js";
import type { Session } from "./model/session.js";
import type { Connector, NodeLimits, PhaseValues, SiteNode } from "./model/site.js";

const rotations: PhaseRotation[] = ["RST", "RTS", "SRT", "STR", "TRS", "TSR"];

const phaseValues = (min: number, max: number): fc.Arbitrary<PhaseValues> =>
  fc.oneof(
    fc.integer({ min, max }),
    fc.record({ L1: fc.integer({ min, max }), L2: fc.integer({ min, max }), L3: fc.integer({ min, max }) }),
    fc.record({ L1: fc.integer({ min, max }) }, { requiredKeys: [] }),
  );

const limits: fc.Arbitrary<NodeLimits> = fc.record(
  {
    importCurrent: phaseValues(8, 90),
    importPower: fc.integer({ min: 4_000, max: 60_000 }),
    exportCurrent: phaseValues(0, 40),
    exportPower: fc.integer({ min: 0, max: 20_000 }),
  },
  { requiredKeys: [] },
);

/** Options of {@link arbitraryProblem}. */
export interface ArbitraryOptions {
  readonly maxNodes?: number;
  readonly maxConnectors?: number;
  readonly events?: boolean;
  readonly discharge?: boolean;
  /** Milliseconds per time unit (default 1): arrivals lie in [0, 1000] units, events in [500, 1500). */
  readonly timeScale?: number;
}

/** A random problem at instant 1000 (sessions arrive in [0, 1000], some depart before). */
export function arbitraryProblem(options: ArbitraryOptions = {}): fc.Arbitrary<AllocationProblem> {
  const maxNodes = options.maxNodes ?? 6;
  const maxConnectors = options.maxConnectors ?? 8;
  const scale = options.timeScale ?? 1;
  return fc
    .record({
      nodeCount: fc.integer({ min: 1, max: maxNodes }),
      parents: fc.array(fc.nat(), { minLength: maxNodes, maxLength: maxNodes }),
      nodeLimits: fc.array(fc.option(limits, { nil: undefined }), { minLength: maxNodes, maxLength: maxNodes }),
      bases: fc.array(fc.option(phaseValues(0, 12), { nil: undefined, freq: 3 }), {
        minLength: maxNodes,
        maxLength: maxNodes,
      }),
      connectors: fc.array(
        fc.record({
          node: fc.nat(),
          dc: fc.boolean(),
          phases: fc.constantFrom(1 as const, 3 as const),
          rotation: fc.constantFrom(...rotations),
          lineToLine: fc.boolean(),
          minCurrent: fc.constantFrom(6, 6, 8),
          maxCurrent: fc.integer({ min: 6, max: 32 }),
          grid: fc.constantFrom("fine", "fine", "whole", "set"),
          maxPower: fc.integer({ min: 2_000, max: 50_000 }),
          minPower: fc.constantFrom(0, 1_000),
          discharge: fc.option(fc.record({ min: fc.constantFrom(0, 6), max: fc.integer({ min: 6, max: 32 }) }), {
            nil: undefined,
          }),
          session: fc.option(
            fc.record({
              arrival: fc.integer({ min: 0, max: 1000 }),
              departs: fc.boolean(),
              priority: fc.constantFrom(0, 0, 0, 1, 2),
              weight: fc.constantFrom(1, 1, 2, 0.5, 3),
              evPhases: fc.option(fc.constantFrom(1 as const, 2 as const, 3 as const), { nil: undefined }),
              maxCurrent: fc.option(fc.integer({ min: 4, max: 32 }), { nil: undefined }),
              energy: fc.option(fc.constantFrom(0, 500, 5_000, 20_000, 50_000), { nil: undefined, freq: 2 }),
              discharge: fc.boolean(),
            }),
            { nil: undefined, freq: 5 },
          ),
        }),
        { minLength: 1, maxLength: maxConnectors },
      ),
      externals: fc.array(fc.record({ node: fc.nat(), limits }), { maxLength: 2 }),
      events: fc.array(
        fc.record({
          node: fc.nat(),
          signal: fc.oneof(
            fc.record({ capKw: fc.integer({ min: 0, max: 40 }) }),
            fc.record({ reduction: fc.constantFrom(0.2, 0.5) }),
            fc.record({ level: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const) }),
          ),
          export: fc.boolean(),
        }),
        { maxLength: options.events === false ? 0 : 2 },
      ),
      netting: fc.boolean(),
    })
    .map((r) => {
      const nodes: SiteNode[] = [];
      for (let k = 0; k < r.nodeCount; k++) {
        const l = r.nodeLimits[k];
        const b = r.bases[k];
        nodes.push({
          id: `n${k}`,
          ...(k === 0 ? {} : { parent: `n${(r.parents[k] ?? 0) % k}` }),
          ...(l === undefined ? {} : { limits: l }),
          ...(b === undefined ? {} : { baseLoad: b }),
        });
      }
      const connectors: Connector[] = [];
      const sessions: Session[] = [];
      r.connectors.forEach((c, k) => {
        const node = `n${c.node % r.nodeCount}`;
        const id = `c${k}`;
        if (c.dc && k % 3 === 2) {
          connectors.push({
            id,
            node,
            kind: "DC",
            rotation: c.rotation,
            maxPower: c.maxPower,
            minPower: c.minPower,
            ...(c.grid === "whole" ? { step: 100 } : {}),
            ...(c.discharge !== undefined && options.discharge !== false
              ? { discharge: { min: c.discharge.min * 230, max: c.discharge.max * 690 } }
              : {}),
          });
        } else {
          const lineToLine = c.lineToLine && c.phases === 1 && k % 4 === 1;
          connectors.push({
            id,
            node,
            kind: "AC",
            phases: lineToLine ? 1 : c.phases,
            rotation: c.rotation,
            ...(lineToLine ? { wiring: "line-to-line" as const, voltage: 208 } : {}),
            minCurrent: c.minCurrent,
            maxCurrent: Math.max(c.maxCurrent, c.minCurrent),
            ...(c.grid === "whole" ? { step: 1 } : {}),
            ...(c.grid === "set" ? { allowed: [8, 16, 24, 32] } : {}),
            ...(c.discharge !== undefined && options.discharge !== false ? { discharge: c.discharge } : {}),
          });
        }
        const s = c.session;
        if (s === undefined) return;
        const connector = connectors[connectors.length - 1];
        const canDischarge = connector?.discharge !== undefined;
        const ac = connector?.kind === "AC";
        const phases = ac && connector.wiring !== "line-to-line" ? (connector.phases ?? 3) : 1;
        sessions.push({
          id: `s${k}`,
          connector: id,
          arrival: s.arrival * scale,
          ...(s.departs ? { departure: (s.arrival + 2000) * scale } : {}),
          priority: s.priority,
          weight: s.weight,
          ...(ac && s.evPhases !== undefined && s.evPhases <= phases ? { phases: s.evPhases } : {}),
          ...(ac && s.maxCurrent !== undefined ? { maxCurrent: s.maxCurrent } : {}),
          ...(s.energy === undefined ? {} : { energyNeeded: s.energy, energyAvailable: s.energy }),
          ...(s.discharge && canDischarge ? { mode: "discharge" as const } : {}),
        });
      });
      const externalLimits: ExternalLimit[] = r.externals.map((x, k) => ({
        id: `x${k}`,
        node: `n${x.node % r.nodeCount}`,
        from: 0,
        until: 5000 * scale,
        limits: x.limits,
      }));
      const demandResponse: DemandResponseEvent[] = [];
      r.events.forEach((e, k) => {
        const node = nodes[e.node % r.nodeCount];
        if (node === undefined) return;
        const relative = !("capKw" in e.signal);
        // relative reductions need a complete import limit on the node
        const l = node.limits;
        const complete =
          l?.importPower !== undefined ||
          typeof l?.importCurrent === "number" ||
          (l?.importCurrent !== undefined && Object.keys(l.importCurrent).length === 3);
        if (relative && !complete) return;
        demandResponse.push({
          id: `e${k}`,
          node: node.id,
          start: 500 * scale,
          end: 1500 * scale,
          signal: e.signal,
          ...(e.export && "capKw" in e.signal ? { direction: "export" as const } : {}),
        });
      });
      return {
        site: { nodes, connectors },
        sessions,
        externalLimits,
        demandResponse,
        settings: { allowNetting: r.netting },
      };
    });
}

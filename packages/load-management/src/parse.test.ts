import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryProblem } from "./arbitrary-problem.test-util.js";
import { parseAllocationProblem } from "./parse.js";

const valid = {
  site: {
    nodes: [{ id: "grid", limits: { importCurrent: 32 } }],
    connectors: [{ id: "a", node: "grid", kind: "AC", maxCurrent: 32, discharge: { min: 6, max: 16 } }],
  },
  sessions: [{ id: "s", connector: "a", arrival: 0, departure: 100 }],
};

type Mutable = typeof valid & Record<string, unknown>;

/** A copy of the valid problem changed in place by `change` (which may also return a replacement). */
function withChange(change: (p: Mutable) => unknown): unknown {
  const copy = structuredClone(valid) as Mutable;
  const replaced = change(copy);
  return typeof replaced === "string" ? replaced : copy;
}

describe("parseAllocationProblem", () => {
  it("accepts a valid problem and every generated one", () => {
    expect(parseAllocationProblem(valid).ok).toBe(true);
    fc.assert(
      fc.property(arbitraryProblem({ timeScale: 1000 }), (p) => {
        expect(parseAllocationProblem(p).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  const cases: [string, (p: Mutable) => unknown, string][] = [
    ["a non-object", () => "not a problem", "(root)"],
    ["an unknown field", (p) => Object.assign(p, { extra: 1 }), "(root)"],
    [
      "a negative limit",
      (p) => Object.assign(p.site.nodes[0] ?? {}, { limits: { importCurrent: -1 } }),
      "site.nodes.0.limits.importCurrent",
    ],
    [
      "a non-finite limit",
      (p) => Object.assign(p.site.nodes[0] ?? {}, { limits: { importPower: Number.POSITIVE_INFINITY } }),
      "site.nodes.0.limits.importPower",
    ],
    ["an id too long", (p) => Object.assign(p.sessions[0] ?? {}, { id: "x".repeat(257) }), "sessions.0.id"],
    ["a fractional instant", (p) => Object.assign(p.sessions[0] ?? {}, { arrival: 0.5 }), "sessions.0.arrival"],
    [
      "an unknown connector kind",
      (p) => Object.assign(p.site.connectors[0] ?? {}, { kind: "XX" }),
      "site.connectors.0.kind",
    ],
    ["a duplicate node id", (p) => p.site.nodes.push({ id: "grid", parent: "grid" } as never), "site.nodes.1.id"],
    ["two roots", (p) => p.site.nodes.push({ id: "other" } as never), "site.nodes"],
    [
      "a cycle",
      (p) => p.site.nodes.push({ id: "x", parent: "y" } as never, { id: "y", parent: "x" } as never),
      "site.nodes.1.parent",
    ],
    ["an unknown parent", (p) => p.site.nodes.push({ id: "x", parent: "nope" } as never), "site.nodes.1.parent"],
    [
      "a connector on an unknown node",
      (p) => Object.assign(p.site.connectors[0] ?? {}, { node: "nope" }),
      "site.connectors.0.node",
    ],
    [
      "a minimum above the maximum",
      (p) => Object.assign(p.site.connectors[0] ?? {}, { minCurrent: 40 }),
      "site.connectors.0.minCurrent",
    ],
    [
      "a session on an unknown connector",
      (p) => Object.assign(p.sessions[0] ?? {}, { connector: "nope" }),
      "sessions.0.connector",
    ],
    [
      "a departure before the arrival",
      (p) => Object.assign(p.sessions[0] ?? {}, { departure: 0 }),
      "sessions.0.departure",
    ],
    [
      "overlapping sessions on one connector",
      (p) => p.sessions.push({ id: "t", connector: "a", arrival: 50 } as never),
      "sessions.1.arrival",
    ],
    [
      "a relative reduction on a node without a complete import limit",
      (p) =>
        Object.assign(p, {
          demandResponse: [{ id: "e", node: "grid", start: 0, end: 1, signal: { level: 1 } }],
          site: { ...p.site, nodes: [{ id: "grid" }] },
        }),
      "demandResponse.0.signal",
    ],
    [
      "an export event with a relative signal",
      (p) =>
        Object.assign(p, {
          demandResponse: [
            { id: "e", node: "grid", start: 0, end: 1, signal: { reduction: 0.5 }, direction: "export" },
          ],
        }),
      "demandResponse.0.signal",
    ],
    [
      "a discharge on a connector that cannot",
      (p) => {
        Object.assign(p.sessions[0] ?? {}, { mode: "discharge" });
        delete (p.site.connectors[0] as { discharge?: unknown }).discharge;
      },
      "sessions.0.mode",
    ],
  ];
  it.each(cases)("rejects %s, naming the path", (_, change, path) => {
    const result = parseAllocationProblem(withChange(change));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("INVALID_INPUT");
      expect(result.error.message).toContain(path);
    }
  });

  it("bounds list sizes", () => {
    const many = withChange((p) => {
      Object.assign(p.site.connectors[0] ?? {}, { allowed: Array.from({ length: 257 }, (_, k) => k + 1) });
    });
    const result = parseAllocationProblem(many);
    expect(result.ok || result.error.message).toContain("site.connectors.0.allowed");
  });
});

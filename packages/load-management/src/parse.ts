import { ChargekitError, err, ok, type Result } from "@chargekit/core";
import { DEFAULT_SIMPLE_LEVELS } from "./model/demand-response.js";
import type { AllocationProblem } from "./model/problem.js";
import type { NodeLimits, SiteNode } from "./model/site.js";
import { allocationProblemSchema } from "./schemas/problem.js";

function invalid(message: string, path: (string | number)[]): Result<never, ChargekitError> {
  return err(
    new ChargekitError("INVALID_INPUT", `invalid allocation problem: ${path.join(".")}: ${message}`, {
      details: { path },
    }),
  );
}

function duplicate<T extends { readonly id: string }>(items: readonly T[]): { index: number; id: string } | undefined {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.id)) return { index, id: item.id };
    seen.add(item.id);
  }
  return undefined;
}

/** The first node from `node` up to the root whose current limits are phasor magnitudes, if any. */
function phasorNodeAbove(byId: ReadonlyMap<string, SiteNode>, node: string): string | undefined {
  for (let at = byId.get(node), steps = 0; at !== undefined && steps <= byId.size; steps++) {
    if (at.currentModel === "phasor" || at.transformer !== undefined) return at.id;
    at = at.parent === undefined ? undefined : byId.get(at.parent);
  }
  return undefined;
}

function complete(limits: NodeLimits | undefined): boolean {
  if (limits === undefined) return false;
  if (limits.importPower !== undefined) return true;
  const c = limits.importCurrent;
  return typeof c === "number" || (c !== undefined && c.L1 !== undefined && c.L2 !== undefined && c.L3 !== undefined);
}

/**
 * Checks untrusted input (an HTTP body, a stored record) and returns it as an {@link AllocationProblem}: first the
 * structure (known fields, finite numbers, bounded sizes and strings, via {@link allocationProblemSchema}), then the
 * model — unique ids, one root and no cycle, every reference resolving, minimums not above maximums, sessions on one
 * connector not overlapping in time, V2G sessions only on connectors that can discharge, relative reductions only on
 * nodes with a complete import limit. The error names the first offending path.
 *
 * @example
 * ```ts
 * const parsed = parseAllocationProblem(JSON.parse(body));
 * if (!parsed.ok) return reply(400, parsed.error.toJSON());
 * const allocation = allocate(parsed.value, { at: Date.now() });
 * ```
 * @category Schemas
 */
export function parseAllocationProblem(input: unknown): Result<AllocationProblem, ChargekitError> {
  const parsed = allocationProblemSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((p) => (typeof p === "symbol" ? String(p) : p));
    return err(
      new ChargekitError(
        "INVALID_INPUT",
        `invalid allocation problem: ${path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
        {
          details: {
            path,
            issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), message: i.message })),
          },
        },
      ),
    );
  }
  const problem = parsed.data as AllocationProblem;
  return checkModel(problem);
}

function checkModel(problem: AllocationProblem): Result<AllocationProblem, ChargekitError> {
  const { nodes, connectors } = problem.site;
  for (const [name, list] of [
    ["site.nodes", nodes],
    ["site.connectors", connectors],
    ["sessions", problem.sessions],
    ["externalLimits", problem.externalLimits ?? []],
    ["demandResponse", problem.demandResponse ?? []],
  ] as const) {
    const twice = duplicate(list);
    if (twice !== undefined) return invalid(`id "${twice.id}" is used twice`, [name, twice.index, "id"]);
  }
  const byId = new Map<string, SiteNode>(nodes.map((n) => [n.id, n]));
  const roots = nodes.filter((n) => n.parent === undefined);
  if (roots.length !== 1)
    return invalid(`exactly one node must have no parent, found ${roots.length}`, ["site", "nodes"]);
  for (const [index, node] of nodes.entries()) {
    if (node.parent !== undefined && !byId.has(node.parent)) {
      return invalid(`unknown parent "${node.parent}"`, ["site", "nodes", index, "parent"]);
    }
    let at: SiteNode | undefined = node;
    for (let steps = 0; at?.parent !== undefined; steps++) {
      if (steps > nodes.length) return invalid(`node "${node.id}" is on a cycle`, ["site", "nodes", index, "parent"]);
      at = byId.get(at.parent);
    }
  }
  const connectorById = new Map(connectors.map((c) => [c.id, c]));
  for (const [index, c] of connectors.entries()) {
    const path = ["site", "connectors", index];
    if (!byId.has(c.node)) return invalid(`unknown node "${c.node}"`, [...path, "node"]);
    if (c.discharge !== undefined && c.discharge.min > c.discharge.max) {
      return invalid("discharge.min is above discharge.max", [...path, "discharge"]);
    }
    const phasorAbove = c.discharge === undefined ? undefined : phasorNodeAbove(byId, c.node);
    if (phasorAbove !== undefined) {
      return invalid(
        `a V2G connector cannot hang below node "${phasorAbove}", whose limits are phasor magnitudes (currentModel "phasor" or a transformer)`,
        [...path, "discharge"],
      );
    }
    if (c.kind === "AC") {
      if ((c.minCurrent ?? 6) > c.maxCurrent) return invalid("minCurrent is above maxCurrent", [...path, "minCurrent"]);
      if (c.wiring === "line-to-line" && (c.phases ?? 1) !== 1)
        return invalid("line-to-line wiring takes phases: 1", [...path, "phases"]);
    } else if ((c.minPower ?? 0) > c.maxPower) return invalid("minPower is above maxPower", [...path, "minPower"]);
  }
  const spans = new Map<string, [number, number, number][]>();
  for (const [index, s] of problem.sessions.entries()) {
    const path = ["sessions", index];
    const connector = connectorById.get(s.connector);
    if (connector === undefined) return invalid(`unknown connector "${s.connector}"`, [...path, "connector"]);
    if (s.departure !== undefined && s.departure <= s.arrival)
      return invalid("departure is not after arrival", [...path, "departure"]);
    if (s.mode === "discharge" && connector.discharge === undefined) {
      return invalid(`connector "${connector.id}" cannot discharge`, [...path, "mode"]);
    }
    if (
      s.phases !== undefined &&
      connector.kind === "AC" &&
      connector.wiring !== "line-to-line" &&
      s.phases > (connector.phases ?? 3)
    ) {
      return invalid(`uses ${s.phases} phases on a ${connector.phases ?? 3}-phase connector`, [...path, "phases"]);
    }
    const list = spans.get(s.connector) ?? [];
    list.push([s.arrival, s.departure ?? Number.POSITIVE_INFINITY, index]);
    spans.set(s.connector, list);
  }
  for (const list of spans.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < list.length; k++) {
      const [start, , index] = list[k] as [number, number, number];
      if (start < (list[k - 1] as [number, number, number])[1]) {
        return invalid("overlaps another session on the same connector", ["sessions", index, "arrival"]);
      }
    }
  }
  for (const [index, x] of (problem.externalLimits ?? []).entries()) {
    if (!byId.has(x.node)) return invalid(`unknown node "${x.node}"`, ["externalLimits", index, "node"]);
    if (x.from !== undefined && x.until !== undefined && x.until <= x.from)
      return invalid("until is not after from", ["externalLimits", index, "until"]);
  }
  const levels = problem.settings?.simpleLevels ?? DEFAULT_SIMPLE_LEVELS;
  for (const [index, e] of (problem.demandResponse ?? []).entries()) {
    const path = ["demandResponse", index];
    const node = byId.get(e.node);
    if (node === undefined) return invalid(`unknown node "${e.node}"`, [...path, "node"]);
    if (e.end <= e.start) return invalid("end is not after start", [...path, "end"]);
    const action = "level" in e.signal ? levels[e.signal.level] : e.signal;
    if (e.direction === "export" && !("capKw" in action))
      return invalid("an export event takes a capKw signal", [...path, "signal"]);
    if ("reduction" in action && action.reduction > 0) {
      const all = [node.limits, ...(node.changes ?? []).filter((c) => c.limits !== undefined).map((c) => c.limits)];
      if (!all.every(complete)) {
        return invalid(`node "${node.id}" has no complete import limit to reduce`, [...path, "signal"]);
      }
    }
  }
  return ok(problem);
}

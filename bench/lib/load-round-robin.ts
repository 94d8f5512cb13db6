// ACN-Sim's RoundRobin baseline (zach401/acnportal, algorithms/sorted_algorithms.py, as described in the research
// note): every EV starts at 0, then in a cycle each takes its next allowed pilot while that stays feasible; an EV
// leaves the queue when its next step is infeasible or above its bound. Feasibility is checked on the site's
// arithmetic limits (pods, per-line limits, transformer power) and, when given, an exact check (ACN's phasor
// constraints), so it never violates what it is checked against.
import type { Site } from "@chargekit/load-management";

const LETTER: Record<string, number> = { R: 0, S: 1, T: 2 };

/**
 * Pilots (A) per EVSE for the EVs present, each bounded by `upper` (A); `feasible`, when given, must also accept the
 * pilots after each step (ACN-Sim's exact constraint check).
 */
export function roundRobin(
  site: Site,
  upper: ReadonlyMap<string, number>,
  feasible?: (pilots: ReadonlyMap<string, number>) => boolean,
): Map<string, number> {
  const parent = new Map(site.nodes.map((n) => [n.id, n.parent]));
  const limits = new Map(site.nodes.map((n) => [n.id, n.limits]));
  const load = new Map<string, number>();
  const pilot = new Map<string, number>();
  const plan = [...upper.keys()]
    .map((id) => site.connectors.find((c) => c.id === id))
    .filter((c) => c !== undefined && c.kind === "AC")
    .map((c) => {
      const rotation = c.rotation ?? "RST";
      const lines = [LETTER[rotation.charAt(0)] ?? 0, LETTER[rotation.charAt(1)] ?? 1];
      const path: string[] = [];
      for (let at: string | undefined = c.node; at !== undefined; at = parent.get(at)) path.push(at);
      return { c, lines, path, voltage: c.voltage ?? 208, allowed: [...(c.allowed ?? [])].sort((a, b) => a - b) };
    });
  const fits = (e: (typeof plan)[number], delta: number) =>
    e.path.every((node) => {
      const l = limits.get(node);
      if (l === undefined) return true;
      for (const p of e.lines) {
        const cap =
          l.importCurrent === undefined
            ? undefined
            : typeof l.importCurrent === "number"
              ? l.importCurrent
              : l.importCurrent[(["L1", "L2", "L3"] as const)[p] ?? "L1"];
        if (cap !== undefined && (load.get(`${node}/${p}`) ?? 0) + delta > cap + 1e-9) return false;
      }
      if (l.importPower !== undefined && (load.get(`${node}/P`) ?? 0) + delta * e.voltage > l.importPower + 1e-6)
        return false;
      return true;
    });
  let queue = plan;
  while (queue.length > 0) {
    const next: typeof plan = [];
    for (const e of queue) {
      const now = pilot.get(e.c.id) ?? 0;
      const step = e.allowed.find((a) => a > now);
      if (step === undefined || step > (upper.get(e.c.id) ?? 0) + 1e-9 || !fits(e, step - now)) continue;
      pilot.set(e.c.id, step);
      if (feasible !== undefined && !feasible(pilot)) {
        if (now > 0) pilot.set(e.c.id, now);
        else pilot.delete(e.c.id);
        continue;
      }
      for (const node of e.path) {
        for (const p of e.lines) load.set(`${node}/${p}`, (load.get(`${node}/${p}`) ?? 0) + step - now);
        load.set(`${node}/P`, (load.get(`${node}/P`) ?? 0) + (step - now) * e.voltage);
      }
      next.push(e);
    }
    queue = next;
  }
  return pilot;
}

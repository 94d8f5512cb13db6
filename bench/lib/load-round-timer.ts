// Times real-time rounds of the load-management solver on a randomSite problem: wall time and CPU time
// (process.cpuUsage, user + system) per round, over several batches, to read past a shared machine's noise.
// Run from bench/: node --conditions=@chargekit/source --import tsx --expose-gc lib/load-round-timer.ts \
//   [connectors] [rounds] [same|churn|previous] [--read-all]   (add --cpu-prof --cpu-prof-dir=<dir> for a profile)
import type { AllocationProblem } from "@chargekit/load-management";
import { allocate, prepareSite, toPreviousRound } from "@chargekit/load-management";
import { randomSite } from "@chargekit/load-management/testing";

/** Wall and CPU time per round, in ms, of one batch. */
export interface RoundTimes {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * How consecutive rounds differ: `same` — the same problem every round (nothing changed since the last round);
 * `churn` — one session leaves and another arrives between rounds (what the solver remembers between rounds no
 * longer holds); `previous` — each round gets the previous one's result (stickiness, hysteresis), as a live loop does.
 */
export type RoundMode = "same" | "churn" | "previous";

/** The problem of round k in a mode (before `previous` is attached). */
function problemsOf(problem: AllocationProblem, mode: RoundMode): readonly AllocationProblem[] {
  if (mode !== "churn") return [problem];
  // two session lists that differ by one session: the first one leaves in one, the last one in the other
  const sessions = problem.sessions;
  return [
    { ...problem, sessions: sessions.slice(1) },
    { ...problem, sessions: sessions.slice(0, -1) },
  ];
}

/**
 * Runs `batches` batches of `rounds` prepared-site rounds each (after a warm-up) and returns the per-round wall and
 * CPU time of every batch. A forced GC before each batch (with --expose-gc) keeps one batch's garbage out of the next.
 */
export function timeRounds(
  problem: AllocationProblem,
  at: number,
  options: { rounds: number; batches: number; warmup: number; mode?: RoundMode; readAll?: boolean },
): RoundTimes[] {
  const mode = options.mode ?? "same";
  // every output read: the schedules and node loads are built on first read
  const readAll = options.readAll === true;
  const prepared = prepareSite(problem.site);
  const problems = problemsOf(problem, mode);
  let last = allocate(problem, { at, prepared });
  let k = 0;
  const round = () => {
    const base = problems[k++ % problems.length] as AllocationProblem;
    const input = mode === "previous" ? { ...base, previous: toPreviousRound(last) } : base;
    last = allocate(input, { at: mode === "previous" ? at + k * 1000 : at, prepared });
    if (readAll) read += last.schedules.length + last.nodes.length;
  };
  let read = 0;
  for (let w = 0; w < options.warmup; w++) round();
  const gc = (globalThis as { gc?: () => void }).gc;
  const out: RoundTimes[] = [];
  for (let b = 0; b < options.batches; b++) {
    gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < options.rounds; r++) round();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    out.push({ wallMs: wall / options.rounds, cpuMs: (cpu.user + cpu.system) / 1000 / options.rounds });
  }
  if (readAll && read === 0) throw new Error("no output read");
  return out;
}

const isMain = process.argv.some((a) => a.endsWith("load-round-timer.ts"));
if (isMain) {
  const connectors = Number(process.argv[2] ?? 10_000);
  const rounds = Number(process.argv[3] ?? 100);
  const mode = (process.argv[4] ?? "same") as RoundMode;
  const readAll = process.argv.includes("--read-all");
  const problem = randomSite({ seed: 20_261_121, connectors });
  const times = timeRounds(problem, 86_400_000, { rounds, batches: 5, warmup: 50, mode, readAll });
  for (const t of times)
    console.log(`${mode}: wall ${t.wallMs.toFixed(2)} ms/round, cpu ${t.cpuMs.toFixed(2)} ms/round`);
}

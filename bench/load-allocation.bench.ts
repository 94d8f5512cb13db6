// Load management: time per real-time round on random trees of 1k, 10k and 100k connectors (depth 3–6, mixed 1- and
// 3-phase), against HiGHS computing the same weighted max-min allocation by iterated LPs (optimality oracle and speed
// peer, 1k and 10k), plus rounds in which something changed and the CPU time per round. Run:
// npm run bench -- load-allocation
import { allocate, prepareSite, toPreviousRound, verifyAllocation } from "@chargekit/load-management";
import { randomSite } from "@chargekit/load-management/testing";
import { compare, report, saveResults } from "./lib/compare.js";
import { highsMaxMin, loadOracle } from "./lib/load-highs-oracle.js";
import { timeRounds } from "./lib/load-round-timer.js";

const SEED = 20_261_121;
const AT = 86_400_000; // every random session has arrived by then
const highs = await loadOracle();
const results: Record<string, unknown>[] = [];

function shape(problem: ReturnType<typeof randomSite>) {
  const parent = new Map(problem.site.nodes.map((n) => [n.id, n.parent]));
  const depthOf = (id: string) => {
    let d = 0;
    for (let at: string | undefined = id; at !== undefined; at = parent.get(at)) d++;
    return d;
  };
  const depths = problem.site.connectors.map((c) => depthOf(c.node));
  return {
    nodes: problem.site.nodes.length,
    connectors: problem.site.connectors.length,
    sessions: problem.sessions.length,
    singlePhaseSessions: problem.sessions.filter((s) => s.phases === 1).length,
    depth: [Math.min(...depths), Math.max(...depths)],
  };
}

for (const n of [1_000, 10_000, 100_000]) {
  const problem = randomSite({ seed: SEED, connectors: n });
  const prepared = prepareSite(problem.site);
  const facts = shape(problem);
  console.log(`\n${n.toLocaleString("en-US")} connectors:`, JSON.stringify(facts));

  const allocation = allocate(problem, { at: AT, prepared });
  const admitted = allocation.setpoints.filter((s) => s.admitted).length;
  const verdict = n <= 10_000 ? verifyAllocation(problem, allocation) : undefined;
  if (verdict !== undefined) {
    console.log(
      `independent verifier: ${verdict.ok ? "all properties hold" : `${verdict.violations.length} violations`}`,
    );
  }

  let oracle: { ms: number; lps: number; retries: number; maxDiffA: number; connectorsOver001A: number } | undefined;
  if (n <= 10_000) {
    const runs: number[] = [];
    let solved = highsMaxMin(highs, problem, AT);
    for (let k = 0; k < 2; k++) {
      const t0 = performance.now();
      solved = highsMaxMin(highs, problem, AT);
      runs.push(performance.now() - t0);
    }
    const ours = allocate(problem, { at: AT, prepared, continuous: true });
    let maxDiff = 0;
    let over = 0;
    for (const s of ours.setpoints) {
      const diff = Math.abs(s.value - (solved.values.get(s.connector) ?? 0));
      if (diff > maxDiff) maxDiff = diff;
      if (diff > 0.01) over++;
    }
    oracle = {
      ms: Math.min(...runs),
      lps: solved.lps,
      retries: solved.retries,
      maxDiffA: maxDiff,
      connectorsOver001A: over,
    };
    console.log(
      `HiGHS oracle: ${solved.lps} LPs, ${oracle.ms.toFixed(0)} ms; continuous allocations differ by at most ${maxDiff.toExponential(2)} A (${over} connectors over 0.01 A)`,
    );
  }

  // rounds in which something changed: a session left and another arrived since the last round (what the
  // prepared site remembers between rounds no longer holds), and a live loop feeding each round back
  const churn = [
    { ...problem, sessions: problem.sessions.slice(1) },
    { ...problem, sessions: problem.sessions.slice(0, -1) },
  ];
  let turn = 0;
  let last = allocation;
  const time = n >= 100_000 ? 6000 : 2000;
  const measured = await compare(
    `real-time round, ${n.toLocaleString("en-US")} connectors`,
    [
      { name: "chargekit allocate (prepared site)", fn: () => allocate(problem, { at: AT, prepared }) },
      {
        // schedules and node loads are built when first read: this one pays for them
        name: "chargekit allocate (prepared site), every output read",
        fn: () => {
          const a = allocate(problem, { at: AT, prepared });
          return a.schedules.length + a.nodes.length;
        },
      },
      { name: "chargekit allocate (indexing the site too)", fn: () => allocate(problem, { at: AT }) },
      {
        name: "chargekit continuous water-filling",
        fn: () => allocate(problem, { at: AT, prepared, continuous: true }),
      },
      {
        // the setpoints only: what a CSMS needs to rebalance on a session change
        name: "chargekit allocate, a session left and one arrived",
        fn: () => allocate(churn[turn++ % 2] as typeof problem, { at: AT, prepared }),
      },
      {
        name: "chargekit allocate, a session left and one arrived, every output read",
        fn: () => {
          const a = allocate(churn[turn++ % 2] as typeof problem, { at: AT, prepared });
          return a.schedules.length + a.nodes.length;
        },
      },
      {
        name: "chargekit allocate, previous round fed back, every output read",
        fn: () => {
          last = allocate({ ...problem, previous: toPreviousRound(last) }, { at: AT + 1000 * ++turn, prepared });
          return last.schedules.length + last.nodes.length;
        },
      },
    ],
    { time, warmupTime: n >= 100_000 ? 2000 : 500 },
  );
  // CPU time per round (user + system, process.cpuUsage): far less noisy than wall time on a shared machine
  const cpu: Record<string, { wallMs: number[]; cpuMs: number[] }> = {};
  const kinds = [
    ["same", false],
    ["same", true],
    ["churn", false],
    ["churn", true],
    ["previous", true],
  ] as const;
  for (const [mode, readAll] of kinds) {
    const name = readAll ? `${mode}, every output read` : mode;
    const batches = timeRounds(problem, AT, { rounds: n >= 100_000 ? 5 : 50, batches: 5, warmup: 10, mode, readAll });
    const times = { wallMs: batches.map((b) => b.wallMs), cpuMs: batches.map((b) => b.cpuMs) };
    cpu[name] = times;
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    console.log(`${name}: per round over 5 batches, wall ${range(times.wallMs)} ms, CPU ${range(times.cpuMs)} ms`);
  }
  const round = measured.rows[0];
  // the ratio to HiGHS is quoted on the round that builds every output
  const full = measured.rows[1];
  const rows = [...measured.rows];
  if (oracle !== undefined && round !== undefined && full !== undefined) {
    rows.push({
      name: "HiGHS iterated LPs (continuous only)",
      opsPerSecond: 1000 / oracle.ms,
      meanMs: oracle.ms,
      p99Ms: oracle.ms,
      ratio: 1000 / oracle.ms / round.opsPerSecond,
    });
    report({ title: `with the HiGHS peer, ${n.toLocaleString("en-US")} connectors`, rows });
    console.log(
      `chargekit round with every output read is ${(oracle.ms / full.meanMs).toFixed(0)}× faster than HiGHS ` +
        `(setpoints only: ${(oracle.ms / round.meanMs).toFixed(0)}×)`,
    );
  }
  results.push({ ...facts, admitted, verifierOk: verdict?.ok, oracle, rows, cpu });
}
saveResults("load-allocation", results);

import { mkdirSync, writeFileSync } from "node:fs";
import { Bench } from "tinybench";

/** One contender of a comparison: a name and the work of one iteration. */
export interface Contender {
  readonly name: string;
  readonly fn: () => unknown | Promise<unknown>;
}

/** Result of {@link compare}: ops/s per contender and each one's ratio to the baseline (the first contender). */
export interface Comparison {
  readonly title: string;
  readonly rows: readonly { name: string; opsPerSecond: number; meanMs: number; p99Ms: number; ratio: number }[];
}

/**
 * Measures the contenders in the same process, one after another, and prints ops/s and `ratio` = ops/s of the row ÷
 * ops/s of the first contender (so the first row is 1.00 and "ours ÷ peer" reads off directly).
 */
export async function compare(
  title: string,
  contenders: readonly Contender[],
  options: { time?: number; warmupTime?: number } = {},
): Promise<Comparison> {
  const bench = new Bench({ time: options.time ?? 1500, warmupTime: options.warmupTime ?? 300 });
  for (const c of contenders) bench.add(c.name, c.fn);
  await bench.run();
  const base = bench.tasks[0]?.result;
  const baseOps = base && "throughput" in base ? base.throughput.mean : Number.NaN;
  const rows = bench.tasks.map((task) => {
    const r = task.result;
    const ops = r && "throughput" in r ? r.throughput.mean : Number.NaN;
    const latency = r && "latency" in r ? r.latency : undefined;
    return {
      name: task.name,
      opsPerSecond: ops,
      meanMs: latency?.mean ?? Number.NaN,
      p99Ms: latency?.p99 ?? Number.NaN,
      ratio: ops / baseOps,
    };
  });
  report({ title, rows });
  return { title, rows };
}

/** Prints a comparison as a table. */
export function report(comparison: Comparison): void {
  console.log(`\n${comparison.title}`);
  console.table(
    comparison.rows.map((r) => ({
      contender: r.name,
      "ops/s": Math.round(r.opsPerSecond).toLocaleString("en-US"),
      "mean ms": r.meanMs.toFixed(4),
      "p99 ms": r.p99Ms.toFixed(4),
      [`× ${comparison.rows[0]?.name ?? "base"}`]: r.ratio.toFixed(2),
    })),
  );
}

/** Writes a benchmark's figures to bench/results/<name>.json (for docs/benchmarks.md). */
export function saveResults(name: string, data: unknown): void {
  const dir = new URL("../results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL(`${name}.json`, dir),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, data }, null, 2)}\n`,
  );
}

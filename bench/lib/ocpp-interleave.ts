/**
 * Interleaved measurement for the OCPP benchmarks: every contender runs in short slices, round after round, in
 * alternating order (A-B-C, C-B-A, A-B-C, …), and each slice is timed in CPU time of this process rather than wall
 * time, so other processes on a busy machine shift every contender alike. Reports the median and the range over the
 * rounds, for throughput and for each contender's ratio to the first one.
 */

/** One contender: a name and the work of one operation. */
export interface Slice {
  readonly name: string;
  readonly fn: () => void;
}

/** Throughput of one contender over the rounds. */
export interface InterleavedRow {
  readonly name: string;
  /** Median operations per CPU second. */
  readonly opsPerSecond: number;
  /** Lowest and highest round. */
  readonly range: readonly [number, number];
  /** Median over the rounds of (this ÷ the first contender), and its range. */
  readonly ratio: number;
  readonly ratioRange: readonly [number, number];
  /** Operations per CPU second of each round. */
  readonly rounds: readonly number[];
}

/** Median and range over the rounds of (a ÷ b), round by round. */
export function roundRatio(a: InterleavedRow, b: InterleavedRow): { median: number; range: readonly [number, number] } {
  const ratios = a.rounds.map((x, r) => x / (b.rounds[r] ?? Number.NaN));
  return { median: median(ratios), range: [Math.min(...ratios), Math.max(...ratios)] };
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Runs `fn` for about `ms` of CPU time in batches and returns operations per CPU second. */
function slice(fn: () => void, ms: number): number {
  let ops = 0;
  let batch = 64;
  const start = cpuMicros();
  let elapsed = 0;
  while (elapsed < ms * 1000) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = cpuMicros() - start;
    if (elapsed < 2000) batch *= 2;
  }
  return (ops / elapsed) * 1e6;
}

/** Measures the contenders interleaved (see the module comment). */
export function interleave(
  contenders: readonly Slice[],
  options: { rounds?: number; sliceMs?: number; warmupMs?: number } = {},
): InterleavedRow[] {
  const rounds = options.rounds ?? 12;
  const sliceMs = options.sliceMs ?? 150;
  for (const c of contenders) slice(c.fn, options.warmupMs ?? 400);
  const perRound: number[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) perRound[i]?.push(slice(contenders[i]?.fn ?? (() => {}), sliceMs));
  }
  const base = perRound[0] ?? [];
  return contenders.map((c, i) => {
    const ops = perRound[i] ?? [];
    const ratios = ops.map((x, r) => x / (base[r] ?? Number.NaN));
    return {
      name: c.name,
      opsPerSecond: median(ops),
      range: [Math.min(...ops), Math.max(...ops)] as const,
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)] as const,
      rounds: ops,
    };
  });
}

/** Prints interleaved rows as a table. */
export function printInterleaved(title: string, rows: readonly InterleavedRow[]): void {
  const first = rows[0]?.name ?? "first";
  console.log(`\n${title}`);
  console.table(
    rows.map((r) => ({
      contender: r.name,
      "ops/CPU-s (median)": Math.round(r.opsPerSecond).toLocaleString("en-US"),
      range: `${Math.round(r.range[0]).toLocaleString("en-US")}–${Math.round(r.range[1]).toLocaleString("en-US")}`,
      [`÷ ${first}`]: `${r.ratio.toFixed(2)} (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})`,
    })),
  );
}

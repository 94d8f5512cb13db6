// How fast is the reservation index? 1M reservations over 10k EVSEs: insert with conflict check, and the earliest
// free slot of a given length at or after an instant, against @flatten-js/interval-tree (the peer), a sorted array
// per EVSE, and brute force (one list, the tests' oracle), all in the same run.
// npm run bench -- reservations-tree
import { HOUR, MINUTE, seededRandom } from "@chargekit/core";
import { type Comparison, report, saveResults } from "./lib/compare.js";
import { type Book, bruteForceBook, flattenBook, ourBook, sortedArrayBook } from "./lib/reservations-books.js";

const EVSES = 10_000;
const PER_EVSE = 100;
const COMPETING = 30; // extra requests per EVSE that mostly hit a booked slot
const HORIZON = 14 * 24 * HOUR;

interface Request {
  evse: number;
  start: number;
  end: number;
}

/** 100 disjoint bookings per EVSE (random gaps and lengths) plus 30 random competing requests, shuffled. */
function workload(): Request[] {
  const random = seededRandom(42);
  const requests: Request[] = [];
  const minutes = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo)) * MINUTE;
  for (let evse = 0; evse < EVSES; evse++) {
    let t = 0;
    for (let i = 0; i < PER_EVSE; i++) {
      const start = t + minutes(0, 120);
      const end = start + minutes(30, 180);
      requests.push({ evse, start, end });
      t = end;
    }
    for (let i = 0; i < COMPETING; i++) {
      const start = Math.round((random() * 0.85 * HORIZON) / MINUTE) * MINUTE;
      requests.push({ evse, start, end: start + minutes(30, 120) });
    }
  }
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [requests[i], requests[j]] = [requests[j] as Request, requests[i] as Request];
  }
  return requests;
}

function queries(n: number, seed: number): { evse: number; from: number; length: number }[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => ({
    evse: Math.floor(random() * EVSES),
    from: Math.round((random() * 0.9 * HORIZON) / MINUTE) * MINUTE,
    length: Math.round(30 + random() * 150) * MINUTE,
  }));
}

/** Runs `work(i)` for at least `ms` (after a warm-up) and returns operations per second. */
function throughput(work: (i: number) => void, ms = 1500): number {
  for (let i = 0; i < 2000; i++) work(i);
  let ops = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 200; k++) work(ops++);
    elapsed = performance.now() - started;
  }
  return (ops / elapsed) * 1000;
}

function comparison(title: string, results: { name: string; opsPerSecond: number }[]): Comparison {
  const base = results[0]?.opsPerSecond ?? Number.NaN;
  return {
    title,
    rows: results.map((r) => ({
      name: r.name,
      opsPerSecond: r.opsPerSecond,
      meanMs: 1000 / r.opsPerSecond,
      p99Ms: Number.NaN,
      ratio: r.opsPerSecond / base,
    })),
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const requests = workload();
const probe = queries(20_000, 7);
console.log(`${requests.length.toLocaleString("en-US")} booking requests over ${EVSES.toLocaleString("en-US")} EVSEs`);

// ---- 1. build: insert every request with its conflict check ----------------------------------------------------
// The machine is shared and noisy: each contender builds its book ROUNDS times in rotation and keeps its best
// build and its best query rate.
const ROUNDS = 3;
const makers = [() => flattenBook(EVSES), () => ourBook(EVSES), () => sortedArrayBook(EVSES)];
const builds: { name: string; opsPerSecond: number; stored: number; queries: number }[] = [];
const answers = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [k, make] of makers.entries()) {
    gc();
    const book: Book = make();
    const started = performance.now();
    let stored = 0;
    for (let i = 0; i < requests.length; i++) {
      const r = requests[i] as Request;
      if (book.tryInsert(r.evse, r.start, r.end, i)) stored++;
    }
    const opsPerSecond = requests.length / ((performance.now() - started) / 1000);
    answers.set(
      book.name,
      probe.slice(0, 2000).map((q) => book.earliest(q.evse, q.from, q.length)),
    );
    // ---- 2. earliest-slot queries on the full book ----
    const queries = throughput((i) => {
      const q = probe[i % probe.length] as (typeof probe)[number];
      book.earliest(q.evse, q.from, q.length);
    });
    const best = builds[k];
    if (best === undefined) builds[k] = { name: book.name, opsPerSecond, stored, queries };
    else
      builds[k] = {
        ...best,
        opsPerSecond: Math.max(best.opsPerSecond, opsPerSecond),
        queries: Math.max(best.queries, queries),
      };
  }
}
const stored = builds[0]?.stored ?? 0;
if (!builds.every((b) => b.stored === stored))
  throw new Error(`contenders disagree on what fits: ${JSON.stringify(builds)}`);
const reference = answers.get(builds[0]?.name ?? "") ?? [];
for (const [name, list] of answers) {
  if (list.some((v, i) => v !== reference[i])) throw new Error(`${name} answers earliest-slot queries differently`);
}
console.log(
  `${stored.toLocaleString("en-US")} reservations stored; every contender agrees on what fits and on every answer checked`,
);

// Brute force on the full book: every operation scans the whole list, so it is sampled on the full 1M-entry state
// (building it with checks would take hours); the state is loaded without checks from what the others accepted.
{
  gc();
  const index = sortedArrayBook(EVSES);
  const brute = bruteForceBook();
  for (const r of requests) if (index.tryInsert(r.evse, r.start, r.end, 0)) brute.append(r.evse, r.start, r.end);
  // The same mix as the build stream: ~79 % of requests fit (a full scan, then an append far beyond the horizon, so
  // the state hardly changes) and the rest collide with a booking at a random place in the list.
  const random = seededRandom(11);
  // every request of the stream collides with itself (it was stored) or with what refused it
  const collisions = Array.from({ length: 1000 }, () => requests[Math.floor(random() * requests.length)] as Request);
  const share = stored / requests.length;
  let fresh = 20 * HORIZON;
  const insertRate = throughput((i) => {
    if (random() < share) {
      brute.tryInsert(i % EVSES, fresh, fresh + HOUR, i);
      fresh += HOUR;
    } else {
      const r = collisions[i % collisions.length] as Request;
      brute.tryInsert(r.evse, r.start, r.end, i);
    }
  }, 3000);
  const queryRate = throughput((i) => {
    const q = probe[i % probe.length] as (typeof probe)[number];
    brute.earliest(q.evse, q.from, q.length);
  }, 3000);
  const sample = probe.slice(0, 50).map((q) => brute.earliest(q.evse, q.from, q.length));
  if (sample.some((v, i) => v !== reference[i])) throw new Error("brute force answers differently");
  builds.push({ name: `${brute.name}, sampled`, opsPerSecond: insertRate, stored: brute.size(), queries: queryRate });
}

const insertTable = comparison(
  "insert with conflict check, 1.3M requests building a 1M-reservation book (ops/s)",
  builds.map((b) => ({ name: b.name, opsPerSecond: b.opsPerSecond })),
);
const queryTable = comparison(
  "earliest free slot of 30–180 min at or after an instant, on the full book (ops/s)",
  builds.map((b) => ({ name: b.name, opsPerSecond: b.queries })),
);
report(insertTable);
report(queryTable);

// ---- 3. one long, dense book: where asymptotics show ---------------------------------------------------------------
const dense: { name: string; opsPerSecond: number }[] = [];
{
  const random = seededRandom(9);
  const N = 200_000;
  const intervals: [number, number][] = [];
  let t = 0;
  for (let i = 0; i < N; i++) {
    const start = t + (i % 5000 === 4999 ? 60 : Math.round(random() * 10)) * MINUTE;
    const end = start + Math.round(20 + random() * 100) * MINUTE;
    intervals.push([start, end]);
    t = end;
  }
  const span = t;
  const denseQueries = Array.from({ length: 5000 }, () => ({
    from: Math.round(random() * span * 0.95),
    length: 45 * MINUTE,
  }));
  const results: number[][] = [];
  for (const make of [() => flattenBook(1), () => ourBook(1), () => sortedArrayBook(1)]) {
    gc();
    const book = make();
    for (const [i, [s, e]] of intervals.entries()) book.tryInsert(0, s, e, i);
    results.push(denseQueries.slice(0, 500).map((q) => book.earliest(0, q.from, q.length)));
    let best = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const rate = throughput((i) => {
        const q = denseQueries[i % denseQueries.length] as (typeof denseQueries)[number];
        book.earliest(0, q.from, q.length);
      });
      best = Math.max(best, rate);
    }
    dense.push({ name: book.name, opsPerSecond: best });
  }
  if (results.some((r) => r.some((v, i) => v !== results[0]?.[i]))) throw new Error("dense: contenders disagree");
}
const denseTable = comparison("one EVSE, 200k back-to-back bookings: earliest free 45 min (ops/s)", dense);
report(denseTable);

saveResults("reservations-tree", { insert: insertTable, earliest: queryTable, dense: denseTable, stored });

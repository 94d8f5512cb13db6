// Accuracy harness of the queue estimator and admission replay of the reservation engine on real sessions.
// npm run bench -- queue-accuracy            report (defaults of fitDwellModel; Boulder is held out)
// TUNE=1 npm run bench -- queue-accuracy     the grid search that chose those defaults (development data only), and
//                                            the development wait with the learned dependence fixed instead
import { MINUTE } from "@chargekit/core";
import { DEFAULT_POLICY, type DwellModelOptions } from "@chargekit/reservations";
import { saveResults } from "./lib/compare.js";
import { type Dataset, loadBoulder, loadCaltech, loadWorkplace } from "./lib/reservations-datasets.js";
import {
  type EstimatorReport,
  EXACT,
  evaluateEstimator,
  replayAdmissions,
  splitByTime,
} from "./lib/reservations-replay.js";

const tune = process.env["TUNE"] === "1";
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");

function table(title: string, rows: Record<string, { n: number; mae: number; p90: number }>): void {
  const entries = Object.entries(rows);
  const best = Math.min(...entries.filter(([k]) => k !== "ours").map(([, v]) => v.mae));
  console.log(`\n${title}`);
  console.table(
    Object.fromEntries(
      entries.map(([k, v]) => [
        k,
        {
          n: v.n,
          "MAE min": fmt(v.mae),
          "p90 |err| min": fmt(v.p90),
          "vs best baseline": k === "ours" ? `${fmt((1 - v.mae / best) * 100)} % lower` : "",
        },
      ]),
    ),
  );
}

async function runTuning(): Promise<void> {
  // Development data only: workplace (first 70 % of its time span, split again 70/30) and Caltech file 1 (70/30).
  const [workTrain] = splitByTime(loadWorkplace().sessions, 0.7);
  const splits: [string, string, ReturnType<typeof splitByTime>][] = [
    ["workplace", "UTC", splitByTime(workTrain, 0.7)],
    ["caltech-1", "America/Los_Angeles", splitByTime(loadCaltech(1).sessions, 0.7)],
  ];
  // Stage 1 (144 settings: bandwidth 0.75/1.5/3 h, other-day weight 0.1/0.5, site pseudo-count 10/30/100, driver
  // 2/8, undeclared weight 0.1/0.5, declared bandwidth 0.3/0.7) put the best at the edges of bandwidth, undeclared
  // weight and declared bandwidth, and showed the pseudo-counts barely matter. Stage 2 (24 settings around that
  // corner) found the workplace wanting a narrow time kernel (1.5 h) and Caltech a wide one (6 h), which led to the
  // unweighted fallback level; stage 3, below, tunes the kernel width against that level's pseudo-count.
  const grid: DwellModelOptions[] = [];
  for (const bandwidth of [1.5, 3, 6]) {
    for (const everyone of [5, 20, 80]) {
      grid.push({
        bandwidth,
        otherDayWeight: 0.5,
        undeclaredWeight: 0.1,
        declaredBandwidth: 0.3,
        shrinkage: { driver: 4, site: 30, everyone },
      });
    }
  }
  const scored: { options: DwellModelOptions; score: number; detail: string }[] = [];
  for (const options of grid) {
    let score = 0;
    const detail: string[] = [];
    for (const [name, timeZone, [train, validation]] of splits) {
      const r = await evaluateEstimator(train, validation, {
        model: { ...options, timeZone },
        step: 60 * MINUTE,
        waits: false,
      });
      const gain = 1 - r.release.ours.mae / Math.min(r.release.medianDwell.mae, r.release.mmc.mae);
      score += gain / splits.length;
      detail.push(`${name} ${fmt(r.release.ours.mae)} min (${fmt(gain * 100)} %)`);
    }
    scored.push({ options, score, detail: detail.join(", ") });
  }
  scored.sort((a, b) => b.score - a.score);
  console.log("best release-MAE gains over the best baseline on the tuning splits:");
  for (const s of scored.slice(0, 10))
    console.log(`${fmt(s.score * 100)} %  ${JSON.stringify(s.options)}  ${s.detail}`);
  // The dependence between concurrent departures is learned by fit(), not tuned; this only shows, on the workplace
  // development split (the only development data whose sites fill up), what the wait would be with it fixed.
  const [devTrain, devTest] = splits[0]?.[2] ?? [[], []];
  const dependence: Record<string, number> = {};
  for (const fixed of ["learn", 0, 0.5, 1] as const) {
    const r = await evaluateEstimator(devTrain, devTest, { model: { timeZone: "UTC", dependence: fixed } });
    dependence[String(fixed)] = r.wait.ours.mae;
    console.log(
      `workplace dev wait (n=${r.wait.ours.n}) with dependence ${fixed}: ours ${fmt(r.wait.ours.mae)} min, ` +
        `median dwell ${fmt(r.wait.medianDwell.mae)} min${fixed === "learn" ? ` (learned ${r.dependence.map((x) => x.toFixed(2)).join(" ")})` : ""}`,
    );
  }
  saveResults("queue-accuracy-tuning", { release: scored.slice(0, 20), devWaitByDependence: dependence });
}

async function runReport(): Promise<void> {
  const workplace = loadWorkplace();
  const caltech1 = loadCaltech(1);
  const caltech2 = loadCaltech(2);
  const boulder = loadBoulder();
  const results: Record<string, unknown> = {};

  console.log("## Admission replay: every real session booked a day ahead, then used by its real session");
  const admissions: Record<string, unknown> = {};
  for (const ds of [workplace, caltech1, caltech2, boulder] as Dataset[]) {
    const exact = await replayAdmissions(ds.sessions, EXACT);
    const policy = await replayAdmissions(ds.sessions, {
      ...EXACT,
      earlyStart: DEFAULT_POLICY.earlyStart,
      grace: DEFAULT_POLICY.grace,
      lateStop: DEFAULT_POLICY.lateStop,
    });
    admissions[ds.name] = { exact, defaultAllowances: policy };
    console.log(
      `${ds.name}: ${exact.sessions} sessions, ${exact.booked} admitted (${exact.siteLevelHolds} as site-level holds on multi-port stations), ` +
        `${exact.used} used, refused ${JSON.stringify(exact.refused)}, live left ${exact.leftLive}; ` +
        `with the default 10 min early start + 15 min grace: refused ${JSON.stringify(policy.refused)}`,
    );
  }
  results["admission"] = admissions;

  const runs: [string, Dataset["sessions"], Dataset["sessions"], string][] = [
    ["workplace (dev: first 70 % → last 30 %)", ...splitByTime(workplace.sessions, 0.7), workplace.timeZone],
    ["caltech (dev: May–Aug 2019 → Sep–Dec 2019)", caltech1.sessions, caltech2.sessions, caltech1.timeZone],
    [
      "boulder (HELD OUT: first 70 % → last 30 %, defaults untouched)",
      ...splitByTime(boulder.sessions, 0.7),
      boulder.timeZone,
    ],
  ];
  for (const [name, train, test, timeZone] of runs) {
    const started = Date.now();
    const report: EstimatorReport = await evaluateEstimator(train, test, { model: { timeZone } });
    results[name] = report;
    console.log(
      `\n## ${name}: ${train.length} training sessions, ${test.length} test sessions (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    table("release: remaining time of every active session, every 15 min", report.release);
    table("release: the same, sessions that lasted at most 24 h", report.releaseWithinDay);
    console.log(
      `our p10–p90 band holds ${fmt(report.bandCoverage * 100)} % of the real remaining times (80 % if calibrated)`,
    );
    table("wait: positions 1–3 at a full site, every 15 min", report.wait);
    table("wait: position 1 only", report.waitFirst);
    const d = report.waitDiagnostics;
    const learned = report.dependence;
    console.log(
      `\nwait diagnostics: learned dependence between concurrent departures ${fmt(Math.min(...learned) * 100)}–${fmt(Math.max(...learned) * 100)} % ` +
        `(${learned.length} fits); mean signed error, min: ${Object.entries(d.bias)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(", ")}`,
    );
    console.log(
      `other predictions of the same waits, MAE min: ${Object.entries(d.alternatives)
        .map(([k, v]) => `${k} ${fmt(v.mae)}`)
        .join(", ")}; release MAE of the hindsight model ${fmt(d.hindsightRelease.mae)} min`,
    );
    console.table(
      Object.fromEntries(
        Object.entries(d.buckets).map(([k, v]) => [
          k,
          { n: v.n, "ours MAE": fmt(v.ours), "median dwell MAE": fmt(v.medianDwell), "ours bias": fmt(v.bias) },
        ]),
      ),
    );
  }
  saveResults("queue-accuracy", results);
}

await (tune ? runTuning() : runReport());

#!/usr/bin/env node
// Runs every bench/*.bench.ts (or the ones whose name contains an argument) one after the other, on TypeScript
// sources through tsx, each printing its ratios against the peers it measures in the same run.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const here = new URL(".", import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.log(filters.length === 0 ? "no benchmarks under bench/" : `no benchmark matches ${filters.join(", ")}`);
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const run = spawnSync(
    process.execPath,
    ["--conditions=@chargekit/source", "--import", "tsx", "--expose-gc", "--max-old-space-size=8192", `${here}${file}`],
    { stdio: "inherit", cwd: here },
  );
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);

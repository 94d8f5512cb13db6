#!/usr/bin/env node
import { MINUTE } from "@chargekit/core";
import { parseFleetArgs, USAGE } from "./args.js";
import { startFleetRun } from "./run.js";
import { scaledClock } from "./scaled-clock.js";

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const parsed = parseFleetArgs(argv);
if (!parsed.ok) {
  console.error(`${parsed.error.message}\n\n${USAGE}`);
  process.exit(2);
}
const args = parsed.value;
const clock = scaledClock(args.speed);
const run = await startFleetRun(args, { clock });
console.log(
  `${args.stations} stations × ${args.evses} EVSEs (${args.versions.join(", ")}) → ${args.url ?? run.csms?.url}` +
    (args.speed === 1 ? "" : ` at ${args.speed}× speed`),
);
const progress = setInterval(() => console.log(run.report()), args.reportSeconds * 1000);

let stopping = false;
const stop = async (why: string) => {
  if (stopping) return;
  stopping = true;
  clearInterval(progress);
  const stats = await run.stop();
  console.log(
    `${why}: ${stats.transactionsEnded} sessions, ${(stats.energyWh / 1000).toFixed(1)} kWh, ${stats.droppedMessages} messages dropped`,
  );
  process.exit(0);
};
process.once("SIGINT", () => void stop("interrupted"));
process.once("SIGTERM", () => void stop("terminated"));
if (args.durationMinutes !== undefined) clock.setTimeout(() => void stop("done"), args.durationMinutes * MINUTE);

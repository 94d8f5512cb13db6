#!/usr/bin/env node
// `npm start`: build what the example CSMS needs (turbo, cached) and run it (examples/csms), forwarding
// SIGINT/SIGTERM exactly once so it shuts down gracefully. Arguments after `--` go to the server
// (`npm start -- --config my.json`); relative config paths are taken from where `npm start` was run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const example = `${root}examples/csms/`;
if (!existsSync(`${example}package.json`)) {
  console.log(
    "chargekit: the example CSMS (examples/csms) is not part of this checkout yet; `npm test` runs every test.",
  );
  process.exit(0);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };
console.log("chargekit: building the example CSMS and the packages it uses …");
const build = spawnSync(
  "npx",
  ["turbo", "run", "build", "--filter=@chargekit/example-csms...", "--output-logs=errors-only"],
  { cwd: root, stdio: "inherit", env },
);
if (build.status !== 0) process.exit(build.status ?? 1);

// The server runs with examples/csms as its working directory (like `npm run serve -w @chargekit/example-csms`),
// so `./data` lands there; paths the user gave are made absolute first.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: npm sets INIT_CWD for `npm start`; this script is not a turbo task.
const invokedFrom = process.env.INIT_CWD ?? process.cwd();
const absolute = (path) => (path === "" || isAbsolute(path) ? path : resolve(invokedFrom, path));
const args = process.argv.slice(2).map((arg, i, all) => {
  if (all[i - 1] === "--config") return absolute(arg);
  return arg.startsWith("--config=") ? `--config=${absolute(arg.slice("--config=".length))}` : arg;
});
if (env.CHARGEKIT_CONFIG) env.CHARGEKIT_CONFIG = absolute(env.CHARGEKIT_CONFIG);

// The server gets its own process group, so a Ctrl+C in the terminal reaches it once (forwarded from here), not
// twice (a second signal means "exit now" to the server).
const server = spawn(process.execPath, [`${example}dist/main.js`, ...args], {
  cwd: example,
  stdio: "inherit",
  env,
  detached: true,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
process.on("exit", () => {
  if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
});
server.on("exit", (code, signal) => {
  const codes = { SIGINT: 130, SIGTERM: 143, SIGKILL: 137 };
  process.exit(code ?? codes[signal] ?? 1);
});

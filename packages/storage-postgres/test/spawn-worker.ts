import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A worker process of a race test: TypeScript through tsx, chargekit packages from source. */
export interface RaceWorker {
  /** Resolves when the worker has opened its connections and waits for the start signal. */
  readonly ready: Promise<void>;
  /** Lets it go. */
  go(): void;
  /** Resolves with the JSON the worker printed last, rejects when it failed. */
  readonly result: Promise<unknown>;
}

/** Starts `node --conditions=@chargekit/source --import tsx <file>` with `env` added to the environment. */
export function spawnWorker(file: string, env: Record<string, string>): RaceWorker {
  const child = spawn(process.execPath, ["--conditions=@chargekit/source", "--import", "tsx", file], {
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let last = "";
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line === "ready") markReady();
    else last = line;
  });
  const result = new Promise<unknown>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(last));
      else reject(new Error(`worker ${file} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
  return {
    ready: Promise.race([ready, result.then(() => {})]),
    go: () => child.stdin.end("go\n"),
    result,
  };
}

/** In a worker: announce readiness and wait for the parent's start signal. */
export async function waitForGo(): Promise<void> {
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "go") return;
  }
}

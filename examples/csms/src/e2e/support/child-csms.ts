import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { until } from "./until.js";

/** The package directory of the example CSMS (where `src/main.ts` is). */
const PACKAGE_DIR = new URL("../../../", import.meta.url).pathname;

/** Most characters of the child's output kept for a failure report. */
const LOG_LIMIT = 200_000;

/**
 * A free TCP port on 127.0.0.1 for a server that must come back on the same port after a restart. Picked below
 * Linux's ephemeral range (32768–60999), where the ports the OS hands out for `listen(0)` and outgoing connections
 * come from, so no other test takes it while the server is down; tried until one binds. `taken`: ports already
 * chosen for the same server.
 */
export async function freePort(taken: readonly number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.includes(port)) continue;
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (!bound) continue;
    server.close();
    await once(server, "close");
    return port;
  }
  throw new Error("no free port between 20000 and 32000");
}

/**
 * The environment of the server process: this one's, without anything that would override the configuration file
 * (`DATABASE_URL`, `CHARGEKIT_*`), and `CHARGEKIT_DEMO=0`.
 */
function serverEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === "DATABASE_URL" || name.startsWith("CHARGEKIT_")) continue;
    env[name] = value;
  }
  env["CHARGEKIT_DEMO"] = "0";
  return env;
}

/**
 * The CSMS as its own operating-system process, the way `npm run serve` runs it (`src/main.ts`, here from the
 * TypeScript sources through tsx), on a configuration file: started, killed with SIGKILL, started again on the same
 * data.
 */
export class ChildCsms {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> | undefined;
  private output = "";
  private readonly configFile: string;
  /** `http://127.0.0.1:<port>` of its HTTP API (the configuration's `http.port`). */
  readonly http: string;

  constructor(configFile: string, http: string) {
    this.configFile = configFile;
    this.http = http;
  }

  /** What the process wrote (JSON log lines and the banner), the last {@link LOG_LIMIT} characters. */
  get log(): string {
    return this.output;
  }

  /** Starts the process and resolves once `GET /readyz` answers 200 (every module started, OCPP listening). */
  async start(): Promise<void> {
    if (this.child !== undefined) throw new Error("the server process is running already");
    const child = spawn(
      process.execPath,
      ["--conditions=@chargekit/source", "--import", "tsx", "src/main.ts", "--config", this.configFile],
      { cwd: PACKAGE_DIR, env: serverEnvironment(), stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-LOG_LIMIT);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = once(child, "exit");
    let gone = false;
    void this.exited.then(() => {
      gone = true;
    });
    await until(
      "the CSMS process to be ready",
      async () => {
        if (gone) throw new Error(`the server process exited during start-up:\n${this.output.slice(-4000)}`);
        const res = await fetch(`${this.http}/readyz`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      if (!gone) child.kill("SIGKILL");
      throw error;
    });
  }

  /** Kills the process with SIGKILL (no shutdown hook runs) and resolves once it is gone. */
  async kill(): Promise<void> {
    await this.end("SIGKILL");
  }

  /** Stops the process gracefully with SIGTERM (SIGKILL if it has not exited after 30 s). */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      await this.end("SIGTERM");
    } finally {
      clearTimeout(timer);
    }
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (child === undefined || exited === undefined) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    this.child = undefined;
    this.exited = undefined;
  }
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main, type Running } from "../server/main.js";
import type { CsmsModule } from "../server/module.js";
import { csmsModules } from "../wiring/modules.js";
import { createServices } from "../wiring/services.js";

const dirs: string[] = [];
const running: Running[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) await r.server.stop("test over");
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function env(demo: string): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), "chargekit-demo-switch-"));
  dirs.push(dataDir);
  return {
    CHARGEKIT_HTTP_PORT: "0",
    CHARGEKIT_OCPP_PORT: "0",
    CHARGEKIT_DATA_DIR: dataDir,
    CHARGEKIT_LOG_LEVEL: "silent",
    CHARGEKIT_DEMO: demo,
  };
}

function quiet(out: string[]) {
  return {
    argv: [] as string[],
    print: (line: string) => void out.push(line),
    onSignal: () => {},
  };
}

describe("CHARGEKIT_DEMO", () => {
  it("0 starts the shipped configuration without the fleet: no demo module, no station connects", async () => {
    const out: string[] = [];
    const services = createServices();
    let made = 0;
    const outcome = await main({
      ...quiet(out),
      env: await env("0"),
      modules: csmsModules(services),
      demo: () => {
        made++;
        return { name: "demo" };
      },
    });
    if (typeof outcome === "number") throw new Error(`main exited with ${outcome}`);
    running.push(outcome);
    expect(outcome.server.config.demo.enabled).toBe(false);
    expect(made).toBe(0);
    expect(services.get("demo")).toBeUndefined();
    expect(
      services
        .need("registry")
        .views()
        .filter((v) => v.connected),
    ).toEqual([]);
    expect(out.some((line) => line.includes("Demo"))).toBe(false);
    expect(out.some((line) => line.includes("OCPP"))).toBe(true);
  }, 60_000);

  it("1 (the shipped default) adds the demo module after the others and prints its banner line", async () => {
    const out: string[] = [];
    const order: string[] = [];
    const module = (name: string): CsmsModule => ({ name, start: () => void order.push(name) });
    const outcome = await main({
      ...quiet(out),
      env: await env("1"),
      modules: [module("storage"), module("ocpp-listener")],
      demo: () => ({ ...module("demo"), banner: () => ["Demo       20 simulated stations"] }),
    });
    if (typeof outcome === "number") throw new Error(`main exited with ${outcome}`);
    running.push(outcome);
    expect(order).toEqual(["storage", "ocpp-listener", "demo"]);
    expect(out).toContain("  Demo       20 simulated stations");
  });
});

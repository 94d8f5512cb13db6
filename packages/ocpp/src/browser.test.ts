import { describe, expect, it } from "vitest";
import { bundleForBrowser } from "../../../tooling/browser-bundle.js";

describe("browser bundle of the root entry", () => {
  it("the codec, validators, RPC endpoint and types pull in no Node built-in and use no Node global", async () => {
    for (const entry of ["src/index.ts", "src/testing/loopback.ts"]) {
      const report = await bundleForBrowser(new URL(`../${entry}`, import.meta.url).pathname);
      expect(report.nodeBuiltins, entry).toEqual([]);
      expect(report.nodeGlobals, entry).toEqual([]);
      expect(report.bytes).toBeGreaterThan(0);
    }
  });

  it("the ws entry is Node-only (self-test of the check)", async () => {
    const report = await bundleForBrowser(new URL("../src/ws.ts", import.meta.url).pathname);
    expect(report.nodeBuiltins.length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { bundleForBrowser } from "../../../tooling/browser-bundle.js";

describe("browser bundle", () => {
  it("pulls in no Node built-in and uses no Node global", async () => {
    for (const entry of ["src/index.ts", "src/testing/manual-clock.ts"]) {
      const report = await bundleForBrowser(new URL(`../${entry}`, import.meta.url).pathname);
      expect(report.nodeBuiltins, entry).toEqual([]);
      expect(report.nodeGlobals, entry).toEqual([]);
      expect(report.bytes).toBeGreaterThan(0);
    }
  });

  it("would catch a Node import (self-test of the check)", async () => {
    const report = await bundleForBrowser(new URL("../../../tooling/browser-bundle.ts", import.meta.url).pathname);
    expect(report.nodeBuiltins.some((b) => b.startsWith("node:module"))).toBe(true);
  });
});

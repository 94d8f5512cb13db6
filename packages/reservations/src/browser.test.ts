import { describe, expect, it } from "vitest";
import { bundleForBrowser } from "../../../tooling/browser-bundle.js";

describe("browser bundle", () => {
  it("pulls in no Node built-in and uses no Node global", async () => {
    for (const entry of ["src/index.ts", "src/testing/fixtures.ts"]) {
      const report = await bundleForBrowser(new URL(`../${entry}`, import.meta.url).pathname);
      expect(report.nodeBuiltins, entry).toEqual([]);
      expect(report.nodeGlobals, entry).toEqual([]);
      expect(report.bytes).toBeGreaterThan(0);
    }
  });
});

import { describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";

describe("launchChromium", () => {
  it("fails with the install instruction when Chromium is missing, instead of skipping", async () => {
    await expect(launchChromium("/nonexistent/chromium")).rejects.toThrow(
      /Chromium is not installed at \/nonexistent\/chromium\. .*apt-get install -y chromium/,
    );
  });
});
